import Episode

/// The metadata LeRobot keeps beside the data files, from what the builder has
/// seen: meta/tasks.parquet, meta/episodes/…, meta/stats.json, meta/info.json.
extension LeRobotDatasetBuilder {
    /// The rest of the dataset: the open data file's footer, then meta/tasks.parquet,
    /// meta/episodes/…, meta/stats.json and meta/info.json.
    public func finish() throws -> [DatasetWrite] {
        var writes: [DatasetWrite] = []
        if let d = data { writes.append(DatasetWrite(path: d.path, bytes: d.encoder.footer(), mode: .append)) }
        writes.append(DatasetWrite(path: LeRobotLayout.tasksPath, bytes: try tasksFile(), mode: .create))
        writes.append(DatasetWrite(path: LeRobotLayout.path(LeRobotLayout.episodesPath, chunk: 0, file: 0), bytes: try episodesFile(), mode: .create))
        writes.append(DatasetWrite(path: LeRobotLayout.statsPath, bytes: Array(statsJSON.text.utf8), mode: .create))
        writes.append(DatasetWrite(path: LeRobotLayout.infoPath, bytes: Array(infoJSON.text.utf8), mode: .create))
        return writes
    }

    /// meta/tasks.parquet as pandas writes LeRobot's tasks frame: `task_index`, and the
    /// task text as the frame's index (named `task`, restored by pandas' metadata).
    func tasksFile() throws -> [UInt8] {
        let fields = [ParquetField("task_index", .int64), ParquetField("task", .string)]
        let columns: [[ParquetValue]] = [tasks.indices.map { .int($0) }, tasks.map { .string($0) }]
        return try ParquetFileEncoder.file(fields: fields, rowGroups: [columns], metadata: [("pandas", Self.pandasIndexMetadata.text)])
    }

    static let pandasIndexMetadata: JSONValue = .object([
        "index_columns": .array([.string("task")]),
        "column_indexes": .array([.object(["name": .null, "field_name": .null, "pandas_type": .string("unicode"),
                                           "numpy_type": .string("object"), "metadata": .object(["encoding": .string("UTF-8")])])]),
        "columns": .array([
            .object(["name": .string("task_index"), "field_name": .string("task_index"), "pandas_type": .string("int64"),
                     "numpy_type": .string("int64"), "metadata": .null]),
            .object(["name": .string("task"), "field_name": .string("task"), "pandas_type": .string("unicode"),
                     "numpy_type": .string("object"), "metadata": .null]),
        ]),
        "creator": .object(["library": .string("vlaplay"), "version": .string(vlaplayVersion)]),
        "pandas_version": .string("2.2.3"),
    ])

    /// meta/episodes/chunk-000/file-000.parquet: LeRobot's columns in its order, then
    /// `embodiment_prompt` and vlaplay's provenance columns.
    func episodesFile() throws -> [UInt8] {
        var fields: [ParquetField] = []
        var columns: [[ParquetValue]] = []
        func add(_ field: ParquetField, _ values: [ParquetValue]) { fields.append(field); columns.append(values) }
        add(ParquetField("episode_index", .int64), rows.indices.map { .int($0) })
        add(ParquetField("tasks", .list(.string)), rows.map { .list([.string($0.task)]) })
        add(ParquetField("length", .int64), rows.map { .int($0.length) })
        add(ParquetField("data/chunk_index", .int64), rows.map { .int($0.chunk) })
        add(ParquetField("data/file_index", .int64), rows.map { .int($0.file) })
        add(ParquetField("dataset_from_index", .int64), rows.map { .int($0.from) })
        add(ParquetField("dataset_to_index", .int64), rows.map { .int($0.to) })
        // Every feature's statistics as `stats/<feature>/<stat>` columns, one row per episode.
        let statColumns = rows.map { row in row.stats.flatMap { $0.1.columns(feature: $0.0) } }
        for (c, (field, _)) in (statColumns.first ?? []).enumerated() { add(field, statColumns.map { $0[c].1 }) }
        add(ParquetField("meta/episodes/chunk_index", .int64), rows.map { _ in .int(0) })
        add(ParquetField("meta/episodes/file_index", .int64), rows.map { _ in .int(0) })
        add(ParquetField(DatasetFeatures.promptKey, .string), rows.map { .string($0.prompt) })
        let provenance = rows.map(\.provenance.columns)
        for (c, (field, _)) in (provenance.first ?? []).enumerated() { add(field, provenance.map { $0[c].1 }) }
        return try ParquetFileEncoder.file(fields: fields, rowGroups: [columns])
    }

    /// meta/stats.json: each feature's episode statistics aggregated as LeRobot does.
    public var statsJSON: JSONValue {
        guard let first = rows.first else { return .object([:]) }
        var out: [String: JSONValue] = [:]
        for (k, (feature, _)) in first.stats.enumerated() {
            out[feature] = FeatureStats.aggregate(rows.map { $0.stats[k].1 }).json
        }
        return .object(out)
    }

    /// meta/info.json (`DatasetInfo`): images are stored in the data files, so there
    /// is no video path.
    public var infoJSON: JSONValue {
        .object([
            "codebase_version": .string(LeRobotLayout.codebaseVersion),
            "robot_type": .string(features.robotType),
            "total_episodes": .number(Double(rows.count)),
            "total_frames": .number(Double(totalFrames)),
            "total_tasks": .number(Double(tasks.count)),
            "chunks_size": .number(Double(LeRobotLayout.chunksSize)),
            "data_files_size_in_mb": .number(Double(LeRobotLayout.dataFilesSizeInMB)),
            "video_files_size_in_mb": .number(Double(LeRobotLayout.videoFilesSizeInMB)),
            "fps": .number(Double(features.fps)),
            "splits": .object(["train": .string("0:\(rows.count)")]),
            "data_path": .string(LeRobotLayout.dataPath),
            "video_path": .null,
            "features": features.infoJSON,
        ])
    }
}
