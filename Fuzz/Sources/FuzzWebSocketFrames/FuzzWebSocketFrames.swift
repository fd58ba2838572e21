import FuzzSupport
@testable import Remote

/// The websocket frame reader on bytes a server sent after the upgrade, then closed:
/// messages are read until an error (the end of the input is one). Declared lengths up
/// to 2^64 - 1, fragments, control frames and close frames all come from the fuzzer.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let fd = socketFeeding(fuzzBytes(data, count)) else { return 0 }
    let endpoint = try! Endpoint(parsing: "ws://127.0.0.1:8000")
    let client = WebSocketClient(upgraded: TCPConnection(connectedSocket: fd, endpoint: "fuzz"), endpoint: endpoint,
                                 maxMessageBytes: 1 << 20)
    while (try? client.receive(deadline: Deadline(seconds: 1), what: "a fuzz frame")) != nil {}
    client.close()
    return 0
}

@_cdecl("FuzzWebSocketFrames_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
