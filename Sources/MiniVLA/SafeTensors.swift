import Foundation

/// A float32 tensor: shape and row-major values.
public struct Tensor: Sendable {
    public var shape: [Int]
    public var values: [Float]
    public init(shape: [Int], values: [Float]) { self.shape = shape; self.values = values }
}

public struct ModelFormatError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}

/// Reads the safetensors format from bytes (the caller reads the file: Assets'
/// `ModelFiles`): an 8-byte little-endian header length, a JSON header
/// {name: {dtype, shape, data_offsets}} (plus an optional `__metadata__`), then the raw
/// little-endian tensor bytes. Only F32 tensors are accepted; every offset is checked.
public enum SafeTensors {
    public static func parse(_ bytes: [UInt8]) throws -> [String: Tensor] {
        guard bytes.count >= 8 else { throw ModelFormatError("safetensors: \(bytes.count) bytes, shorter than the 8-byte header length") }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n <= UInt64(bytes.count - 8) else { throw ModelFormatError("safetensors: header length \(n) runs past the file (\(bytes.count) bytes)") }
        let headerEnd = 8 + Int(n)
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])) }
        catch { throw ModelFormatError("safetensors: the header is not JSON (\(error))") }
        guard let header = json as? [String: Any] else { throw ModelFormatError("safetensors: the header is not a JSON object") }
        let dataCount = bytes.count - headerEnd
        var out: [String: Tensor] = [:]
        for (name, entry) in header where name != "__metadata__" {
            guard let e = entry as? [String: Any], let dtype = e["dtype"] as? String,
                  let shape = (e["shape"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }),
                  let offs = (e["data_offsets"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }), offs.count == 2
            else { throw ModelFormatError("safetensors: tensor `\(name)` lacks dtype, shape or data_offsets") }
            guard dtype == "F32" else { throw ModelFormatError("safetensors: tensor `\(name)` is \(dtype); minivla reads F32 only") }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw ModelFormatError("safetensors: tensor `\(name)` has a negative dimension") }
            // The product of the header's dimensions, checked: a hostile shape ([2^62, 4]) must
            // not overflow (a trap) before it is compared with the bytes that are there.
            var count = 1
            for d in shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, p <= dataCount else { throw ModelFormatError("safetensors: tensor `\(name)` shape \(shape) is larger than the file's \(dataCount) data bytes") }
                count = p
            }
            guard offs[0] >= 0, offs[0] <= offs[1], offs[1] <= dataCount, offs[1] - offs[0] == count * 4 else {
                throw ModelFormatError("safetensors: tensor `\(name)` offsets \(offs) do not hold \(count) floats in \(dataCount) data bytes")
            }
            var values = [Float](repeating: 0, count: count)
            let start = headerEnd + offs[0]
            values.withUnsafeMutableBytes { dst in
                bytes.withUnsafeBytes { src in
                    dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: src[start..<(start + count * 4)]))
                }
            }
            #if _endian(big)
            values = values.map { Float(bitPattern: $0.bitPattern.byteSwapped) }
            #endif
            out[name] = Tensor(shape: shape, values: values)
        }
        return out
    }
}
