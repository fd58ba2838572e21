import Assets
import World
import Foundation
import Spatial
import Testing

/// Small URDFs for the constructs of issue 15: what Pinocchio loads loads here too
/// (item 12), and what cannot be a robot is refused with a located error (item 4).

/// A two-link arm: base → shoulder (revolute about z, 0.1 m up) → elbow (JOINT) → tip
/// (fixed, 0.3 m along x). `joint` and `tipAxis` vary the constructs under test.
func twoLinkURDF(elbow: String = #"<joint name="elbow" type="revolute"><parent link="upper"/><child link="fore"/><origin xyz="0.2 0 0"/><axis xyz="0 1 0"/><limit lower="-1" upper="1" velocity="2"/></joint>"#,
                 tipAxis: String = "", extra: String = "") -> String {
    """
    <?xml version="1.0"?>
    <robot name="two_link">
      <link name="base"/><link name="upper"/><link name="fore"/><link name="tip"/>
      <joint name="shoulder" type="revolute"><parent link="base"/><child link="upper"/><origin xyz="0 0 0.1"/><axis xyz="0 0 1"/><limit lower="-3" upper="3" velocity="2"/></joint>
      \(elbow)
      <joint name="tip_fixed" type="fixed"><parent link="fore"/><child link="tip"/><origin xyz="0.3 0 0"/>\(tipAxis)</joint>
      \(extra)
    </robot>
    """
}

func twoLinkCard(home: String = "[0, 0]", control: String = "joint_position") -> String {
    """
    name: two_link
    tag: Two-link test arm
    arms:
      - {name: main, urdf: two_link.urdf, urdf_base: base, urdf_tip: tip}
    home: \(home)
    control: {mode: \(control), frequency_hz: 10, chunk: 4}
    """
}

func loadTwoLink(_ urdf: String, home: String = "[0, 0]") throws -> RobotModel {
    try RobotCardLoader.load(text: twoLinkCard(home: home), file: "two_link.yaml", directory: robotsDir,
                             readFile: { $0.hasSuffix(".urdf") ? urdf : nil })
}

func twoLinkError(_ urdf: String) -> AssetError? {
    do { _ = try loadTwoLink(urdf); return nil } catch let e as AssetError { return e } catch { return nil }
}

@Test func aZeroAxisOnAFixedJointIsIgnoredAsTheSpecSays() throws {
    let robot = try loadTwoLink(twoLinkURDF(tipAxis: #"<axis xyz="0 0 0"/>"#))
    // FK at q = (0.5, 0.3): shoulder turns about z, elbow about y; the tip sits 0.3 m past the elbow.
    let q = [0.5, 0.3]
    let p = robot.arms[0].chain.pose(q).translation
    let elbow = Vec3(0.2 * cos(0.5), 0.2 * sin(0.5), 0.1)
    let forearm = Vec3(0.3 * cos(0.3) * cos(0.5), 0.3 * cos(0.3) * sin(0.5), -0.3 * sin(0.3))
    #expect(length(p - (elbow + forearm)) < 1e-12, "tip at \(p)")
    // A zero axis on a movable joint is still an error.
    let bad = twoLinkError(twoLinkURDF(elbow: #"<joint name="elbow" type="revolute"><parent link="upper"/><child link="fore"/><axis xyz="0 0 0"/><limit lower="-1" upper="1" velocity="2"/></joint>"#))
    #expect(bad?.field == "joint[elbow].axis.xyz")
}

@Test func aRevoluteJointWithoutRangeLoadsAndSaysItCannotMove() throws {
    for limit in [#"<limit lower="0" upper="0" velocity="2"/>"#, #"<limit velocity="2"/>"#] {
        let urdf = twoLinkURDF(elbow: #"<joint name="elbow" type="revolute"><parent link="upper"/><child link="fore"/><origin xyz="0.2 0 0"/><axis xyz="0 1 0"/>"# + limit + "</joint>")
        let robot = try loadTwoLink(urdf)
        #expect(robot.notes.contains { $0.contains("joint elbow") && $0.contains("cannot move") }, "\(robot.notes)")
        let p = robot.arms[0].chain.pose([0.5, 0]).translation
        #expect(length(p - Vec3(0.5 * cos(0.5), 0.5 * sin(0.5), 0.1)) < 1e-12, "tip at \(p)")
    }
    // lower > upper is still refused.
    let reversed = twoLinkURDF(elbow: #"<joint name="elbow" type="revolute"><parent link="upper"/><child link="fore"/><axis xyz="0 1 0"/><limit lower="1" upper="-1" velocity="2"/></joint>"#)
    #expect(twoLinkError(reversed)?.field == "joint[elbow].limit")
}

@Test func aKinematicCycleIsRefusedWhereverItIs() throws {
    // Two links each other's parent, apart from the chain the card uses.
    let cycle = """
    <link name="a"/><link name="b"/>
    <joint name="ab" type="fixed"><parent link="a"/><child link="b"/></joint>
    <joint name="ba" type="fixed"><parent link="b"/><child link="a"/></joint>
    """
    let e = try #require(twoLinkError(twoLinkURDF(extra: cycle)))
    #expect(e.expected.contains("without cycles"), "\(e)")
    #expect(e.field == "joint[ab]" || e.field == "joint[ba]")
    #expect(e.line > 1)
}

@Test func hostileURDFNumbersAreRefusedWithTheirLocation() throws {
    let hostile = [#"lower="-1e308" upper="1e308""#, #"lower="-1" upper="0x1p1""#, #"lower="nan" upper="1""#, #"lower="-1" upper="1e18""#]
    for limits in hostile {
        let urdf = twoLinkURDF(elbow: #"<joint name="elbow" type="revolute"><parent link="upper"/><child link="fore"/><axis xyz="0 1 0"/>"#
                               + "\n<limit \(limits) velocity=\"2\"/></joint>")
        let e = try #require(twoLinkError(urdf), "\(limits) loaded")
        #expect(e.field.hasPrefix("joint[elbow].limit."), "\(e)")
        #expect(e.expected == "a decimal number from -1000 to 1000", "\(e)")
        #expect(e.line == lineNumber(of: "<limit \(limits)", in: urdf), "\(e)")
    }
    let far = twoLinkError(twoLinkURDF(tipAxis: "", extra: "").replacingOccurrences(of: #"<origin xyz="0.3 0 0"/>"#, with: #"<origin xyz="1e300 0 0"/>"#))
    #expect(far?.field == "joint[tip_fixed].origin.xyz")
}
