import Foundation
import Testing

@testable import TriageCore

@Suite("Change events")
struct ChangeEventLoaderTests {
    @Test("a stray timestamp decades away does not make the incident search use millions of buckets")
    func decadesSpan() throws {
        let day: Int64 = 86_400_000
        #expect(Correlator.bucketWidth(60_000, span: day) == 60_000)  // ordinary logs: unchanged
        let decades = 55 * 365 * day
        let w = Correlator.bucketWidth(60_000, span: decades)
        #expect(w % 60_000 == 0 && decades / w < Correlator.maxBuckets)
        let r = try analyze(
            ["1971-01-01T00:00:00Z ERROR boom one", "2026-03-02T10:00:00Z ERROR boom two", "2026-03-02T10:00:01Z INFO ok"]
                .joined(separator: "\n"), name: "clock.log")
        #expect(r.totalClusters == 3)
    }

    @Test("JSON lines with the usual aliases; a bad line is reported with its number, the rest used")
    func jsonLines() {
        let (events, problems) = ChangeEventLoader.parse(
            """
            {"time":"2026-03-02T10:12:00Z","id":"dep-812","service":"payments","kind":"deploy","version":"2.14.0","prev_version":"2.13.4","author":"ci-bot","description":"pool 80"}
            {"ts":1772446320,"service":"checkout","type":"config"}
            {"@timestamp":"yesterday","id":"bad-time"}
            not json
            {"id":"no-time","service":"x"}
            {"time":"2026-03-02T10:38:00Z","id":"dep-814","service":"payments","kind":"rollback"}
            {"time":"2026-03-02T10:40:00Z","id":"x","kind":"teleport"}
            """, path: "deploys.jsonl")
        #expect(events.map(\.id) == ["dep-812", "config-checkout-2026-03-02T10:12:00.000Z", "dep-814"])
        #expect(events[0].actor == "ci-bot")
        #expect(events[0].summary == "pool 80")
        #expect(events[0].label == "dep-812 (payments 2.13.4 → 2.14.0)")
        #expect(events[1].kind == .config)
        #expect(problems.map(\.line) == [3, 4, 5, 7])
        #expect(problems[0].description.hasPrefix("deploys.jsonl:3: error: cannot read the time 'yesterday'"))
        #expect(problems[3].message.contains("unknown kind 'teleport'"))
    }

    @Test("CSV with a header row and quoted fields")
    func csv() {
        let (events, problems) = ChangeEventLoader.parse(
            "time,id,service,kind,summary\n2026-03-02T10:12:00Z,dep-1,payments,deploy,\"raise pool, to 80 \"\"now\"\"\"\n2026-03-02T10:20:00Z,dep-2,checkout\n",
            path: "d.csv")
        #expect(events.map(\.id) == ["dep-1"])
        #expect(events[0].summary == "raise pool, to 80 \"now\"")
        #expect(problems.map(\.line) == [3])
    }

    @Test("a deploy file with Windows line endings reads like the same file with LF endings")
    func crlfDeploys() {
        let text = "time,id,service,kind\n2026-03-02T10:12:00Z,dep-1,payments,deploy\n2026-03-02T10:20:00Z,dep-2\n"
        let (events, problems) = ChangeEventLoader.parse(text.replacingAll("\n", with: "\r\n"), path: "d.csv")
        #expect(events.map(\.id) == ["dep-1"])
        #expect(events.first?.kind == .deploy)
        #expect(problems.map(\.line) == [3])
    }

    @Test("git log output; SERVICE=FILE names the service")
    func gitLog() throws {
        let dir = TempDir()
        let path = dir.write(
            "commits.tsv",
            "3f9a1c2b7e4d5a60f1e2d3c4b5a69788a7b6c5d4\t2026-03-02T11:11:00+01:00\tAda\tRaise pool size\n"
                + "aaaa1111bbbb2222cccc3333dddd4444eeee5555\t2026-03-02T09:00:00Z\tBob\tFix typo\n")
        let (events, problems) = ChangeEventLoader.load("payments=" + path)
        #expect(problems.isEmpty)
        #expect(events.map(\.id) == ["aaaa1111bbbb", "3f9a1c2b7e4d"])
        #expect(events[1].service == "payments")
        #expect(events[1].kind == .commit)
        #expect(formatTimestamp(events[1].time) == "2026-03-02T10:11:00.000Z")
    }

