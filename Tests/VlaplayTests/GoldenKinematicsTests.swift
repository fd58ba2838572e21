import Assets
import Foundation
import Kinematics
import Spatial
import Testing
import World
import TestSupport

struct GoldenSample: Decodable {
    var q: [Double]
    var position: [Double]
    var rotation_row_major: [Double]
}
struct GoldenFile: Decodable {
    var robot: String
    var library: String
    var samples: [GoldenSample]
}

func loadGolden(_ name: String) throws -> GoldenFile {
    let data = try Data(contentsOf: URL(fileURLWithPath: repoRoot + "/Tests/VlaplayTests/Golden/\(name)_fk.json"))
    return try JSONDecoder().decode(GoldenFile.self, from: data)
}

/// FK of the shipped card against Pinocchio's values: 1e-9 m and 1e-9 rad.
func checkGolden(_ name: String, toolCorrection: Pose) throws {
    let golden = try loadGolden(name)
    #expect(golden.library == "pinocchio" && golden.samples.count >= 50)
    let robot = try RobotLibrary(directory: robotsDir).load(name)
    let chain = robot.arms[0].chain
    var worstPosition = 0.0, worstRotation = 0.0
    for s in golden.samples {
        let pose = chain.pose(s.q) * toolCorrection
        let expected = Mat3(rowMajor: s.rotation_row_major)!
        worstPosition = max(worstPosition, length(pose.translation - Vec3(s.position[0], s.position[1], s.position[2])))
        worstRotation = max(worstRotation, pose.rotation.angle(to: expected))
    }
    #expect(worstPosition < 1e-9, "\(name): worst position error \(worstPosition) m")
    #expect(worstRotation < 1e-9, "\(name): worst rotation error \(worstRotation) rad")
}

@Test func pandaForwardKinematicsMatchesPinocchio() throws {
    try checkGolden("franka_panda", toolCorrection: .identity)
}

@Test func ur5eForwardKinematicsMatchesPinocchio() throws {
    // The golden frame is UR's DH flange; the card adds the Robotiq 2F-85 TCP (0.1558 m).
    try checkGolden("ur5e", toolCorrection: Pose.translation(0, 0, 0.1558).inverse)
}

/// Full-pose IK on 1,000 random reachable targets per arm: >= 99.5 % to 1e-4 m / 1e-3 rad.
func ikSuccessRate(_ name: String, targets: Int = 1000) throws -> Double {
    let robot = try RobotLibrary(directory: robotsDir).load(name)
    let chain = robot.arms[0].chain
    var rng = SeededRandom(seed: 2024)
    var options = IKOptions()
    options.positionTolerance = 1e-4
    options.rotationTolerance = 1e-3
    var ok = 0
    for t in 0..<targets {
        let goal = chain.pose(robot.tree.randomConfiguration(&rng))
        options.seed = UInt64(t + 1)
        let r = chain.solveIK(target: goal, initial: robot.home, options: options)
        let reached = chain.pose(r.q)
        // Judge by an independent FK of the answer, not by the solver's word.
        if r.success, length(reached.translation - goal.translation) <= 1e-4,
           reached.rotation.angle(to: goal.rotation) <= 1e-3, robot.tree.withinLimits(r.q) {
            ok += 1
        }
    }
    return Double(ok) / Double(targets)
}

@Test func pandaFullPoseIKSucceedsOnRandomReachableTargets() throws {
    let rate = try ikSuccessRate("franka_panda")
    #expect(rate >= 0.995, "Panda IK success \(rate)")
}

@Test func ur5eFullPoseIKSucceedsOnRandomReachableTargets() throws {
    let rate = try ikSuccessRate("ur5e")
    #expect(rate >= 0.995, "UR5e IK success \(rate)")
}
