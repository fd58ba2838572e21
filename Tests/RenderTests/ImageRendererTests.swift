import Assets
import Foundation
import Spatial
import Testing
import World
@testable import Render
import TestSupport


func world(_ scene: String, seed: UInt64 = 0) throws -> (WorldModel, WorldState) {
    let robots = try RobotLibrary.locate(explicit: repoRoot + "/Robots")
    let (s, r) = try SceneLibrary(directory: repoRoot + "/Scenes").load(scene, robots: robots)
    return WorldModel.make(scene: s, robot: r, seed: seed)
}

func pixel(_ img: RGBImage, _ x: Int, _ y: Int) -> SIMD3<Int> {
    let p = img[x, y]
    return SIMD3(Int(p.r), Int(p.g), Int(p.b))
}

/// A square facing the camera at depth `z`, covering ±`half` around the axis.
func square(z: Double, half: Double, _ color: SIMD3<Float>) -> [MeshTriangle] {
    var m = MeshBuilder()
    m.quad(Vec3(-half, -half, z), Vec3(half, -half, z), Vec3(half, half, z), Vec3(-half, half, z), color)
    return m.triangles
}

// The camera at the origin looking along world +z (optical frame = identity).
let axisView = PinholeView(pose: .identity, fovYDegrees: 60, width: 64, height: 48)

@Test func aNearSurfaceHidesAFarOneWhateverTheDrawingOrder() {
    let far = square(z: 3, half: 6, SIMD3(255, 0, 0)), near = square(z: 1, half: 0.2, SIMD3(0, 0, 255))
    let a = ImageRenderer.render(far + near, view: axisView, width: 64, height: 48)
    let b = ImageRenderer.render(near + far, view: axisView, width: 64, height: 48)
    let same = a == b
    #expect(same)
    let centre = pixel(a, 32, 24), corner = pixel(a, 2, 2)
    #expect(centre.z > 0 && centre.x == 0, "centre \(centre) should be the near blue square")
    #expect(corner.x > 0 && corner.z == 0, "corner \(corner) should be the far red square")
}

@Test func trianglesCrossingTheNearPlaneAreClippedNotDropped() {
    // A floor under the camera reaching from behind it to far ahead.
    var m = MeshBuilder()
    m.quad(Vec3(-5, 0.5, -2), Vec3(5, 0.5, -2), Vec3(5, 0.5, 20), Vec3(-5, 0.5, 20), SIMD3(0, 200, 0))
    let img = ImageRenderer.render(m.triangles, view: axisView, width: 64, height: 48)
    let bottom = pixel(img, 32, 46), top = pixel(img, 32, 2)
    #expect(bottom.y > 0 && bottom.x == 0, "the floor fills the bottom: \(bottom)")
    #expect(top != bottom, "the sky is above the horizon")
}

@Test func theTUIAndTheCamerasProjectAlike() {
    // The TUI's 3D projector delegates to the same PinholeView the cameras use.
    let bounds = Bounds3(min: Vec3(-0.5, -0.5, 0), max: Vec3(0.5, 0.5, 0.4))
    let proj = Projector(camera: Camera.defaultFor(.perspective, tabletop: true), bounds: bounds, pixelWidth: 120, pixelHeight: 80)
    let p = Vec3(0.1, -0.2, 0.15)
    let a = proj.project(p), b = proj.pinhole?.project(p)
    let same = a != nil && a == b
    #expect(same)
}

@Test func anObjectShowsWhereItsProjectionSays() throws {
    let (model, state) = try world("libero_spatial")
    let cam = try #require(model.camera(named: "agentview"))
    let view = PinholeView(pose: model.cameraPose(cam, state), fovYDegrees: cam.fovYDegrees, width: cam.width, height: cam.height)
    let with = ImageRenderer.render(model, state, camera: cam)
    for i in model.objects.indices {
        let o = model.objects[i]
        // Something stacked on it hides its top (the bowl on the cookie box).
        let c = state.objects[i].pose.translation
        let covered = state.objects.indices.contains { j in
            let d = state.objects[j].pose.translation
            return j != i && d.z > c.z && abs(d.x - c.x) < o.shape.halfFootprint.x && abs(d.y - c.y) < o.shape.halfFootprint.y
        }
        if covered { continue }
        let top = state.objects[i].pose.translation + Vec3(0, 0, o.shape.height / 2 * 0.9)
        guard let s = view.project(top) else { Issue.record("\(o.name) is behind the agentview camera"); continue }
        let x = Int(s.x), y = Int(s.y)
        #expect((0..<cam.width).contains(x) && (0..<cam.height).contains(y), "\(o.name) at \(s) is outside the image")
        guard (0..<cam.width).contains(x), (0..<cam.height).contains(y) else { continue }
        // Move it away: that pixel must change (it was the object's).
        var gone = state
        gone.objects[i].pose.translation += Vec3(0, 0, -50)
        let without = ImageRenderer.render(model, gone, camera: cam)
        let changed = pixel(with, x, y) != pixel(without, x, y)
        #expect(changed, "\(o.name)'s pixel (\(x), \(y)) did not change when it was removed")
    }
}

