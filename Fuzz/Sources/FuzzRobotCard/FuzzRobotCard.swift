import Foundation
import FuzzSupport
@testable import Assets

/// A robot card's text (Robots/*.yaml) through the loader, as `check` and `run` read it.
/// `urdf:` paths resolve in the checkout's Robots/, read once and kept (the loader's
/// `readFile` hook), so the URDF files are not reread on every input.
nonisolated(unsafe) private var urdfCache: [String: String?] = [:]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = try? RobotCardLoader.load(text: fuzzText(data, count), file: "fuzz.yaml", directory: Checkout.robots) { path in
        if let known = urdfCache[path] { return known }
        let text = try? String(contentsOfFile: path, encoding: .utf8)
        urdfCache[path] = text
        return text
    }
    return 0
}

@_cdecl("FuzzRobotCard_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
