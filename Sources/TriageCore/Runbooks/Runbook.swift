/// A runbook: how to recognise a failure in logs (match rules) and what to do about it (Markdown).
/// The format is documented in runbooks/README.md.
public struct Runbook: Sendable, Equatable {
    public var id: String
    public var title: String
    public var services: [String]
    public var tags: [String]
    public var severity: String
    public var priority: Int
    public var match: MatchSpec
    public var examples: [String]
    public var counterExamples: [String]
    public var followUps: [String]
    public var links: [Link]
    /// The Markdown after the front matter.
    public var body: String
    /// Where it came from: a file path, or `builtin:runbooks/<id>.md`.
    public var path: String

    public struct Link: Sendable, Equatable, Codable {
        public var title: String
        public var url: String
    }

    public struct MatchSpec: Sendable, Equatable {
        public var any: [Rule]
        public var none: [Rule]
        /// nil = every level.
        public var levels: [Level]?
        public var minCount: Int
        public var minRateRatio: Double?
    }

    public enum Rule: Sendable, Equatable {
        case regex(String)
        case keywords([String])

        public var summary: String {
            switch self {
            case .regex(let r): "regex '\(r)'"
            case .keywords(let k): "keywords [\(k.joined(separator: ", "))]"
            }
        }
    }

    /// The body's `## Heading` sections, in order.
    public var sections: [(heading: String, text: String)] {
        var out: [(String, String)] = []
        var heading: String?
        var lines: [String] = []
        func flush() {
            if let h = heading { out.append((h, Self.joinedWithoutBlankEnds(lines))) }
        }
        for line in body.textLines() {
            if line.hasPrefix("## ") {
                flush()
                heading = String(line.dropFirst(3)).trimmingBlanks()
                lines = []
            } else {
                lines.append(line)
            }
        }
        flush()
        return out
    }

    /// The lines joined, without the blank lines at either end.
    private static func joinedWithoutBlankEnds(_ lines: [String]) -> String {
        func blank(_ s: String) -> Bool { s.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
        guard let first = lines.firstIndex(where: { !blank($0) }), let last = lines.lastIndex(where: { !blank($0) }) else { return "" }
        return lines[first...last].joined(separator: "\n")
    }

    public func section(_ name: String) -> String? {
        sections.first { $0.heading.lowercased() == name.lowercased() }?.text
    }

    /// The first `n` steps of the Mitigation section (list items or paragraphs), for summaries.
    public func mitigationSteps(_ n: Int) -> [String] {
        guard let m = section("Mitigation") else { return [] }
        var steps: [String] = []
        var current = ""
        for line in m.textLines() {
            let trimmed = line.trimmingBlanks()
            let isItem = trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ")
                || (trimmed.first?.isNumber == true && trimmed.contains(". "))
            if isItem, !line.hasPrefix("  ") {
                if !current.isEmpty { steps.append(current) }
                current = String(trimmed.drop { $0 != " " }.dropFirst())
            } else if trimmed.isEmpty || trimmed.hasPrefix("```") {
                if !current.isEmpty { steps.append(current) }
                current = ""
            } else if !current.isEmpty, !line.hasPrefix("    ") {
                current += " " + trimmed
            }
            if steps.count >= n { break }
        }
        if !current.isEmpty, steps.count < n { steps.append(current) }
        return Array(steps.prefix(n))
    }
}
