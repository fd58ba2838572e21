import FuzzSupport
@testable import Assets

/// A scene file's text (Scenes/*.yaml) through the loader, against the checkout's robots.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = try? SceneLoader.load(text: fuzzText(data, count), file: "fuzz.yaml", robots: RobotLibrary(directory: Checkout.robots))
    return 0
}

@_cdecl("FuzzScene_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
