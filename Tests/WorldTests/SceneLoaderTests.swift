import Assets
import Foundation
import Testing
import World
import TestSupport

func sceneError(_ text: String, robot: String? = nil) -> AssetError? {
    do { _ = try loadScene(text, robot: robot); return nil } catch let e as AssetError { return e } catch { return nil }
}

func line(of needle: String, in text: String) -> Int {
    (text.components(separatedBy: "\n").firstIndex { $0.contains(needle) } ?? -1) + 1
}

@Test func badScenesFailWithLocatedErrors() {
    let unknown = tabletopScene.replacingOccurrences(of: "goal: \"in(red_cube, blue_bowl)\"", with: "goal: \"in(red_cub, blue_bowl)\"")
    let e1 = sceneError(unknown)
    #expect(e1?.field == "tasks[0].goal" && e1?.hint == "did you mean `red_cube`?" && e1?.line == line(of: "red_cub,", in: unknown))

    let overlap = tabletopScene.replacingOccurrences(of: "at: [0.4, 0.25]", with: "at: [0.51, 0.11]")
    let e2 = sceneError(overlap)
    #expect(e2?.field == "objects[1].at" && e2?.expected.contains("clear of red_cube") == true)

    let far = tabletopScene.replacingOccurrences(of: "at: [0.5, 0.1]}", with: "at: [1.4, 0.1]}").replacingOccurrences(of: "size: [0.9, 1.0]", with: "size: [3, 1.0]")
    let e3 = sceneError(far)
    #expect(e3?.field == "objects[0].at" && e3?.expected.contains("can reach") == true)

    let syntax = tabletopScene.replacingOccurrences(of: "goal: \"in(red_cube, blue_bowl)\"", with: "goal: \"in(red_cube blue_bowl\"")
    #expect(sceneError(syntax)?.expected == "a goal predicate")

    let wrongRobot = sceneError(tabletopScene, robot: "aloha")
    #expect(wrongRobot?.field == "--robot" && wrongRobot?.expected.contains("single-arm") == true)

    let walledIn = corridor.replacingOccurrences(of: "#......#\n  #.....F#", with: "#..#...#\n  #..#..F#")
    let e4 = sceneError(walledIn)
    #expect(e4?.found == "no free path to fridge" && e4?.line == line(of: "route: [fridge]", in: walledIn))

    let badLetter = corridor.replacingOccurrences(of: "#.....F#", with: "#..X..F#")
    let e5 = sceneError(badLetter)
    #expect(e5?.field == "map" && e5?.found == "`X`" && e5?.line == line(of: "#..X..F#", in: badLetter))
}

@Test func aPandaSceneRunsWithTheUR5e() throws {
    let (scene, robot) = try loadScene(tabletopScene, robot: "ur5e")
    #expect(robot.name == "ur5e" && scene.robotName == "ur5e")
}

@Test func everyShippedSceneLoads() throws {
    let scenes = SceneLibrary(directory: repoRoot + "/Scenes")
    var families = Set<SceneFamily>()
    for n in scenes.names() {
        let (s, _) = try scenes.load(n, robots: robots)
        families.insert(s.family)
        #expect(!s.tasks.isEmpty)
    }
    #expect(!scenes.names().isEmpty)
    _ = families
}
