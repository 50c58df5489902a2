#if canImport(Glibc)
    import Glibc
#endif

/// The runbooks in effect: the built-in library, then the team's directories (config, then
/// `--runbooks`), a later one replacing an earlier one on equal ids.
public final class RunbookLibrary {
    public private(set) var runbooks: [Runbook] = []
    public private(set) var problems: [RunbookLoader.Problem] = []
    private var matchers: [RuleMatcher?] = []
    private var lexical = LexicalIndex([])
    /// Per runbook, the first mitigation steps suggestions quote (read once: every report asks).
    private var quotedSteps: [[String]] = []
    static let quotedStepCount = 3

    public init(runbooks: [Runbook], problems: [RunbookLoader.Problem] = []) {
        var byID: [String: Int] = [:]
        var list: [Runbook] = []
        for r in runbooks {
            if let i = byID[r.id] { list[i] = r } else {
                byID[r.id] = list.count
                list.append(r)
            }
        }
        self.problems = problems
        self.runbooks = list
        var compiled: [RuleMatcher?] = []
        for r in list {
            do { compiled.append(try RuleMatcher(r.match)) } catch {
                self.problems.append(RunbookLoader.Problem(path: r.path, line: nil, message: error.description))
                compiled.append(nil)
            }
        }
        matchers = compiled
        lexical = LexicalIndex(list)
        quotedSteps = list.map { $0.mitigationSteps(Self.quotedStepCount) }
    }

    /// The library compiled into the binary.
    public static func builtInRunbooks() -> [Runbook] {
        BundledRunbooks.files.compactMap { try? RunbookLoader.parse($0.text + "\n", path: "builtin:runbooks/\($0.name)") }
    }

    /// Built-in runbooks (unless excluded) followed by each directory's, in order.
    public static func load(directories: [String], includeBuiltIn: Bool = true) -> RunbookLibrary {
        var all = includeBuiltIn ? builtInRunbooks() : []
        var problems: [RunbookLoader.Problem] = []
        for d in directories {
            let (r, p) = RunbookLoader.loadDirectory(d)
            all += r
            problems += p
        }
        return RunbookLibrary(runbooks: all, problems: problems)
    }

    /// The runbooks whose rules match one line, with the rule that matched (0-based).
    public func matches(line: String) -> [(runbook: Runbook, rule: Int)] {
        runbooks.indices.compactMap { i in matchers[i]?.match(line).map { (runbooks[i], $0) } }
    }

    // MARK: - Suggestions

