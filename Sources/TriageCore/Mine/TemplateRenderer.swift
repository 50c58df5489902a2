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
            if t.wildcard, t.id >= 0, table.isPlaceholder[Int(t.id)] {
                out.append(contentsOf: table.text(t.id))  // a named mask: <ipv4>
            } else if t.wildcard {
                if t.id >= 0 { out.append(contentsOf: table.text(t.id)) }
                out.append(contentsOf: Masker.placeholder)
            } else {
                out.append(contentsOf: table.text(t.id))
            }
        }
        return normalised ? normalise(out.string()) : out.string()
    }

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
