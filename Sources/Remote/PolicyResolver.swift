import Policy
import World

/// Turns `--policy SPEC` / `:policy SPEC` into a policy: URLs become remote
/// policies, names go to the local catalog. The one place both the CLI and the TUI
/// resolve a policy.
public enum PolicyResolver {
    public static let help = PolicySpec.help
    public static let names = PolicySpec.names
    public static func isRemote(_ spec: String) -> Bool { PolicySpec.isRemote(spec) }

    /// `cameras`: the names of the cameras the world has (`WorldModel.cameras`).
    /// `readFile`: how a `replay:FILE` is read (Assets' `TextFiles.read`; Policy and
    /// Remote read no files).
    public static func make(_ spec: String, robot: RobotModel, cameras: [String], options: RemoteOptions = RemoteOptions(),
                            readFile: (String) throws -> String) throws -> any Policy {
        guard isRemote(spec) else { return try PolicyCatalog.make(spec, robot: robot, readFile: readFile) }
        let endpoint = try Endpoint(parsing: spec)
        switch endpoint.scheme {
        case .ws: return try OpenPIPolicy(endpoint, robot: robot, cameras: cameras, options: options)
        case .http: return try HTTPPolicy(endpoint, robot: robot, cameras: cameras, options: options)
        }
    }
}
