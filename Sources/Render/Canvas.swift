/// A drawing surface of braille sub-cell pixels: each character cell holds 2 × 4
/// pixels (dots), so lines are drawn at twice the horizontal and four times the
/// vertical resolution of the terminal. Cells also take glyphs (markers, labels) and
/// background colours (surfaces). Every write carries a layer: a higher layer
/// replaces what a cell holds, the same layer merges (painter's order), a lower
/// layer is hidden.
public struct Canvas: Sendable {
    public let columns: Int
    public let rows: Int
    public var pixelWidth: Int { columns * 2 }
    public var pixelHeight: Int { rows * 4 }

    struct Slot: Sendable {
        var bits: UInt8 = 0
        var dotLayer: UInt8 = 0
        var glyphLayer: UInt8 = 0
        var bgLayer: UInt8 = 0
        var dotStyle = Style.plain
        var glyph: UInt32 = 0
        var glyphStyle = Style.plain
        var bg = Color.default
    }
    var slots: [Slot]

    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns); self.rows = max(0, rows)
        slots = Array(repeating: Slot(), count: self.columns * self.rows)
    }

    /// Braille dot bit for (row, column) inside a cell (REFERENCE.md, Terminal facts).
    static let dotBits: [UInt8] = [0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80]   // [row * 2 + col]

    // MARK: pixels

    @inline(__always) public mutating func set(_ px: Int, _ py: Int, _ style: Style, layer: UInt8) {
        guard px >= 0, py >= 0, px < columns * 2, py < rows * 4 else { return }
        let i = (py >> 2) * columns + (px >> 1)
        let bit = Canvas.dotBits[(py & 3) * 2 + (px & 1)]
        if layer > slots[i].dotLayer || slots[i].bits == 0 {
            slots[i].bits = bit; slots[i].dotLayer = layer; slots[i].dotStyle = style
        } else if layer == slots[i].dotLayer {
            slots[i].bits |= bit; slots[i].dotStyle = style
        }
    }

    /// A straight line between pixel positions, clipped to the canvas; `dash` > 0
    /// draws `dash` pixels and skips as many.
    public mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ style: Style, layer: UInt8, dash: Int = 0) {
        // A non-finite end (a hostile number that got this far) draws nothing rather than trap.
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite, let (a, b) = clip(x0, y0, x1, y1) else { return }
        let dx = b.0 - a.0, dy = b.1 - a.1
        let n = clampedInt(max(abs(dx), abs(dy)), .up)
        if n == 0 { set(clampedInt(a.0, .down), clampedInt(a.1, .down), style, layer: layer); return }
        let sx = dx / Double(n), sy = dy / Double(n)
        var x = a.0, y = a.1
        for k in 0...n {
            if dash == 0 || (k / dash) % 2 == 0 { set(clampedInt(x, .down), clampedInt(y, .down), style, layer: layer) }
            x += sx; y += sy
        }
    }

    /// Liang–Barsky clipping to the pixel area; nil when the segment misses it.
    func clip(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> ((Double, Double), (Double, Double))? {
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return nil }
        let xmin = 0.0, ymin = 0.0, xmax = Double(columns * 2) - 0.001, ymax = Double(rows * 4) - 0.001
        guard xmax > 0, ymax > 0 else { return nil }
        var t0 = 0.0, t1 = 1.0
        let dx = x1 - x0, dy = y1 - y0
        for (p, q) in [(-dx, x0 - xmin), (dx, xmax - x0), (-dy, y0 - ymin), (dy, ymax - y0)] {
            if p == 0 { if q < 0 { return nil } ; continue }
            let r = q / p
            if p < 0 { if r > t1 { return nil }; if r > t0 { t0 = r } }
            else { if r < t0 { return nil }; if r < t1 { t1 = r } }
        }
        return ((x0 + t0 * dx, y0 + t0 * dy), (x0 + t1 * dx, y0 + t1 * dy))
    }

    /// Fills a polygon (even-odd rule) at pixel resolution.
    public mutating func polygon(_ points: [SIMD2<Double>], _ style: Style, layer: UInt8) {
        scanPolygon(points, rowStep: 1, rowOffset: 0.5, height: rows * 4, width: columns * 2) { x0, x1, y in
            for x in x0...x1 { set(x, y, style, layer: layer) }
        }
    }

    /// Outline of a polygon (closed).
    public mutating func outline(_ points: [SIMD2<Double>], _ style: Style, layer: UInt8, dash: Int = 0) {
        guard points.count > 1 else { return }
        for i in points.indices {
            let a = points[i], b = points[(i + 1) % points.count]
            line(a.x, a.y, b.x, b.y, style, layer: layer, dash: dash)
        }
    }

    /// Polyline (open).
    public mutating func polyline(_ points: [SIMD2<Double>], _ style: Style, layer: UInt8, dash: Int = 0) {
        guard points.count > 1 else { return }
        for i in 1..<points.count { line(points[i - 1].x, points[i - 1].y, points[i].x, points[i].y, style, layer: layer, dash: dash) }
    }

    public mutating func disc(_ cx: Double, _ cy: Double, radius r: Double, _ style: Style, layer: UInt8) {
        guard cx.isFinite, cy.isFinite, r.isFinite else { return }
        if r < 0.75 { set(clampedInt(cx, .down), clampedInt(cy, .down), style, layer: layer); return }
        polygon(Canvas.circlePoints(cx, cy, r, count: max(8, min(48, clampedInt(r * 4, .towardZero)))), style, layer: layer)
    }

    public mutating func circle(_ cx: Double, _ cy: Double, radius r: Double, _ style: Style, layer: UInt8, dash: Int = 0) {
        guard cx.isFinite, cy.isFinite, r.isFinite else { return }
        outline(Canvas.circlePoints(cx, cy, r, count: max(8, min(64, clampedInt(r * 4, .towardZero)))), style, layer: layer, dash: dash)
    }

    public static func circlePoints(_ cx: Double, _ cy: Double, _ r: Double, count: Int) -> [SIMD2<Double>] {
        (0..<count).map { k in
            let t = Double(k) / Double(count) * 2 * .pi
            return SIMD2(cx + r * cos(t), cy + r * sin(t))
        }
    }

    // MARK: cells

    /// Sets the background colour of every cell whose centre lies in the polygon.
    public mutating func background(_ points: [SIMD2<Double>], _ color: Color, layer: UInt8) {
        // Scan at cell centres: pixel rows 4r + 2, columns 2c + 1.
        let scaled = points.map { SIMD2($0.x / 2, $0.y / 4) }
        scanPolygon(scaled, rowStep: 1, rowOffset: 0.5, height: rows, width: columns) { x0, x1, y in
            for x in x0...x1 {
                let i = y * columns + x
                if layer >= slots[i].bgLayer { slots[i].bg = color; slots[i].bgLayer = layer }
            }
        }
    }

    /// A glyph in the cell holding pixel (px, py).
    public mutating func glyph(atPixel px: Double, _ py: Double, _ scalar: UInt32, _ style: Style, layer: UInt8) {
        guard px.isFinite, py.isFinite else { return }
        glyph(column: clampedInt(px / 2, .down), row: clampedInt(py / 4, .down), scalar, style, layer: layer)
    }

    public mutating func glyph(column: Int, row: Int, _ scalar: UInt32, _ style: Style, layer: UInt8) {
        guard column >= 0, row >= 0, column < columns, row < rows else { return }
        let i = row * columns + column
        if layer >= slots[i].glyphLayer || slots[i].glyph == 0 {
            slots[i].glyph = scalar; slots[i].glyphStyle = style; slots[i].glyphLayer = layer
        }
    }

    /// Text in cells from (column, row); returns false (and writes nothing) when any
    /// of its cells already holds something at or above `layer` — labels never
    /// cover each other or what matters.
    @discardableResult
    public mutating func label(column: Int, row: Int, _ text: String, _ style: Style, layer: UInt8, force: Bool = false) -> Bool {
        let scalars = text.unicodeScalars.map(\.value)
        guard row >= 0, row < rows, column >= 0, column + scalars.count <= columns else { return false }
        if !force {
            for k in scalars.indices {
                let s = slots[row * columns + column + k]
                if (s.glyph != 0 && s.glyphLayer >= layer) || (s.bits != 0 && s.dotLayer >= layer) { return false }
            }
            // A blank between labels, so two names never run together.
            for k in [column - 1, column + scalars.count] where k >= 0 && k < columns {
                let s = slots[row * columns + k]
                if s.glyph != 0 && s.glyphLayer >= layer && s.glyph != 0x20 { return false }
            }
        }
        for (k, v) in scalars.enumerated() { glyph(column: column + k, row: row, v, style, layer: layer) }
        return true
    }

    /// Whether a cell holds nothing drawn at or above `layer`.
    public func isFree(column: Int, row: Int, below layer: UInt8) -> Bool {
        guard column >= 0, row >= 0, column < columns, row < rows else { return false }
        let s = slots[row * columns + column]
        return !((s.glyph != 0 && s.glyphLayer >= layer) || (s.bits != 0 && s.dotLayer >= layer))
    }

    /// The cell's resolved character and style.
    public func cell(column: Int, row: Int) -> Cell {
        let s = slots[row * columns + column]
        if s.glyph != 0 && (s.bits == 0 || s.glyphLayer >= s.dotLayer) {
            var st = s.glyphStyle; if st.bg == .default { st.bg = s.bg }
            return Cell(s.glyph, st)
        }
        if s.bits != 0 {
            var st = s.dotStyle; if st.bg == .default { st.bg = s.bg }
            return Cell(s.bits == 0xFF ? 0x2588 : 0x2800 + UInt32(s.bits), st)
        }
        return Cell(0x20, Style(fg: .default, bg: s.bg))
    }

    /// Copies the canvas into a frame at `origin`.
    public func render(into frame: inout Frame, x: Int, y: Int) {
        for r in 0..<rows where y + r >= 0 && y + r < frame.height {
            for c in 0..<columns where x + c >= 0 && x + c < frame.width {
                frame.cells[(y + r) * frame.width + x + c] = cell(column: c, row: r)
            }
        }
    }

    /// Even-odd scanline fill; calls `span(x0, x1, row)` with inclusive, clipped bounds.
    private func scanPolygon(_ pts: [SIMD2<Double>], rowStep: Int, rowOffset: Double, height: Int, width: Int,
                             _ span: (Int, Int, Int) -> Void) {
        guard pts.count >= 3, pts.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else { return }
        var minY = Double.infinity, maxY = -Double.infinity
        for p in pts { minY = min(minY, p.y); maxY = max(maxY, p.y) }
        let y0 = max(0, clampedInt(minY - rowOffset, .up)), y1 = min(height - 1, clampedInt(maxY - rowOffset, .down))
        guard y0 <= y1 else { return }
        var xs: [Double] = []
        xs.reserveCapacity(8)
        for y in y0...y1 {
            let sy = Double(y) + rowOffset
            xs.removeAll(keepingCapacity: true)
            var j = pts.count - 1
            for i in 0..<pts.count {
                let a = pts[i], b = pts[j]
                if (a.y > sy) != (b.y > sy) {
                    xs.append(a.x + (sy - a.y) / (b.y - a.y) * (b.x - a.x))
                }
                j = i
            }
            xs.sort()
            var k = 0
            while k + 1 < xs.count {
                let xa = max(0, clampedInt(xs[k] - 0.5, .up)), xb = min(width - 1, clampedInt(xs[k + 1] - 0.5, .down))
                if xa <= xb { span(xa, xb, y) }
                k += 2
            }
        }
    }
}

#if canImport(Glibc)
import Spatial
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
