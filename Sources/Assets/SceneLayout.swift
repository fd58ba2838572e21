import Foundation
import Kinematics
import Spatial
import World

/// The fixed layout of a scene: the map and its rooms, where the robot starts, the
/// table and other fixtures, regions and the randomisation of each episode.
extension SceneLoader {
    /// `map:` with its `legend:`, `cell:` and `rooms:` (which become regions), or nothing.
    static func readMap(_ top: Fields) throws -> (map: NavigationMap?, rooms: [Region]) {
        guard let mapValue = top.optional("map") else {
            for key in ["legend", "cell", "rooms"] where top.has(key) {
                throw try top.required(key, "").error("no `\(key)` without a `map`")
            }
            return (nil, [])
        }
        let map = try parseMap(mapValue, legend: try top.required("legend", "letters of the map's landmarks"),
                               cell: try top.required("cell", "metres per map character").positive())
        var rooms: [Region] = []
        for r in try (top.optional("rooms")?.items() ?? []) {
            let f = try r.fields(allowed: ["name", "cells"])
            let cellsValue = try f.required("cells", "[[col, row], [col, row]]")
            let corners = try cellsValue.items()
            guard corners.count == 2 else { throw cellsValue.error("two corners [[col, row], [col, row]]") }
            let ca = try mapCell(corners[0], map), cb = try mapCell(corners[1], map)
            let pa = map.center(of: ca), pb = map.center(of: cb)
            rooms.append(Region(name: try f.required("name", "the room's name").string(),
                                center: ((pa.x + pb.x) / 2, (pa.y + pb.y) / 2),
                                size: (abs(pa.x - pb.x) + map.cell, abs(pa.y - pb.y) + map.cell)))
        }
        return (map, rooms)
    }

