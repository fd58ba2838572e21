import Foundation

/// How to talk to a remote policy: the knobs `--policy ws://…` and `:policy ws://…` take.
public struct RemoteOptions: Sendable, Equatable {
    /// Observation preset name (nil: the robot's default, see `ObservationLayout.defaultPreset`).
    public var preset: String?
    /// `KEY=SOURCE` overrides on the preset.
    public var observationKeys: [String]
    /// Seconds to wait for one reply (model inference included).
    public var timeout: Double
    public var connectTimeout: Double
    /// Reconnect attempts per request when the connection is gone, with backoff.
    public var retries: Int
    public var maxMessageBytes: Int
    /// Sent as `Authorization: Api-Key <key>`; never logged or shown.
    public var apiKey: String?
    /// HTTP JSON request style (`--http-style`).
    public var httpStyle: HTTPStyle

    public enum HTTPStyle: String, Sendable, CaseIterable {
        /// The observation as JSON (arrays as json_numpy dicts); reply `{"actions": [[...]]}`.
        case json
        /// OpenVLA's deploy.py: `{"image": <json_numpy>, "instruction": str}`; reply one action.
        case openvla
    }

    public init(preset: String? = nil, observationKeys: [String] = [], timeout: Double = 30, connectTimeout: Double = 5,
                retries: Int = 2, maxMessageBytes: Int = 64 << 20, apiKey: String? = nil, httpStyle: HTTPStyle = .json) {
        self.preset = preset; self.observationKeys = observationKeys; self.timeout = timeout; self.connectTimeout = connectTimeout
        self.retries = retries; self.maxMessageBytes = maxMessageBytes; self.apiKey = apiKey; self.httpStyle = httpStyle
    }

    /// The API key: the flag's, else the key file's (its first line), else
    /// `$VLAPLAY_API_KEY`'s. A key with a line break or another control character is
    /// refused: copied into the handshake it would add headers of the key's choosing.
    public static func apiKey(flag: String?, fileText: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws(RemoteError) -> String? {
        let fromFile = fileText.map { String($0.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for (source, key) in [("--api-key", flag), ("--api-key-file", fromFile), ("VLAPLAY_API_KEY", environment["VLAPLAY_API_KEY"])] {
            guard let key, !key.isEmpty else { continue }
            guard !key.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw .badURL("\(source): the API key holds a line break or another control character; a key is one line of printable text")
            }
            return key
        }
        return nil
    }

    /// Seconds to wait before reconnect attempt `attempt` (1-based): 0.25, 0.5, 1, then 2.
    static func backoff(attempt: Int) -> Double { min(2, 0.25 * pow(2, Double(attempt - 1))) }

    var headers: [(String, String)] { apiKey.map { [("Authorization", "Api-Key \($0)")] } ?? [] }
}
