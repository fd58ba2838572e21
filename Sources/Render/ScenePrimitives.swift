import Kinematics
import Spatial
import World

/// What a world looks like, in world coordinates: the one list of shapes that both
/// the TUI's braille view (`SceneRenderer`) and the RGB cameras (`ImageRenderer`)
/// draw, so the two can never disagree about where a thing is or what colour it is.
/// Drawers, doors, knobs and buttons are in ScenePartPrimitives.
public enum ScenePrimitives {
    /// A table, counter or shelf.
    public struct FixtureBox: Sendable {
        public var fixture: Fixture
        public var isTable: Bool
        /// Its colour: the scene's name for it (a table is wood unless told otherwise).
        public var color: Color
        public var bounds: Bounds3 { Bounds3(min: fixture.center - fixture.size / 2, max: fixture.center + fixture.size / 2) }
    }

    /// A wall cell or a solid landmark of a navigation map.
    public struct MapBlock: Sendable {
        public var bounds: Bounds3
        public var color: Color
        public var isWall: Bool
    }

    public struct ObjectSolid: Sendable {
        public var index: Int
        public var object: SceneObject
        public var pose: Pose
        public var color: Color
    }

    /// A robot body part, placed.
    public enum LinkShape: Sendable {
        case capsule(from: Vec3, to: Vec3, radius: Double)
        case sphere(center: Vec3, radius: Double)
        case box(pose: Pose, size: Vec3)
        /// Along the pose's z, centred.
        case cylinder(pose: Pose, radius: Double, length: Double)
    }

    public struct GripperShape: Sendable {
        public var arm: Int
        public var tool: Pose
        /// 0 closed … 1 open.
        public var opening: Double
        /// Two fingers and the bridge between them, as world segments.
        public var fingers: [(Vec3, Vec3)]
        /// Half the gap between the fingers (m).
        public var halfWidth: Double
        public var isOpen: Bool { isGripperOpen(opening) }
    }

    /// A mobile base: its footprint (base frame, on the ground) raised to `height`.
    public struct BaseShape: Sendable {
        public var ground: Pose
        public var footprint: [Vec3]
        public var height: Double
        /// The front edge, ahead of the base's origin (m).
        public var nose: Double
    }

    public static let wallHeight = 0.6
    public static let landmarkHeight = 0.4
    /// Gripper fingers reach this far back from the tool point, along tool z (m).
    public static let fingerLength = 0.05

    // MARK: the scene

    public static func fixtures(_ model: WorldModel) -> [FixtureBox] {
        model.scene.fixtures.map { f in
            let isTable = f.name == "table"
            return FixtureBox(fixture: f, isTable: isTable, color: isTable ? .brown : Color.named(f.color))
        }
    }

    public static func objects(_ model: WorldModel, _ state: WorldState) -> [ObjectSolid] {
        model.objects.indices.map { i in
            ObjectSolid(index: i, object: model.objects[i], pose: state.objects[i].pose, color: Color.named(model.objects[i].color))
        }
    }

    /// Each landmark letter's colour, in legend order through a fixed palette.
    public static func landmarkColors(_ map: NavigationMap) -> [Character: Color] {
        let palette: [Color] = [.brown, .blue, .purple, .cyan, .orange, .green, .pink, .red, .yellow]
        return Dictionary(map.landmarks.enumerated().map { ($0.element.letter, palette[$0.offset % palette.count]) }, uniquingKeysWith: { a, _ in a })
    }

