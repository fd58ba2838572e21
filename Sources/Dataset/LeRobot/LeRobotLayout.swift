/// LeRobotDataset v3.0's fixed names and numbers (lerobot/datasets/utils.py):
/// where files go and how big they may grow before the next file starts.
public enum LeRobotLayout {
    public static let codebaseVersion = "v3.0"
    /// Files per chunk folder, and the sizes at which a new data / video file starts.
    public static let chunksSize = 1000
    public static let dataFilesSizeInMB = 100
    public static let videoFilesSizeInMB = 200

    public static let dataPath = "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet"
    public static let episodesPath = "meta/episodes/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet"
    public static let infoPath = "meta/info.json"
    public static let statsPath = "meta/stats.json"
    public static let tasksPath = "meta/tasks.parquet"

    /// A path template filled as Python's `str.format` would (three-digit indices).
    public static func path(_ template: String, chunk: Int, file: Int) -> String {
        template.replacingOccurrences(of: "{chunk_index:03d}", with: threeDigits(chunk))
            .replacingOccurrences(of: "{file_index:03d}", with: threeDigits(file))
    }

    static func threeDigits(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 3 ? s : String(repeating: "0", count: 3 - s.count) + s
    }

    /// The file after (chunk, file): a new chunk folder every `chunksSize` files
    /// (`update_chunk_file_indices`).
    public static func next(chunk: Int, file: Int) -> (chunk: Int, file: Int) {
        file == chunksSize - 1 ? (chunk + 1, 0) : (chunk, file + 1)
    }

    /// The quantiles LeRobot's stats carry (compute_stats.DEFAULT_QUANTILES), by key.
    public static let quantiles: [(key: String, q: Double)] = [("q01", 0.01), ("q10", 0.10), ("q50", 0.50), ("q90", 0.90), ("q99", 0.99)]

    /// The per-frame columns every LeRobot dataset has after its own features.
    public static let defaultFeatures = ["timestamp", "frame_index", "episode_index", "index", "task_index"]
}
