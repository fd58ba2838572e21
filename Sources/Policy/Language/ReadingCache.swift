import Foundation
import World

extension InstructionReader {
    /// The reading of an instruction in a scene laid out with a seed, for a robot, read
    /// once: the judge asks when an episode is set up (`EpisodeRules.judgedTask`) and
    /// the expert on every chunk, and a reading (grounding, reach checks) is not free.
    public static func cachedRead(_ instruction: String, model: WorldModel, state: WorldState) -> InstructionReading {
        ReadingCache.shared.reading(instruction, model: model, state: state)
    }
}

final class ReadingCache: @unchecked Sendable {
    static let shared = ReadingCache()
    private let lock = NSLock()
    private var readings: [String: InstructionReading] = [:]

    func reading(_ instruction: String, model: WorldModel, state: WorldState) -> InstructionReading {
        let key = "\(model.scene.name)\u{0}\(model.robot.name)\u{0}\(model.seed)\u{0}\(instruction)"
        lock.lock()
        if let r = readings[key] { lock.unlock(); return r }
        lock.unlock()
        let r = InstructionReader.read(instruction, model: model, state: state)
        lock.lock(); defer { lock.unlock() }
        if readings.count > 256 { readings.removeAll() }
        readings[key] = r
        return r
    }
}
