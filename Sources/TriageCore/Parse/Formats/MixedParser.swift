/// A stream whose lines come in several formats (an aggregated feed; an app that logs JSON while
/// its runtime prints plain text): each line is read by the most specific part that reads it. A
/// line no part reads continues the previous event, as in any header format.
struct MixedParser: LineParser {
    let format = LogFormat.mixed
    /// Most specific first (FormatDetector's candidate order).
    let parts: [any LineParser]

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        for p in parts {
            // Cheap first-byte gates: JSON needs '{' (after blanks).
            if p.format == .json || p.format == .journald || p.format == .dockerJSON {
                let i = b.skipBlanks(from: 0)
                if i >= b.count || b[i] != 0x7B { continue }
            }
            rec.reset()
            // Timestamped text needs its timestamp here: without one every line would be a header.
            if p.parse(b, into: &rec, context: context), p.format != .text || rec.timestamp != nil { return true }
        }
        rec.reset()
        return false
    }
}
