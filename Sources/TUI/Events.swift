import Policy
import World

/// A key as the program sees it (the backend turns curses codes into these).
public enum Key: Sendable, Equatable {
    case char(Character)
    case ctrl(Character)
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)
}

/// A failure told to the user as is.
public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// A remote policy's connection went with it (the status bar says disconnected).
    public var connectionLost: Bool
    public init(_ message: String, connectionLost: Bool = false) { self.message = message; self.connectionLost = connectionLost }
    public var description: String { message }
}

/// A policy in a box that crosses actors.
public struct PolicyHandle: Sendable {
    public var policy: any Policy
    public var spec: String
    /// Why the policy asked for is not the one given (e.g. the expert is missing).
    public var note: String?
    public init(policy: any Policy, spec: String, note: String? = nil) { self.policy = policy; self.spec = spec; self.note = note }
}

/// What the loader hands back: a scene, a robot, a policy.
public struct Loaded: Sendable {
    public var sceneName: String
    public var scene: SceneModel
    public var robot: RobotModel
    public var policy: PolicyHandle
    public var request: LoadRequest
    public var sceneNames: [String]
    public var robotNames: [String]
    public init(sceneName: String, scene: SceneModel, robot: RobotModel, policy: PolicyHandle, request: LoadRequest,
                sceneNames: [String], robotNames: [String]) {
        self.sceneName = sceneName; self.scene = scene; self.robot = robot; self.policy = policy; self.request = request
        self.sceneNames = sceneNames; self.robotNames = robotNames
    }
}

/// What to load.
public struct LoadRequest: Sendable, Equatable {
    public var scene: String
    public var robot: String?
    public var task: Int
    public var seed: UInt64
    public var policy: String
    public init(scene: String, robot: String? = nil, task: Int = 0, seed: UInt64 = 0, policy: String = TUIDefaults.policy) {
        self.scene = scene; self.robot = robot; self.task = task; self.seed = seed; self.policy = policy
    }
}

/// Everything that can happen to the app.
/// A mouse report, in terminal cells.
public struct Mouse: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case press, drag, release, wheelUp, wheelDown }
    public var x: Int
    public var y: Int
    public var kind: Kind
    public init(x: Int, y: Int, kind: Kind) { self.x = x; self.y = y; self.kind = kind }
}

public enum Event: Sendable {
    case key(Key)
    /// Where the terminal reports mice: dragging in the scene orbits (3D) or pans.
    case mouse(Mouse)
    case resize(width: Int, height: Int)
    /// Time for the next step while playing.
    case tick
    case loaded(Result<Loaded, Failure>)
    case policyMade(Result<PolicyHandle, Failure>)
    case chunk(ticket: Int, Result<ActionChunk, Failure>)
    case saved(path: String, error: String?)
    /// The terminal asked us to stop (SIGINT, SIGTERM, SIGHUP).
    case interrupt
}

/// Work for the program loop: `update` never does it itself.
public enum Effect: Sendable {
    case load(LoadRequest)
    case makePolicy(spec: String, robot: RobotModel, cameras: [String])
    case requestChunk(ticket: Int, policy: PolicyHandle, request: PolicyRequest)
    /// Write the episode log; an existing file only with `replace` (`:save!`).
    case save(path: String, text: String, replace: Bool)
    case quit
}
