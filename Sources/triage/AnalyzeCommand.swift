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

    @Option(help: ArgumentHelp("Only events at or after this time (RFC 3339, '2026-03-02 10:15', or a duration back from now such as 15m, 2h).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only events before this time (same forms as --since).", valueName: "time"))
    var until: String?

    @OptionGroup var mining: MiningOptions

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

    func validate() throws {
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
        do {
            if let since { options.since = try TimeExpression.parse(since, nowMillis: now, offsetSeconds: offset) }
            if let until { options.until = try TimeExpression.parse(until, nowMillis: now, offsetSeconds: offset) }
        } catch {
            throw UsageFailure("--since/--until: \(error.description)")
        }
        if let lineFormat {
            do {
                options.lineFormat = try LineFormat(lineFormat)
            } catch {
                throw UsageFailure("--line-format: \(error.description)")
            }
        }

        let analyzer = try Analyzer(options: options)
        let progress = ProgressLine(enabled: !noProgress && TerminalInfo.isTTY(STDERR_FILENO))
        let inputs = files.isEmpty ? ["-"] : files
        for path in inputs {
            let found = analyzer.analyze(path: path) { p in
                progress.update(path: p.path, bytes: p.bytesRead, total: p.totalBytes, lines: p.lines)
            }
            progress.clear()
            for d in found { Stderr.write("triage: \(d)\n") }
        }

        // Change events.
        var changes: [ChangeEvent] = []
        for spec in deployFiles {
            let (events, problems) = ChangeEventLoader.load(spec, timezoneOffset: offset)
            changes += events
            for p in problems {
                let d = InputDiagnostic(.error, .badChangeEvent, file: p.path, line: p.line, p.message)
                analyzer.note(d)
                Stderr.write("triage: \(d)\n")
            }
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

        let defaultTop = format == .json ? nil : 25
        var full = analyzer.report()
        full.apply(correlator.correlate(full, changes: changes), changes: changes)
        full.runbooks = runbookOptions.library(config: config).suggest(for: full)
        let report = full.limited(top: top ?? defaultTop)
        let output: String
        switch format {
        case .json: output = JSONReportPrinter.render(report)
        case .markdown: output = MarkdownReportPrinter.render(report)
        case .text:
            let useColor = TerminalInfo.useColor(ColorChoice(rawValue: color) ?? .auto)
            output = TextReportPrinter(color: useColor, width: TerminalInfo.width()).render(report)
        }
        guard Stdout.write(output) else { throw ExitCode(TriageExit.usage) }
        if report.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(TriageExit.usage) }
        if let gate = failOn, let reason = Self.gateFails(gate, full) {
            Stderr.write("triage: --fail-on \(gate.rawValue): \(reason)\n")
            throw ExitCode(TriageExit.findings)
        }
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
