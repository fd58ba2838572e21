import Foundation
import Kinematics
import Spatial
import World

/// Reads robot embodiment cards (Robots/*.yaml, format in docs/ROBOT_CARDS.md).
/// The only code that turns card text into a `RobotModel`; every problem is a
/// located `AssetError`. What makes a robot valid is `RobotRules` (World); this file
/// reads the YAML, asks the rules, and says where a broken one is.
public enum RobotCardLoader {
    public static func load(path: String) throws -> RobotModel {
        let text = try readAssetFile(path)
        let url = URL(fileURLWithPath: path)
        return try load(text: text, file: path, directory: url.deletingLastPathComponent().path,
                        expectedName: url.deletingPathExtension().lastPathComponent)
    }

    /// `directory` resolves `urdf:` paths; `expectedName` (the file stem) must equal `name`.
    public static func load(text: String, file: String, directory: String, expectedName: String? = nil,
                            readFile: (String) -> String? = { try? String(contentsOfFile: $0, encoding: .utf8) }) throws -> RobotModel {
        let doc = try YAMLValue.parse(text, file: file)
        let top = try doc.fields(allowed: ["name", "tag", "waist", "torso", "arms", "home", "mobile_base", "control", "prompt_template", "cameras", "observation"])
        let (name, tag, waist) = try identity(top, expectedName: expectedName)

        var body = BodyDraft()
        if let torso = top.optional("torso") { try body.addTorso(torso) }
        try enforce(RobotRules.waist(waist, torso: body.joints), at: top.optional("waist") ?? doc)
        let armsValue = try top.required("arms", "a list of arms (empty for a mobile base)")
        for armValue in try armsValue.items() {
            try body.addArm(armValue, directory: directory, readFile: readFile)
        }
        try enforce(RobotRules.armCount(body.arms.count), at: armsValue)
        body.addDrawingCapsules()
        let tree: KinematicTree
        do {
            tree = try KinematicTree(joints: body.joints)
        } catch {
            throw armsValue.error("a valid kinematic tree", found: "\(error)")
        }
        let home = try readHome(top, tree: tree)

        let base = try top.optional("mobile_base").map(mobileBase)
        try enforce(RobotRules.body(armCount: body.arms.count, hasBase: base != nil), at: armsValue)
        let controlValue = try top.required("control", "the true control convention")
        let control = try convention(controlValue, armNames: body.arms.map(\.name), hasBase: base != nil, hasArms: !body.arms.isEmpty)

        var model = RobotModel(name: name, tag: tag, waist: waist, tree: tree, arms: body.arms(in: tree), home: home,
                               mobileBase: base, control: control, source: file, notes: body.notes)
        try readExtras(top, into: &model)
        if let (entry, violation) = RobotRules.gripperChannels(of: model) {
            throw try gripperValues(controlValue)[entry].error(violation)
        }
        return model
    }

    /// The card's `name` (which must match the file's), `tag` and `waist`.
    private static func identity(_ top: Fields, expectedName: String?) throws -> (name: String, tag: String, waist: Bool) {
        let nameValue = try top.required("name", "the robot's name")
        let name = try nameValue.string()
        try enforce(RobotRules.name(name), at: nameValue)
        if let expectedName, expectedName != name {
            throw nameValue.error("the file's name `\(expectedName)`", hint: "rename the file to \(name).yaml or set `name: \(expectedName)`")
        }
        let tag = try top.required("tag", "the name used in prompts, e.g. Franka Emika Panda").string()
        guard !tag.trimmingCharacters(in: .whitespaces).isEmpty else { throw try top.required("tag", "").error("a non-empty tag") }
        let waist = try top.optional("waist")?.bool() ?? false
        return (name, tag, waist)
    }

    private static func readHome(_ top: Fields, tree: KinematicTree) throws -> [Double] {
        let homeValue = try top.required("home", "the home configuration (one number per movable joint)")
        let home = try homeValue.doubles()
        try enforce(RobotRules.home(home, tree: tree), at: homeValue)
        return home
    }

    /// What the card may add over the derived defaults: a prompt template, observation
    /// keys for remote policies, cameras.
    private static func readExtras(_ top: Fields, into model: inout RobotModel) throws {
        if let t = top.optional("prompt_template") {
            let text = try t.string(limit: TextBounds.promptTemplate)
            try enforce(RobotRules.promptTemplate(text), at: t)
            model.promptTemplate = text
        }
        if let o = top.optional("observation") {
            model.observation = try observationConfig(o)
        }
        if let c = top.optional("cameras") {
            model.cameras = try CameraLoader.parse(c, arms: model.arms.map(\.name), allowWorld: false, known: CameraDefaults.names(robot: model))
        }
    }
}
