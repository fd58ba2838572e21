import Spatial

/// A floor plan drawn as text: `#` walls, `.` floor, letters are landmarks from the
/// legend. Row 0 is the top of the drawing (largest y); cell (col, row) has its centre
/// at x = (col + 0.5) * cell, y = (rows - row - 0.5) * cell.
public struct NavigationMap: Sendable, Equatable {
    public struct Landmark: Sendable, Equatable {
        public var name: String
        public var letter: Character
        public var cells: [Cell]
        public var passable: Bool
        public var center: Vec3
        /// A shut door: blocked until a base pushes it open (WorldState.openDoors).
        public var door: Bool = false
    }
    public struct Cell: Sendable, Hashable { public var col: Int; public var row: Int
        public init(col: Int, row: Int) { self.col = col; self.row = row } }

    public let rows: [[Character]]
    public let cell: Double
    public let landmarks: [Landmark]
    /// Blocked cells: walls and solid landmarks.
    private let blocked: Set<Cell>

    public init(rows: [[Character]], cell: Double, legend: [Character: (name: String, passable: Bool)], doors: Set<Character> = []) {
        self.rows = rows
        self.cell = cell
        var marks: [Character: [Cell]] = [:]
        var blocked = Set<Cell>()
        for (r, line) in rows.enumerated() {
            for (c, ch) in line.enumerated() {
                let cellID = Cell(col: c, row: r)
                if ch == "#" { blocked.insert(cellID) }
                else if legend[ch] != nil { marks[ch, default: []].append(cellID) }
                else if ch == " " { blocked.insert(cellID) }   // outside the building
            }
        }
        var landmarks: [Landmark] = []
        let height = rows.count
        for (letter, info) in legend.sorted(by: { $0.value.name < $1.value.name }) {
            let cells = marks[letter] ?? []
            if !info.passable { cells.forEach { blocked.insert($0) } }
            let cx = cells.map { (Double($0.col) + 0.5) * cell }.reduce(0, +) / Double(max(1, cells.count))
            let cy = cells.map { (Double(height - $0.row) - 0.5) * cell }.reduce(0, +) / Double(max(1, cells.count))
            landmarks.append(Landmark(name: info.name, letter: letter, cells: cells, passable: info.passable, center: Vec3(cx, cy, 0),
                                      door: doors.contains(letter)))
        }
        self.landmarks = landmarks
        self.blocked = blocked
    }

    public var width: Int { rows.map(\.count).max() ?? 0 }
    public var height: Int { rows.count }

    public func center(of c: Cell) -> Vec3 {
        Vec3((Double(c.col) + 0.5) * cell, (Double(height - c.row) - 0.5) * cell, 0)
    }

    public func cell(at p: Vec3) -> Cell {
        // Clamped first: a far-away or non-finite point maps to a cell off the map
        // (which is never free) instead of trapping on the Int conversion.
        func index(_ v: Double) -> Int { v.isFinite ? clampedInt(min(max(v, -1e9), 1e9)) : 1_000_000_000 }
        return Cell(col: index((p.x / cell).rounded(.down)), row: height - 1 - index((p.y / cell).rounded(.down)))
    }

    public func isFree(_ c: Cell) -> Bool {
        c.row >= 0 && c.row < height && c.col >= 0 && c.col < rows[c.row].count && !blocked.contains(c)
    }

    /// Whether a disc of `radius` at p touches a blocked cell, counting the cells of
    /// the doors named in `opened` as free.
    public func collides(_ p: Vec3, radius: Double, opened: [String]) -> Bool {
        guard !opened.isEmpty else { return collides(p, radius: radius) }
        let free = Set(landmarks.filter { $0.door && opened.contains($0.name) }.flatMap(\.cells))
        return !blockingCells(p, radius: radius).allSatisfy { free.contains($0) }
    }

    /// The blocked cells a disc of `radius` at p touches (cells off the map included).
    public func blockingCells(_ p: Vec3, radius: Double) -> [Cell] {
        var out: [Cell] = []
        _ = firstBlockingCell(p, radius: radius) { out.append($0); return false }
        return out
    }

