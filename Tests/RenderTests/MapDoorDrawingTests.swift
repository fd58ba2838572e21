import Render
import Spatial
import Testing
import World

@Test func aShutDoorIsDrawnUntilItIsPushedOpen() {
    let rows = ["#####", "#.d.#", "#####"].map { Array($0) }
    let map = NavigationMap(rows: rows, cell: 0.5, legend: ["d": (name: "hall_door", passable: false)], doors: ["d"])
    let doorCenter = map.center(of: NavigationMap.Cell(col: 2, row: 1))
    func drawsDoor(_ opened: [String]) -> Bool {
        ScenePrimitives.mapBlocks(map, opened: opened).contains { b in
            !b.isWall && abs((b.bounds.min.x + b.bounds.max.x) / 2 - doorCenter.x) < 1e-9 && abs((b.bounds.min.y + b.bounds.max.y) / 2 - doorCenter.y) < 1e-9
        }
    }
    #expect(drawsDoor([]))
    #expect(!drawsDoor(["hall_door"]))
    #expect(ScenePrimitives.mapBlocks(map, opened: ["hall_door"]).filter(\.isWall).count == ScenePrimitives.mapBlocks(map).filter(\.isWall).count)
}
