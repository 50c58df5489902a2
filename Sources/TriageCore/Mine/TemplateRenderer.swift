/// Turns a template's tokens into the text users read: tokens joined by single spaces, variables as
/// `<*>`, then normalised by the rules the corrected Loghub ground truth was built with (Khan et al.,
/// ICSE 2022, as in Loghub-2.0), so one variable prints as one `<*>` whatever its shape:
/// absolute paths, `true`/`false`/`null`/`root`/`admin`, digit-only tokens and tokens that contain
/// a variable (`blk_<*>`, `<*>ms`) become `<*>`; `<*>.<*>` and `<*><*>` collapse.
enum TemplateRenderer {
    /// `normalised: false` keeps the tokens as they are (access-log routes stay readable).
    static func render(
        _ tokens: [TemplateMiner.Token], table: TokenTable, normalised: Bool = true, variadicFrom: Int? = nil
    ) -> String {
        var out: [UInt8] = []
        let shown = variadicFrom.map { Array(tokens.prefix($0 + 1)) } ?? tokens
        for (i, t) in shown.enumerated() {
            if i > 0 { out.append(asciiSpace) }
            if t.wildcard, t.id >= 0, table.isPlaceholder(t.id) {
                out.append(contentsOf: table.text(t.id))  // a named mask: <ipv4>
            } else if t.wildcard {
                if t.id >= 0 { out.append(contentsOf: table.text(t.id)) }
                out.append(contentsOf: Masker.placeholder)
            } else {
                out.append(contentsOf: table.text(t.id))
            }
        }
        guard normalised else { return out.string() }
        // ASCII templates (nearly all) take a byte path with the same rules; others the String one.
        return out.allSatisfy({ $0 < 0x80 }) ? normaliseASCII(out).string() : normalise(out.string())
    }