    /// Visits the blocked cells a disc at p touches until `stop` says so; returns the one it stopped at.
    private func firstBlockingCell(_ p: Vec3, radius: Double, stop: (Cell) -> Bool) -> Cell? {
        let c0 = cell(at: p - Vec3(radius, -radius, 0)), c1 = cell(at: p + Vec3(radius, -radius, 0))
        for row in min(c0.row, c1.row)...max(c0.row, c1.row) {
            for col in min(c0.col, c1.col)...max(c0.col, c1.col) {
                let c = Cell(col: col, row: row)
                if isFree(c) { continue }
                // Distance from p to the cell's square.
                let ctr = center(of: c), h = cell / 2
                let dx = max(abs(p.x - ctr.x) - h, 0), dy = max(abs(p.y - ctr.y) - h, 0)
                if dx * dx + dy * dy < radius * radius, stop(c) { return c }
            }
        }
        return nil
    }

    /// The shut door whose cells alone block a disc at p, if that is all that blocks it.
    public func doorBlocking(_ p: Vec3, radius: Double, opened: [String]) -> Landmark? {
        let cells = blockingCells(p, radius: radius)
        guard !cells.isEmpty else { return nil }
        let doors = landmarks.filter { $0.door && !opened.contains($0.name) }
        let others = Set(landmarks.filter { $0.door && opened.contains($0.name) }.flatMap(\.cells))
        for d in doors {
            let mine = Set(d.cells)
            if cells.allSatisfy({ mine.contains($0) || others.contains($0) }) && cells.contains(where: { mine.contains($0) }) { return d }
        }
        return nil
    }

    /// Whether a disc of `radius` at p touches a blocked cell (or leaves the map).
    public func collides(_ p: Vec3, radius: Double) -> Bool {
        firstBlockingCell(p, radius: radius) { _ in true } != nil
    }

    public func landmark(_ name: String) -> Landmark? { landmarks.first { $0.name == name } }

    /// The free cell nearest to a landmark (where a robot would stand by it).
    public func approachCell(of mark: Landmark, from start: Cell? = nil) -> Cell? {
        if mark.passable, let c = mark.cells.first { return c }
        var best: Cell?
        var bestD = Int.max
        for c in mark.cells {
            for (dc, dr) in [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)] {
                let n = Cell(col: c.col + dc, row: c.row + dr)
                guard isFree(n) else { continue }
                let d = start.map { abs($0.col - n.col) + abs($0.row - n.row) } ?? 0
                if d < bestD { bestD = d; best = n }
            }
        }
        return best
    }

    /// Shortest 8-connected path of free cells (A*), no corner cutting; nil when none.
    public func shortestPath(from a: Cell, to b: Cell) -> [Cell]? {
        guard isFree(a), isFree(b) else { return nil }
        var open: Set<Cell> = [a]
        var came: [Cell: Cell] = [:]
        var g: [Cell: Double] = [a: 0]
        func h(_ c: Cell) -> Double {
            let dx = Double(abs(c.col - b.col)), dy = Double(abs(c.row - b.row))
            return (dx + dy) + (2.0.squareRoot() - 2) * min(dx, dy)
        }
        var f: [Cell: Double] = [a: h(a)]
        while !open.isEmpty {
            // Deterministic: lowest f, then lowest (row, col).
            let current = open.min { (f[$0]!, $0.row, $0.col) < (f[$1]!, $1.row, $1.col) }!
            if current == b {
                var path = [b]
                var c = b
                while let p = came[c] { path.append(p); c = p }
                return path.reversed()
            }
            open.remove(current)
            for (dc, dr) in [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)] {
                let n = Cell(col: current.col + dc, row: current.row + dr)
                guard isFree(n) else { continue }
                if dc != 0 && dr != 0 && (!isFree(Cell(col: current.col + dc, row: current.row)) || !isFree(Cell(col: current.col, row: current.row + dr))) {
                    continue
                }
                let step = (dc != 0 && dr != 0) ? 2.0.squareRoot() : 1.0
                let tentative = g[current]! + step
                if tentative < g[n] ?? .infinity {
                    came[n] = current
                    g[n] = tentative
                    f[n] = tentative + h(n)
                    open.insert(n)
                }
            }
        }
        return nil
    }
}
