/// A stream whose lines come in several formats (an aggregated feed; an app that logs JSON while
/// its runtime prints plain text): each line is read by the most specific part that reads it. A
/// line no part reads continues the previous event, as in any header format.
struct MixedParser: LineParser {
    let format = LogFormat.mixed
    /// Most specific first (FormatDetector's candidate order).
    let parts: [any LineParser]
    /// Per part: it reads only lines whose first non-blank byte is '{' (the JSON formats).
    private let needsBrace: [Bool]
    /// Per part: timestamped text, which needs its timestamp here (without one every line would
    /// be a header).
    private let needsTimestamp: [Bool]

    init(parts: [any LineParser]) {
        self.parts = parts
        needsBrace = parts.map { [.json, .journald, .dockerJSON].contains($0.format) }
        needsTimestamp = parts.map { $0.format == .text }
    }

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        let first = b.skipBlanks(from: 0)
        let brace = first < b.count && b[first] == 0x7B
        // (By index: iterating the existentials would copy each one per line.)
        for k in parts.indices {
            if needsBrace[k], !brace { continue }
            rec.reset()
            if parts[k].parse(b, into: &rec, context: context), !needsTimestamp[k] || rec.timestamp != nil { return true }
        }
        rec.reset()
        return false
    }
}
