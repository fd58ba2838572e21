/// libFuzzer's own `main` cannot be used: SwiftPM links an executable target's entry as
/// `<Target>_main`, so each target defines that symbol and hands libFuzzer its test
/// function here (LLVMFuzzerRunDriver is libFuzzer's documented entry for this case).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

/// Runs libFuzzer with the process's arguments (-max_total_time, corpus folders, ...).
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ test: FuzzTest) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, test)
}

/// The input as a byte array (libFuzzer may pass a null pointer for an empty input).
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    guard let data, count > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: count))
}

/// The input as text, invalid UTF-8 replaced (what reading a file as UTF-8 leniently gives).
public func fuzzText(_ data: UnsafePointer<UInt8>?, _ count: Int) -> String {
    String(decoding: fuzzBytes(data, count), as: UTF8.self)
}
