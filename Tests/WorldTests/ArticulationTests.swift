import Assets
import Kinematics
import Spatial
import Testing
import World

/// A cabinet with a drawer that slides toward the robot, a hinged door, a knob and a
/// button, a bowl and a cube, and a wall of a box behind the plate.
let articulatedScene = """
name: test_articulated
family: manipulation
robot: franka_panda
table: {center: [0.5, 0], size: [0.9, 1.0], height: 0}
fixtures:
  - {name: cabinet, center: [0.74, 0.2, 0.11], size: [0.14, 0.24, 0.22], color: brown}
  - {name: stop_block, center: [0.3, -0.3, 0.03], size: [0.04, 0.1, 0.06], color: gray}
parts:
  - {name: drawer, kind: drawer, in: cabinet, center: [0.73, 0.2, 0.11], size: [0.13, 0.2, 0.06], axis: [-1, 0, 0], travel: [0, 0.12], handle: [0.65, 0.2, 0.12]}
  - {name: knob, kind: knob, center: [0.5, -0.37, 0.015], size: [0.03, 0.03, 0.03], axis: [0, 0, 1], travel: [0, 1.57], handle: [0.47, -0.37, 0.03]}
  - {name: hatch, kind: door, center: [0.55, 0.42, 0.1], size: [0.1, 0.01, 0.1], axis: [0, 0, 1], pivot: [0.5, 0.42, 0.1], travel: [0, 1.5], handle: [0.59, 0.41, 0.1]}
  - {name: button, kind: button, center: [0.3, 0.3, 0.01], size: [0.03, 0.03, 0.02]}
objects:
  - {name: bowl, shape: bowl, radius: 0.04, height: 0.045, color: black, graspable: true, at: [0.4, 0.1]}
  - {name: cube, shape: box, size: [0.02, 0.02, 0.02], color: red, at: [0.4, 0.1], on: bowl}
  - {name: plate, shape: plate, radius: 0.06, height: 0.015, color: white, at: [0.45, -0.2]}
tasks:
  - {instruction: open the drawer, goal: "open(drawer)", max_steps: 200}
"""

@Test func aDrawerFollowsTheToolAlongItsAxisAndAKnobAroundItsArc() throws {
    let (model, _) = try makeWorld(articulatedScene)
    let drawer = model.scene.parts[model.partIndex("drawer")!]
    // 5 cm toward the robot along the axis is 5 cm open; 2 cm across it does not count.
    #expect(abs(drawer.value(followingTool: Vec3(0.60, 0.22, 0.12), near: 0) - 0.05) < 1e-12)
    #expect(drawer.clamped(0.2) == 0.12 && drawer.clamped(-0.1) == 0)
    #expect(length(drawer.handlePoint(0.1) - Vec3(0.55, 0.2, 0.12)) < 1e-12)
    // The knob's tab at -x turned to -y is a quarter turn counter-clockwise (about +z).
    let knob = model.scene.parts[model.partIndex("knob")!]
    #expect(abs(knob.value(followingTool: Vec3(0.5, -0.4, 0.03), near: 0) - .pi / 2) < 1e-9)
    #expect(length(knob.handlePoint(.pi / 2) - Vec3(0.5, -0.4, 0.03)) < 1e-9)
    // A door's panel turns about its hinge: at 90° its far edge points along +y.
    let hatch = model.scene.parts[model.partIndex("hatch")!]
    let turned = hatch.transform(.pi / 2) * Vec3(0.6, 0.42, 0.1)
    #expect(length(turned - Vec3(0.5, 0.52, 0.1)) < 1e-9)
}

