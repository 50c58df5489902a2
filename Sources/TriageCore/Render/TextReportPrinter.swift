/// The human summary: a header, the inputs, and an aligned table of templates, most frequent first.
/// Colour (ANSI SGR) only when asked for; the CLI decides from the TTY and NO_COLOR.
public struct TextReportPrinter {
    public var color: Bool
    /// Terminal width; templates are cut to fit. nil = never cut (output to a file or pipe).
    public var width: Int?

    public init(color: Bool, width: Int?) {
        self.color = color
        self.width = width
    }

    public func render(_ r: AnalysisReport) -> String {
        var out = ""
        let span: String
        if let a = r.input.firstTimestamp, let b = r.input.lastTimestamp {
            span = " · \(Formatting.shortTime(a)) → \(Formatting.shortTime(b)) UTC"
        } else {
            span = ""
        }
        out += bold("triage")
            + " · \(r.input.files.count) input\(r.input.files.count == 1 ? "" : "s") · \(Formatting.grouped(r.input.lines)) lines · \(Formatting.grouped(r.input.events)) events · \(Formatting.bytes(r.input.bytes))\(span)\n"
        let nameWidth = min(40, r.input.files.map { Formatting.displayWidth($0.path) }.max() ?? 0)
        for f in r.input.files {
            out += "  " + pad(Formatting.truncate(f.path, toWidth: nameWidth), nameWidth) + "  "
                + pad(f.format + (f.compressed ? " (gz)" : ""), 22) + " "
                + leftPad(Formatting.grouped(f.lines), 10) + " lines\n"
        }
        if r.input.filteredEvents > 0 {
            out += "  \(Formatting.grouped(r.input.filteredEvents)) events outside --since/--until were left out\n"
        }
        out += "\n"
        out += changes(r)
        guard !r.clusters.isEmpty else {
            out += "No events to cluster.\n"
            return out
        }
        let countWidth = max(5, r.clusters.map { Formatting.grouped($0.count).count }.max() ?? 0)
        let sourceWidth = min(20, max(6, r.clusters.map { Formatting.displayWidth($0.source) }.max() ?? 0))
        let fixed = countWidth + 2 + 6 + 2 + 12 + 2 + sourceWidth + 2
        out += dim(leftPad("COUNT", countWidth) + "  " + pad("LEVEL", 6) + "  " + pad("ID", 12) + "  "
            + pad("SOURCE", sourceWidth) + "  TEMPLATE") + "\n"
        for c in r.clusters {
            var template = Formatting.printable(c.template)
            if let w = width { template = Formatting.truncate(template, toWidth: max(20, w - fixed)) }
            out += leftPad(Formatting.grouped(c.count), countWidth) + "  " + levelCell(c.level) + "  "
                + dim(pad(c.id, 12)) + "  " + pad(Formatting.truncate(c.source, toWidth: sourceWidth), sourceWidth)
                + "  " + template + "\n"
        }
        if r.totalClusters > r.clusters.count {
            out += dim("\nshowing \(r.clusters.count) of \(Formatting.grouped(r.totalClusters)) templates (--top N shows more)") + "\n"
        } else {
            out += dim("\n\(r.totalClusters) template\(r.totalClusters == 1 ? "" : "s")") + "\n"
        }
        out += runbooks(r.runbooks)
        return out
    }

