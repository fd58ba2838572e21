import ArgumentParser
import Assets
import Foundation
import MiniVLA

/// `vlaplay bench minivla`: milliseconds per minivla chunk (context once + N Euler flow
/// steps) on the calling thread, for the Panda's default trajectory prompt. Wall time and
/// the process's CPU time: on a shared machine the CPU time is the steadier figure (the
/// JAX peer, `python -m minivla.evaluate`, reports the same two).
struct MiniVLABench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minivla",
        abstract: "Time minivla's chunk (encode the context once, N flow steps) on one thread; median of N chunks (build with -c release).")

    @Option(help: "Chunks to time; the median is reported.") var chunks = 50
    @Option(help: "Euler flow steps per chunk.") var steps = 10
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingErrors {
            let vla = try MiniVLA.load(read: { try ModelFiles.read("minivla/" + $0) })
            let text = "The robot is Franka Emika Panda with single arm. The control frequency is 20 Hz. Please predict the next 16 control actions to execute the following task: move the gripper 20 cm to the left in a straight line, 20 cm above the table. Each action is a 7-D vector [x, y, z, rx, ry, rz, gripper]. The arm values are end-effector position deltas in metres in the robot base frame. The rotation is a delta axis-angle vector in radians. Each action moves at most 0.05 metres and turns at most 0.5 radians. The gripper is index 6: -1 opens it and 1 closes it."
            let tokens = vla.tokenizer.encode(text, maxTokens: vla.model.config.max_tokens)
            let state = [Float](repeating: 0, count: vla.model.config.state_dim)
            var encode: [Double] = [], total: [Double] = [], cpu: [Double] = []
            for k in 0..<max(1, chunks) {
                let noise = vla.noise(seed: UInt64(k))
                let c0 = processCPUSeconds()
                let t0 = DispatchTime.now().uptimeNanoseconds
                let ctx = vla.model.encode(tokens: tokens, state: state)
                let t1 = DispatchTime.now().uptimeNanoseconds
                _ = vla.model.sample(ctx, noise: noise, steps: steps)
                let t2 = DispatchTime.now().uptimeNanoseconds
                cpu.append((processCPUSeconds() - c0) * 1e3)
                encode.append(Double(t1 - t0) / 1e6); total.append(Double(t2 - t0) / 1e6)
            }
            encode.sort(); total.sort(); cpu.sort()
            #if DEBUG
            let build = "debug"
            #else
            let build = "release"
            #endif
            if json {
                print(#"{"build":"\#(build)","tokens":\#(tokens.count),"steps":\#(steps),"encode_ms_median":\#(encode[encode.count / 2]),"chunk_ms_median":\#(total[total.count / 2]),"chunk_ms_min":\#(total[0]),"chunk_cpu_ms_median":\#(cpu[cpu.count / 2])}"#)
            } else {
                print(String(format: "minivla (%@ build): %d tokens, %d flow steps: chunk %.2f ms median (min %.2f), CPU time %.2f ms median, context encode %.2f ms",
                             build, tokens.count, steps, total[total.count / 2], total[0], cpu[cpu.count / 2], encode[encode.count / 2]))
            }
        }
    }
}

/// User + system CPU seconds of this process so far.
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
