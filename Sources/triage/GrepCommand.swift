import ArgumentParser
import TriageCore

#if canImport(Glibc)
    import Glibc
#endif

/// `triage grep`: matching lines with file, line and cluster id; several files merged by time.
struct GrepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grep",
        abstract: "Print the lines that match a PCRE2 pattern, with file, line and cluster id.",
        discussion: """
            Several inputs are merged into one timeline by timestamp (all times in UTC; lines without a
            time keep their place after the line before them); --no-merge prints them one after another.
            Exit status: 0 when a line matched, 1 when none did, 2 on errors (as grep).
            """)

    @Argument(help: "The PCRE2 pattern.") var pattern: String
    @Argument(help: ArgumentHelp("Log files (plain or .gz).", valueName: "file")) var files: [String]

    @Flag(name: [.customShort("i"), .long], help: "Ignore case.") var ignoreCase = false
    @Flag(name: [.customShort("c"), .long], help: "Print only the number of matching lines per file.") var count = false
    @Flag(inversion: .prefixedNo, help: "Merge several inputs into one timeline (default on).") var merge = true
    @Option(help: "Colour: auto, always or never (auto honours NO_COLOR).") var color: String = "auto"
    @Option(help: ArgumentHelp("Zone for timestamps that carry none.", valueName: "zone")) var timezone: String = "UTC"
    @Option(help: ArgumentHelp("Header pattern that overrides detection.", valueName: "pattern")) var lineFormat: String?
    @OptionGroup(title: "Filters") var filters: FilterOptions
    @OptionGroup var mining: MiningOptions

    func run() throws {
        let regex: Regex
        do { regex = try Regex(pattern, options: ignoreCase ? [.utf, .caseInsensitive] : [.utf]) } catch {
            throw UsageFailure(error.description)
        }
        var options = AnalysisOptions()
        try mining.apply(to: &options)
        guard let offset = AnalyzeCommand.timezoneOffset(timezone) else { throw UsageFailure("--timezone: cannot read '\(timezone)'") }
        options.timezoneOffsetSeconds = offset
        try filters.apply(to: &options, offset: offset, now: TimeExpression.nowMillis())
        if let lineFormat {
            do { options.lineFormat = try LineFormat(lineFormat) } catch { throw UsageFailure("--line-format: \(error.description)") }
        }
        let useColor = TerminalInfo.useColor(ColorChoice(rawValue: color) ?? .auto)
        let highlighter = useColor ? regex.matcher() : nil
        let grepper = try Grepper(pattern: regex, options: options)
        let showPath = files.count > 1 || files.contains { $0.contains("*") }
        var out = ""
        var matched = 0
        if count {
            for (path, n) in grepper.count(paths: files) {
                matched += n
                out += (showPath ? path + ":" : "") + "\(n)\n"
            }
        } else {
        grepper.search(paths: files, merge: merge) { hit in
            matched += 1
            var line = ""
            if showPath { line += (useColor ? "\u{1B}[35m\(hit.path)\u{1B}[0m" : hit.path) + ":" }
            line += (useColor ? "\u{1B}[32m\(hit.line)\u{1B}[0m" : String(hit.line)) + ": "
            line += (useColor ? "\u{1B}[2m\(hit.clusterID)\u{1B}[0m" : hit.clusterID) + "  "
            line += highlighter.map { Self.highlight(hit.text, $0) } ?? Formatting.printable(hit.text)
            out += line + "\n"
            if out.utf8.count > 1 << 16 {
                _ = Stdout.write(out)
                out = ""
            }
        }
        }
        _ = Stdout.write(out)
        for d in grepper.diagnostics { Stderr.write("triage: \(d)\n") }
        if grepper.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(TriageExit.usage) }
        if matched == 0 { throw ExitCode(1) }
    }

    /// Matches in bold red; control characters made visible.
    static func highlight(_ text: String, _ m: RegexMatcher) -> String {
        var bytes = Array(text.utf8)
        var out = ""
        var offset = 0
        bytes.withUnsafeMutableBytes { b in
            let buf = UnsafeRawBufferPointer(b)
            while offset <= buf.count, m.match(buf, from: offset) == .match, let r = m.range(group: 0), r.upperBound > offset || !r.isEmpty {
                out += Formatting.printable(buf.string(offset..<r.lowerBound))
                out += "\u{1B}[1;31m" + Formatting.printable(buf.string(r)) + "\u{1B}[0m"
                offset = r.isEmpty ? r.upperBound + 1 : r.upperBound
            }
            if offset < buf.count { out += Formatting.printable(buf.string(offset..<buf.count)) }
        }
        bytes = []
        return out
    }
}
