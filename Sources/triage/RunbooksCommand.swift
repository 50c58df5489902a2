import ArgumentParser
import TriageCore

/// `triage runbooks`: list, show and lint runbooks.
struct RunbooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbooks",
        abstract: "List, show and lint runbooks (runbooks/README.md describes the format).",
        subcommands: [List.self, Show.self, Lint.self, Match.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the runbooks in effect.")
        @OptionGroup var mining: MiningOptions
        @OptionGroup var runbookOptions: RunbookOptions

        func run() throws {
            let lib = runbookOptions.library(config: try mining.loadConfig())
            let width = lib.runbooks.map(\.id.count).max() ?? 10
            var out = ""
            for r in lib.runbooks {
                out += r.id.padding(width) + "  " + r.severity.padding(8) + "  " + r.title + "\n"
            }
            out += "\n\(lib.runbooks.count) runbooks\n"
            Stdout.write(out)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one runbook.")
        @Argument(help: "The runbook id.") var id: String
        @OptionGroup var mining: MiningOptions
        @OptionGroup var runbookOptions: RunbookOptions

        func run() throws {
            let lib = runbookOptions.library(config: try mining.loadConfig())
            guard let r = lib.runbooks.first(where: { $0.id == id }) else {
                throw UsageFailure("no runbook with id '\(id)' (triage runbooks list shows them)")
            }
            Stdout.write("# \(r.title)\n\n_\(r.id) · \(r.severity) · \(r.path)_\n\n\(r.body.trimmingCharacters())\n")
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check runbook files: front matter, PCRE2 regexes, examples, duplicate ids.",
            discussion: "Exit status 1 when an error is found, 0 when only warnings or nothing.")
        @Argument(help: ArgumentHelp("Runbook directories.", valueName: "dir")) var directories: [String]

        func run() throws {
            let findings = RunbookLinter.lint(directories: directories)
            for f in findings { Stdout.write(f.description + "\n") }
            let errors = findings.filter { $0.severity == .error }.count
            Stdout.write("\(errors) error\(errors == 1 ? "" : "s"), \(findings.count - errors) warning\(findings.count - errors == 1 ? "" : "s")\n")
            if errors > 0 { throw ExitCode(1) }
        }
    }

    struct Match: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show which runbooks match a log line.")
        @Argument(help: "A log line.") var line: String
        @OptionGroup var mining: MiningOptions
        @OptionGroup var runbookOptions: RunbookOptions

        func run() throws {
            let lib = runbookOptions.library(config: try mining.loadConfig())
            let hits = lib.matches(line: line)
            if hits.isEmpty { Stdout.write("no runbook matches\n") }
            for h in hits { Stdout.write("\(h.runbook.id)  (rule #\(h.rule + 1): \(h.runbook.match.any[h.rule].summary))\n") }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    func trimmingCharacters() -> String {
        var s = self[...]
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
