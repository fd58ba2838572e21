import Assets
import Dispatch
import Foundation
import MiniVLA
import Policy
import Spatial
import TestSupport
import World
import XCTest

/// The shipped Models/minivla against the chunk Python computed for the same inputs and
/// noise (Golden/minivla_golden.json, written by `python -m minivla.evaluate --golden`).
final class MiniVLATests: XCTestCase {
    static let modelDir = repositoryRoot.appendingPathComponent("Models/minivla")

    func loadVLA() throws -> MiniVLA {
        try MiniVLA.load(read: { name in [UInt8](try Data(contentsOf: Self.modelDir.appendingPathComponent(name))) })
    }

    struct Golden: Decodable {
        struct Case: Decodable { let robot: String; let text: String; let tokens: [Int]; let state: [Float]; let noise: [Float]; let chunk: [Float] }
        let steps: Int
        let cases: [Case]
    }

    func testSwiftChunkEqualsPythonChunk() throws {
        let vla = try loadVLA()
        let url = repositoryRoot.appendingPathComponent("Tests/MiniVLATests/Golden/minivla_golden.json")
        let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
        XCTAssertEqual(golden.cases.count, 2)
        for c in golden.cases {
            let tokens = vla.tokenizer.encode(c.text, maxTokens: vla.model.config.max_tokens)
            XCTAssertEqual(tokens, c.tokens, "tokenizer disagrees with Python on: \(c.text)")
            let ctx = vla.model.encode(tokens: tokens, state: c.state)
            let chunk = vla.model.sample(ctx, noise: c.noise, steps: golden.steps)
            XCTAssertEqual(chunk.count, c.chunk.count)
            let worst = zip(chunk, c.chunk).map { abs($0 - $1) }.max() ?? .infinity
            XCTAssertLessThan(worst, 1e-4, "\(c.robot): max |Swift - Python| = \(worst)")
        }
    }

    func testSafeTensorsRefusesBrokenFiles() {
        XCTAssertThrowsError(try SafeTensors.parse([1, 2, 3]))
        var bad: [UInt8] = [200, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8)
        XCTAssertThrowsError(try SafeTensors.parse(bad))
        let header = Array(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}"#.utf8)
        bad = [UInt8(header.count), 0, 0, 0, 0, 0, 0, 0] + header + [UInt8](repeating: 0, count: 8)
        XCTAssertThrowsError(try SafeTensors.parse(bad))
        // A shape whose product overflows Int is refused, not trapped on.
        let huge = Array(#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#.utf8)
        XCTAssertThrowsError(try SafeTensors.parse([UInt8(huge.count), 0, 0, 0, 0, 0, 0, 0] + huge + [UInt8](repeating: 0, count: 8)))
        let ok = Array(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"x":"y"}}"#.utf8)
        let one: [UInt8] = [0, 0, 0x80, 0x3f]
        let t = try? SafeTensors.parse([UInt8(ok.count), 0, 0, 0, 0, 0, 0, 0] + ok + one + one)
        XCTAssertEqual(t?["a"]?.values, [1, 1])
    }

    func testTokenizerMatchesPythonsRule() {
        XCTAssertEqual(MiniVLATokenizer.split("The gripper is index 6: -1 opens it, +1 closes; 0.05 m at 20Hz."),
                       ["the", "gripper", "is", "index", "6", "-", "1", "opens", "it", "+", "1", "closes", "0.05", "m", "at", "20", "hz"])
    }

    /// The policy decodes the padded chunk to each robot's own layout and chunk length.
    func testPolicyDecodesToTheRobotsLayout() async throws {
        let vla = try loadVLA()
        let robots = try RobotLibrary.locate(explicit: repositoryRoot.appendingPathComponent("Robots").path)
        for name in ["franka_panda", "turtlebot3_waffle"] {
            let robot = try robots.load(name)
            let policy = try MiniVLAPolicy(vla, robot: robot, samples: 2)
            let o = Observation(step: 0, q: robot.home, base: Pose2D(), gripper: robot.arms.map { _ in 1 }, toolPoses: robot.arms.map { $0.chain.pose(robot.home) })
            let chunk = try await policy.act(PolicyRequest(instruction: "trace a square", embodimentPrompt: EmbodimentPrompt.generate(robot, instruction: "trace a square"), observation: o))
            XCTAssertEqual(chunk.actions.count, robot.control.chunk)
            XCTAssertTrue(chunk.actions.allSatisfy { $0.count == robot.actionDimension && $0.allSatisfy { (x: Double) in x.isFinite } })
            XCTAssertEqual(chunk.samples.count, 1)
            XCTAssertEqual(chunk.denoisingSteps, 10)
        }
    }

    /// The playground's `:samples`, `:flow` and `:noise` reach the policy in the request:
    /// the chunk count, the denoising path's length and the noise follow them.
    func testSamplingOptionsInTheRequestAreHonoured() async throws {
        let vla = try loadVLA()
        let robots = try RobotLibrary.locate(explicit: repositoryRoot.appendingPathComponent("Robots").path)
        let robot = try robots.load("franka_panda")
        let policy = try MiniVLAPolicy(vla, robot: robot, samples: 3)
        let o = Observation(step: 0, q: robot.home, base: Pose2D(), gripper: [1], toolPoses: robot.arms.map { $0.chain.pose(robot.home) })
        var request = PolicyRequest(instruction: "trace a square", embodimentPrompt: EmbodimentPrompt.generate(robot, instruction: "trace a square"), observation: o)
        let defaults = try await policy.act(request)
        XCTAssertEqual(defaults.samples.count, 2)
        XCTAssertEqual(defaults.denoising.count, 11, "noise, then one chunk per flow step")
        XCTAssertEqual(defaults.inputs?.hasPrefix("text "), true)
        request.sampling = Sampling(samples: 5, flowSteps: 4, noiseSeed: 9)
        let changed = try await policy.act(request)
        XCTAssertEqual(changed.samples.count, 4)
        XCTAssertEqual(changed.denoisingSteps, 4)
        XCTAssertEqual(changed.denoising.count, 5)
        XCTAssertNotEqual(changed.denoising[0], defaults.denoising[0], "another noise seed starts from other noise")
        request.sampling = Sampling(samples: 99, flowSteps: 0)
        let clamped = try await policy.act(request)
        XCTAssertEqual(clamped.samples.count, Sampling.sampleRange.upperBound - 1)
        XCTAssertEqual(clamped.denoisingSteps, 1)
    }
}
