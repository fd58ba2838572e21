/// A goal predicate expression, parsed from a scene file:
/// `on(a, b)`, `in(a, b)`, `holding(a)` / `holding(arm, a)`, `at(x, region)`,
/// `near(a, b, metres)`, `upright(a)`, `true`, combined with `and`, `or`, `not`
/// as functions (`and(p, q)`) or words (`p and not q`), with parentheses.
public indirect enum Goal: Sendable, Equatable, CustomStringConvertible {
    case all([Goal])
    case any([Goal])
    case not(Goal)
    case on(String, String)
    case inside(String, String)
    case holding(arm: String?, String)
    case at(String, String)
    case near(String, String, Double)
    case upright(String)
    /// Articulated parts: a drawer or door open / closed, a knob or button on / off.
    case open(String)
    case closed(String)
    case turnedOn(String)
    case turnedOff(String)
    case always

    public var description: String {
        switch self {
        case .all(let g): return "and(\(g.map(\.description).joined(separator: ", ")))"
        case .any(let g): return "or(\(g.map(\.description).joined(separator: ", ")))"
        case .not(let g): return "not(\(g))"
        case .on(let a, let b): return "on(\(a), \(b))"
        case .inside(let a, let b): return "in(\(a), \(b))"
        case .holding(let arm, let a): return arm.map { "holding(\($0), \(a))" } ?? "holding(\(a))"
        case .at(let a, let r): return "at(\(a), \(r))"
        case .near(let a, let b, let d): return "near(\(a), \(b), \(d))"
        case .upright(let a): return "upright(\(a))"
        case .open(let a): return "open(\(a))"
        case .closed(let a): return "closed(\(a))"
        case .turnedOn(let a): return "turned_on(\(a))"
        case .turnedOff(let a): return "turned_off(\(a))"
        case .always: return "true"
        }
    }

    /// The atomic predicates, in order, each once (what the episode log records).
    public var atoms: [Goal] {
        var out: [Goal] = []
        func walk(_ g: Goal) {
            switch g {
            case .all(let gs), .any(let gs): gs.forEach(walk)
            case .not(let x): walk(x)
            case .always: break
            default: if !out.contains(g) { out.append(g) }
            }
        }
        walk(self)
        return out
    }

    /// Every name the goal mentions (objects, regions, arms, `robot`, fixtures).
    public var names: [String] {
        atoms.flatMap { a -> [String] in
            switch a {
            case .on(let x, let y), .inside(let x, let y), .at(let x, let y), .near(let x, let y, _): return [x, y]
            case .holding(let arm, let x): return [x] + (arm.map { [$0] } ?? [])
            case .upright(let x), .open(let x), .closed(let x), .turnedOn(let x), .turnedOff(let x): return [x]
            default: return []
            }
        }
    }
}

public struct GoalSyntaxError: Error, Equatable, CustomStringConvertible {
    /// Character offset in the goal text (0-based).
    public var offset: Int
    public var message: String
    public var description: String { message }
}

public enum GoalParser {
    public static func parse(_ text: String) throws -> Goal {
        var p = Parser(chars: Array(text))
        let g = try p.expression()
        p.skipSpace()
        guard p.i == p.chars.count else { throw p.fail("end of the goal, found `\(String(p.chars[p.i...]))`") }
        return g
    }

    private struct Parser {
        let chars: [Character]
        var i = 0
        var depth = 0

        func fail(_ expected: String) -> GoalSyntaxError {
            GoalSyntaxError(offset: i, message: "expected \(expected) at character \(i + 1)")
        }

        mutating func skipSpace() { while i < chars.count, chars[i].isWhitespace { i += 1 } }

        mutating func word() -> String {
            skipSpace()
            let start = i
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" || chars[i] == "." || chars[i] == "-" { i += 1 }
            return String(chars[start..<i])
        }

        mutating func peekWord() -> String {
            let save = i
            let w = word()
            i = save
            return w
        }

        mutating func expect(_ c: Character) throws {
            skipSpace()
            guard i < chars.count, chars[i] == c else { throw fail("`\(c)`") }
            i += 1
        }

        mutating func expression() throws -> Goal {
            depth += 1
            defer { depth -= 1 }
            guard depth < 64 else { throw fail("a shallower expression (at most 64 levels)") }
            var terms = [try term()]
            while peekWord() == "or" { _ = word(); terms.append(try term()) }
            return terms.count == 1 ? terms[0] : .any(terms)
        }

        mutating func term() throws -> Goal {
            var factors = [try factor()]
            while peekWord() == "and" { _ = word(); factors.append(try factor()) }
            return factors.count == 1 ? factors[0] : .all(factors)
        }

        mutating func factor() throws -> Goal {
            skipSpace()
            if i < chars.count, chars[i] == "(" {
                i += 1
                let g = try expression()
                try expect(")")
                return g
            }
            let name = word()
            guard !name.isEmpty else { throw fail("a predicate (on, in, holding, at, near, upright, open, closed, turned_on, turned_off, and, or, not)") }
            skipSpace()
            if name == "true" { return .always }
            if name == "not" {
                if i < chars.count, chars[i] == "(" { i += 1; let g = try expression(); try expect(")"); return .not(g) }
                return .not(try factor())
            }
            guard i < chars.count, chars[i] == "(" else { throw fail("`(` after `\(name)`") }
            i += 1
            if name == "and" || name == "or" {
                var parts = [try expression()]
                skipSpace()
                while i < chars.count, chars[i] == "," { i += 1; parts.append(try expression()); skipSpace() }
                try expect(")")
                return name == "and" ? .all(parts) : .any(parts)
            }
            var args: [String] = []
            repeat {
                let a = word()
                guard !a.isEmpty else { throw fail("a name inside \(name)(...)") }
                args.append(a)
                skipSpace()
                if i < chars.count, chars[i] == "," { i += 1 } else { break }
            } while true
            try expect(")")
            func need(_ n: Int, _ usage: String) throws {
                guard args.count == n else { throw GoalSyntaxError(offset: i, message: "\(name) takes \(n) argument\(n == 1 ? "" : "s"): \(usage)") }
            }
            switch name {
            case "on": try need(2, "on(object, support)"); return .on(args[0], args[1])
            case "in": try need(2, "in(object, container)"); return .inside(args[0], args[1])
            case "holding":
                if args.count == 1 { return .holding(arm: nil, args[0]) }
                try need(2, "holding(object) or holding(arm, object)"); return .holding(arm: args[0], args[1])
            case "at": try need(2, "at(object_or_robot, region)"); return .at(args[0], args[1])
            case "near":
                try need(3, "near(a, b, metres)")
                guard let d = Double(args[2]), d.isFinite, d > 0 else {
                    throw GoalSyntaxError(offset: i, message: "near's distance must be a number above 0, found `\(args[2])`")
                }
                return .near(args[0], args[1], d)
            case "upright": try need(1, "upright(object)"); return .upright(args[0])
            case "open": try need(1, "open(drawer_or_door)"); return .open(args[0])
            case "closed": try need(1, "closed(drawer_or_door)"); return .closed(args[0])
            case "turned_on": try need(1, "turned_on(knob_or_button)"); return .turnedOn(args[0])
            case "turned_off": try need(1, "turned_off(knob_or_button)"); return .turnedOff(args[0])
            default:
                throw GoalSyntaxError(offset: i, message: "unknown predicate `\(name)`: use on, in, holding, at, near, upright, open, closed, turned_on, turned_off, and, or, not")
            }
        }
    }
}
