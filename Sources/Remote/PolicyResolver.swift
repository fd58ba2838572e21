import MiniVLA
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
    /// `readModelFile`: the bytes of a file under Models/ (Assets' `ModelFiles.read`), for
    /// the learned in-process policies (`minivla`).
    public static func make(_ spec: String, robot: RobotModel, cameras: [String], options: RemoteOptions = RemoteOptions(),
                            readFile: (String) throws -> String,
                            readModelFile: ((String) throws -> [UInt8])? = nil) throws -> any Policy {
        if spec == "minivla" {
            guard let readModelFile else { throw PolicyError("minivla: this caller passes no model files (Assets' ModelFiles.read)") }
            let vla: MiniVLA
            do { vla = try MiniVLA.load(read: { try readModelFile("minivla/" + $0) }) }
            catch { throw PolicyError("minivla: cannot load Models/minivla: \(error)") }
            // Three samples: the playground draws the other two as faint worms.
            return try MiniVLAPolicy(vla, robot: robot, samples: 3)
        }
        guard isRemote(spec) else { return try PolicyCatalog.make(spec, robot: robot, readFile: readFile) }
        let endpoint = try Endpoint(parsing: spec)
        switch endpoint.scheme {
        case .ws: return try OpenPIPolicy(endpoint, robot: robot, cameras: cameras, options: options)
        case .http: return try HTTPPolicy(endpoint, robot: robot, cameras: cameras, options: options)
        }
    }
}
