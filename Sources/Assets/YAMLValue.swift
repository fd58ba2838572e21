import Foundation
import Spatial
import World
import Yams

/// A YAML node with the field path and file that led to it, so every read can
/// fail with a located `AssetError` instead of a crash or a silent default.
struct YAMLValue {
    let node: Node
    let path: String
    let file: String
    /// Location to report when the node itself carries none.
    let fallback: Mark?

    var mark: Mark? { node.mark ?? fallback }

    func error(_ expected: String, found: String? = nil, hint: String? = nil, field: String? = nil) -> AssetError {
        AssetError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, field: field ?? path,
                   expected: expected, found: found ?? describe(node), hint: hint)
    }

    /// Parses a whole YAML document; syntax errors keep libyaml's location.
    static func parse(_ text: String, file: String) throws -> YAMLValue {
        // Bounded before libyaml sees it: parse time and memory grow with the text.
        guard text.utf8.count <= TextBounds.largestFile else {
            throw AssetError(file: file, line: 1, column: 1, field: "(document)", expected: "a file of at most 1 MiB",
                             found: "\(text.utf8.count) bytes")
        }
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw AssetError(file: file, line: 1, column: 1, field: "(document)", expected: "a YAML mapping", found: "an empty file")
            }
            return YAMLValue(node: node, path: "", file: file, fallback: nil)
        } catch let e as AssetError {
            throw e
        } catch let e as YamlError {
            throw AssetError(yaml: e, file: file)
        } catch {
            throw AssetError(file: file, line: 1, column: 1, field: "(document)", expected: "valid YAML", found: "\(error)")
        }
    }

    // MARK: Structure

    /// The mapping's entries in file order; rejects duplicate and non-string keys.
    func entries() throws -> [(key: String, value: YAMLValue)] {
        guard case .mapping(let m) = node else { throw error("a mapping (key: value lines)") }
        var seen = Set<String>()
        var out: [(String, YAMLValue)] = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else {
                throw YAMLValue(node: k, path: path, file: file, fallback: mark).error("a plain key")
            }
            let childPath = path.isEmpty ? ks.string : "\(path).\(ks.string)"
            guard seen.insert(ks.string).inserted else {
                throw YAMLValue(node: k, path: childPath, file: file, fallback: mark).error("each key once", found: "a second `\(ks.string)`")
            }
            out.append((ks.string, YAMLValue(node: v, path: childPath, file: file, fallback: k.mark ?? mark)))
        }
        return out
    }

    /// A mapping restricted to known keys: a typo is an error, never ignored.
    func fields(allowed: [String]) throws -> Fields {
        let e = try entries()
        for (k, v) in e where !allowed.contains(k) {
            let near = suggestion(for: k, among: allowed)
            var hint = near.map { "did you mean `\($0)`?" } ?? "allowed keys: \(allowed.joined(separator: ", "))"
            if k.contains(")") || k.contains("(") {
                hint = "inside { } a value with commas must be quoted, e.g. goal: \"in(a, b)\""
            }
            throw AssetError(file: file, line: v.mark?.line ?? 1, column: v.mark?.column ?? 1, field: v.path,
                             expected: "one of the keys \(allowed.joined(separator: ", "))", found: "unknown key `\(k)`", hint: hint)
        }
        return Fields(owner: self, values: Dictionary(e.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }))
    }

    func items() throws -> [YAMLValue] {
        guard case .sequence(let s) = node else { throw error("a list") }
        return s.enumerated().map { i, n in YAMLValue(node: n, path: "\(path)[\(i)]", file: file, fallback: mark) }
    }

    // MARK: Scalars

    private func scalarText() throws -> String {
        guard case .scalar(let s) = node else { throw error("a single value") }
        return s.string
    }

    /// Text of at most `limit` characters (`TextBounds.shortText` unless a field documents another).
    func string(limit: Int = TextBounds.shortText) throws -> String {
        guard case .scalar(let s) = node, s.style != .plain || !(s.string.isEmpty || s.string == "~" || s.string == "null") else {
            throw error("text")
        }
        guard s.string.utf8.count <= limit || s.string.count <= limit else {
            throw error(TextBounds.expected(limit), found: "\(s.string.count) characters")
        }
        return s.string
    }

    /// A number in `NumberBounds`' range: a plain decimal of magnitude at most
    /// `limit` (1000 unless a field documents another).
    func double(limit: Double = NumberBounds.maxMagnitude) throws -> Double {
        let text = try scalarText()
        guard let parsed = NumberBounds.decimal(text) else { throw error(NumberBounds.expectedNumber(limit)) }
        guard let v = NumberBounds.checked(parsed, positive: false, limit: limit) else {
            throw error(NumberBounds.expectedNumber(limit), hint: "numbers in cards and scenes are metres, radians or seconds: at most \(numberText(limit)) in magnitude")
        }
        return v
    }

    /// A number above 0 (a length, radius, speed or rate) in `NumberBounds`' range.
    func positive(limit: Double = NumberBounds.maxMagnitude) throws -> Double {
        let v = try double(limit: limit)
        guard NumberBounds.checked(v, positive: true, limit: limit) != nil else { throw error(NumberBounds.expectedPositive(limit)) }
        return v
    }

    /// A whole number of magnitude at most `NumberBounds.maxWhole`.
    func int() throws -> Int {
        let text = try scalarText()
        guard let v = Int(text.trimmingCharacters(in: .whitespaces)), abs(v) <= NumberBounds.maxWhole else {
            throw error("a whole number from -\(NumberBounds.maxWhole) to \(NumberBounds.maxWhole)")
        }
        return v
    }

    func bool() throws -> Bool {
        let text = try scalarText()
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("true or false")
        }
    }

    func doubles(count: Int? = nil) throws -> [Double] {
        let list = try items()
        if let count, list.count != count {
            throw error("a list of \(count) numbers", found: "\(list.count) item\(list.count == 1 ? "" : "s")")
        }
        return try list.map { try $0.double() }
    }

    func vec3() throws -> Vec3Triple {
        let v = try doubles(count: 3)
        return Vec3Triple(x: v[0], y: v[1], z: v[2])
    }

    func oneOf<T: RawRepresentable & CaseIterable>(_ type: T.Type) throws -> T where T.RawValue == String {
        let text = try scalarText()
        guard let v = T(rawValue: text) else {
            let options = T.allCases.map { $0.rawValue }
            let near = suggestion(for: text, among: options)
            throw error("one of \(options.joined(separator: " | "))",
                        hint: near.map { "did you mean `\($0)`?" })
        }
        return v
    }
}

