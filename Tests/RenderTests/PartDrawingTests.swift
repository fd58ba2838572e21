import Assets
import Foundation
import Spatial
import Testing
import World
@testable import Render
import TestSupport

/// libero_goal (its cabinet's three drawers, the stove's knob) with the top drawer
/// and the knob at the values given.
func liberoGoalWithParts(topDrawer: Double = 0, knob: Double = 0) throws -> (WorldModel, WorldState) {
    var (model, state) = try world("libero_goal")
    let drawer = try #require(model.scene.partIndex("top_drawer")), dial = try #require(model.scene.partIndex("stove_knob"))
    state.parts[drawer].value = topDrawer
    state.parts[dial].value = knob
    return (model, state)
}

/// The colour a flat, upward-facing surface of `rgb` takes in a camera image.
func litFromAbove(_ rgb: SIMD3<Float>) -> SIMD3<Int> {
    let shaded = rgb * (ImageRenderer.ambient + (1 - ImageRenderer.ambient) * ImageRenderer.light.z)
    return SIMD3<Int>(shaded.rounded(.toNearestOrEven))
}

func near(_ a: SIMD3<Int>, _ b: SIMD3<Int>, within t: Int = 2) -> Bool {
    abs(a.x - b.x) <= t && abs(a.y - b.y) <= t && abs(a.z - b.z) <= t
}

@Test func anOpenDrawerShowsInTheCameraWhereAClosedOneShowsTable() throws {
    let (model, start) = try liberoGoalWithParts(topDrawer: 0)
    var closed = start
    let i = try #require(model.scene.partIndex("top_drawer"))
    let drawer = model.scene.parts[i]
    // Objects out of the way (under the ground), so that behind the drawer is table.
    for k in closed.objects.indices { closed.objects[k].pose = Pose(translation: Vec3(0.5, 0, -5)) }
    var open = closed
    open.parts[i].value = drawer.upper

    // agentview looks from behind the cabinet and above it: it sees into the open
    // tray past the cabinet's top. A point on the tray's floor, toward its front.
    let cam = try #require(model.camera(named: "agentview"))
    let view = PinholeView(pose: model.cameraPose(cam, closed), fovYDegrees: cam.fovYDegrees, width: cam.width, height: cam.height)
    let floorPoint = drawer.center + drawer.axis * drawer.upper + Vec3(-0.035, 0, -drawer.size.z / 2 + ArticulatedPart.wall)
    let s = try #require(view.project(floorPoint))
    let x = clampedInt(s.x, .down), y = clampedInt(s.y, .down)
    try #require((0..<cam.width).contains(x) && (0..<cam.height).contains(y), "the tray's floor at \(s) is outside the image")

    let shut = pixel(ImageRenderer.render(model, closed, camera: cam), x, y)
    let out = pixel(ImageRenderer.render(model, open, camera: cam), x, y)
    let table = litFromAbove(ImagePalette.of(.brown))
    let tray = litFromAbove(ImagePalette.of(Color.named(drawer.color)) * 0.85)
    #expect(near(shut, table), "closed: \(shut) should be the table \(table)")
    #expect(near(out, tray), "open: \(out) should be the drawer's floor \(tray)")
    #expect(abs(out.x - shut.x) + abs(out.y - shut.y) + abs(out.z - shut.z) > 20, "open \(out) vs closed \(shut)")
}

@Test func aDrawerIsATrayWithAHandleOutFront() throws {
    let (model, state) = try liberoGoalWithParts(topDrawer: 0.12)
    let solid = try #require(ScenePrimitives.parts(model, state).first { $0.part.name == "top_drawer" })
    #expect(solid.body.count == 5)   // floor and four walls: its inside shows
    // Nothing of the body covers the middle of the tray above its floor.
    let inside = solid.part.center + solid.part.axis * 0.12
    #expect(!solid.body.contains { contains($0, inside) })
    // The handle reaches from the front face out to the handle point, which moved with the drawer.
    let handle = try #require(solid.grip.first)
    let tip = solid.part.handlePoint(0.12)
    #expect(contains(handle, tip))
    #expect(abs(tip.x - (0.65 - 0.12)) < 1e-9)
    #expect(handle.max.x >= solid.part.center.x - 0.12 - solid.part.size.x / 2)   // touches the front face
}