    private static func parseMap(_ v: YAMLValue, legend: YAMLValue, cell: Double) throws -> NavigationMap {
        let text = try v.string(limit: TextBounds.map)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }.filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw v.error("a map of at least one line") }
        guard lines.count <= 400, lines.allSatisfy({ $0.count <= 400 }) else { throw v.error("a map of at most 400 x 400 characters") }
        var entries: [Character: (name: String, passable: Bool)] = [:]
        var doors = Set<Character>()
        var letters: [Character] = []   // file order, so the first unused letter is reported every run
        for (k, value) in try legend.entries() {
            guard k.count == 1, let ch = k.first, ch != "#", ch != ".", ch != " " else {
                throw value.error("a single letter key (not #, . or space)", found: "`\(k)`", field: value.path)
            }
            if case .mapping = value.node {
                let f = try value.fields(allowed: ["name", "passable", "door"])
                let passable = try f.optional("passable")?.bool() ?? false
                // `door: shut`: blocked until a base pushes it open.
                if let d = f.optional("door") {
                    guard try d.string() == "shut" else { throw d.error("`shut` (an open doorway is `passable: true`)") }
                    guard !passable else { throw d.error("a shut door without `passable: true`") }
                    doors.insert(ch)
                }
                entries[ch] = (try f.required("name", "the landmark's name").string(), passable)
            } else {
                entries[ch] = (try value.string(), false)
            }
            letters.append(ch)
        }
        for (r, line) in lines.enumerated() {
            for (c, ch) in line.enumerated() where ch != "#" && ch != "." && ch != " " && entries[ch] == nil {
                // The map is a block scalar: its text starts on the line after `map: |`,
                // indented by two spaces.
                throw AssetError(file: v.file, line: (v.mark?.line ?? 0) + 1 + r, column: c + 3, field: "map",
                                 expected: "#, ., space or a letter from the legend", found: "`\(ch)`",
                                 hint: "add `\(ch): NAME` to `legend:`")
            }
        }
        for ch in letters where !lines.contains(where: { $0.contains(ch) }) {
            throw legend.error("letters that appear in the map", found: "`\(ch)` (\(entries[ch]?.name ?? "")) is not in the map")
        }
        return NavigationMap(rows: lines, cell: cell, legend: entries, doors: doors)
    }

    /// `robot_start:` — a map `cell:` or an `xy:`, and a `yaw:`.
    static func readStart(_ top: Fields, map: NavigationMap?) throws -> Pose2D {
        var start = Pose2D()
        guard let s = top.optional("robot_start") else { return start }
        let f = try s.fields(allowed: ["xy", "yaw", "cell"])
        if let c = f.optional("cell") {
            guard let map else { throw c.error("`xy:` (a `cell:` needs a map)") }
            let cell = try mapCell(c, map)
            try enforce(SceneRules.startCell(cell, on: map), at: c)
            let p = map.center(of: cell)
            start.x = p.x; start.y = p.y
        } else if let xy = f.optional("xy") {
            let v = try xy.doubles(count: 2)
            start.x = v[0]; start.y = v[1]
        }
        start.yaw = try f.optional("yaw")?.double() ?? 0
        return start
    }

    /// `table:` and `fixtures:` (boxes), and the table's top height (0 without a table).
    static func readFixtures(_ top: Fields) throws -> (fixtures: [Fixture], tableTop: Double) {
        var fixtures: [Fixture] = []
        var tableTop = 0.0
        if let t = top.optional("table") {
            let f = try t.fields(allowed: ["center", "size", "height", "thickness", "color"])
            let c = try f.required("center", "[x, y]").doubles(count: 2)
            let sizeValue = try f.required("size", "[length, width]")
            let size = try sizeValue.doubles(count: 2)
            guard size[0] > 0, size[1] > 0 else { throw sizeValue.error("two sizes above 0") }
            tableTop = try f.optional("height")?.double() ?? 0
            let thick = try f.optional("thickness")?.positive() ?? 0.05
            fixtures.append(Fixture(name: "table", center: Vec3(c[0], c[1], tableTop - thick / 2), size: Vec3(size[0], size[1], thick),
                                    color: try f.optional("color")?.string() ?? "brown"))
        }
        for v in try (top.optional("fixtures")?.items() ?? []) {
            let f = try v.fields(allowed: ["name", "center", "size", "color"])
            let n = try f.required("name", "the fixture's name").string()
            if fixtures.contains(where: { $0.name == n }) { throw try f.required("name", "").error("a name no other fixture has") }
            let c = try f.required("center", "[x, y, z] of the box's centre").vec3()
            let sv = try f.required("size", "[x, y, z]")
            let s = try sv.vec3()
            guard s.x > 0, s.y > 0, s.z > 0 else { throw sv.error("three sizes above 0") }
            fixtures.append(Fixture(name: n, center: Vec3(c.x, c.y, c.z), size: Vec3(s.x, s.y, s.z), color: try f.optional("color")?.string() ?? "gray"))
        }
        return (fixtures, tableTop)
    }

    /// `regions:` — named rectangles on the floor or table.
    static func readRegions(_ top: Fields) throws -> [Region] {
        try (top.optional("regions")?.items() ?? []).map { v in
            let f = try v.fields(allowed: ["name", "center", "size"])
            let c = try f.required("center", "[x, y]").doubles(count: 2)
            let sv = try f.required("size", "[x, y]")
            let s = try sv.doubles(count: 2)
            guard s[0] > 0, s[1] > 0 else { throw sv.error("two sizes above 0") }
            return Region(name: try f.required("name", "the region's name").string(), center: (c[0], c[1]), size: (s[0], s[1]))
        }
    }

    static func readRandomization(_ v: YAMLValue) throws -> Randomization {
        let f = try v.fields(allowed: ["jitter", "distractors", "colors", "base_offset"])
        var r = Randomization()
        if let j = f.optional("jitter") { r.jitter = try j.double(); guard r.jitter >= 0, r.jitter <= 0.2 else { throw j.error("a jitter from 0 to 0.2 m") } }
        if let d = f.optional("distractors") { r.distractors = try d.int(); guard (0...10).contains(r.distractors) else { throw d.error("0 to 10 distractors") } }
        if let c = f.optional("colors") { r.colors = try c.bool() }
        if let b = f.optional("base_offset") { r.baseOffset = try b.double(); guard r.baseOffset >= 0, r.baseOffset <= 0.2 else { throw b.error("an offset from 0 to 0.2 m") } }
        return r
    }
}
