import ArgumentParser
import Foundation
import TriageCore

/// `triage templates`: the template of every input line, in order — per-line labels for
/// benchmarks (Loghub's `LineId,ClusterId,Template`) and for users who post-process.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Print the template and cluster id of every input line, in order.",
        discussion: """
            CSV (default): LineId,ClusterId,Template — with a leading File column when several
            inputs are given. --json prints one JSON object per line instead. Lines that belong to
            no event (blank lines between plain-text events) have empty ClusterId and Template;
            continuation lines carry the cluster of their event.
            """
    )

    @Argument(help: ArgumentHelp("Log files (plain or .gz); - reads standard input.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("Header pattern that overrides detection (see triage analyze --help).", valueName: "pattern"))
    var lineFormat: String?

    @OptionGroup var mining: MiningOptions

    @Option(help: ArgumentHelp("Zone for timestamps that carry none.", valueName: "zone"))
    var timezone: String = "UTC"

    @Flag(help: "Write CSV (the default).")
    var csv = false

    @Flag(help: "Write JSON lines: {\"file\",\"line\",\"cluster\",\"template\"}.")
    var json = false

    func validate() throws {
        if csv && json { throw ValidationError("choose one of --csv and --json") }
    }

    func run() throws {
        var options = AnalysisOptions()
        options.recordLineLabels = true
        try mining.apply(to: &options)
        guard let offset = AnalyzeCommand.timezoneOffset(timezone) else {
            throw UsageFailure("--timezone: cannot read '\(timezone)'")
        }
        options.timezoneOffsetSeconds = offset
        if let lineFormat {
            do { options.lineFormat = try LineFormat(lineFormat) } catch {
                throw UsageFailure("--line-format: \(error.description)")
            }
        }
        let analyzer = try Analyzer(options: options)
        for path in files {
            for d in analyzer.analyze(path: path) { Stderr.write("triage: \(d)\n") }
        }
        var out = ""
        let many = files.count > 1
        if !json { out += many ? "File,LineId,ClusterId,Template\n" : "LineId,ClusterId,Template\n" }
        for (i, path) in files.enumerated() {
            for l in analyzer.lineLabels(input: i) {
                if json {
                    out += "{\"file\":\(Self.jsonString(path)),\"line\":\(l.line),\"cluster\":\(Self.jsonString(l.id)),\"template\":\(Self.jsonString(l.template))}\n"
                } else {
                    out += (many ? Self.csvField(path) + "," : "") + "\(l.line),\(l.id),\(Self.csvField(l.template))\n"
                }
            }
            if out.utf8.count > 1 << 20 {
                guard Stdout.write(out) else { throw ExitCode(TriageExit.usage) }
                out = ""
            }
        }
        guard Stdout.write(out) else { throw ExitCode(TriageExit.usage) }
        if analyzer.diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(TriageExit.usage) }
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func jsonString(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