    /// `normalise` for ASCII text, on bytes (a report renders every template once; the String
    /// version costs a few hundred thousand instructions per template). `RendererTests` checks the
    /// two agree.
    static func normaliseASCII(_ template: [UInt8]) -> [UInt8] {
        let star = Masker.placeholder
        func isPathDelimiter(_ c: UInt8) -> Bool {
            switch c {
            case 0x20, 0x09, 0x2C, 0x21, 0x3B, 0x3A, 0x3D, 0x7C, 0x22, 0x27, 0x5B, 0x5D, 0x28, 0x29, 0x7B, 0x7D: true
            default: false
            }
        }
        func isTokenDelimiter(_ c: UInt8) -> Bool {
            switch c {
            case 0x2E, 0x2D, 0x2B, 0x40, 0x23, 0x24, 0x25, 0x26: true
            default: isPathDelimiter(c)
            }
        }
        /// Splits keeping each delimiter as a part of its own, as the String version does.
        func split(_ s: [UInt8], _ isDelimiter: (UInt8) -> Bool) -> [ArraySlice<UInt8>] {
            var parts: [ArraySlice<UInt8>] = []
            var start = 0
            for (i, c) in s.enumerated() where isDelimiter(c) {
                parts.append(s[start..<i])
                parts.append(s[i..<i + 1])
                start = i + 1
            }
            parts.append(s[start...])
            return parts
        }
        // Collapse whitespace.
        var t: [UInt8] = []
        for word in template.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            if !t.isEmpty { t.append(0x20) }
            t.append(contentsOf: word)
        }
        // Absolute paths → <*>.
        var paths: [UInt8] = []
        for part in split(t, isPathDelimiter) {
            let isPath = part.first == 0x2F && part.last != 0x2F && !zip(part, part.dropFirst()).contains { $0 == 0x2F && $1 == 0x2F }
            if isPath { paths.append(contentsOf: star) } else { paths.append(contentsOf: part) }
        }
        var out: [UInt8] = []
        for tok in split(paths, isTokenDelimiter) {
            // (No allocation per token: this runs for every token of every template of a report.)
            let blanked = Self.blankedBytes.contains { w in w.count == tok.count && zip(w, tok).allSatisfy { $0 == lowerASCII($1) } }
            let digits = !tok.isEmpty && tok.allSatisfy(isDigit)
            let hasStar = tok.count >= 3 && tok.indices.dropLast(2).contains { tok[$0] == 0x3C && tok[$0 + 1] == 0x2A && tok[$0 + 2] == 0x3E }
            let holdsVariable =
                hasStar && !tok.elementsEqual(star) && !tok.elementsEqual(Self.starSlashStar)
                && !tok.contains { $0 == 0x2F || $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }
            if blanked || digits || holdsVariable { out.append(contentsOf: star) } else { out.append(contentsOf: tok) }
        }
        for pattern in [Array("<*>.<*>".utf8), Array("<*><*>".utf8)] {
            while let r = find(pattern, in: out[...]) {
                // One left-to-right pass replacing every occurrence, as `replacingAll` does.
                var next: [UInt8] = []
                var rest = out[...]
                var hit: Range<Int>? = r
                while let h = hit {
                    next.append(contentsOf: rest[rest.startIndex..<h.lowerBound])
                    next.append(contentsOf: star)
                    rest = rest[h.upperBound...]
                    hit = find(pattern, in: rest)
                }
                next.append(contentsOf: rest)
                out = next
            }
        }
        return out
    }

    /// The first occurrence of `pattern` in `s` (a plain search: `firstRange(of:)` on byte arrays
    /// resolves to Foundation's generic `DataProtocol` one, tens of thousands of instructions a call).
    private static func find(_ pattern: [UInt8], in s: ArraySlice<UInt8>) -> Range<Int>? {
        guard pattern.count <= s.count else { return nil }
        var i = s.startIndex
        while i <= s.endIndex - pattern.count {
            if s[i] == pattern[0], s[i..<i + pattern.count].elementsEqual(pattern) { return i..<i + pattern.count }
            i += 1
        }
        return nil
    }

    private static let blankedBytes: [[UInt8]] = blanked.sorted().map { Array($0.utf8) }
    private static let starSlashStar = Array("<*>/<*>".utf8)

    private static let pathDelimiters: Set<Character> = [" ", "\t", ",", "!", ";", ":", "=", "|", "\"", "'", "[", "]", "(", ")", "{", "}"]
    private static let tokenDelimiters: Set<Character> = pathDelimiters.union([".", "-", "+", "@", "#", "$", "%", "&"])
    private static let blanked: Set<String> = ["true", "false", "null", "root", "admin"]

    static func normalise(_ template: String) -> String {
        // Split keeping delimiters, as a regex split with a capturing group does.
        func split(_ s: String, _ delims: Set<Character>) -> [String] {
            var parts: [String] = []
            var cur = ""
            for ch in s {
                if delims.contains(ch) {
                    parts.append(cur)
                    parts.append(String(ch))
                    cur = ""
                } else {
                    cur.append(ch)
                }
            }
            parts.append(cur)
            return parts
        }
        // Collapse whitespace.
        var t = template.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        // Absolute paths → <*>.
        t = split(t, pathDelimiters).map { isPath($0) ? "<*>" : $0 }.joined()
        var out = ""
        for var tok in split(t, tokenDelimiters) {
            if blanked.contains(tok.lowercased()) { tok = "<*>" }
            if !tok.isEmpty, tok.allSatisfy({ $0.isASCII && $0.isNumber }) { tok = "<*>" }
            if tok != "<*>", tok != "<*>/<*>", tok.contains("<*>"), !tok.contains(where: { $0 == "/" || $0.isWhitespace }) {
                tok = "<*>"
            }
            out += tok
        }
        for pattern in ["<*>.<*>", "<*><*>"] {
            while out.contains(pattern) { out = out.replacingAll(pattern, with: "<*>") }
        }
        return out
    }

    /// `^(/[^/]+)+$`
    private static func isPath(_ s: String) -> Bool {
        guard s.hasPrefix("/"), !s.hasSuffix("/") else { return false }
        return !s.contains("//")
    }
}
