import ArgumentParser
import TriageCore

/// Filters shared by analyze and grep (and, with the same engine type, the TUI).
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only events at or after this time (RFC 3339, '2026-03-02 10:15', or a duration back from now such as 15m, 2h).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only events before this time (same forms as --since).", valueName: "time"))
    var until: String?

    @Option(name: .customLong("match"), help: ArgumentHelp("Only events whose text matches this PCRE2 regex (repeatable: all must match).", valueName: "regex"))
    var match: [String] = []

    @Option(name: .customLong("exclude"), help: ArgumentHelp("Leave out events whose text matches this PCRE2 regex (repeatable).", valueName: "regex"))
    var exclude: [String] = []

    @Option(help: ArgumentHelp("Minimum level: trace, debug, info, notice, warn, error, fatal.", valueName: "level"))
    var level: String?

    @Option(name: .customLong("source"), help: ArgumentHelp("Only events from sources matching this glob, e.g. 'payments*' (repeatable).", valueName: "glob"))
    var sources: [String] = []

    @Option(name: .customLong("cluster"), help: ArgumentHelp("Only this cluster id (or an alias of it) in the report (repeatable).", valueName: "id"))
    var clusters: [String] = []

    func apply(to options: inout AnalysisOptions, offset: Int, now: Int64) throws {
        do {
            if let since { options.since = try TimeExpression.parse(since, nowMillis: now, offsetSeconds: offset) }
            if let until { options.until = try TimeExpression.parse(until, nowMillis: now, offsetSeconds: offset) }
        } catch {
            throw UsageFailure("--since/--until: \(error.description)")
        }
        var f = EventFilter()
        for (flag, patterns) in [("--match", match), ("--exclude", exclude)] {
            for p in patterns {
                do {
                    let r = try Regex(p, options: [.utf])
                    if flag == "--match" { f.match.append(r) } else { f.exclude.append(r) }
                } catch {
                    throw UsageFailure("\(flag): \(error.description)")
                }
            }
        }
        if let level {
            guard let l = Level(name: level) else {
                throw UsageFailure("--level: '\(level)' is not a level (trace, debug, info, notice, warn, error, fatal)")
            }
            f.minLevel = l
        }
        f.sources = sources
        f.clusters = Set(clusters)
        options.filter = f
    }
}