@Test func aTurnedKnobsPointerMovesRoundTheDial() throws {
    let (model, _) = try liberoGoalWithParts()
    let knob = try #require(model.scene.parts.first { $0.kind == .knob })
    let off = ScenePrimitives.solid(knob, PartState(value: knob.lower))
    let on = ScenePrimitives.solid(knob, PartState(value: knob.upper))
    let tipOff = try #require(off.grip.last).center, tipOn = try #require(on.grip.last).center
    #expect(length(tipOff - knob.handlePoint(knob.lower)) < 1e-9)
    #expect(length(tipOn - knob.handlePoint(knob.upper)) < 1e-9)
    // A quarter turn moves the tab a quarter of the way round: √2 × its radius.
    let radius = length(Vec3(knob.handle.x - knob.pivot.x, knob.handle.y - knob.pivot.y, 0))
    #expect(abs(length(tipOn - tipOff) - radius * 2.0.squareRoot()) < 0.002)
    #expect(off.body.first == on.body.first)             // the dial itself stays
    #expect(off.gripColor != on.gripColor)               // on reads as on
}

@Test func aTurnedDoorIsAStaircaseOfSlabsAlongItsNewWidth() {
    // A 0.4 m wide door in the y-z plane, hinged on its +y edge about z.
    let door = ArticulatedPart(name: "door", kind: .door, center: Vec3(1, 0, 0.3), size: Vec3(0.02, 0.4, 0.6), axis: Vec3(0, 0, 1),
                               pivot: Vec3(1, 0.2, 0.3), handle: Vec3(0.97, -0.17, 0.3), lower: 0, upper: 1.6)
    let shut = ScenePrimitives.solid(door, PartState(value: 0))
    #expect(shut.body.count == ScenePrimitives.doorSlabs)
    let span = { (boxes: [Bounds3]) -> Bounds3 in
        var b = Bounds3.empty
        for x in boxes { b.add(x.min); b.add(x.max) }
        return b
    }
    #expect(abs(span(shut.body).size.y - 0.4) < 1e-9 && abs(span(shut.body).size.x - 0.02) < 1e-9)
    // A quarter turn about the hinge swings the width onto x.
    let swung = span(ScenePrimitives.solid(door, PartState(value: .pi / 2)).body)
    #expect(swung.size.x > 0.38 && swung.size.y < 0.03)
    let handle = ScenePrimitives.solid(door, PartState(value: .pi / 2)).grip[0]
    #expect(contains(handle, door.handlePoint(.pi / 2)))
}

@Test func aButtonLightsWhenOn() {
    let button = ArticulatedPart(name: "b", kind: .button, color: "red", center: Vec3(0.5, 0, 0.01), size: Vec3(0.03, 0.03, 0.02),
                                 axis: Vec3(0, 0, 1), pivot: Vec3(0.5, 0, 0.01), handle: Vec3(0.5, 0, 0.02), lower: 0, upper: 1)
    #expect(ScenePrimitives.solid(button, PartState(value: 0)).color == .red)
    #expect(ScenePrimitives.solid(button, PartState(value: 1)).color != .red)
}

func contains(_ b: Bounds3, _ p: Vec3) -> Bool {
    p.x >= b.min.x - 1e-9 && p.y >= b.min.y - 1e-9 && p.z >= b.min.z - 1e-9 && p.x <= b.max.x + 1e-9 && p.y <= b.max.y + 1e-9 && p.z <= b.max.z + 1e-9
}