@Test func thresholdsDecideOpenClosedAndOnOff() throws {
    let (model, s0) = try makeWorld(articulatedScene)
    let d = model.partIndex("drawer")!, k = model.partIndex("knob")!, b = model.partIndex("button")!
    var s = s0
    #expect(GoalEvaluator.evaluate(.closed("drawer"), model, s) && !GoalEvaluator.evaluate(.open("drawer"), model, s))
    s.parts[d].value = 0.071   // 60 % of 0.12 is 0.072
    #expect(!GoalEvaluator.evaluate(.open("drawer"), model, s) && !GoalEvaluator.evaluate(.closed("drawer"), model, s))
    s.parts[d].value = 0.072
    #expect(GoalEvaluator.evaluate(.open("drawer"), model, s))
    s.parts[d].value = 0.0099  // closed within 1 cm
    #expect(GoalEvaluator.evaluate(.closed("drawer"), model, s))
    #expect(GoalEvaluator.evaluate(.turnedOff("knob"), model, s) && !GoalEvaluator.evaluate(.turnedOn("knob"), model, s))
    s.parts[k].value = 0.785  // half of 1.57
    #expect(GoalEvaluator.evaluate(.turnedOn("knob"), model, s))
    s.parts[b].value = 1
    #expect(GoalEvaluator.evaluate(.turnedOn("button"), model, s) && !GoalEvaluator.evaluate(.turnedOff("button"), model, s))
    #expect(try GoalParser.parse("open(drawer) and turned_on(knob) and not closed(hatch)").names == ["drawer", "knob", "hatch"])
}

@Test func aGraspedHandlePullsTheDrawerWithinItsLimitsAndRefusesBeyondOrAcross() throws {
    let (model, s0) = try makeWorld(articulatedScene)
    let d = model.partIndex("drawer")!
    var s = s0
    placeTool(model, &s, at: Vec3(0.65, 0.2, 0.12))
    var r = Controller.step(model, s, action: pandaAction(open: false))
    #expect(r.state.parts[d].heldBy == 0)
    #expect(r.events.contains { $0.kind == .grasp && $0.message.contains("handle of drawer") })
    // Put the cube in the tray (as if placed there), then pull toward the robot (joint
    // speed limits make each step travel less than asked: pull until it stops).
    s = r.state
    let cube = model.objectIndex("cube")!
    s.objects[cube].pose.translation = Vec3(0.72, 0.2, model.scene.parts[d].floorHeight + 0.01)
    var previous = -1.0
    for _ in 0..<12 where s.parts[d].value > previous + 1e-9 {
        previous = s.parts[d].value
        let left = 0.12 - s.parts[d].value
        r = Controller.step(model, s, action: pandaAction(Vec3(-min(0.02, left), 0, 0), open: false)); s = r.state
    }
    #expect(abs(s.parts[d].value - 0.12) < 0.004)
    #expect(abs(s.objects[cube].pose.translation.x - (0.72 - s.parts[d].value)) < 1e-9, "the tray's contents ride along")
    #expect(GoalEvaluator.evaluate(.inside("cube", "drawer"), model, s))
    // Past the limit: refused, the arm stays put.
    let q = s.q
    r = Controller.step(model, s, action: pandaAction(Vec3(-0.03, 0, 0), open: false))
    #expect(r.events.contains { $0.kind == .blocked && $0.message.contains("drawer blocked at 0.12 m") })
    #expect(r.state.q == q && r.state.parts[d].value == s.parts[d].value)
    // Across the axis by 4 cm: refused too.
    r = Controller.step(model, s, action: pandaAction(Vec3(0, 0.04, 0), open: false))
    #expect(r.events.contains { $0.kind == .blocked && $0.message.contains("left its track") })
    #expect(r.state.q == q)
    // Back in: closes, and opening the hand lets go of the handle.
    for _ in 0..<10 { s = Controller.step(model, s, action: pandaAction(Vec3(min(0.02, s.parts[d].value), 0, 0), open: false)).state }
    #expect(GoalEvaluator.evaluate(.closed("drawer"), model, s))
    s = Controller.step(model, s, action: pandaAction(open: true)).state
    #expect(s.parts[d].heldBy == nil)
}

@Test func aButtonTogglesOncePerPress() throws {
    let (model, s0) = try makeWorld(articulatedScene)
    let b = model.partIndex("button")!
    var s = s0
    placeTool(model, &s, at: Vec3(0.3, 0.3, 0.06))
    func press(down: Bool) {
        // Down to 1.5 cm above the button's centre, or up to 6 cm, a centimetre a step.
        for _ in 0..<20 {
            let z = model.toolPose(s, arm: 0).translation.z
            let goal = down ? 0.025 : 0.06
            if abs(z - goal) < 0.002 { break }
            s = Controller.step(model, s, action: pandaAction(Vec3(0, 0, max(-0.01, min(0.01, goal - z))), open: false)).state
        }
    }
    press(down: true)
    #expect(s.parts[b].value == 1 && s.parts[b].pressed)
    s = Controller.step(model, s, action: pandaAction(Vec3(0, 0, -0.003), open: false)).state
    #expect(s.parts[b].value == 1, "held down, it does not toggle again")
    press(down: false)
    #expect(!s.parts[b].pressed)
    press(down: true)
    #expect(s.parts[b].value == 0)
}

