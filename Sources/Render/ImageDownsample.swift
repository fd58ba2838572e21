import World

extension RGBImage {
    /// The image shrunk by an integer factor, each output pixel the mean of a
    /// factor × factor block: rendering at twice the size and shrinking is cheap
    /// anti-aliasing for the small images policies and datasets use.
    public func downsampled(by factor: Int) -> RGBImage {
        guard factor > 1 else { return self }
        let w = width / factor, h = height / factor
        var out = [UInt8](repeating: 0, count: w * h * 3)
        let area = factor * factor
        pixels.withUnsafeBufferPointer { src in
            for y in 0..<h {
                for x in 0..<w {
                    var r = 0, g = 0, b = 0
                    for dy in 0..<factor {
                        var i = ((y * factor + dy) * width + x * factor) * 3
                        for _ in 0..<factor {
                            r += Int(src[i]); g += Int(src[i + 1]); b += Int(src[i + 2])
                            i += 3
                        }
                    }
                    let o = (y * w + x) * 3
                    out[o] = UInt8((r + area / 2) / area); out[o + 1] = UInt8((g + area / 2) / area); out[o + 2] = UInt8((b + area / 2) / area)
                }
            }
        }
        return RGBImage(width: w, height: h, pixels: out)
    }
}
