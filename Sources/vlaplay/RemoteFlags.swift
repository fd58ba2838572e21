import ArgumentParser
import Assets
import Remote

/// Flags for remote policies (`--policy ws://…` / `http://…`), shared by run, eval and tui.
struct RemoteFlags: ParsableArguments {
    @Option(name: .customLong("obs-preset"),
            help: ArgumentHelp("Observation keys for a remote policy: \(ObservationLayout.presetHelp). Default: aloha for two arms, lerobot for mobile bases, else libero.", valueName: "preset"))
    var preset: String?
    @Option(name: .customLong("obs-key"), parsing: .singleValue,
            help: ArgumentHelp("Add or replace one observation key: KEY=SOURCE with SOURCE camera:NAME, camera_chw:NAME, tool_state, joint_state, recorded_state, prompt, instruction, embodiment_prompt, or none; nest with > (images>cam_high=camera_chw:agentview). Repeatable.", valueName: "key=source"))
    var observationKeys: [String] = []
    @Option(help: ArgumentHelp("Seconds to wait for a remote policy's reply (inference included).", valueName: "seconds"))
    var timeout: Double = 30
    @Option(name: .customLong("connect-timeout"), help: ArgumentHelp("Seconds to wait for a connection and the metadata frame.", valueName: "seconds"))
    var connectTimeout: Double = 5
    @Option(help: ArgumentHelp("Reconnect attempts per request when the connection is gone (backoff 0.25 s, 0.5 s, 1 s…).", valueName: "n"))
    var retries: Int = 2
    @Option(name: .customLong("api-key"),
            help: ArgumentHelp("Sent as `Authorization: Api-Key <key>`. Never printed or logged, but a flag shows in `ps`: prefer --api-key-file or $VLAPLAY_API_KEY.", valueName: "key"))
    var apiKey: String?
    @Option(name: .customLong("api-key-file"),
            help: ArgumentHelp("Read the API key from the first line of this file (default: $VLAPLAY_API_KEY).", valueName: "path"))
    var apiKeyFile: String?
    @Option(name: .customLong("max-frame-mb"), help: ArgumentHelp("Refuse replies larger than this many MiB.", valueName: "mib"))
    var maxFrameMB: Int = 64
    @Option(name: .customLong("http-style"), help: ArgumentHelp("HTTP request style: json (the observation as JSON, reply {\"actions\": [[…]]}) or openvla (image + instruction, reply one action).", valueName: "style"))
    var httpStyle: String = "json"

    func validate() throws {
        guard timeout > 0, connectTimeout > 0 else { throw ValidationError("--timeout and --connect-timeout: expected seconds above 0") }
        guard (0...10).contains(retries) else { throw ValidationError("--retries: expected 0 to 10") }
        guard (1...4096).contains(maxFrameMB) else { throw ValidationError("--max-frame-mb: expected 1 to 4096") }
        _ = try resolvedAPIKey()
        guard RemoteOptions.HTTPStyle(rawValue: httpStyle) != nil else { throw ValidationError("--http-style: expected json or openvla") }
        if let preset, !ObservationLayout.presetNames.contains(preset) {
            throw ValidationError("--obs-preset: expected one of \(ObservationLayout.presetNames.joined(separator: ", "))")
        }
    }

    /// The key from --api-key, --api-key-file or $VLAPLAY_API_KEY; checked by `validate()`.
    func resolvedAPIKey() throws -> String? {
        var fileText: String?
        if let apiKeyFile {
            do { fileText = try TextFiles.read(apiKeyFile) } catch {
                throw ValidationError("--api-key-file: cannot read \(apiKeyFile) (check that it exists and is readable)")
            }
        }
        do { return try RemoteOptions.apiKey(flag: apiKey, fileText: fileText) } catch { throw ValidationError(error.description) }
    }

    var options: RemoteOptions {
        RemoteOptions(preset: preset, observationKeys: observationKeys, timeout: timeout, connectTimeout: connectTimeout,
                      retries: retries, maxMessageBytes: maxFrameMB << 20, apiKey: try? resolvedAPIKey(),
                      httpStyle: RemoteOptions.HTTPStyle(rawValue: httpStyle) ?? .json)
    }
}