@Test func closedFingersPushAPlateAlongTheContactNormalAndAFixtureStopsIt() throws {
    let (model, s0) = try makeWorld(articulatedScene)
    let plate = model.objectIndex("plate")!
    var s = s0
    s.gripper[0] = 0
    let start = s.objects[plate].pose.translation   // (0.45, -0.2)
    // Fingers down on the far side (+x) of the plate, then toward -x.
    placeTool(model, &s, at: Vec3(start.x + 0.06 + 0.012 + 0.01, start.y, 0.016))
    for _ in 0..<4 { s = Controller.step(model, s, action: pandaAction(Vec3(-0.01, 0, 0), open: false)).state }
    let moved = s.objects[plate].pose.translation
    #expect(moved.x < start.x - 0.02, "pushed toward -x")
    #expect(abs(moved.y - start.y) < 0.002 && abs(moved.z - start.z) < 1e-9, "along the normal, on the table")
    // Toward the stop block (x 0.28…0.32, y -0.35…-0.25): it stops at the block, never inside it.
    var events: [WorldEvent] = []
    for _ in 0..<12 {
        let r = Controller.step(model, s, action: pandaAction(Vec3(-0.01, 0, 0), open: false))
        s = r.state; events += r.events
    }
    let p = s.objects[plate].pose.translation
    let dx = max(abs(p.x - 0.3) - 0.02, 0), dy = max(abs(p.y + 0.3) - 0.05, 0)
    #expect((dx * dx + dy * dy).squareRoot() >= 0.06 - 1e-6, "the plate's disc stays clear of the block")
    #expect(events.contains { $0.kind == .blocked && $0.message.contains("stop_block") })
}

@Test func aCarriedBowlTakesItsContentsAlong() throws {
    let (model, s0) = try makeWorld(articulatedScene)
    let bowl = model.objectIndex("bowl")!, cube = model.objectIndex("cube")!
    var s = s0
    let offset = s.objects[cube].pose.translation - s.objects[bowl].pose.translation
    placeTool(model, &s, at: s.objects[bowl].pose.translation)
    s = Controller.step(model, s, action: pandaAction(open: false)).state
    #expect(s.objects[bowl].heldBy == 0)
    for _ in 0..<3 { s = Controller.step(model, s, action: pandaAction(Vec3(0.01, 0.01, 0.03), open: false)).state }
    #expect(s.objects[bowl].pose.translation.z > s0.objects[bowl].pose.translation.z + 0.05)
    #expect(length(s.objects[cube].pose.translation - s.objects[bowl].pose.translation - offset) < 1e-6)
    // Released, the bowl settles and the cube is still in it.
    s = Controller.step(model, s, action: pandaAction(open: true)).state
    #expect(GoalEvaluator.evaluate(.inside("cube", "bowl"), model, s))
    #expect(abs(s.objects[bowl].pose.translation.z - s0.objects[bowl].pose.translation.z) < 1e-9)
}

@Test func aPartFileMistakeIsLocated() throws {
    let broken = articulatedScene.replacingOccurrences(of: "travel: [0, 0.12]", with: "travel: [0.12, 0]")
    #expect(throws: AssetError.self) { try loadScene(broken) }
    do { _ = try loadScene(broken) } catch let e as AssetError {
        #expect(e.line == 9 && e.description.contains("lower < upper"))
    }
    let noPivot = articulatedScene.replacingOccurrences(of: "pivot: [0.5, 0.42, 0.1], ", with: "")
    do { _ = try loadScene(noPivot); Issue.record("a door without a pivot loaded") } catch let e as AssetError {
        #expect(e.description.contains("pivot"))
    }
}