    @Test("kubectl rollout history: rows with a time in their change cause, others reported")
    func kubectl() {
        let (events, problems) = ChangeEventLoader.parse(
            """
            deployment.apps/checkout
            REVISION  CHANGE-CAUSE
            1         <none>
            2         2026-03-02T10:20:00Z kubectl set image deployment/checkout checkout=registry/checkout:3.2.0
            """, path: "history.txt")
        #expect(events.map(\.id) == ["checkout-rev2"])
        #expect(events[0].service == "checkout")
        #expect(events[0].version == "3.2.0")
        #expect(problems.map(\.line) == [3])
    }
}

@Suite("Statistics")
struct StatisticsTests {
    @Test func binomialTails() {
        #expect(abs(Statistics.upperTail(8, 10, 0.5) - 56.0 / 1024) < 1e-9)
        #expect(abs(Statistics.lowerTail(2, 10, 0.5) - 56.0 / 1024) < 1e-9)
        #expect(Statistics.upperTail(0, 10, 0.3) == 1)
        #expect(Statistics.upperTail(11, 10, 0.3) == 0)
        // Normal approximation for large n stays close to the exact tail.
        #expect(abs(Statistics.upperTail(10_600, 40_000, 0.25) - 0.000_10) < 0.000_2)
    }

    @Test func benjaminiHochberg() {
        let q = Statistics.benjaminiHochberg([0.01, 0.04, 0.03, 0.005])
        #expect(q.map { ($0 * 1000).rounded() / 1000 } == [0.02, 0.04, 0.04, 0.02])
    }
}

/// A cluster with a per-minute histogram starting at `start`.
func cluster(
    _ template: String, level: Level = .error, source: String = "payments", start: Int64, perMinute: [Int]
) -> AnalysisReport.ClusterReport {
    let firstIndex = perMinute.firstIndex { $0 > 0 } ?? 0
    let lastIndex = perMinute.lastIndex { $0 > 0 } ?? 0
    let count = perMinute.reduce(0, +)
    return AnalysisReport.ClusterReport(
        id: ClusterID.make(template: template, source: source), template: template, count: count,
        firstSeen: formatTimestamp(start + Int64(firstIndex) * 60_000 + 5_000),
        lastSeen: formatTimestamp(start + Int64(lastIndex) * 60_000 + 55_000), level: level, levels: [level.name: count],
        source: source, component: nil, samples: [template], params: [],
        histogram: .init(start: formatTimestamp(start), bucketSeconds: 60, counts: perMinute), aliases: [])
}

func report(_ clusters: [AnalysisReport.ClusterReport]) -> AnalysisReport {
    AnalysisReport(
        tool: .init(version: "t"), input: .init(files: [], lines: 0, events: 0, bytes: 0, filteredEvents: 0),
        clusters: clusters, totalClusters: clusters.count, diagnostics: [])
}

@Suite("Findings and suspects")
struct CorrelatorTests {
    let t0: Int64 = 1_772_445_600_000  // 2026-03-02T10:00:00Z
    func minutes(_ before: [Int], _ after: [Int]) -> [Int] { before + after }

    @Test("a new error, a spiking warning and a steady error: only the first two are findings, the new one first")
    func findings() {
        let steady = cluster("retrying kafka publish", start: t0, perMinute: Array(repeating: 3, count: 60))
        let new = cluster("failed to charge card", start: t0, perMinute: minutes(Array(repeating: 0, count: 30), Array(repeating: 4, count: 30)))
        let spike = cluster(
            "cache miss", level: .warn, source: "checkout", start: t0,
            perMinute: minutes(Array(repeating: 1, count: 30), Array(repeating: 30, count: 30)))
        let c = Correlator().correlate(report([steady, new, spike]), changes: [])
        #expect(c.findings.map(\.kind) == [.new, .spike])
        #expect(c.findings[0].template == "failed to charge card")
        #expect(c.findings[0].explanation == "New error template in payments: 120× since 10:30:05 (never in the 30 min before).")
        // The split is at the onset (10:30:05), so five seconds of the spike count as baseline.
        #expect(c.findings[1].explanation.hasPrefix("Warn template in checkout 27× more often: 898 in 29 min vs 33 in 30 min"))
        #expect(c.context.incident?.onset == "2026-03-02T10:30:05.000Z")
        #expect(c.context.anchor == "incident onset")
    }

