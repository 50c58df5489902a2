import ArgumentParser
import TriageCore

#if canImport(Glibc)
    import Glibc
#endif

/// The `triage` command. Usage errors exit 2 (not ArgumentParser's 64), as docs/exit-codes.md says.
@main
struct Triage: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Turn a pile of logs into answers: templates, what changed, and what to do.",
        discussion: """
            Reads plain, gzip'd or piped logs (JSON lines, logfmt, syslog, access logs, log4j/logback,
            kubectl/stern/docker/journald output), detects each file's format, and clusters lines into
            templates with counts and time spans.

            Examples:
              triage analyze samplelogs/*.log samplelogs/*.jsonl
              triage analyze --format json --top 20 app.log.gz > report.json
              kubectl logs deploy/checkout --prefix | triage analyze -
            """,
        version: TriageVersion.current,
        subcommands: [AnalyzeCommand.self, TemplatesCommand.self, GrepCommand.self, RunbooksCommand.self],
        defaultSubcommand: AnalyzeCommand.self
    )

    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch let failure as UsageFailure {
            Stderr.write("triage: \(failure.message)\n")
            Glibc.exit(TriageExit.usage)
        } catch {
            let code = exitCode(for: error)
            if code == .success { Self.exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { Stderr.write("triage: " + message + "\n") }
            Glibc.exit(code == .validationFailure ? TriageExit.usage : code.rawValue)
        }
    }
}

/// A problem with what the user asked for, found while running (a config file, a --since value):
/// printed as one line, exit 2, without the usage text.
struct UsageFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Exit codes (docs/exit-codes.md).
enum TriageExit {
    static let ok: Int32 = 0
    /// Reserved for gates (`--fail-on`): the analysis found what the caller asked to fail on.
    static let findings: Int32 = 1
    /// Usage errors and inputs that could not be read.
    static let usage: Int32 = 2
}
