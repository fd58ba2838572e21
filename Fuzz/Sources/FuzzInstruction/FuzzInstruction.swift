import FuzzSupport
import Policy

/// An instruction through the instruction parser, for one arm and for two.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let instruction = fuzzText(data, count)
    _ = InstructionParser.parse(instruction)
    _ = InstructionParser.parse(instruction, arms: 2)
    _ = InstructionParser.reference(instruction)
    return 0
}

@_cdecl("FuzzInstruction_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
