import ArgumentParser
import Assets
import Foundation
import Kinematics
import Spatial
import World

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks. Compare against peers with python/tools/bench_peers.py (see BENCHMARKS.md).",
        subcommands: [KinematicsBench.self, WorldBench.self, TUIBench.self, RenderBench.self, RemoteBench.self, MiniVLABench.self, ParseBench.self])
}

struct KinematicsBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinematics",
        abstract: "Time FK, Jacobian and full-pose IK per call for one arm (build with -c release for real numbers).")

    @Option(help: "The robot to time.") var robot = "franka_panda"
    @Option(help: "FK and Jacobian calls to time (per repeat).") var calls = 200_000
    @Option(help: "Random reachable IK targets (FK of random in-limit configurations).") var targets = 1000
    @Option(help: "Repeats of the FK/Jacobian timing; the best is reported.") var repeats = 5
    @Option(help: "Seed for the random configurations.") var seed: UInt64 = 7
    @OptionGroup var library: LibraryOptions
    @Flag(help: "Print one JSON object.") var json = false

    struct Output: Encodable {
        var robot: String
        var fk_ns_per_call: Double
        var jacobian_ns_per_call: Double
        var ik_full_pose_median_us: Double
        var ik_full_pose_mean_us: Double
        var ik_full_pose_p95_us: Double
        var ik_success_rate: Double
        var ik_targets: Int
        var ik_mean_iterations: Double
        var position_tolerance: Double
        var rotation_tolerance: Double
        var build: String
        var checksum: Double
    }

    func validate() throws {
        guard calls > 0, targets > 0, repeats > 0 else { throw ValidationError("--calls, --targets and --repeats must be above 0") }
    }

    func run() throws {
        try reportingErrors {
            let m = try library.robot(robot)
            let chain = try m.selectArm(nil).chain
            var rng = SeededRandom(seed: seed)
            let configs = (0..<1024).map { _ in m.tree.randomConfiguration(&rng) }
            var checksum = 0.0

            func nanosPerCall(_ body: (Int) -> Void) -> Double {
                var best = Double.infinity
                for _ in 0..<repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    for i in 0..<calls { body(i) }
                    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
                    best = min(best, elapsed / Double(calls))
                }
                return best
            }
            let fk = nanosPerCall { i in checksum += chain.pose(configs[i & 1023]).translation.x }
            var jac: [Double] = []
            let jn = nanosPerCall { i in
                chain.jacobian(configs[i & 1023], into: &jac)
                checksum += jac[0]
            }

            var options = IKOptions()
            options.positionTolerance = 1e-4
            options.rotationTolerance = 1e-3
            var times: [Double] = []
            var successes = 0
            var iterations = 0
            for t in 0..<targets {
                let goal = chain.pose(m.tree.randomConfiguration(&rng))
                options.seed = UInt64(t + 1)
                let start = DispatchTime.now().uptimeNanoseconds
                let r = chain.solveIK(target: goal, initial: m.home, options: options)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000)
                // Verify independently of the solver's own report.
                let reached = chain.pose(r.q)
                let ok = r.success && length(reached.translation - goal.translation) <= 1e-4
                    && reached.rotation.angle(to: goal.rotation) <= 1e-3 && m.tree.withinLimits(r.q)
                if ok { successes += 1 }
                iterations += r.iterations
                checksum += r.q[0]
            }
            times.sort()
            #if DEBUG
            let build = "debug"
            #else
            let build = "release"
            #endif
            let out = Output(robot: m.name, fk_ns_per_call: fk, jacobian_ns_per_call: jn,
                             ik_full_pose_median_us: times[times.count / 2], ik_full_pose_mean_us: times.reduce(0, +) / Double(times.count),
                             ik_full_pose_p95_us: times[min(times.count - 1, times.count * 95 / 100)],
                             ik_success_rate: Double(successes) / Double(targets), ik_targets: targets,
                             ik_mean_iterations: Double(iterations) / Double(targets),
                             position_tolerance: 1e-4, rotation_tolerance: 1e-3, build: build, checksum: checksum)
            if json { try printJSON(out); return }
            if build == "debug" { print("warning: debug build; use `swift build -c release` (or make bench) for real numbers\n") }
            print(table(["OPERATION (\(m.name))", "PER CALL"], [
                ["forward kinematics (tool pose)", String(format: "%.1f ns", fk)],
                ["geometric Jacobian (tool point)", String(format: "%.1f ns", jn)],
                ["full-pose IK, median of \(targets)", String(format: "%.2f us", out.ik_full_pose_median_us)],
                ["full-pose IK, mean", String(format: "%.2f us", out.ik_full_pose_mean_us)],
                ["full-pose IK, 95th percentile", String(format: "%.2f us", out.ik_full_pose_p95_us)],
            ]))
            print(String(format: "IK success: %.1f%% at 1e-4 m / 1e-3 rad, %.1f iterations on average", 100 * out.ik_success_rate, out.ik_mean_iterations))
        }
    }
}
