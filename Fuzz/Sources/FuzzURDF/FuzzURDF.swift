import FuzzSupport
@testable import Assets

/// A URDF file's text through the XML reader and the chain import (root to the only leaf).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = try? URDFLoader.chain(text: fuzzText(data, count), file: "fuzz.urdf", base: nil, tip: nil)
    return 0
}

@_cdecl("FuzzURDF_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
