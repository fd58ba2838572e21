import Foundation
import Spatial
import Testing
import World

/// The world rules on their own, without a file: what the loaders enforce is a property
/// of models, so code that builds a model in memory can ask the same question.
@Suite struct WorldRulesTests {
    @Test func gripperChannelInvariantNamesTheExpectedChannel() throws {
        var panda = try robots.load("franka_panda")
        #expect(RobotRules.gripperChannels(of: panda) == nil)
        panda.control.grippers[0].channel = 3
        let (entry, violation) = try #require(RobotRules.gripperChannels(of: panda))
        #expect(entry == 0)
        #expect(violation.expected == "channel 6 (layout: x, y, z, rx, ry, rz, gripper)")
        #expect(violation.found == "channel 3" && violation.subfield == ".channel")
    }

    @Test func homeOutsideTheLimitsPointsAtTheValue() throws {
        let panda = try robots.load("franka_panda")
        var home = panda.home
        home[1] = 100
        let violation = try #require(RobotRules.home(home, tree: panda.tree))
        #expect(violation.subfield == "[1]" && violation.expected == "values within the joint limits")
        #expect(RobotRules.home(Array(home.prefix(2)), tree: panda.tree)?.found == "2")
    }

    @Test func familiesNeedTheirKindOfRobot() throws {
        let panda = try robots.load("franka_panda"), turtle = try robots.load("turtlebot3_waffle")
        #expect(SceneRules.compatibility(family: .manipulation, robot: panda) == nil)
        #expect(SceneRules.compatibility(family: .navigation, robot: panda) == "a robot with a mobile base for a navigation scene")
        #expect(SceneRules.compatibility(family: .navigation, robot: turtle) == nil)
        #expect(SceneRules.compatibility(family: .trajectory, robot: turtle) == nil)
    }

    @Test func reachabilityExemptsMobileBasesAndRefusesFarObjects() throws {
        let panda = try robots.load("franka_panda"), mobile = try robots.load("mobile_panda")
        func cube(at x: Double) -> SceneObject {
            SceneObject(name: "cube", shape: .box(size: Vec3(0.04, 0.04, 0.04)), color: "red", category: "cube", graspable: true,
                        container: false, start: Pose(translation: Vec3(x, 0, 0.02)))
        }
        #expect(SceneRules.reachability(of: cube(at: 0.5), robot: panda, basePose: .identity, start: Pose2D()) == nil)
        let far = try #require(SceneRules.reachability(of: cube(at: 3), robot: panda, basePose: .identity, start: Pose2D()))
        #expect(far.found == "[3.000, 0.000, 0.020] is out of reach" && far.subfield == ".at")
        #expect(SceneRules.reachability(of: cube(at: 3), robot: mobile, basePose: .identity, start: Pose2D()) == nil)
    }

    @Test func aMisspeltGoalNameGetsTheSameSuggestionEveryTime() throws {
        let goal = try GoalParser.parse("in(bowl_9, basket)")
        let known: Set<String> = ["bowl_1", "bowl_2", "bowl_3", "basket"]
        let violation = try #require(SceneRules.goalNames(goal, text: "in(bowl_9, basket)", known: known))
        // Three names tie at distance 1; the alphabetically first is offered, whatever the Set's order.
        #expect(violation.hint == "did you mean `bowl_1`?")
        #expect(violation.found == "`bowl_9` in in(bowl_9, basket)")
    }
}
