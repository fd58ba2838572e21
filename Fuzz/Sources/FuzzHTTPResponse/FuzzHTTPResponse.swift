import FuzzSupport
import Foundation
@testable import Remote

/// The HTTP reply reader on bytes a server sent, then closed: the status line and
/// headers, then a body by Content-Length, chunked transfer or up to the close.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let fd = socketFeeding(fuzzBytes(data, count)) else { return 0 }
    let connection = TCPConnection(connectedSocket: fd, endpoint: "fuzz")
    if let reply = try? HTTPClient.readReply(connection, endpoint: "http://127.0.0.1:8000/act", deadline: Deadline(seconds: 1),
                                             maxBytes: 1 << 20) {
        // What HTTPPolicy does next with a 200 reply's body: JSON into a msgpack value.
        if let json = try? JSONSerialization.jsonObject(with: Data(reply.body), options: [.fragmentsAllowed]) {
            _ = try? JSONBridge.value(json)
        }
    }
    connection.close()
    return 0
}

@_cdecl("FuzzHTTPResponse_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { fuzzOne($0, $1) }
}
