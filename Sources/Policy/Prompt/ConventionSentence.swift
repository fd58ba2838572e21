import Foundation
import World

/// Reads one sentence of a prompt for the fields of the convention other than
/// the action layout and the gripper: the body, frequency, chunk, mode, joints,
/// frame, rotation, units and step limits. Each reader sets what it reads on the
/// claim, names the field in `stated`, and says whether it read anything.
enum ConventionSentence {
    /// `sentence` lowercased, numbers in words as digits, and the task cut off
    /// (an instruction is not a convention: "put the gripper cube on the base").
    static func normalise(_ sentence: String) -> String {
        var s = NumberWords.digits(sentence.lowercased())
        if let r = s.range(of: "task:") { s = String(s[..<r.upperBound]) }
        return s.replacingOccurrences(of: "–", with: "-").replacingOccurrences(of: "—", with: "-")
    }

    /// All readers over one normalised sentence `s` (the original `sentence` gives the tag's case).
    static func read(_ s: String, sentence: String, into c: inout ClaimedConvention, stated: inout Set<String>) -> Bool {
        var understood = false
        understood = body(s, sentence: sentence, &c, &stated) || understood
        understood = frequency(s, &c, &stated) || understood
        understood = chunk(s, &c, &stated) || understood
        understood = mode(s, &c, &stated) || understood
        understood = joints(s, &c, &stated) || understood
        understood = frame(s, &c, &stated) || understood
        understood = rotation(s, &c, &stated) || understood
        understood = units(s, &c, &stated) || understood
        if let m = s.firstMatch(of: /moves at most (\d+(?:\.\d+)?) (?:metres|meters|m)\b.*turns at most (\d+(?:\.\d+)?) rad/) {
            c.maxTranslation = Double(m.1); c.maxRotation = Double(m.2); stated.insert("max_step"); understood = true
        }
        if s.hasSuffix("task:") || s.hasPrefix("please predict") { understood = true }
        return understood
    }

