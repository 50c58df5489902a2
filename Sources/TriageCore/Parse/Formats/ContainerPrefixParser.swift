/// Prefixes that container tooling adds in front of each application line:
/// `kubectl logs --prefix` (`[pod/checkout-7d9f/checkout] …`) and stern (`checkout-7d9f checkout …`).
/// The rest of the line is an inner log line that a per-container child parser reads again.
struct ContainerPrefixParser: LineParser {
    let format: LogFormat
    /// While detecting, stern lines must also look like logs after the prefix; once a stream is
    /// known to be stern output, every prefixed line is routed (stack-trace lines included).
    var strict = true

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        format == .kubectlPrefix ? parseKubectl(b, &rec) : parseStern(b, &rec, context)
    }

    private func parseKubectl(_ b: UnsafeRawBufferPointer, _ rec: inout ParsedLine) -> Bool {
        guard b.count > 6, b[0] == 0x5B, b.hasBytes("pod/", at: 1),
            let close = b.firstIndex(of: 0x5D, from: 5, to: min(b.count, 320))
        else { return false }
        // [pod/NAME/CONTAINER]
        let inner = 5..<close
        guard let slash = b.firstIndex(of: 0x2F, from: inner.lowerBound, to: inner.upperBound) else { return false }
        rec.setService(b, slash + 1..<close)
        ParsedLine.set(&rec.streamKey, b, 1..<close)
        var m = close + 1
        if m < b.count, b[m] == 0x20 { m += 1 }
        rec.message.removeAll()
        rec.message.append(UnsafeRawBufferPointer(rebasing: b[m..<b.count]))
        rec.isWrapped = true
        return true
    }

    /// stern: POD CONTAINER MESSAGE, where POD and CONTAINER are DNS labels and the message itself
    /// looks like a log line (JSON, or a timestamp or level first), so prose is not mistaken for it.
    private func parseStern(_ b: UnsafeRawBufferPointer, _ rec: inout ParsedLine, _ ctx: ParseContext) -> Bool {
        // stern's own notices: "+ pod › container" (started) and "- pod › container" (gone).
        if b.count > 2, b[0] == 0x2B || b[0] == 0x2D, b[1] == 0x20, containsArrow(b) {
            rec.skip = true
            return true
        }
        guard let podEnd = b.firstIndex(of: asciiSpace, from: 0, to: min(b.count, 254)),
            isPodName(b, 0..<podEnd),
            let containerEnd = b.firstIndex(of: asciiSpace, from: podEnd + 1, to: min(b.count, podEnd + 65)),
            isLabel(b, podEnd + 1..<containerEnd)
        else { return false }
        let m = containerEnd + 1
        guard m < b.count else { return false }
        let looksLikeLog =
            b[m] == 0x7B || ctx.timestamps.parse(b, at: m) != nil
            || (b[m] == 0x5B && ctx.timestamps.parse(b, at: m + 1) != nil)
            || Level.word(b, m..<(b.firstIndex(of: asciiSpace, from: m) ?? b.count)) != nil
        guard looksLikeLog || !strict else { return false }
        rec.setService(b, podEnd + 1..<containerEnd)
        ParsedLine.set(&rec.streamKey, b, 0..<containerEnd)
        rec.message.removeAll()
        rec.message.append(UnsafeRawBufferPointer(rebasing: b[m..<b.count]))
        rec.isWrapped = true
        return true
    }

    /// U+203A "›" (E2 80 BA).
    private func containsArrow(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 2 < b.count {
            if b[i] == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0xBA { return true }
            i += 1
        }
        return false
    }

    private func isLabel(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        guard !r.isEmpty, r.count <= 63 else { return false }
        return r.allSatisfy { let c = b[$0]; return (c >= 0x61 && c <= 0x7A) || isDigit(c) || c == 0x2D }
            && b[r.lowerBound] != 0x2D && b[r.upperBound - 1] != 0x2D
    }

    /// Pod names carry generated suffixes: at least one '-' and a digit somewhere after it.
    private func isPodName(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        guard isLabel(b, r) || r.allSatisfy({ b[$0] == 0x2E || isAlnum(b[$0]) || b[$0] == 0x2D }),
            let dash = b.firstIndex(of: 0x2D, from: r.lowerBound, to: r.upperBound)
        else { return false }
        return (dash..<r.upperBound).contains { isDigit(b[$0]) }
    }
}
