/// Builds one LeRobotDataset v3.0, episode by episode, as `DatasetWrite`s: each
/// episode becomes one row group of the current data file (as LeRobot's writer
/// does), a new file starts when the next episode would push it past 100 MB, and
/// `finish` writes the metadata (info, stats, tasks, episodes). Memory holds one
/// episode's frames and every episode's statistics, not the dataset.
public struct LeRobotDatasetBuilder: Sendable {
    public let features: DatasetFeatures
    public private(set) var tasks: [String] = []
    private var taskIndex: [String: Int] = [:]
    private(set) var rows: [EpisodeRow] = []
    public private(set) var totalFrames = 0
    public var totalEpisodes: Int { rows.count }
    private(set) var data: DataFile?
    /// When a data file is full (LeRobot's `data_files_size_in_mb`), in bytes.
    public var dataFileLimit = LeRobotLayout.dataFilesSizeInMB * 1024 * 1024

    struct DataFile: Sendable {
        var chunk: Int, file: Int
        var encoder: ParquetFileEncoder
        var frames: Int
        var path: String { LeRobotLayout.path(LeRobotLayout.dataPath, chunk: chunk, file: file) }
    }

    struct EpisodeRow: Sendable {
        var task: String
        var length: Int
        var chunk: Int, file: Int
        var from: Int, to: Int
        var stats: [(String, FeatureStats)]
        var prompt: String
        var provenance: EpisodeProvenance
    }

    public init(features: DatasetFeatures) { self.features = features }

    /// Adds an episode: the bytes to write now (its row group, and a footer and a
    /// new file when the current one is full).
    public mutating func add(_ e: EpisodeData) throws -> [DatasetWrite] {
        try check(e)
        let n = e.length
        if taskIndex[e.task] == nil { taskIndex[e.task] = tasks.count; tasks.append(e.task) }
        let task = taskIndex[e.task]!
        let episode = rows.count
        let from = totalFrames
        var writes: [DatasetWrite] = []
        if var current = data {
            // LeRobot's rule: the file's bytes per frame so far, times this episode's frames.
            let perFrame = Double(current.encoder.offset) / Double(Swift.max(current.frames, 1))
            if Double(current.encoder.offset) + perFrame * Double(n) >= Double(dataFileLimit) {
                writes.append(DatasetWrite(path: current.path, bytes: current.encoder.footer(), mode: .append))
                let next = LeRobotLayout.next(chunk: current.chunk, file: current.file)
                current = DataFile(chunk: next.chunk, file: next.file, encoder: ParquetFileEncoder(fields: features.parquetFields), frames: 0)
                writes.append(DatasetWrite(path: current.path, bytes: current.encoder.start(), mode: .create))
            }
            data = current
        } else {
            var first = DataFile(chunk: 0, file: 0, encoder: ParquetFileEncoder(fields: features.parquetFields), frames: 0)
            writes.append(DatasetWrite(path: first.path, bytes: first.encoder.start(), mode: .create))
            data = first
        }
        let columns = frameColumns(e, episode: episode, from: from, task: task)
        let bytes = try data!.encoder.rowGroup(columns)
        data!.frames += n
        writes.append(DatasetWrite(path: data!.path, bytes: bytes, mode: .append))
        rows.append(EpisodeRow(task: e.task, length: n, chunk: data!.chunk, file: data!.file, from: from, to: from + n,
                               stats: stats(e, episode: episode, from: from, task: task), prompt: e.embodimentPrompt, provenance: e.provenance))
        totalFrames += n
        return writes
    }

    private func check(_ e: EpisodeData) throws {
        guard e.length > 0 else { throw DatasetError("an episode needs at least one frame") }
        guard e.states.count == e.length else { throw DatasetError("\(e.states.count) states for \(e.length) actions") }
        if let bad = e.actions.first(where: { $0.count != features.actionNames.count }) {
            throw DatasetError("an action of \(bad.count) numbers in a dataset of \(features.actionNames.count)-D actions (\(features.robotType))")
        }
        if let bad = e.states.first(where: { $0.count != features.stateNames.count }) {
            throw DatasetError("a state of \(bad.count) numbers in a dataset of \(features.stateNames.count)-D states (\(features.robotType))")
        }
        for camera in features.cameras {
            guard e.images[camera]?.count == e.length, e.imageStats[camera] != nil else {
                throw DatasetError("camera \(camera): \(e.images[camera]?.count ?? 0) images (and statistics) for \(e.length) frames")
            }
        }
    }

    /// The episode's frames as the data file's columns, in `features` order.
    private func frameColumns(_ e: EpisodeData, episode: Int, from: Int, task: Int) -> [[ParquetValue]] {
        let n = e.length
        var columns: [[ParquetValue]] = [e.actions.map { .floats($0) }, e.states.map { .floats($0) }]
        for camera in features.cameras {
            // LeRobot keeps the file name its image writer gave each frame.
            columns.append(e.images[camera]!.enumerated().map { i, png in .group([.bytes(png), .string(Self.imageFileName(i))]) })
        }
        columns.append(Array(repeating: .string(e.embodimentPrompt), count: n))
        columns.append((0..<n).map { .float32(Float(timestamp($0))) })
        columns.append((0..<n).map { .int($0) })
        columns.append(Array(repeating: .int(episode), count: n))
        columns.append((0..<n).map { .int(from + $0) })
        columns.append(Array(repeating: .int(task), count: n))
        return columns
    }

    /// LeRobot's `frame_index / fps`.
    func timestamp(_ frame: Int) -> Double { Double(frame) / Double(features.fps) }

    static func imageFileName(_ frame: Int) -> String {
        let s = String(frame)
        return "frame-" + String(repeating: "0", count: Swift.max(0, 6 - s.count)) + s + ".png"
    }

    /// Per-episode statistics of every feature but strings, in `features` order.
    private func stats(_ e: EpisodeData, episode: Int, from: Int, task: Int) -> [(String, FeatureStats)] {
        let n = e.length
        var out: [(String, FeatureStats)] = []
        for f in features.features where f.hasStats {
            let s: FeatureStats
            switch f.key {
            case "action": s = .of(rows: e.actions.map { $0.map(Double.init) })
            case "observation.state": s = .of(rows: e.states.map { $0.map(Double.init) })
            case "timestamp": s = .of(rows: (0..<n).map { [timestamp($0)] })
            case "frame_index": s = .of(rows: (0..<n).map { [Double($0)] })
            case "episode_index": s = .of(rows: Array(repeating: [Double(episode)], count: n))
            case "index": s = .of(rows: (0..<n).map { [Double(from + $0)] })
            case "task_index": s = .of(rows: Array(repeating: [Double(task)], count: n))
            default: s = e.imageStats[String(f.key.dropFirst("observation.images.".count))]!
            }
            out.append((f.key, s))
        }
        return out
    }
}
