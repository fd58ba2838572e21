import ArgumentParser
import Assets
import Dataset
import Episode
import Foundation
import Policy
import World

/// `vlaplay record`: expert episodes as LeRobotDataset v3.0 datasets (docs/DATASETS.md).
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record expert episodes as LeRobotDataset v3.0 datasets: images, state, actions, instruction, embodiment prompt.",
        discussion: """
        Tries tasks in turn (attempt k lays the scene out with seed --seed + k) until --episodes succeed; only successful episodes are kept unless --keep-failures.

        Each episode may run on a virtual embodiment (the card with its gripper sign, frequency, frame or rotation form changed, described truthfully by its prompt) and with a paraphrase of its instruction from the instruction corpus.

        One dataset per robot and control frequency, since LeRobot has one fps per dataset: OUT/ROBOT_HZhz/. See docs/DATASETS.md.

        Examples:
          vlaplay record --scene libero_spatial --episodes 50 --out data/spatial
          vlaplay record --family manipulation --episodes 200 --jobs 2 --out data/manip
          vlaplay record --scene trajectory --embodiments card --no-paraphrase --out d
        """)

    @OptionGroup var options: SceneOptions
    @Option(name: .customLong("scene"), help: "A scene to record (repeatable).") var sceneNames: [String] = []
    @Option(help: "Record every scene of this family: manipulation, bimanual, navigation, mobile_manipulation, trajectory.") var family: String?
    @Option(help: "Episodes to keep (successful ones, unless --keep-failures).") var episodes = 10
    @Option(help: ArgumentHelp("The folder to create (must be new or empty).", valueName: "dir")) var out: String
    @Option(parsing: .unconditional, help: "First seed: attempt k uses seed + k.", transform: seedArgument) var seed: UInt64 = 0
    @Option(help: "Episodes run in parallel.") var jobs = 1
    @Option(help: ArgumentHelp("The policy whose actions are recorded: \(PolicyFactory.help).")) var policy = "expert"
    @Option(help: "Cameras, comma-separated (default: the robot's own: agentview, wrist(s), ego).") var cameras: String?
    @Option(name: .customLong("image-size"), help: "Image width x height.") var imageSize = "64x64"
    @Option(help: ArgumentHelp("Virtual embodiments to draw from, comma-separated: \(EmbodimentVariant.names.joined(separator: ", ")) (just `card`: none).")) var embodiments = EmbodimentVariant.names.joined(separator: ",")
    @Flag(inversion: .prefixedNo, help: "Paraphrase instructions with the corpus's wordings of the same goal.") var paraphrase = true
    @Option(help: ArgumentHelp("The instruction corpus for paraphrases (default: Tests/Corpora/instructions.txt beside Scenes/).", valueName: "file")) var corpus: String?
    @Option(help: "Hold out of recording every Nth corpus line (by line number; 0: none), for evaluation on unseen wordings.") var holdout = Paraphrases.defaultHoldoutEvery
    @Flag(help: "Keep failed episodes too (marked in meta/episodes `vlaplay/success`).") var keepFailures = false
    @Option(help: "Give up after this many attempts (default: 3 × episodes + 10).") var maxAttempts: Int?
    @Option(help: "Request a new chunk every N actions.") var replan: Int?
    @Option(help: ArgumentHelp("Noise injection (DART): execute each action with Gaussian noise on its translation (this fraction of the per-step limit, e.g. 0.1), ask the policy again at every step, and record its clean action: datasets that show the way back to the path.", valueName: "fraction"))
    var actionNoise: Double = 0
    @Flag(help: "Print the summary as JSON.") var json = false
    @Option(help: ArgumentHelp("Record one slice: attempts k with k mod N = I, keeping this shard's share of --episodes (docs/SCALE.md).", valueName: "I/N"))
    var shard: String?

    func validate() throws {
        if sceneNames.isEmpty && family == nil { throw ValidationError("choose scenes with --scene NAME (repeatable) or --family F") }
        if let family, SceneFamily(rawValue: family) == nil {
            throw ValidationError("--family: expected one of \(SceneFamily.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard (1...100_000).contains(episodes) else { throw ValidationError("--episodes: expected 1 to 100000") }
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs: expected 1 to 64") }
        _ = try parsedImageSize()
        _ = try variants()
        if holdout < 0 { throw ValidationError("--holdout: expected 0 or more") }
        if let maxAttempts, maxAttempts < 1 { throw ValidationError("--max-attempts: expected 1 or more") }
        if let replan, replan < 1 { throw ValidationError("--replan: expected 1 or more") }
        guard actionNoise.isFinite, actionNoise >= 0, actionNoise <= 1 else { throw ValidationError("--action-noise: expected a fraction from 0 to 1, e.g. 0.1") }
        _ = try parsedShard()
    }

    func parsedShard() throws -> Shard { try shardOption(shard) }

    func parsedImageSize() throws -> (Int, Int) {
        let parts = imageSize.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 2, (8...1024).contains(parts[0]), (8...1024).contains(parts[1]) else {
            throw ValidationError("--image-size: expected WIDTHxHEIGHT from 8 to 1024, e.g. 64x64 (got \(imageSize))")
        }
        return (parts[0], parts[1])
    }

    func variants() throws -> [EmbodimentVariant] {
        try embodiments.split(separator: ",").map { name in
            let n = name.trimmingCharacters(in: .whitespaces)
            guard let v = EmbodimentVariant(rawValue: n) else {
                throw ValidationError("--embodiments: unknown `\(n)`; choose from \(EmbodimentVariant.names.joined(separator: ", "))")
            }
            return v
        }
    }

    func run() async throws {
        try await reportingErrorsAsync {
            let (scenes, robots) = try options.sceneLibrary()
            var loaded: [(SceneModel, RobotModel)] = []
            if let family {
                for n in scenes.names() {
                    let pair = try scenes.load(n, robots: robots)
                    if pair.0.family.rawValue == family { loaded.append(pair) }
                }
                if loaded.isEmpty { throw CLIError("no scene of family \(family) in \(scenes.directory)") }
            } else {
                loaded = try sceneNames.map { try scenes.load($0, robots: robots) }
            }
            let corpusEntries = paraphrase ? try loadCorpus(scenes: scenes) : []
            let plan = RecordingPlan(scenes: loaded, seed: seed, variants: try variants(), corpus: corpusEntries)
            let (width, height) = try parsedImageSize()
            let cameraList = cameras?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for (s, r) in loaded {
                _ = try PolicyFactory.make(policy, robot: r)   // fail early on a bad --policy
                let world = WorldModel.make(scene: s, robot: r, seed: seed).0
                if let missing = (cameraList ?? []).first(where: { world.camera(named: $0) == nil }) {
                    throw CLIError("--cameras: \(s.name) with \(r.name) has no camera `\(missing)` (it has \(world.cameras.map(\.name).joined(separator: ", ")))")
                }
            }
            try prepareOutput()   // after every check, so a mistake leaves no folder behind
            let slice = try parsedShard()
            let wanted = slice.share(of: episodes)   // this shard's episodes; every shard's add up to --episodes
            let limit = maxAttempts.map { slice.share(of: $0) } ?? 3 * wanted + 10
            let started = Date()
            let progress = Progress(total: wanted, enabled: isatty(2) == 1 && !json)
            var recording = Recording(root: out, wanted: wanted, keepFailures: keepFailures, shard: slice)
            let policySpec = policy, replanEvery = replan, jobCount = jobs, noise = actionNoise
            try await withThrowingTaskGroup(of: RecordedEpisode.self) { group in
                var next = 0
                func launch() throws {
                    let job = plan.job(slice.number(local: next))
                    next += 1
                    let p = try PolicyFactory.make(policySpec, robot: job.robot)
                    let settings = RecordingSettings(cameras: cameraList ?? CameraDefaults.names(robot: job.robot),
                                                     imageWidth: width, imageHeight: height, replan: replanEvery, actionNoise: noise)
                    group.addTask { await EpisodeRecorder.record(job, policy: p, settings: settings) }
                }
                while next < min(jobCount, limit) { try launch() }
                while let result = try await group.next() {
                    let before = recording.kept
                    try recording.receive(result)
                    for _ in before..<recording.kept { progress.advance() }
                    if recording.kept < wanted && next < limit { try launch() }
                }
            }
            progress.finish()
            try recording.finish(settings: settingsJSON(limit: limit))
            let seconds = Date().timeIntervalSince(started)
            try report(recording, seconds: seconds)
            if recording.kept < wanted {
                throw CLIError("only \(recording.kept) of \(wanted) episodes \(keepFailures ? "recorded" : "succeeded") in \(recording.attempts) attempts; what was kept is in \(out) (raise --max-attempts, or see the reasons above)")
            }
        }
    }

    /// LeRobot refuses to write into an existing dataset folder; so does this.
    func prepareOutput() throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: out, isDirectory: &isDir) {
            guard isDir.boolValue, (try? FileManager.default.contentsOfDirectory(atPath: out))?.isEmpty == true else {
                throw CLIError("--out \(out) exists and is not an empty folder: choose a new one")
            }
        }
        do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
            // Foundation's text here is "NSCocoaErrorDomain error 512": say what to check instead.
            throw CLIError("cannot create the folder \(out): check that its parent is a folder you can write to")
        }
    }

    func loadCorpus(scenes: SceneLibrary) throws -> [CorpusEntry] {
        let path = corpus ?? (((scenes.directory as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("Tests/Corpora/instructions.txt"))
        guard corpus != nil || FileManager.default.fileExists(atPath: path) else { return [] }   // no corpus shipped: the scene's wording
        let text: String
        do { text = try TextFiles.read(path) } catch { throw CLIError("cannot read the corpus \(path): \(error.localizedDescription)") }
        do {
            return try InstructionCorpus.parse(text).filter { !Paraphrases.isHeldOut($0, every: holdout) }
        } catch { throw CLIError("\(path): \(error)") }
    }

    func settingsJSON(limit: Int) -> JSONValue {
        .object([
            "scenes": .array(sceneNames.map { .string($0) }), "family": family.map { .string($0) } ?? .null,
            "episodes": .number(Double(episodes)), "seed": .number(Double(seed)), "max_attempts": .number(Double(limit)),
            "policy": .string(policy), "image_size": .string(imageSize), "embodiments": .string(embodiments),
            "paraphrase": .bool(paraphrase), "corpus": corpus.map { .string($0) } ?? .null, "holdout_every": .number(Double(holdout)),
            "keep_failures": .bool(keepFailures), "replan": replan.map { .number(Double($0)) } ?? .null,
            "shard": shard.map { .string($0) } ?? .null, "vlaplay": .string(vlaplayVersion),
        ])
    }

    struct DatasetRow: Encodable { var path: String; var robot_type: String; var fps: Int; var episodes: Int; var frames: Int; var tasks: Int; var bytes: Int }
    struct Output: Encodable {
        var datasets: [DatasetRow]; var kept: Int; var attempts: Int; var failures: [String: Int]; var paraphrased: Int
        var embodiments: [String: Int]; var frames: Int; var seconds: Double; var frames_per_second: Double
    }

    func report(_ r: Recording, seconds: Double) throws {
        let rows = r.datasets.map { name, b in
            DatasetRow(path: (out as NSString).appendingPathComponent(name), robot_type: b.features.robotType, fps: b.features.fps,
                       episodes: b.totalEpisodes, frames: b.totalFrames, tasks: b.tasks.count,
                       bytes: DatasetWriter(root: (out as NSString).appendingPathComponent(name)).size())
        }.sorted { $0.path < $1.path }
        let frames = rows.reduce(0) { $0 + $1.frames }
        let output = Output(datasets: rows, kept: r.kept, attempts: r.attempts, failures: r.failures, paraphrased: r.paraphrased,
                            embodiments: r.embodiments, frames: frames, seconds: seconds, frames_per_second: Double(frames) / max(seconds, 1e-9))
        if json { try printJSON(output); return }
        print(table(["DATASET", "ROBOT", "FPS", "EPISODES", "FRAMES", "TASKS", "SIZE"], rows.map {
            [$0.path, $0.robot_type, "\($0.fps)", "\($0.episodes)", "\($0.frames)", "\($0.tasks)", String(format: "%.1f MB", Double($0.bytes) / 1e6)]
        }))
        print(String(format: "\nkept %d of %d attempts in %.1f s (%.0f frames/s); %d with a corpus paraphrase", r.kept, r.attempts, seconds,
                     output.frames_per_second, r.paraphrased))
        print("embodiments: " + r.embodiments.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        if !r.failures.isEmpty {
            print("failed attempts: " + r.failures.sorted { $0.value > $1.value }.prefix(5).map { "\($0.value)× \($0.key)" }.joined(separator: "; "))
        }
    }
}
