import ArgumentParser
import Foundation
import TriageCore

/// `triage analyze`: the headless face — read inputs, cluster, print text, JSON or Markdown.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Cluster log lines into templates and summarise them.",
        discussion: """
            Inputs are files (plain or .gz), or - for standard input. Each file's format is detected
            from its first lines; --line-format overrides detection.

            Exit status: 0 when every input was read, 2 on a usage error or when an input could not
            be read (the others are still analysed and reported).
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Argument(help: ArgumentHelp("Log files (plain or .gz); - reads standard input.", valueName: "file"))
    var files: [String] = []

    @Option(name: [.customShort("o"), .long], help: "Output format: text, json or markdown.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Show only the N most frequent templates (text and Markdown default to 25; JSON lists all).", valueName: "N"))
    var top: Int?

    @OptionGroup var mining: MiningOptions

    @OptionGroup(title: "Filters") var filters: FilterOptions

    @Flag(name: [.customShort("f"), .long], help: "Keep reading as files grow (across log rotation) and as standard input streams; Ctrl-C prints the final summary.")
    var follow = false

    @Option(help: ArgumentHelp("Print the summary every interval while reading (10s, 1m); JSON output becomes one document per line.", valueName: "interval"))
    var every: String?

    @OptionGroup var runbookOptions: RunbookOptions

    @Option(name: .customLong("deploys"), help: ArgumentHelp("Deploys and other changes: JSON lines, CSV, git log or kubectl rollout history (docs/deploys.md); SERVICE=FILE names the service of events that lack one (repeatable).", valueName: "file"))
    var deployFiles: [String] = []

    @Option(help: ArgumentHelp("Compare everything before this time with everything after it.", valueName: "time"))
    var baselineUntil: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Compare two ranges: --compare A..B C..D (baseline, then target).", valueName: "range"))
    var compare: [String] = []

    enum Gate: String, ExpressibleByArgument, CaseIterable {
        case newErrors = "new-errors", suspect
    }

    @Option(help: ArgumentHelp("Exit 1 for a CI gate: new-errors (new error templates after the latest deploy) or suspect (the latest deploy is implicated).", valueName: "gate"))
    var failOn: Gate?

    @Option(help: ArgumentHelp("Zone for timestamps that carry none (UTC, +02:00, Europe/Berlin, local). Default: UTC.", valueName: "zone"))
    var timezone: String = "UTC"

    @Option(help: ArgumentHelp("Header pattern that overrides detection, e.g. '<Date> <Time> <Level> \\[<Component>\\] <Content>'.", valueName: "pattern"))
    var lineFormat: String?

    @Option(help: "Colour in text output: auto, always or never (auto honours NO_COLOR).")
    var color: String = "auto"

    @Flag(help: "Never show the progress line on stderr.")
    var noProgress = false

    mutating func validate() throws {
        // `--compare` takes every value up to the next option, so in the documented
        // `--compare A..B C..D app.log` the log files come with it: what follows the two ranges is
        // an input.
        if compare.count > 2 {
            files += compare[2...]
            compare.removeSubrange(2...)
        }
        if !compare.isEmpty, compare.count != 2 { throw ValidationError("--compare takes two ranges: A..B C..D") }
        if !compare.isEmpty, baselineUntil != nil { throw ValidationError("use either --compare or --baseline-until") }
        if let top, top < 0 { throw ValidationError("--top must be 0 or more") }
        if ColorChoice(rawValue: color) == nil { throw ValidationError("--color must be auto, always or never") }
        if files.isEmpty, TerminalInfo.isTTY(STDIN_FILENO) {
            throw ValidationError("name at least one log file, or - to read standard input")
        }
    }

    func run() throws {
        var options = AnalysisOptions()
        let config = try mining.apply(to: &options)
        guard let offset = Self.timezoneOffset(timezone) else {
            throw UsageFailure("--timezone: cannot read '\(timezone)' (use UTC, +02:00, -0500, local, or a zone name such as Europe/Berlin)")
        }
        options.timezoneOffsetSeconds = offset
        let now = TimeExpression.nowMillis()
        try filters.apply(to: &options, offset: offset, now: now)
        if let lineFormat {
            do {
                options.lineFormat = try LineFormat(lineFormat)
            } catch {
                throw UsageFailure("--line-format: \(error.description)")
            }
        }

        // Change events, read first so periodic summaries can use them too.
        var changes: [ChangeEvent] = []
        var changeProblems: [InputDiagnostic] = []
        for spec in deployFiles {
            let (events, problems) = ChangeEventLoader.load(spec, timezoneOffset: offset)
            changes += events
            changeProblems += problems.map { InputDiagnostic(.error, .badChangeEvent, file: $0.path, line: $0.line, $0.message) }
        }
        changes.sort { $0.time < $1.time }
        var correlator = Correlator()
        do {
            if let b = baselineUntil { correlator.options.baselineUntil = try TimeExpression.parse(b, nowMillis: now, offsetSeconds: offset) }
            if compare.count == 2 {
                correlator.options.compare = (try Self.range(compare[0], now, offset), try Self.range(compare[1], now, offset))
            }
        } catch let e as TimeExpression.ParseError {
            throw UsageFailure("--baseline-until/--compare: \(e.description)")
        }
        // Parsing the runbooks takes a moment: do it while the logs are read.
        let runbookOptions = self.runbookOptions
        let libraryLoad = Background { runbookOptions.load(config: config) }
        var loadedLibrary: RunbookLibrary?
        var library: RunbookLibrary {
            if let l = loadedLibrary { return l }
            let l = libraryLoad.value
            runbookOptions.report(l)
            loadedLibrary = l
            return l
        }

        let analyzer = try Analyzer(options: options)
        for d in changeProblems {
            analyzer.note(d)
            Stderr.write("triage: \(d)\n")
        }
        /// The full report: correlation and runbooks computed from every cluster.
        func complete(_ raw: AnalysisReport) -> AnalysisReport {
            var full = raw
            full.apply(correlator.correlate(full, changes: changes), changes: changes)
            full.runbooks = library.suggest(for: full)
            return full
        }
        let defaultTop = format == .json ? nil : 25
        let useColor = TerminalInfo.useColor(ColorChoice(rawValue: color) ?? .auto)
        /// Writes the report to standard output; false when that fails.
        func output(_ full: AnalysisReport, live: Bool) -> Bool {
            let report = full.limited(top: top ?? defaultTop)
            switch format {
            // (The final JSON report is streamed: thousands of clusters are never whole in memory.)
            case .json: return live ? Stdout.write(JSONReportPrinter.renderLine(report)) : JSONReportPrinter.write(report, to: Stdout.write(bytes:))
            case .markdown: return Stdout.write(MarkdownReportPrinter.render(report) + (live ? "\n---\n\n" : ""))
            case .text:
                let text = TextReportPrinter(color: useColor, width: TerminalInfo.width()).render(report)
                return Stdout.write(live ? "── \(Formatting.clock(TimeExpression.nowMillis())) UTC " + String(repeating: "─", count: 40) + "\n" + text + "\n" : text)
            }
        }

        let progress = ProgressLine(enabled: !noProgress && TerminalInfo.isTTY(STDERR_FILENO))
        let inputs = files.isEmpty ? ["-"] : files
        if follow || every != nil {
            let interval = try every.map { e -> Int64 in
                guard let ms = TimeExpression.duration(e), ms >= 100 else {
                    throw UsageFailure("--every: '\(e)' is not an interval such as 10s or 1m")
                }
                return ms
            }
            Interrupt.install()
            let before = analyzer.diagnostics.count
            analyzer.follow(paths: inputs, following: follow, interval: interval, shouldStop: { Interrupt.requested }) { raw in
                _ = output(complete(raw), live: true)
            }
            for d in analyzer.diagnostics[before...] { Stderr.write("triage: \(d)\n") }
        } else {
            for path in Analyzer.expandInputs(inputs) {
                let found = analyzer.analyze(path: path) { p in
                    progress.update(path: p.path, bytes: p.bytesRead, total: p.totalBytes, lines: p.lines)
                }
                progress.clear()
                for d in found { Stderr.write("triage: \(d)\n") }
            }
        }

        let full = complete(analyzer.report())
        if let b = baselineUntil, let note = Self.emptySide(of: full.correlation, at: correlator.options.baselineUntil) {
            Stderr.write("triage: --baseline-until \(b) \(note)\n")
        }
        guard output(full, live: false) else { throw ExitCode(TriageExit.usage) }
        // A followed stream stopped with Ctrl-C ends normally.
        if full.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(TriageExit.usage) }
        if let gate = failOn, let reason = Self.gateFails(gate, full) {
            Stderr.write("triage: --fail-on \(gate.rawValue): \(reason)\n")
            throw ExitCode(TriageExit.findings)
        }
    }

    /// Why a split at `until` compares nothing (it is outside the events' span), or nil.
    static func emptySide(of ctx: CorrelationContext?, at until: Int64?) -> String? {
        guard let until, let ctx, ctx.anchor == "--baseline-until", let base = ctx.baseline, let target = ctx.target,
            let first = try? TimeExpression.parse(base.start, nowMillis: 0, offsetSeconds: 0),
            let last = try? TimeExpression.parse(target.end, nowMillis: 0, offsetSeconds: 0)
        else { return nil }
        if until <= first { return "is not after the first event (\(base.start)): the baseline is empty, nothing is compared" }
        if until > last { return "is after the last event (\(target.end)): the target is empty, nothing is compared" }
        return nil
    }

    /// Why the gate fails, or nil when it passes.
    static func gateFails(_ gate: Gate, _ r: AnalysisReport) -> String? {
        guard let latest = r.changes.last(where: { $0.kind != .rollback }) else {
            return gate == .newErrors && r.findings.contains { $0.kind == .new && $0.level >= .error }
                ? "new error templates appeared (no deploy given)" : nil
        }
        switch gate {
        case .suspect:
            return r.suspects.contains { $0.deploy == latest.id } ? "the latest change, \(latest.id), is implicated" : nil
        case .newErrors:
            let after = r.findings.filter { f in
                f.kind == .new && f.level >= .error && (f.onset.flatMap { TimestampParser(referenceMillis: 0).parse($0) } ?? 0) >= latest.time
            }
            return after.isEmpty ? nil : "\(after.count) new error template\(after.count == 1 ? "" : "s") after \(latest.id)"
        }
    }

    /// "A..B" with any time forms on each side.
    static func range(_ s: String, _ now: Int64, _ offset: Int) throws -> Range<Int64> {
        let parts = s.components(separatedBy: "..")
        guard parts.count == 2 else { throw UsageFailure("--compare: '\(s)' is not a range A..B") }
        let a = try TimeExpression.parse(parts[0], nowMillis: now, offsetSeconds: offset)
        let b = try TimeExpression.parse(parts[1], nowMillis: now, offsetSeconds: offset)
        guard b > a else { throw UsageFailure("--compare: '\(s)' ends before it starts") }
        return a..<b
    }

    /// UTC, offsets, `local`, or an IANA zone name (its current offset).
    static func timezoneOffset(_ s: String) -> Int? {
        if let o = TimezoneOffset.parse(s) { return o }
        if s.lowercased() == "local" { return TimeZone.current.secondsFromGMT() }
        return TimeZone(identifier: s)?.secondsFromGMT()
    }
}
