#if canImport(Glibc)
    import Glibc
#endif

/// Which events count — the filters the CLI and the TUI share: `--match` / `--exclude` (PCRE2,
/// against the event's raw text), `--level` (minimum), `--source` (globs on the service), and
/// `--cluster` (ids, applied to the report). Time ranges are `AnalysisOptions.since/until`.
public struct EventFilter: Sendable {
    public var match: [Regex] = []
    public var exclude: [Regex] = []
    public var minLevel: Level?
    public var sources: [String] = []
    public var clusters: Set<String> = []

    public init() {}

    public var isEmpty: Bool { match.isEmpty && exclude.isEmpty && minLevel == nil && sources.isEmpty }
}

/// Applies an `EventFilter` to events on one thread (it owns PCRE2 match data). A pattern that hits
/// PCRE2's match limit on a line counts as not matching there; the first time, `limitHit` reports it.
final class EventFilterMatcher {
    let filter: EventFilter
    private let match: [RegexMatcher]
    private let exclude: [RegexMatcher]
    private var warned: Set<String> = []
    var limitHit: ((String) -> Void)?

    init(_ filter: EventFilter, limits: MatchLimits = .default) {
        self.filter = filter
        match = filter.match.map { $0.matcher(limits: limits) }
        exclude = filter.exclude.map { $0.matcher(limits: limits) }
    }

    func accepts(_ e: LogEvent) -> Bool {
        if let min = filter.minLevel, e.level < min { return false }
        if !filter.sources.isEmpty {
            let s = e.service.string()
            guard filter.sources.contains(where: { fnmatch($0, s, 0) == 0 }) else { return false }
        }
        guard !match.isEmpty || !exclude.isEmpty else { return true }
        return e.raw.withUnsafeBytes { raw in
            for m in match where test(m, raw) != .match { return false }
            for m in exclude where test(m, raw) == .match { return false }
            return true
        }
    }

    private func test(_ m: RegexMatcher, _ raw: UnsafeRawBufferPointer) -> MatchOutcome {
        let outcome = m.match(raw)
        if outcome == .limitExceeded, !warned.contains(m.regex.pattern) {
            warned.insert(m.regex.pattern)
            limitHit?(m.regex.pattern)
        }
        return outcome
    }
}