@Test func aRedObjectLooksRed() throws {
    let (model, start) = try world("libero_spatial")
    let i = try #require(model.objects.firstIndex(where: { $0.color == "red" }), "the scene has a red object")
    let cam = try #require(model.camera(named: "agentview"))
    let view = PinholeView(pose: model.cameraPose(cam, start), fovYDegrees: cam.fovYDegrees, width: cam.width, height: cam.height)
    // Clear its top (a bowl stands on the cookie box).
    var state = start
    for j in state.objects.indices where j != i { state.objects[j].pose.translation.z -= 50 }
    let img = ImageRenderer.render(model, state, camera: cam)
    let s = try #require(view.project(state.objects[i].pose.translation + Vec3(0, 0, model.objects[i].shape.height * 0.45)))
    let p = pixel(img, Int(s.x), Int(s.y))
    #expect(p.x > p.y * 2 && p.x > p.z * 2, "\(model.objects[i].name) is \(p)")
}

@Test func imagesAreDeterministic() throws {
    let (model, state) = try world("aloha_bimanual")
    for cam in model.cameras {
        let same = ImageRenderer.render(model, state, camera: cam) == ImageRenderer.render(model, state, camera: cam)
        #expect(same, "\(cam.name)")
    }
}

@Test func theWristCameraRidesOnTheTool() throws {
    let (model, state) = try world("libero_spatial")
    let cam = try #require(model.camera(named: "wrist"))
    var moved = state
    moved.q[0] += 0.4
    moved.q[3] += 0.3
    for s in [state, moved] {
        let rel = model.toolPose(s, arm: 0).inverse * model.cameraPose(cam, s)
        let ref = model.toolPose(state, arm: 0).inverse * model.cameraPose(cam, state)
        #expect(length(rel.translation - ref.translation) < 1e-9)
        #expect(rel.rotation.maxDifference(ref.rotation) < 1e-9)
    }
    let before = ImageRenderer.render(model, state, camera: cam), after = ImageRenderer.render(model, moved, camera: cam)
    let differ = before != after
    #expect(differ, "the wrist image must change when the arm moves")
    // The agentview does not move with the arm.
    let av = try #require(model.camera(named: "agentview"))
    #expect(model.cameraPose(av, state) == model.cameraPose(av, moved))
}

@Test func theWristCameraLooksDownAtTheTable() throws {
    let (model, state) = try world("libero_spatial")
    let cam = try #require(model.camera(named: "wrist"))
    let pose = model.cameraPose(cam, state)
    #expect(pose.rotation.c2.z < -0.8, "a Panda at home points its tool down; the wrist camera looks along it: \(pose.rotation.c2)")
    let img = ImageRenderer.render(model, state, camera: cam)
    // The middle of the image is the (brown) table, not the sky.
    let p = pixel(img, cam.width / 2, cam.height / 2)
    #expect(p.x > p.z, "centre pixel \(p)")
}

@Test func everySceneHasItsConventionalCameras() throws {
    let expected: [String: [String]] = [
        "libero_spatial": ["agentview", "wrist"], "aloha_bimanual": ["agentview", "left_wrist", "right_wrist"],
        "nav_apartment": ["agentview", "ego"], "mobile_kitchen": ["agentview", "wrist", "ego"],
    ]
    for (scene, names) in expected {
        let (model, state) = try world(scene)
        #expect(model.cameras.map(\.name) == names, "\(scene)")
        for c in model.cameras {
            #expect(c.width == 224 && c.height == 224)
            let img = ImageRenderer.render(model, state, camera: c)
            #expect(img.pixels.count == 224 * 224 * 3)
            // Not one flat colour: something is in view.
            let first = pixel(img, 0, 0)
            var distinct = 0
            for y in stride(from: 0, to: 224, by: 8) { for x in stride(from: 0, to: 224, by: 8) where pixel(img, x, y) != first { distinct += 1 } }
            #expect(distinct > 50, "\(scene) \(c.name) shows almost nothing")
        }
    }
}
