import Spatial
import Foundation
import World

/// Embodiment prompts: Qwen-VLA's template verbatim, then sentences that state the
/// action convention. The template is data: a card may replace it (`prompt_template`),
/// with the placeholders {robot_tag} {body} {fps} {chunk_size} {instruction}.
public enum EmbodimentPrompt {
    /// Qwen-VLA's published template.
    public static let qwenTemplateText = "The robot is {robot_tag} with {body}. The control frequency is {fps} Hz. Please predict the next {chunk_size} control actions to execute the following task: {instruction}."

    public static func qwenTemplate(_ robot: RobotModel, instruction: String) -> String {
        fill(robot.promptTemplate ?? qwenTemplateText, robot, instruction: instruction)
    }

    /// The default prompt: the template, then the convention sentences.
    public static func generate(_ robot: RobotModel, instruction: String) -> String {
        ([qwenTemplate(robot, instruction: instruction)] + conventionSentences(robot)).joined(separator: " ")
    }

    static func fill(_ template: String, _ robot: RobotModel, instruction: String) -> String {
        var body = robot.arms.count >= 2 ? "dual arms" : (robot.arms.isEmpty ? "no arm" : "single arm")
        if robot.waist { body += ", waist" }
        if robot.mobileBase != nil { body += ", and mobile base" }
        let task = instruction.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
        return template.replacingOccurrences(of: "{robot_tag}", with: robot.tag)
            .replacingOccurrences(of: "{body}", with: body)
            .replacingOccurrences(of: "{fps}", with: number(robot.control.frequencyHz))
            .replacingOccurrences(of: "{chunk_size}", with: "\(robot.control.chunk)")
            .replacingOccurrences(of: "{instruction}", with: task)
    }

    /// Sentences the prompt parser reads back: layout, mode, frame, rotation, units, gripper.
    public static func conventionSentences(_ robot: RobotModel) -> [String] {
        let c = robot.control
        let layout = robot.actionLayout
        var s = ["Each action is a \(layout.count)-D vector [\(layout.joined(separator: ", "))]."]
        if !c.mode.isBase {
            let perArm = robot.arms.count > 1 ? " per arm" : ""
            switch c.mode {
            case .eeDelta, .eeAbsolute:
                let kind = c.mode == .eeDelta ? "end-effector position deltas" : "absolute end-effector positions"
                s.append("The arm values are \(kind) in metres in the \(frameName(c.frame)) frame\(perArm).")
                switch c.rotation {
                case .axisAngle: s.append("The rotation is \(c.mode == .eeDelta ? "a delta " : "")axis-angle vector in radians.")
                case .rpy: s.append("The rotation is \(c.mode == .eeDelta ? "a delta in " : "")roll, pitch, yaw in radians.")
                case .quaternion: s.append("The rotation is \(c.mode == .eeDelta ? "a delta " : "")quaternion (w, x, y, z).")
                case .none: s.append("There is no rotation: position only.")
                }
            case .jointPosition, .jointDelta:
                let n = robot.arms.first?.jointQ.count ?? 0
                s.append("The arm values are \(c.mode == .jointPosition ? "absolute joint positions" : "joint position deltas") in radians, \(spelled(n)) joints\(perArm).")
            default: break
            }
        }
        if let b = c.mode.isBase ? c.mode : c.baseMode {
            switch b {
            case .baseWaypoint: s.append("The base values are waypoints (dx, dy, dyaw) relative to the current base pose, in metres and radians.")
            case .baseVelocity: s.append("The base values are velocity commands in metres per second and radians per second.")
            case .baseDiscrete: s.append("The base value is a discrete command: 0 stop, 1 forward 0.25 metres, 2 turn left 15 degrees, 3 turn right 15 degrees.")
            default: break
            }
        }
        if let t = c.maxTranslation, let r = c.maxRotation {
            s.append("Each action moves at most \(number(t)) metres and turns at most \(number(r)) radians.")
        }
        for g in c.grippers {
            let which = robot.arms.count > 1 ? "The \(g.arm) gripper" : "The gripper"
            s.append("\(which) is index \(g.channel): \(number(g.open)) opens it and \(number(g.closed)) closes it.")
        }
        return s
    }

    static func frameName(_ f: ControlFrame) -> String {
        switch f {
        case .base: return "robot base"
        case .tool: return "tool"
        case .world: return "world"
        }
    }

    static func number(_ v: Double) -> String {
        numberText(v)
    }

    static func spelled(_ n: Int) -> String {
        let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
        return n < words.count ? words[n] : String(n)
    }
}
