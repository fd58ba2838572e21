import FuzzSupport
import Assets
import Policy
import World

/// A prompt through the prompt parser, alone and against a robot card (which is what
/// the linter does with a robot's prompt_template).
private let panda: RobotModel? = try? RobotLibrary(directory: Checkout.robots).load("franka_panda")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let prompt = fuzzText(data, count)
    _ = PromptParser.parse(prompt)
    _ = PromptParser.parse(prompt, robot: panda)
    return 0
}

@_cdecl("FuzzPrompt_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