    /// The incident window, the findings and the suspect changes, before the template table.
    private func changes(_ r: AnalysisReport) -> String {
        guard let ctx = r.correlation else { return "" }
        var out = ""
        let limit = width.map { max(40, $0 - 8) }
        func cut(_ s: String) -> String { limit.map { Formatting.truncate(s, toWidth: $0) } ?? s }
        if let inc = ctx.incident {
            let end = inc.end.map { ", back to normal by \(Formatting.shortTime($0).suffix(8))" } ?? ", not over at the end of the input"
            out += bold("Incident") + ": \(inc.signal == "error" ? "errors" : "warnings") rose at \(Formatting.shortTime(inc.onset).suffix(8))\(end)\n"
        }
        if let b = ctx.baseline, let t = ctx.target {
            out += dim("compared \(Formatting.shortTime(b.start)) – \(Formatting.shortTime(b.end).suffix(8)) with \(Formatting.shortTime(t.start).suffix(8)) – \(Formatting.shortTime(t.end).suffix(8)) UTC (split at the \(ctx.anchor))") + "\n"
        }
        if !r.findings.isEmpty {
            out += "\n" + bold("What changed") + "\n"
            for f in r.findings.prefix(8) {
                out += "  " + levelCell(f.level) + " " + pad(f.kind.rawValue, 5) + " " + dim(f.cluster) + "  " + cut(f.explanation) + "\n"
                out += "         " + cut(Formatting.printable(f.template)) + "\n"
            }
            if r.findings.count > 8 { out += dim("  … \(r.findings.count - 8) more findings in --format json") + "\n" }
        } else if ctx.baseline != nil {
            out += "\nNo template is new, gone, or significantly more or less frequent.\n"
        }
        if !r.changes.isEmpty {
            out += "\n" + bold("Suspect changes") + "\n"
            if r.suspects.isEmpty { out += "  " + cut(ctx.verdict) + "\n" }
            for (i, s) in r.suspects.prefix(3).enumerated() {
                out += "  \(i + 1). " + bold(s.deploy) + dim(" (score \(s.score))") + "  " + cut(s.explanation) + "\n"
            }
            for n in ctx.notImplicated.prefix(5) { out += dim("  not \(n.deploy): \(n.reason)") + "\n" }
        }
        return out + "\n"
    }

    /// The top suggested runbooks with why they matched and their first steps.
    private func runbooks(_ list: [RunbookSuggestion]) -> String {
        guard !list.isEmpty else { return "" }
        var out = "\n" + bold("Suggested runbooks") + "\n"
        let limit = width.map { max(40, $0 - 10) }
        func cut(_ s: String) -> String { limit.map { Formatting.truncate(s, toWidth: $0) } ?? s }
        for (i, s) in list.prefix(3).enumerated() {
            out += "  \(i + 1). " + bold(s.id) + "  \(s.title)  " + dim("(\(s.severity), score \(s.score))") + "\n"
            for w in s.why.prefix(2) { out += "     " + dim("why: ") + cut(w) + "\n" }
            for (k, step) in s.steps.prefix(3).enumerated() { out += "     " + dim(k == 0 ? "do:  " : "     ") + cut(step) + "\n" }
        }
        if list.count > 3 {
            out += dim("  also: " + list.dropFirst(3).prefix(5).map(\.id).joined(separator: ", ")) + "\n"
        }
        out += dim("  triage runbooks show ID prints a runbook in full.") + "\n"
        return out
    }

    private func levelCell(_ l: Level) -> String {
        let text = pad(l == .unknown ? "-" : l.name, 6)
        guard color else { return text }
        switch l {
        case .fatal: return "\u{1B}[1;31m\(text)\u{1B}[0m"
        case .error: return "\u{1B}[31m\(text)\u{1B}[0m"
        case .warn: return "\u{1B}[33m\(text)\u{1B}[0m"
        case .notice: return "\u{1B}[36m\(text)\u{1B}[0m"
        case .debug, .trace: return "\u{1B}[2m\(text)\u{1B}[0m"
        default: return text
        }
    }

    private func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    private func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }

    private func pad(_ s: String, _ w: Int) -> String {
        let d = Formatting.displayWidth(s)
        return d >= w ? s : s + String(repeating: " ", count: w - d)
    }

    private func leftPad(_ s: String, _ w: Int) -> String {
        let d = Formatting.displayWidth(s)
        return d >= w ? s : String(repeating: " ", count: w - d) + s
    }
}
