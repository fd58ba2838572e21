import Foundation
import Policy
import Spatial
import World

/// Which observation keys a remote policy gets and what goes under each: the
/// contract between vlaplay's world and a model's input transforms. Presets copy
/// the layouts that real deployments read (openpi's LIBERO and ALOHA examples,
/// LeRobot's dataset keys); flags add or replace single keys.
public struct ObservationLayout: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// A camera image, uint8; H×W×3, or 3×H×W when `channelsFirst` (openpi's ALOHA).
        case camera(String, channelsFirst: Bool)
        /// LIBERO's 8-D state: tool position (3, base frame) + axis-angle (3) + two finger positions.
        case toolState
        /// Each arm's joints then its gripper opening (0–1); mobile bases add x, y, yaw.
        case jointState
        /// What a recorded dataset's `observation.state` holds (`ProprioState.recorded`):
        /// the joint state, then each tool's position and two rotation columns.
        case recordedState
        /// The text the preset sends as the prompt (see `promptStyle`).
        case prompt
        case instruction
        case embodimentPrompt
    }

    /// What the `prompt` key carries. openpi's models were trained on the bare task
    /// text; Qwen-VLA-style models read the embodiment prompt and the instruction
    /// in one template.
    public enum PromptStyle: String, Sendable, CaseIterable {
        case instruction
        case qwen
    }

    public struct Field: Sendable, Equatable {
        /// Nested map keys: ["images", "cam_high"] is obs["images"]["cam_high"].
        public var path: [String]
        public var source: Source
        public init(_ path: [String], _ source: Source) { self.path = path; self.source = source }
        public var key: String { path.joined(separator: "/") }
    }

    public var name: String
    public var fields: [Field]
    public var promptStyle: PromptStyle

    public init(name: String, fields: [Field], promptStyle: PromptStyle = .instruction) {
        self.name = name; self.fields = fields; self.promptStyle = promptStyle
    }

    public static let presetNames = ObservationConfig.presets
    public static let presetHelp = """
        libero (openpi pi0/pi0.5 LIBERO: observation/image, observation/wrist_image, observation/state, prompt) | \
        aloha (openpi ALOHA: images/cam_high, images/cam_left_wrist, images/cam_right_wrist as 3×H×W, state, prompt) | \
        lerobot (observation.images.<camera>, observation.state, task) | \
        qwen (libero's keys; prompt = embodiment prompt + instruction in Qwen-VLA's template)
        """

    /// The preset a robot gets when nothing is said: two arms read as ALOHA, one
    /// arm on a fixed base as LIBERO, anything with wheels as LeRobot.
    public static func defaultPreset(for robot: RobotModel) -> String {
        if robot.arms.count >= 2 { return "aloha" }
        if robot.mobileBase != nil { return "lerobot" }
        return "libero"
    }

    /// The layout a remote policy uses: flags over the robot card's `observation:`
    /// over the default for the robot's shape; `extra` fields go after the preset's.
    public static func resolve(for robot: RobotModel, cameras: [String], options: RemoteOptions, extra: [Field] = []) throws(RemoteError) -> ObservationLayout {
        let name = options.preset ?? robot.observation.preset ?? defaultPreset(for: robot)
        var layout = try preset(name, for: robot, cameras: cameras)
        layout.fields += extra
        return try layout.overriding(robot.observation.keys + options.observationKeys)
    }

    /// A preset for a robot (camera names follow the robot's arms), or an error
    /// naming the presets.
    public static func preset(_ name: String, for robot: RobotModel, cameras: [String]) throws(RemoteError) -> ObservationLayout {
        let wrist = robot.arms.count == 1 ? "wrist" : (robot.arms.first.map { "\($0.name)_wrist" } ?? "wrist")
        switch name {
        case "libero", "qwen":
            var fields = [Field(["observation/image"], .camera(cameras.contains("agentview") ? "agentview" : (cameras.first ?? "agentview"), channelsFirst: false))]
            if !robot.arms.isEmpty { fields.append(Field(["observation/wrist_image"], .camera(wrist, channelsFirst: false))) }
            fields.append(Field(["observation/state"], robot.arms.isEmpty ? .jointState : .toolState))
            fields.append(Field(["prompt"], .prompt))
            return ObservationLayout(name: name, fields: fields, promptStyle: name == "qwen" ? .qwen : .instruction)
        case "aloha":
            var fields = [Field(["images", "cam_high"], .camera("agentview", channelsFirst: true))]
            let armNames = robot.arms.map(\.name)
            if armNames.count >= 2 {
                fields.append(Field(["images", "cam_left_wrist"], .camera("\(armNames[0])_wrist", channelsFirst: true)))
                fields.append(Field(["images", "cam_right_wrist"], .camera("\(armNames[1])_wrist", channelsFirst: true)))
            } else if !armNames.isEmpty {
                fields.append(Field(["images", "cam_left_wrist"], .camera(wrist, channelsFirst: true)))
            }
            fields += [Field(["state"], .jointState), Field(["prompt"], .prompt)]
            return ObservationLayout(name: name, fields: fields)
        case "lerobot":
            var fields = cameras.map { Field(["observation.images.\($0)"], .camera($0, channelsFirst: false)) }
            // The vector `vlaplay record` writes as observation.state, so a LeRobot policy
            // trained on vlaplay's datasets is served what it was trained on.
            fields += [Field(["observation.state"], .recordedState), Field(["task"], .prompt)]
            return ObservationLayout(name: name, fields: fields)
        default:
            throw .badURL("unknown observation preset `\(name)`; choose \(presetNames.joined(separator: ", "))")
        }
    }

    /// Applies `--obs-key KEY=SOURCE` overrides: SOURCE is camera:NAME (HWC),
    /// camera_chw:NAME, tool_state, joint_state, recorded_state, prompt, instruction,
    /// embodiment_prompt, or `none` to drop the key. KEY nests with `>`
    /// (images>cam_high), since `/` and `.` are part of real keys.
    public func overriding(_ specs: [String]) throws(RemoteError) -> ObservationLayout {
        var out = self
        for spec in specs {
            guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex else {
                throw .badURL("--obs-key `\(spec)`: expected KEY=SOURCE, e.g. observation/image=camera:agentview")
            }
            let path = spec[..<eq].split(separator: ">").map(String.init)
            let sourceText = String(spec[spec.index(after: eq)...])
            out.fields.removeAll { $0.path == path }
            if sourceText == "none" { continue }
            let source: Source
            switch sourceText {
            case "tool_state": source = .toolState
            case "joint_state": source = .jointState
            case "recorded_state": source = .recordedState
            case "prompt": source = .prompt
            case "instruction": source = .instruction
            case "embodiment_prompt": source = .embodimentPrompt
            default:
                if sourceText.hasPrefix("camera:") { source = .camera(String(sourceText.dropFirst(7)), channelsFirst: false) }
                else if sourceText.hasPrefix("camera_chw:") { source = .camera(String(sourceText.dropFirst(11)), channelsFirst: true) }
                else {
                    throw .badURL("--obs-key `\(spec)`: unknown source `\(sourceText)`; use camera:NAME, camera_chw:NAME, tool_state, joint_state, recorded_state, prompt, instruction, embodiment_prompt or none")
                }
            }
            out.fields.append(Field(path, source))
        }
        return out
    }

    /// The cameras this layout reads, in order: only these are rendered.
    public var cameras: [String] {
        var seen: [String] = []
        for f in fields { if case .camera(let c, _) = f.source, !seen.contains(c) { seen.append(c) } }
        return seen
    }

    /// The observation as msgpack, in openpi's array convention. Fails when a camera
    /// the layout needs was not rendered (the robot has no such camera).
    public func encode(_ request: PolicyRequest, robot: RobotModel, extras: [String: MessagePackValue] = [:]) throws(RemoteError) -> MessagePackValue {
        var root: [(String, MessagePackValue)] = []
        let o = request.observation
        for field in fields {
            let value: MessagePackValue
            switch field.source {
            case .camera(let name, let chw):
                guard let image = o.images[name] else {
                    throw .badURL("observation key `\(field.key)` wants camera `\(name)`, which this robot and scene do not have (cameras: \(o.images.keys.sorted().joined(separator: ", ")); `vlaplay render --scene S --list` lists them; change it with --obs-key)")
                }
                value = ObservationLayout.imageArray(image, channelsFirst: chw).messagePack
            case .toolState: value = NumpyArray(float32: ObservationLayout.toolState(o, robot: robot)).messagePack
            case .jointState: value = NumpyArray(float32: ObservationLayout.jointState(o, robot: robot)).messagePack
            case .recordedState: value = NumpyArray(float32: ProprioState.recorded(o, robot: robot)).messagePack
            case .prompt:
                value = .string(promptStyle == .qwen ? ObservationLayout.qwenPrompt(request) : request.instruction)
            case .instruction: value = .string(request.instruction)
            case .embodimentPrompt: value = .string(request.embodimentPrompt)
            }
            insert(value, at: field.path[...], into: &root)
        }
        for (k, v) in extras.sorted(by: { $0.key < $1.key }) { root.append((k, v)) }
        return .stringMap(root)
    }

    private func insert(_ value: MessagePackValue, at path: ArraySlice<String>, into map: inout [(String, MessagePackValue)]) {
        guard let head = path.first else { return }
        if path.count == 1 {
            map.removeAll { $0.0 == head }
            map.append((head, value))
            return
        }
        var inner: [(String, MessagePackValue)] = []
        if let i = map.firstIndex(where: { $0.0 == head }), case .map(let pairs) = map[i].1 {
            inner = pairs.compactMap { k, v in k.keyText.map { ($0, v) } }
            map.remove(at: i)
        }
        insert(value, at: path.dropFirst(), into: &inner)
        map.append((head, .stringMap(inner)))
    }

    /// The embodiment prompt already holds Qwen-VLA's template with the task; when
    /// the user's edited prompt lost the task, it is appended so the model still gets it.
    static func qwenPrompt(_ r: PolicyRequest) -> String {
        r.embodimentPrompt.contains(r.instruction) ? r.embodimentPrompt : r.embodimentPrompt + " Task: " + r.instruction
    }

    static func imageArray(_ image: RGBImage, channelsFirst: Bool) -> NumpyArray {
        guard channelsFirst else { return NumpyArray(dtype: .uint8, shape: [image.height, image.width, 3], data: image.pixels) }
        let plane = image.width * image.height
        var out = [UInt8](repeating: 0, count: plane * 3)
        image.pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<plane {
                    dst[i] = src[3 * i]; dst[plane + i] = src[3 * i + 1]; dst[2 * plane + i] = src[3 * i + 2]
                }
            }
        }
        return NumpyArray(dtype: .uint8, shape: [3, image.height, image.width], data: out)
    }

    /// LIBERO's `observation/state` (`ProprioState.tool`, shared with the recorder).
    static func toolState(_ o: Observation, robot: RobotModel) -> [Double] { ProprioState.tool(o, robot: robot) }

    /// Per arm: its joints then its gripper opening; then the base pose when mobile (`ProprioState.joints`).
    static func jointState(_ o: Observation, robot: RobotModel) -> [Double] { ProprioState.joints(o, robot: robot) }
}
