/// Text a server sent, made safe to print: a server's metadata or traceback may hold
/// escape sequences that retitle the terminal, clear it or move the cursor (issue 15).
/// Every control character except newline and tab becomes `�`; the playground's
/// `Frame.put` already turns controls into spaces.
public func printable(_ serverText: String) -> String {
    guard serverText.unicodeScalars.contains(where: isUnprintable) else { return serverText }
    var out = String.UnicodeScalarView()
    for s in serverText.unicodeScalars { out.append(isUnprintable(s) ? "\u{FFFD}" : s) }
    return String(out)
}

/// C0 controls (but newline and tab), DEL and the C1 controls (0x80–0x9F; 0x9B is a CSI).
private func isUnprintable(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    return (v < 0x20 && v != 0x0A && v != 0x09) || (v >= 0x7F && v < 0xA0)
}