    /// Walls (`#`) and solid landmarks as boxes, row by row; a shut door a base has
    /// pushed open (`opened`) is not drawn.
    public static func mapBlocks(_ map: NavigationMap, opened: [String] = []) -> [MapBlock] {
        let c = map.cell
        var blocks: [MapBlock] = []
        let byLetter = Dictionary(map.landmarks.map { ($0.letter, $0) }, uniquingKeysWith: { a, _ in a })
        let letterColor = landmarkColors(map)
        for (r, row) in map.rows.enumerated() {
            for (col, ch) in row.enumerated() {
                let ctr = map.center(of: NavigationMap.Cell(col: col, row: r))
                if ch == "#" {
                    blocks.append(MapBlock(bounds: Bounds3(min: Vec3(ctr.x - c / 2, ctr.y - c / 2, 0), max: Vec3(ctr.x + c / 2, ctr.y + c / 2, wallHeight)),
                                           color: .wall, isWall: true))
                } else if let m = byLetter[ch], !m.passable, !(m.door && opened.contains(m.name)) {
                    blocks.append(MapBlock(bounds: Bounds3(min: Vec3(ctr.x - c / 2, ctr.y - c / 2, 0), max: Vec3(ctr.x + c / 2, ctr.y + c / 2, landmarkHeight)),
                                           color: letterColor[ch] ?? .brown, isWall: false))
                }
            }
        }
        return blocks
    }

    /// The building's floor, a rectangle at z = 0.
    public static func mapFloor(_ map: NavigationMap) -> [Vec3] {
        let c = map.cell
        return [Vec3(0, 0, 0), Vec3(Double(map.width) * c, 0, 0), Vec3(Double(map.width) * c, Double(map.height) * c, 0), Vec3(0, Double(map.height) * c, 0)]
    }

    // MARK: the robot

    public static func base(_ model: WorldModel, _ state: WorldState) -> BaseShape? {
        guard let mb = model.robot.mobileBase else { return nil }
        let corners: [Vec3]
        if let fs = mb.footprintSize {
            corners = [Vec3(-fs.length / 2, -fs.width / 2, 0), Vec3(fs.length / 2, -fs.width / 2, 0),
                       Vec3(fs.length / 2, fs.width / 2, 0), Vec3(-fs.length / 2, fs.width / 2, 0)]
        } else {
            corners = (0..<16).map { k in
                let t = Double(k) / 16 * 2 * .pi
                return Vec3(mb.footprintRadius * cos(t), mb.footprintRadius * sin(t), 0)
            }
        }
        let ground = Pose(rotation: .rotZ(state.base.yaw), translation: Vec3(state.base.x, state.base.y, 0))
        return BaseShape(ground: ground, footprint: corners, height: mb.height, nose: mb.footprintSize.map { $0.length / 2 } ?? mb.footprintRadius)
    }

    /// The links' collision shapes from the card, where FK puts them.
    public static func links(_ model: WorldModel, _ state: WorldState) -> [LinkShape] {
        let robot = model.robot
        let base = model.basePose(state)
        let frames = robot.tree.forwardKinematics(state.q)
        var out: [LinkShape] = []
        for (j, joint) in robot.tree.joints.enumerated() {
            let frame = base * frames[j]
            for shape in joint.shapes {
                let f = frame * shape.origin
                switch shape.shape {
                case .capsule(let r, let from, let to): out.append(.capsule(from: f * from, to: f * to, radius: r))
                case .sphere(let r): out.append(.sphere(center: f.translation, radius: r))
                case .box(let size): out.append(.box(pose: f, size: size))
                case .cylinder(let r, let length): out.append(.cylinder(pose: f, radius: r, length: length))
                }
            }
        }
        return out
    }

    /// Grippers: two fingers and a bridge across the tool's y, reaching back along tool z.
    public static func grippers(_ model: WorldModel, _ state: WorldState) -> [GripperShape] {
        var out: [GripperShape] = []
        for (a, arm) in model.robot.arms.enumerated() where arm.gripper.type != .none {
            let tool = model.toolPose(state, arm: a)
            let opening = a < state.gripper.count ? state.gripper[a] : 1
            let w = Swift.max(arm.gripper.maxWidth * opening, 0.004) / 2
            let back = -fingerLength
            let local = [(Vec3(0, w, back), Vec3(0, w, 0)), (Vec3(0, -w, back), Vec3(0, -w, 0)), (Vec3(0, -w, back), Vec3(0, w, back))]
            out.append(GripperShape(arm: a, tool: tool, opening: opening, fingers: local.map { (tool * $0.0, tool * $0.1) }, halfWidth: w))
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
