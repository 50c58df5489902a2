/// `triage runbooks lint`: checks runbook files the way the suggestion engine will read them.
public enum RunbookLinter {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Severity: String, Sendable { case error, warning }
        public var severity: Severity
        public var path: String
        public var line: Int?
        public var message: String
        public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): \(severity.rawValue): \(message)" }
    }

    static let headings = ["Meaning", "Impact", "Diagnosis", "Mitigation", "Escalation"]

    /// Lints every runbook in the directories (duplicate ids are checked across all of them).
    public static func lint(directories: [String]) -> [Finding] {
        var findings: [Finding] = []
        var seen: [String: String] = [:]
        for dir in directories {
            let (runbooks, problems) = RunbookLoader.loadDirectory(dir)
            findings += problems.map { Finding(severity: .error, path: $0.path, line: $0.line, message: $0.message) }
            for r in runbooks {
                let text = readSmallFile(r.path) ?? ""
                findings += lint(r, text: text)
                if let other = seen[r.id] {
                    findings.append(
                        Finding(severity: .error, path: r.path, line: line(of: "id:", in: text),
                                message: "duplicate id '\(r.id)' (also in \(other))"))
                } else {
                    seen[r.id] = r.path
                }
            }
        }
        return findings
    }

    /// Checks one parsed runbook; `text` is its file, for line numbers.
    public static func lint(_ r: Runbook, text: String) -> [Finding] {
        var out: [Finding] = []
        func add(_ s: Finding.Severity, _ needle: String?, _ m: String) {
            out.append(Finding(severity: s, path: r.path, line: needle.flatMap { line(of: $0, in: text) }, message: m))
        }
        let fileID = String(r.path.split(separator: "/").last ?? "").replacingAll(".md", with: "")
        if !r.path.hasPrefix("builtin:"), r.id != fileID {
            add(.error, "id:", "id '\(r.id)' differs from the file name '\(fileID).md'")
        }
        if r.examples.count < 3 { add(.error, "examples:", "needs at least 3 examples (has \(r.examples.count))") }
        // Every regex must compile; every `any` regex must match one of the runbook's own examples.
        var compiled: [(Runbook.Rule, RegexMatcher?)] = []
        for rule in r.match.any + r.match.none {
            guard case .regex(let p) = rule else {
                compiled.append((rule, nil))
                continue
            }
            do {
                compiled.append((rule, try Regex(p, options: [.utf]).matcher()))
            } catch {
                add(.error, p, "regex does not compile in PCRE2: \(error.message) at offset \(error.offset): '\(p)'")
                compiled.append((rule, nil))
            }
        }
        for (rule, m) in compiled.prefix(r.match.any.count) {
            guard case .regex(let p) = rule, let m else { continue }
            if !r.examples.contains(where: { m.matches($0) }) {
                add(.error, p, "regex matches none of the runbook's examples: '\(p)'")
            }
        }
        if out.contains(where: { $0.message.contains("does not compile") }) { return out }
        guard let matcher = try? RuleMatcher(r.match) else { return out }
        for e in r.examples where matcher.match(e) == nil {
            add(.error, String(e.prefix(40)), "example does not match the runbook: '\(Formatting.truncate(e, toWidth: 100))'")
        }
        for e in r.counterExamples where matcher.match(e) != nil {
            add(.error, String(e.prefix(40)), "counter-example matches the runbook: '\(Formatting.truncate(e, toWidth: 100))'")
        }
        let present = Set(r.sections.map(\.heading))
        for h in headings where !present.contains(h) {
            add(.warning, nil, "body has no '## \(h)' section")
        }
        return out
    }

    /// 1-based line of the first line containing `needle`.
    static func line(of needle: String, in text: String) -> Int? {
        guard !needle.isEmpty else { return nil }
        for (i, l) in text.textLines().enumerated() where l.contains(needle) {
            return i + 1
        }
        return nil
    }
}
