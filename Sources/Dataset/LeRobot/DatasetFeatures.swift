import Episode

/// What one dataset's frames hold, in column order: LeRobot's `features` (meta/info.json)
/// and the data files' Parquet schema, derived from the same list so they agree.
public struct DatasetFeatures: Sendable, Equatable {
    public var robotType: String
    public var fps: Int
    public var actionNames: [String]
    public var stateNames: [String]
    public var cameras: [String]
    public var imageWidth: Int
    public var imageHeight: Int

    public init(robotType: String, fps: Int, actionNames: [String], stateNames: [String], cameras: [String], imageWidth: Int, imageHeight: Int) {
        self.robotType = robotType; self.fps = fps; self.actionNames = actionNames; self.stateNames = stateNames
        self.cameras = cameras; self.imageWidth = imageWidth; self.imageHeight = imageHeight
    }

    public static func imageKey(_ camera: String) -> String { "observation.images." + camera }
    public static let promptKey = "embodiment_prompt"

    /// A feature as LeRobot describes it.
    public struct Feature: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case vector, image, string, float32, int64 }
        public var key: String
        public var kind: Kind
        public var shape: [Int]
        public var names: [String]?

        var dtype: String {
            switch kind {
            case .vector, .float32: return "float32"
            case .image: return "image"
            case .string: return "string"
            case .int64: return "int64"
            }
        }

        /// Whether LeRobot computes statistics for it (all but strings).
        public var hasStats: Bool { kind != .string }
    }

    /// In LeRobot's order: the dataset's own features, then the five every dataset has.
    public var features: [Feature] {
        var out = [Feature(key: "action", kind: .vector, shape: [actionNames.count], names: actionNames),
                   Feature(key: "observation.state", kind: .vector, shape: [stateNames.count], names: stateNames)]
        out += cameras.map { Feature(key: Self.imageKey($0), kind: .image, shape: [imageHeight, imageWidth, 3], names: ["height", "width", "channels"]) }
        out.append(Feature(key: Self.promptKey, kind: .string, shape: [1], names: nil))
        out.append(Feature(key: "timestamp", kind: .float32, shape: [1], names: nil))
        out += ["frame_index", "episode_index", "index", "task_index"].map { Feature(key: $0, kind: .int64, shape: [1], names: nil) }
        return out
    }

    /// `features` as meta/info.json writes them (`dtype`, `shape`, `names`; images add `info`).
    public var infoJSON: JSONValue {
        var out: [String: JSONValue] = [:]
        for f in features {
            var o: [String: JSONValue] = [
                "dtype": .string(f.dtype),
                "shape": .array(f.shape.map { .number(Double($0)) }),
                "names": f.names.map { .array($0.map { .string($0) }) } ?? .null,
            ]
            if f.kind == .image { o["info"] = .object(["is_depth_map": .bool(false)]) }
            out[f.key] = .object(o)
        }
        return .object(out)
    }

    /// The data files' schema: vectors as list<float>, images as LeRobot's (Hugging Face
    /// `datasets.Image`) struct {bytes: PNG, path}, strings, float32 timestamps, int64 indices.
    public var parquetFields: [ParquetField] {
        features.map { f in
            switch f.kind {
            case .vector: return ParquetField(f.key, .list(.float32))
            case .image: return ParquetField(f.key, .group([ParquetField("bytes", .bytes), ParquetField("path", .string)]))
            case .string: return ParquetField(f.key, .string)
            case .float32: return ParquetField(f.key, .float32)
            case .int64: return ParquetField(f.key, .int64)
            }
        }
    }
}
