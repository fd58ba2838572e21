import Kinematics
import Spatial
import Testing
import World

let shutDoorCorridor = """
name: test_door
family: navigation
robot: turtlebot3_waffle
cell: 0.5
map: |
  ##########
  #...d...F#
  #T..d....#
  ##########
legend: {F: fridge, T: tv, d: {name: hall_door, door: shut}}
robot_start: {cell: [2, 1], yaw: 0}
success_distance: 0.6
tasks:
  - {instruction: go to the tv, goal: "near(robot, tv, 0.6)", route: [tv], max_steps: 100}
"""

@Test func aShutDoorBlocksRoutesUntilABasePushesItOpen() throws {
    let (model, s0) = try makeWorld(shutDoorCorridor)
    let map = try #require(model.scene.map)
    // Shut, it is not a free cell: a route cannot be planned through it.
    #expect(!map.isFree(NavigationMap.Cell(col: 4, row: 1)))
    #expect(map.landmark("hall_door")?.door == true)
    var s = s0
    s.base.y = 0.75   // between the two rows of the corridor
    var events: [WorldEvent] = []
    for _ in 0..<30 {
        let r = Controller.step(model, s, action: [0.13, 0, 0])
        s = r.state; events += r.events
    }
    #expect(events.contains { $0.kind == .articulation && $0.message == "the base pushed hall_door open" })
    #expect(s.openDoors == ["hall_door"])
    #expect(s.base.x > 2.5, "through the door, x = \(s.base.x)")
    // The far wall still stops it.
    #expect(s.base.x < 4.5 && events.contains { $0.kind == .blocked })
}

let armWallRoom = """
name: test_arm_walls
family: mobile_manipulation
robot: mobile_panda
cell: 0.5
map: |
  #######
  #.....#
  #.....#
  #.....#
  #P....#
  #######
legend: {P: plant}
robot_start: {xy: [2.1, 1.5], yaw: 0}
tasks:
  - {instruction: stay, goal: "true", max_steps: 10}
"""

@Test func armLinksStopAtTheWallsAsTheBaseDoes() throws {
    let (model, s0) = try makeWorld(armWallRoom)
    let map = try #require(model.scene.map)
    var s = s0
    var blocked = false
    for _ in 0..<30 {
        let r = Controller.step(model, s, action: [0.01, 0, 0, 0, 0, 0, -1, 0, 0, 0])
        if r.events.contains(where: { $0.kind == .blocked && $0.message.contains("would hit a wall") }) {
            blocked = true
            #expect(r.state.q == s.q, "the arm stays where it was")
        }
        s = r.state
    }
    #expect(blocked)
    // No link is in the wall (x = 3) at the end.
    for seg in LinkShapes.segments(model, s) {
        for t in [0.0, 0.5, 1.0] { #expect(!map.collides(seg.a + (seg.b - seg.a) * t, radius: seg.radius), "\(seg.name(model.robot))") }
    }
}