    /// "The robot is TAG with single arm, waist, and mobile base." and rewordings
    /// ("This is a Franka Emika Panda, a single-arm robot").
    static func body(_ s: String, sentence: String, _ c: inout ClaimedConvention, _ stated: inout Set<String>) -> Bool {
        guard s.firstMatch(of: /\b(?:the robot is|this is|this robot is|you (?:are )?control(?:ling)?|robot:|embodiment:|it is)/) != nil else { return false }
        let arms: Int
        if s.firstMatch(of: /dual[- ]arms?|\b2 arms\b|both arms|bimanual|\b2-armed|two-armed/) != nil { arms = 2 }
        else if s.firstMatch(of: /\bno arms?\b|armless|without (?:an? )?arm/) != nil { arms = 0 }
        else if s.firstMatch(of: /single[- ]arm|\b1 arm\b|\ban arm\b|\b1-armed|one-armed|a single arm/) != nil { arms = 1 }
        else if s.firstMatch(of: /with (?:a |an )?mobile base\b/) != nil { arms = 0 }
        else { return false }
        if let m = sentence.firstMatch(of: /(?i)(?:the robot is|this robot is|this is|you (?:are )?control(?:ling)?|robot:|embodiment:|it is)\s+(?:an? |the )?(.+?)(?:,| with | \(|$)/) {
            c.tag = String(m.1).replacing(/(?i)\b(?:single|dual|one|two)[- ]arm(?:ed)?\b/, with: "")
                .trimmingCharacters(in: .whitespaces.union(.punctuationCharacters))
        }
        c.arms = arms
        c.waist = s.firstMatch(of: /\bwaist\b|\btorso\b/) != nil
        c.mobileBase = s.firstMatch(of: /mobile base|wheeled base|mobile manipulator|on a (?:mobile|wheeled)/) != nil
            && s.firstMatch(of: /without (?:a )?mobile base|no mobile base/) == nil
        stated.formUnion(["tag", "arms", "waist", "mobile_base"])
        return true
    }

    /// "20 Hz", "twenty hertz", "20 times a second", "every 50 ms", "a period of 0.05 s".
    static func frequency(_ s: String, _ c: inout ClaimedConvention, _ stated: inout Set<String>) -> Bool {
        var hz: Double?
        if let m = s.firstMatch(of: /(\d+(?:\.\d+)?)\s*-?\s*(?:hz|hertz)\b|(\d+(?:\.\d+)?)\s*(?:times|actions|steps|commands|updates|cycles|frames)\s*(?:a|per|each)\s*second|(\d+(?:\.\d+)?)\s*fps\b/) {
            hz = Double(m.1 ?? m.2 ?? m.3 ?? "")
        } else if let m = s.firstMatch(of: /(?:every|period (?:is |of )?|time ?step (?:is |of )?|dt ?(?:=|is|of) ?)\s*(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|seconds?)\b|(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|seconds?) (?:per|each|for each|between) (?:step|action|control step)|(\d+(?:\.\d+)?)\s*(ms|milliseconds?) (?:intervals?|periods?|steps?|ticks?)/) {
            let value = Double(m.1 ?? m.3 ?? m.5 ?? "") ?? 0
            let unit = String(m.2 ?? m.4 ?? m.6 ?? "s")
            if value > 0 { hz = unit.hasPrefix("m") ? 1000 / value : 1 / value }
        } else if let m = s.firstMatch(of: /(?:control )?(?:frequency|rate)\s*(?:is|of|=|:)\s*(\d+(?:\.\d+)?)\b/) {
            hz = Double(m.1)
        }
        guard let hz, hz > 0 else { return false }
        c.frequencyHz = hz; stated.insert("frequency_hz")
        return true
    }

    /// "the next 16 control actions", "chunks of 8", "a 16-step chunk", "horizon of 16".
    static func chunk(_ s: String, _ c: inout ClaimedConvention, _ stated: inout Set<String>) -> Bool {
        guard let m = s.firstMatch(of: /next (\d+) (?:control |future |upcoming )?(?:actions|steps|commands|waypoints)|chunks?\s*(?:of |size |length |= ?|: ?|has |holds |contains )(?:size |length )?(\d+)|(\d+)[- ](?:step|action|waypoint) (?:chunk|horizon)s?|(?:horizon|chunk size|chunk length) (?:of |is |= ?|: ?)?(\d+)|(\d+) (?:actions |steps |waypoints )?(?:at a time|per (?:chunk|call|request|prediction|inference|query))|predict (\d+) (?:future |upcoming |control )?(?:actions|steps|waypoints)/),
              let n = Int(m.1 ?? m.2 ?? m.3 ?? m.4 ?? m.5 ?? m.6 ?? "") else { return false }
        c.chunk = n; stated.insert("chunk")
        return true
    }

    static func mode(_ s: String, _ c: inout ClaimedConvention, _ stated: inout Set<String>) -> Bool {
        let isBaseSentence = s.contains("base value") || s.contains("base command") || s.contains("the base ") || s.hasPrefix("base ")
        if isBaseSentence && !s.contains("base frame") {
            let mode: ControlMode? = s.contains("waypoint") ? .baseWaypoint : (s.contains("velocit") ? .baseVelocity : (s.contains("discrete") ? .baseDiscrete : nil))
            guard let mode else { return false }
            if c.mode == nil || c.mode!.isBase { c.mode = mode } else { c.baseMode = mode }
            stated.insert("base_mode")
            return true
        }
        if s.contains("joint") && s.firstMatch(of: /delta|increment|change|relative|offset/) != nil {
            c.mode = .jointDelta; stated.insert("mode"); return true
        }
        if s.contains("joint") && s.firstMatch(of: /position|angle|target|absolute/) != nil {
            c.mode = .jointPosition; stated.insert("mode"); return true
        }
        if s.firstMatch(of: /end-effector|end effector|cartesian|\bee\b|\beef\b|\btcp\b|gripper pose|tool pose|hand pose/) != nil && !s.contains("frame only") {
            if s.contains("absolute") || (s.contains("pose") && s.firstMatch(of: /delta|relative|change/) == nil) || s.contains("target position") {
                c.mode = .eeAbsolute; stated.insert("mode"); return true
            }
            if s.firstMatch(of: /delta|displacement|relative|change|offset|increment/) != nil {
                c.mode = .eeDelta; stated.insert("mode"); return true
            }
        }
        return false
    }

    /// "five joints", "7 joints per arm", "six joint positions".
    static func joints(_ s: String, _ c: inout ClaimedConvention, _ stated: inout Set<String>) -> Bool {
        // "6 per arm" says it per arm; "14 joint targets" beside it is the whole action.
        guard let m = s.firstMatch(of: /\b(\d+) (?:joints? |joint values )?(?:per|each|for each|on each) arm\b/)
                ?? s.firstMatch(of: /\b(\d+) (?:arm |revolute )?joint(?:s| positions| angles| values| targets| deltas)?\b/),
              let n = Int(m.1) else { return false }
        c.jointsPerArm = n; stated.insert("joints")
        return true
    }

    static func frame(_ s: String, _ c: inout ClaimedConvention, _ stated: inout Set<String>) -> Bool {
        let f: ControlFrame
        if s.firstMatch(of: /(?:tool|gripper|end-effector|end effector|hand|wrist|flange)[- ]frame|relative to the (?:tool|gripper|end-effector|end effector|hand)\b|in (?:the )?(?:tool|gripper) coordinates/) != nil { f = .tool }
        else if s.firstMatch(of: /world[- ]frame|world coordinates|relative to the world|global frame/) != nil { f = .world }
        else if s.firstMatch(of: /base[- ]frame|robot frame|robot base|base coordinates|relative to the (?:robot(?:'s)? )?base\b|robot's base/) != nil { f = .base }
        else { return false }
        c.frame = f; stated.insert("frame")
        return true
    }

    static func rotation(_ s: String, _ c: inout ClaimedConvention, _ stated: inout Set<String>) -> Bool {
        let r: RotationRepresentation
        if s.firstMatch(of: /axis[- ]angle|rotation vector|rotvec/) != nil { r = .axisAngle }
        else if s.firstMatch(of: /roll[, \/]+(?:and )?pitch[, \/]+(?:and )?yaw|euler|\brpy\b/) != nil { r = .rpy }
        else if s.contains("quaternion") { r = .quaternion }
        else if s.firstMatch(of: /no rotation|position[- ]only|without rotation|never rotates/) != nil { r = RotationRepresentation.none }
        else { return false }
        c.rotation = r; stated.insert("rotation")
        return true
    }

    static func units(_ s: String, _ c: inout ClaimedConvention, _ stated: inout Set<String>) -> Bool {
        var understood = false
        if s.contains("millimet") || s.firstMatch(of: /\bmm\b/) != nil {
            c.metresPerUnit = 0.001; stated.insert("units_translation"); understood = true
        } else if s.contains("centimet") || s.firstMatch(of: /\bcm\b/) != nil {
            c.metresPerUnit = 0.01; stated.insert("units_translation"); understood = true
        } else if (s.contains("metre") || s.contains("meter")) && !s.contains("moves at most") {
            c.metresPerUnit = 1; stated.insert("units_translation"); understood = true
        }
        if (s.contains("degree") || s.firstMatch(of: /\bdeg\b|°/) != nil) && !s.contains("15 degrees") {
            c.radiansPerUnit = .pi / 180; stated.insert("units_rotation"); understood = true
        } else if s.contains("radian") && !s.contains("turns at most") {
            c.radiansPerUnit = 1; stated.insert("units_rotation"); understood = true
        }
        return understood
    }
}