    /// Ranks the runbooks the report's clusters call for. Each suggestion says why.
    /// Clusters that are findings (new, spiking) weigh more, by their finding score; when there are
    /// findings, clusters that did not change (steady background errors) weigh half.
    public func suggest(for report: AnalysisReport, limit: Int = 10) -> [RunbookSuggestion] {
        var findingScore: [String: Double] = [:]
        var rateRatio: [String: Double] = [:]
        for f in report.findings where f.kind == .new || f.kind == .spike {
            findingScore[f.cluster] = max(findingScore[f.cluster] ?? 0, f.score)
            rateRatio[f.cluster] = f.kind == .new ? .infinity : f.rateRatio
        }
        let changes = Changes(score: findingScore, rateRatio: rateRatio, hasBaseline: report.correlation?.baseline != nil)
        let clusters = report.clusters[...]
        let hits: [[Hit]]
        if clusters.count >= clustersWorthAThread {
            // Half the clusters on a second thread, with matchers of its own (PCRE2's match state
            // is per thread): this runs once per report, after the reading, with a core to spare.
            let half = clusters.count / 2
            let helperMatchers = self.helperMatchers
            let second = Background { self.hits(clusters[half...], matchers: helperMatchers, changes) }
            let first = self.hits(clusters[..<half], matchers: matchers, changes)
            hits = zip(first, second.value).map { $0 + $1 }
        } else {
            hits = self.hits(clusters, matchers: matchers, changes)
        }
        var out: [RunbookSuggestion] = []
        for (i, h) in hits.enumerated() where !h.isEmpty {
            let ranked = h.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.cluster.id < $1.cluster.id }
            let score = ranked.prefix(5).reduce(0) { $0 + $1.weight } + Double(runbooks[i].priority) * 0.002
            let r = runbooks[i]
            out.append(
                RunbookSuggestion(
                    id: r.id, title: r.title, path: r.path, severity: r.severity,
                    score: (score * 1000).rounded() / 1000, clusters: ranked.map(\.cluster.id),
                    why: ranked.prefix(3).map(\.why), steps: quotedSteps[i], followUps: r.followUps))
        }
        out.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        return Array(out.prefix(limit))
    }

    /// Reports with fewer clusters are matched on the calling thread alone (a variable for tests).
    var clustersWorthAThread = 64
    /// Matchers for the second thread of `suggest`, made on first use.
    private lazy var helperMatchers: [RuleMatcher?] = matchers.map { $0.map(RuleMatcher.init(copying:)) }

    /// What the findings say about clusters, for weighing them.
    private struct Changes {
        var score: [String: Double]
        var rateRatio: [String: Double]
        var hasBaseline: Bool
    }

    /// A cluster that calls for a runbook, and why.
    private struct Hit {
        var cluster: AnalysisReport.ClusterReport
        var weight: Double
        var why: String
    }

    /// Per runbook, the clusters (in order) that call for it.
    private func hits(_ clusters: ArraySlice<AnalysisReport.ClusterReport>, matchers: [RuleMatcher?], _ changes: Changes) -> [[Hit]] {
        let findingScore = changes.score, rateRatio = changes.rateRatio, hasBaseline = changes.hasBaseline
        var hits = [[Hit]](repeating: [], count: runbooks.count)
        for c in clusters {
            let texts = ([c.template] + c.samples).map(RuleMatcher.Text.init)
            let change = findingScore[c.id].map { 1 + $0 / 4 } ?? (findingScore.isEmpty ? 1 : 0.5)
            let base = Self.levelWeight(c.level) * (1 + Double(max(1, c.count)).log10) * change
            let allTerms = LexicalIndex.terms(c.template)
            let queryTerms = LexicalIndex.uniqueTerms(allTerms)
            for (i, r) in runbooks.enumerated() {
                guard applies(r, to: c) else { continue }
                // min_rate_ratio needs a baseline; with one, the cluster must have risen that much.
                if let min = r.match.minRateRatio, hasBaseline, (rateRatio[c.id] ?? 1) < min { continue }
                if let m = matchers[i], let rule = firstMatch(m, texts) {
                    let what = r.match.any[rule]
                    hits[i].append(
                        Hit(
                            cluster: c, weight: base,
                            why: "\(Self.ruleName(what, rule)) matched \(Formatting.grouped(c.count)) event\(c.count == 1 ? "" : "s") of cluster \(c.id) (\(c.level.name)): \(Formatting.truncate(c.template, toWidth: 90))"
                        ))
                    continue
                }
                // No rule: similar wording, for warnings and worse only.
                guard c.level >= .warn, allTerms.count >= 2 else { continue }
                let (s, terms) = lexical.score(queryTerms, doc: i)
                guard s >= 6.0, terms.count >= 2 else { continue }
                hits[i].append(
                    Hit(
                        cluster: c, weight: base * 0.35 * min(1, s / 12),
                        why: "similar wording (\(terms.prefix(4).joined(separator: ", "))) in cluster \(c.id) (\(Formatting.grouped(c.count)) events, \(c.level.name)): \(Formatting.truncate(c.template, toWidth: 90))"
                    ))
            }
        }
        return hits
    }

    /// The rule of the first text (template, then samples) a runbook's rules match.
    private func firstMatch(_ m: RuleMatcher, _ texts: [RuleMatcher.Text]) -> Int? {
        texts.lazy.compactMap { m.match($0) }.first
    }

    /// Services, levels and counts the runbook asks for (`min_rate_ratio` needs a baseline and is
    /// checked by the findings that provide one).
    private func applies(_ r: Runbook, to c: AnalysisReport.ClusterReport) -> Bool {
        if c.count < r.match.minCount { return false }
        if let levels = r.match.levels, c.level != .unknown, !levels.contains(c.level) { return false }
        return r.services.contains { glob in glob == "*" || fnmatch(glob, c.source, 0) == 0 }
    }

    static func levelWeight(_ l: Level) -> Double {
        switch l {
        case .fatal: 1.0
        case .error: 0.9
        case .warn: 0.6
        case .notice: 0.3
        case .unknown: 0.3
        case .info: 0.15
        case .debug, .trace: 0.05
        }
    }

    static func ruleName(_ rule: Runbook.Rule, _ index: Int) -> String {
        switch rule {
        case .regex(let p): "regex #\(index + 1) '\(Formatting.truncate(p, toWidth: 60))'"
        case .keywords(let k): "keywords #\(index + 1) [\(k.joined(separator: ", "))]"
        }
    }
}

/// One suggested runbook in a report.
public struct RunbookSuggestion: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    /// File path, or `builtin:runbooks/<id>.md` for the library compiled into triage.
    public var path: String
    public var severity: String
    public var score: Double
    /// Ids of the clusters that called for it, strongest first.
    public var clusters: [String]
    /// Why it matched, one sentence per cluster (at most three).
    public var why: [String]
    /// The first steps of its Mitigation section.
    public var steps: [String]
    public var followUps: [String]

    enum CodingKeys: String, CodingKey {
        case id, title, path, severity, score, clusters, why, steps, followUps = "follow_ups"
    }
}
