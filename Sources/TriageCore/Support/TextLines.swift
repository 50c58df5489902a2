extension StringProtocol {
    /// The text's lines, split at LF with a CR before it dropped. Over UTF-8 bytes: splitting a
    /// `String` on the Character "\n" walks grapheme clusters (several times slower), and never
    /// splits at CRLF, which is one Character.
    func textLines() -> [String] {
        var out: [String] = []
        let bytes = Array(utf8)
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
            out.append(Self.line(bytes, start, i))
            start = i + 1
        }
        out.append(Self.line(bytes, start, bytes.count))
        return out
    }

    private static func line(_ b: [UInt8], _ start: Int, _ end: Int) -> String {
        let e = end > start && b[end - 1] == 0x0D ? end - 1 : end
        return String(decoding: b[start..<e], as: UTF8.self)
    }
}
