import Foundation
import Spatial
import Testing
import World

// One validation: what the controller refuses is what ActionValidation reports,
// and a chunk check names the first bad action.

@Test func validationReportsWhatTheControllerRefuses() throws {
    let (model, state) = try makeWorld()
    let robot = model.robot
    let cases: [([Double], String?)] = [
        (pandaAction(), nil),
        (pandaAction() + [0], "expected 7 numbers [x, y, z, rx, ry, rz, gripper], got 8"),
        ([0, 0, .nan, 0, 0, 0, 1], "channel 2 (z) is nan; actions must be finite"),
        ([0, 0, 0, .infinity, 0, 0, 1], "channel 3 (rx) is inf; actions must be finite"),
        // Issue 15: finite but huge numbers trapped later (Int conversions in formatting); refused here.
        ([1e16, 0, 0, 0, 0, 0, 1], "channel 0 (x) is 1e+16; actions must lie within ±1000000"),
        ([0, 0, 0, 0, 0, 0, -1e300], "channel 6 (gripper) is -1e+300; actions must lie within ±1000000"),
        ([0, 0, 0, 0, 0, 0, 1e6], nil),
    ]
    for (action, expected) in cases {
        #expect(ActionValidation.problem(in: action, robot: robot) == expected)
        let r = Controller.step(model, state, action: action)
        #expect(r.refused == (expected != nil))
        if let expected { #expect(r.events.map(\.message) == [expected] && r.state == state) }
    }
}

@Test func validationChecksMeaningOnlyWhenAskedTo() throws {
    let quaternionPanda = try robotVariant("franka_panda", [("rotation: axis_angle", "rotation: quaternion"), ("channel: 6", "channel: 7")])
    let zero: [Double] = [0, 0, 0, 0, 0, 0, 0, -1]
    #expect(ActionValidation.problem(in: zero, robot: quaternionPanda) == "quaternion (w, x, y, z) has zero length")
    #expect(ActionValidation.shapeProblem(in: zero, robot: quaternionPanda) == nil)
    let discrete = try robotVariant("turtlebot3_waffle", [("mode: base_waypoint", "mode: base_discrete")])
    #expect(ActionValidation.problem(in: [1.5], robot: discrete)?.contains("discrete command must be 0 (stop)") == true)
    #expect(ActionValidation.problem(in: [2], robot: discrete) == nil)
    #expect(ActionValidation.shapeProblem(in: [1.5], robot: discrete) == nil)
}

@Test func aChunkCheckNamesTheFirstBadAction() throws {
    let (model, _) = try makeWorld()
    let chunk = [pandaAction(), pandaAction(), [0, 0, 0, 0, 0, 0], [Double](repeating: .nan, count: 7)]
    let problem = try #require(ActionValidation.firstProblem(in: chunk, robot: model.robot))
    #expect(problem.index == 2 && problem.message.contains("got 6"))
    #expect(ActionValidation.firstProblem(in: Array(chunk.prefix(2)), robot: model.robot) == nil)
}

@Test func heldObjectsAreCarriedWithTheTool() throws {
    let (model, start) = try makeWorld()
    var s = start
    let cube = try #require(model.objectIndex("red_cube"))
    placeTool(model, &s, at: s.objects[cube].pose.translation)
    s.objects[cube].heldBy = 0
    s.objects[cube].grip = model.toolPose(s, arm: 0).inverse * s.objects[cube].pose
    s.q[0] += 0.2
    Grasping.carryHeldObjects(model, &s)
    let expected = model.toolPose(s, arm: 0) * s.objects[cube].grip
    #expect(length(s.objects[cube].pose.translation - expected.translation) < 1e-12)
    #expect(isGripperOpen(0.5) && isGripperOpen(1) && !isGripperOpen(0.49) && !isGripperOpen(0))
}