struct Vec3Triple { var x, y, z: Double }

/// Fields of a mapping whose keys were checked against the allowed ones.
struct Fields {
    let owner: YAMLValue
    let values: [String: YAMLValue]

    func optional(_ key: String) -> YAMLValue? {
        guard let v = values[key] else { return nil }
        if case .scalar(let s) = v.node, s.style == .plain, s.string == "~" || s.string == "null" || s.string.isEmpty {
            return nil
        }
        return v
    }

    func required(_ key: String, _ expected: String) throws -> YAMLValue {
        guard let v = optional(key) else {
            let field = owner.path.isEmpty ? key : "\(owner.path).\(key)"
            throw owner.error(expected, found: "nothing: `\(key)` is missing", hint: "add `\(key):` here", field: field)
        }
        return v
    }

    func has(_ key: String) -> Bool { optional(key) != nil }
}

/// A short description of what a node holds, for "found ..." in errors.
func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let s):
        let t = s.string.count > 40 ? String(s.string.prefix(40)) + "..." : s.string
        return t.isEmpty ? "an empty value" : "`\(t)`"
    case .mapping: return "a mapping"
    case .sequence(let s): return "a list of \(s.count)"
    case .alias: return "an alias"
    }
}

extension AssetError {
    init(yaml: YamlError, file: String) {
        switch yaml {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            self.init(file: file, line: mark.line, column: mark.column, field: "(syntax)",
                      expected: "valid YAML", found: "\(ctx)\(problem)".trimmingCharacters(in: .whitespaces),
                      hint: "check indentation, colons and brackets on this line")
        case .reader(let problem, let offset, _, let text):
            var line = 1, column = 1
            if let offset {
                for (i, ch) in text.utf8.enumerated() where i < offset {
                    if ch == 10 { line += 1; column = 1 } else { column += 1 }
                }
            }
            self.init(file: file, line: line, column: column, field: "(syntax)", expected: "readable UTF-8 text", found: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            self.init(file: file, line: context.mark.line, column: context.mark.column, field: "(syntax)",
                      expected: "each key once", found: "duplicated \(duplicates.joined(separator: ", "))")
        default:
            self.init(file: file, line: 1, column: 1, field: "(syntax)", expected: "valid YAML", found: "\(yaml)")
        }
    }
}
