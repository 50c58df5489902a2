/// Markdown that pastes into a GitHub issue: a summary, the inputs, a template table, and sample
/// lines of the most frequent warning-or-worse templates in collapsible blocks.
public enum MarkdownReportPrinter {
    public static func render(_ r: AnalysisReport, samplesFor sampleCount: Int = 5) -> String {
        var out = "## triage summary\n\n"
        var facts = "\(Formatting.grouped(r.input.lines)) lines, \(Formatting.grouped(r.input.events)) events, \(r.totalClusters) templates"
        if let a = r.input.firstTimestamp, let b = r.input.lastTimestamp {
            facts += ", \(Formatting.shortTime(a)) → \(Formatting.shortTime(b)) UTC"
        }
        out += facts + ".\n\n"
        out += "| input | format | lines | events |\n|---|---|---:|---:|\n"
        for f in r.input.files {
            out += "| \(cell(f.path)) | \(f.format)\(f.compressed ? " (gz)" : "") | \(Formatting.grouped(f.lines)) | \(Formatting.grouped(f.events)) |\n"
        }
        if !r.diagnostics.isEmpty {
            out += "\n**Input problems**\n\n"
            for d in r.diagnostics { out += "- \(inlineCode(d.description))\n" }
        }
        out += changes(r)
        out += "\n### Templates\n\n"
        if r.clusters.isEmpty {
            out += "No events to cluster.\n"
            return out
        }
        out += "| count | level | id | source | template | first seen | last seen |\n|---:|---|---|---|---|---|---|\n"
        for c in r.clusters {
            out += "| \(Formatting.grouped(c.count)) | \(c.level.name) | `\(c.id)` | \(cell(c.source)) | \(inlineCode(c.template)) | \(Formatting.shortTime(c.firstSeen)) | \(Formatting.shortTime(c.lastSeen)) |\n"
        }
        if r.totalClusters > r.clusters.count {
            out += "\n_Showing \(r.clusters.count) of \(r.totalClusters) templates._\n"
        }
        if !r.runbooks.isEmpty {
            out += "\n### Suggested runbooks\n"
            for s in r.runbooks.prefix(3) {
                out += "\n**\(cell(s.title))** (`\(s.id)`, \(s.severity), score \(s.score))\n\n"
                for w in s.why.prefix(2) { out += "- why: \(inlineCode(w))\n" }
                for step in s.steps.prefix(3) { out += "- [ ] \(step)\n" }
            }
        }
        let worth = r.clusters.filter { $0.level >= .warn }.prefix(sampleCount)
        if !worth.isEmpty {
            out += "\n### Samples\n"
            for c in worth {
                out += "\n<details><summary><code>\(c.id)</code> \(html(Formatting.truncate(c.template, toWidth: 100)))</summary>\n\n"
                out += fence(c.samples.prefix(3).joined(separator: "\n"))
                out += "\n</details>\n"
            }
        }
        return out
    }

    static func changes(_ r: AnalysisReport) -> String {
        guard let ctx = r.correlation else { return "" }
        var out = ""
        if let inc = ctx.incident {
            out += "\n**Incident:** \(inc.signal == "error" ? "errors" : "warnings") rose at \(Formatting.shortTime(inc.onset)) UTC"
            out += inc.end.map { ", back to normal by \(Formatting.shortTime($0)) UTC.\n" } ?? ", not over at the end of the input.\n"
        }
        if !r.changes.isEmpty {
            out += "\n### Suspect changes\n\n"
            if r.suspects.isEmpty { out += cell(ctx.verdict) + "\n" }
            for (i, s) in r.suspects.prefix(3).enumerated() { out += "\(i + 1). **\(s.deploy)** (score \(s.score)): \(cell(s.explanation))\n" }
            if !ctx.notImplicated.isEmpty {
                out += "\nNot implicated:\n\n"
                for n in ctx.notImplicated { out += "- `\(n.deploy)`: \(cell(n.reason))\n" }
            }
        }
        if !r.findings.isEmpty {
            out += "\n### What changed\n\n| kind | level | id | finding | template |\n|---|---|---|---|---|\n"
            for f in r.findings.prefix(15) {
                out += "| \(f.kind.rawValue) | \(f.level.name) | `\(f.cluster)` | \(cell(f.explanation)) | \(inlineCode(f.template)) |\n"
            }
        }
        return out
    }

    /// Table cells: pipes escaped, newlines flattened.
    static func cell(_ s: String) -> String {
        s.replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
    }

    /// Inline code that survives backticks in the text and pipes inside a table.
    static func inlineCode(_ s: String) -> String {
        let flat = Formatting.printable(s).replacingAll("|", with: "\\|")
        var ticks = "`"
        while flat.contains(ticks) { ticks += "`" }
        let padding = flat.hasPrefix("`") || flat.hasSuffix("`") ? " " : ""
        return ticks + padding + flat + padding + ticks
    }

    /// A fenced block longer than any backtick run in the text.
    static func fence(_ s: String) -> String {
        var fence = "```"
        while s.contains(fence) { fence += "`" }
        return fence + "text\n" + s + "\n" + fence + "\n"
    }

    static func html(_ s: String) -> String {
        s.replacingAll("&", with: "&amp;").replacingAll("<", with: "&lt;")
            .replacingAll(">", with: "&gt;")
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