    @Test("the deploy just before the onset is the suspect; the harmless one beside it and the later one are not, with reasons")
    func suspects() {
        let new = cluster("failed to charge card", start: t0, perMinute: minutes(Array(repeating: 0, count: 30), Array(repeating: 4, count: 30)))
        let symptom = cluster(
            "call to payments timed out", source: "checkout", start: t0,
            perMinute: minutes(Array(repeating: 0, count: 31), Array(repeating: 2, count: 29)))
        let noise = cluster("healthy", level: .info, source: "search", start: t0, perMinute: Array(repeating: 5, count: 60))
        let changes = [
            ChangeEvent(id: "dep-search", time: t0 + 28 * 60_000 + 30_000, service: "search", kind: .deploy),
            ChangeEvent(id: "dep-pay", time: t0 + 29 * 60_000 + 20_000, service: "payments", kind: .deploy, version: "2.14.0"),
            ChangeEvent(id: "dep-late", time: t0 + 40 * 60_000, service: "payments", kind: .config),
        ]
        let c = Correlator().correlate(report([new, symptom, noise]), changes: changes)
        #expect(c.suspects.map(\.deploy) == ["dep-pay"])
        #expect(Set(c.suspects[0].clusters) == [new.id, symptom.id])
        #expect(c.suspects[0].explanation.hasPrefix("45 s after dep-pay (payments 2.14.0), 1 new template in payments (120 events)"))
        #expect(c.suspects[0].explanation.contains("checkout, which calls payments"))
        let reasons = Dictionary(uniqueKeysWithValues: c.context.notImplicated.map { ($0.deploy, $0.reason) })
        #expect(reasons["dep-late"]?.hasPrefix("came 9 min after the onset") == true)
        #expect(reasons["dep-search"]?.hasPrefix("no new or spiking template in search") == true)
    }

    @Test("a fault no change explains leaves the suspects empty and says why")
    func noSuspect() {
        let new = cluster("upstream tax-service returned 503", source: "orders", start: t0, perMinute: minutes(Array(repeating: 0, count: 40), Array(repeating: 5, count: 20)))
        let background = cluster("order created", level: .info, source: "orders", start: t0, perMinute: Array(repeating: 10, count: 60))
        let changes = [ChangeEvent(id: "dep-old", time: t0 - 4 * 3_600_000, service: "orders", kind: .deploy)]
        let c = Correlator().correlate(report([new, background]), changes: changes)
        #expect(c.suspects.isEmpty)
        #expect(c.context.verdict.hasPrefix("No deploy is implicated: the incident began at 10:40:05"))
        #expect(c.context.notImplicated.first?.reason.contains("before the onset") == true)
    }

    @Test("--baseline-until and --compare choose the ranges")
    func explicitRanges() {
        let spike = cluster("slow query", level: .warn, start: t0, perMinute: minutes(Array(repeating: 1, count: 30), Array(repeating: 20, count: 30)))
        var o = Correlator.Options()
        o.baselineUntil = t0 + 30 * 60_000
        let c = Correlator(options: o).correlate(report([spike]), changes: [])
        #expect(c.context.anchor == "--baseline-until")
        #expect(c.findings.first?.kind == .spike)
        o.baselineUntil = nil
        o.compare = (t0..<(t0 + 10 * 60_000), (t0 + 10 * 60_000)..<(t0 + 20 * 60_000))
        let same = Correlator(options: o).correlate(report([spike]), changes: [])
        #expect(same.context.anchor == "--compare")
        #expect(same.findings.isEmpty)
    }

    @Test("a --baseline-until before the first event or after the last leaves one side empty (it crashed)")
    func baselineOutsideTheSpan() {
        let spike = cluster("slow query", level: .warn, start: t0, perMinute: minutes(Array(repeating: 1, count: 30), Array(repeating: 20, count: 30)))
        for until in [t0 - 86_400_000, t0 + 2 * 86_400_000] {
            var o = Correlator.Options()
            o.baselineUntil = until
            let c = Correlator(options: o).correlate(report([spike]), changes: [])
            #expect(c.context.anchor == "--baseline-until")
            #expect(c.findings.isEmpty)
            let side = until < t0 ? c.context.baseline : c.context.target
            #expect(side.map { $0.start == $0.end || until > t0 } == true)
        }
    }

    @Test("an incident from the first minute's errors starts at the first event, not at its bucket's edge (it crashed)")
    func onsetNotBeforeFirstEvent() {
        // Errors of many templates seen twice each (too few to refine the onset) in the first
        // minute, then an hour of quiet: the alarm is in the first bucket, which starts before them.
        let errors = (0..<20).map { cluster("error \($0)", start: t0, perMinute: [2] + Array(repeating: 0, count: 59)) }
        let quiet = cluster("heartbeat", level: .info, start: t0, perMinute: Array(repeating: 5, count: 60))
        let c = Correlator().correlate(report(errors + [quiet]), changes: [])
        let first = formatTimestamp(t0 + 5_000)
        if let onset = c.context.incident?.onset { #expect(onset >= first) }
        #expect(c.context.baseline.map { $0.start <= $0.end } ?? true)
    }
}
