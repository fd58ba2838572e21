import Foundation
import Render
import Spatial
import World

// MARK: camera

/// What a policy sees: one of the world's cameras rendered by the same rasteriser
/// the observations use, drawn two pixels per cell with half blocks ("▀": the upper
/// pixel in the foreground colour, the lower in the background), with the predicted
/// chunk's tool points projected into it. `c` cycles through the cameras and back.
func drawCamera(_ f: inout Frame, _ r: Rect, _ s: AppState, _ session: Session) {
    let cameras = session.model.cameras
    guard !cameras.isEmpty else {
        f.box(r, style: Styles.border, title: "Camera", titleStyle: Styles.title)
        f.put("this robot and scene have no camera", x: r.x + 1, y: r.y + 1, style: Styles.dim, maxWidth: r.width - 2)
        return
    }
    let spec = cameras[s.cameraIndex % cameras.count]
    let inner = r.inset(1)
    f.box(r, style: Styles.border, title: "Camera · \(spec.name) (\(s.cameraIndex % cameras.count + 1)/\(cameras.count))",
          titleStyle: Styles.title, right: "\(spec.width)×\(spec.height) · c next", rightStyle: Styles.dim)
    guard inner.width > 4, inner.height > 2 else { return }
    // The largest image of the camera's aspect that fits, two pixel rows per cell.
    let aspect = Double(spec.width) / Double(spec.height)
    var w = inner.width, h = clampedInt(Double(w) / aspect)
    if h > inner.height * 2 { h = inner.height * 2; w = max(1, clampedInt(Double(h) * aspect)) }
    h -= h % 2
    guard w > 1, h > 1 else { return }
    var small = spec
    small.width = w; small.height = h
    let image = ImageRenderer.render(session.model, session.state, camera: small)
    let x0 = inner.x + (inner.width - w) / 2, y0 = inner.y + (inner.height - h / 2) / 2
    for row in 0..<(h / 2) {
        for col in 0..<w {
            let top = pixel(image, col, 2 * row), bottom = pixel(image, col, 2 * row + 1)
            f.put("▀", x: x0 + col, y: y0 + row, style: Style(fg: top, bg: bottom))
        }
    }
    // The predicted tool points, where the camera sees them.
    let view = PinholeView(pose: session.model.cameraPose(small, session.state), fovYDegrees: small.fovYDegrees, width: w, height: h)
    for (k, path) in session.prediction.paths.enumerated() {
        for (i, p) in path.enumerated() where i > 0 {
            guard let q = view.project(p), q.x >= 0, q.y >= 0, clampedInt(q.x, .towardZero) < w, clampedInt(q.y, .towardZero) < h else { continue }
            f.put(i == path.count - 1 ? "◆" : "•", x: x0 + clampedInt(q.x, .towardZero), y: y0 + clampedInt(q.y, .towardZero) / 2, style: Style(fg: .trail(min(5, k + i * 6 / max(1, path.count))), .bold))
        }
    }
    f.put("what the policy sees · step \(session.cursor)", x: inner.x, y: inner.maxY - 1, style: Styles.dim, maxWidth: inner.width)
}

private func pixel(_ image: RGBImage, _ x: Int, _ y: Int) -> Color {
    let i = 3 * (y * image.width + x)
    guard i + 2 < image.pixels.count else { return .default }
    return .rgb(image.pixels[i], image.pixels[i + 1], image.pixels[i + 2])
}
