import FuzzSupport
@testable import Remote

/// The msgpack decoder on any bytes (a websocket frame's payload), then what the client
/// does with a decoded reply: every map read as an openpi array and its values, and the
/// metadata summary the TUI shows. Errors are fine; a trap, hang or leak is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let value = try? MessagePackDecoder.decode(fuzzBytes(data, count)) else { return 0 }
    visit(value)
    _ = MetadataText.summary(value)
    return 0
}

private func visit(_ value: MessagePackValue) {
    if let array = try? NumpyArray.from(value) { _ = array.doubles }
    switch value {
    case .array(let items): items.forEach(visit)
    case .map(let pairs): pairs.forEach { visit($0.0); visit($0.1) }
    default: break
    }
}

@_cdecl("FuzzMessagePack_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
