import Foundation
import Testing

@testable import TriageCore

@Suite("Filters")
struct FilterTests {
    let text = """
        {"ts":"2026-03-02T10:00:00Z","level":"info","msg":"charge ok","service":"payments"}
        {"ts":"2026-03-02T10:01:00Z","level":"error","msg":"charge failed: card declined","service":"payments"}
        {"ts":"2026-03-02T10:02:00Z","level":"warn","msg":"slow charge 900ms","service":"payments-worker"}
        {"ts":"2026-03-02T10:03:00Z","level":"error","msg":"cart lookup failed","service":"checkout"}
        {"ts":"2026-03-02T10:04:00Z","level":"debug","msg":"cache hit","service":"checkout"}
        """

    func run(_ configure: (inout EventFilter) throws -> Void) throws -> [String] {
        var o = AnalysisOptions()
        try configure(&o.filter)
        return try analyze(text, name: "mixed.log", options: o).clusters.map(\.template).sorted()
    }

    @Test func match() throws {
        #expect(try run { $0.match = [try Regex("charge")] } == ["charge failed: card declined", "charge ok", "slow charge <*>"])
    }

    @Test func exclude() throws {
        #expect(try run { $0.exclude = [try Regex("(?i)charge")] } == ["cache hit", "cart lookup failed"])
    }

    @Test func matchAndExclude() throws {
        #expect(try run { $0.match = [try Regex("charge")]; $0.exclude = [try Regex("ok")] } == ["charge failed: card declined", "slow charge <*>"])
    }

    @Test func minimumLevel() throws {
        #expect(try run { $0.minLevel = .warn } == ["cart lookup failed", "charge failed: card declined", "slow charge <*>"])
    }

    @Test func sourceGlobs() throws {
        #expect(try run { $0.sources = ["payments*"] } == ["charge failed: card declined", "charge ok", "slow charge <*>"])
        #expect(try run { $0.sources = ["checkout"] } == ["cache hit", "cart lookup failed"])
    }

    @Test func timeRange() throws {
        var o = AnalysisOptions()
        o.since = TimestampParser(referenceMillis: 0).parse("2026-03-02T10:01:00Z")
        o.until = TimestampParser(referenceMillis: 0).parse("2026-03-02T10:03:00Z")
        let r = try analyze(text, options: o)
        #expect(r.clusters.map(\.template).sorted() == ["charge failed: card declined", "slow charge <*>"])
        #expect(r.input.filteredEvents == 3)
    }

    @Test func cluster() throws {
        let id = ClusterID.make(template: "cart lookup failed", source: "checkout")
        #expect(try run { $0.clusters = [id] } == ["cart lookup failed"])
    }

    @Test("relative and named times for --since")
    func relativeTimes() throws {
        let now: Int64 = 1_772_452_800_000
        #expect(try TimeExpression.parse("yesterday 10:00", nowMillis: now, offsetSeconds: 0) == now - 86_400_000 - 2 * 3_600_000)
        #expect(try TimeExpression.parse("today 09:30", nowMillis: now, offsetSeconds: 0) == now - 2 * 3_600_000 - 30 * 60_000)
    }

    @Test("a catastrophic pattern completes within its limit and is reported once")
    func catastrophic() throws {
        var o = AnalysisOptions()
        o.filter.match = [try Regex("(a+)+$")]
        let lines = (0..<20).map { _ in "2026-03-02T10:00:00Z INFO " + String(repeating: "a", count: 3000) + "!" }
        let start = TimeExpression.nowMillis()
        let a = try Analyzer(options: o)
        let dir = TempDir()
        a.analyze(path: dir.write("evil.log", lines.joined(separator: "\n")))
        #expect(TimeExpression.nowMillis() - start < 30_000)
        let limits = a.diagnostics.filter { $0.kind == .regexLimit }
        #expect(limits.count <= 1)
    }
}

@Suite("triage grep")
struct GrepTests {
    @Test("several files merge into one timeline in UTC, whatever their zones")
    func mergeAcrossZones() throws {
        let dir = TempDir()
        let a = dir.write("a.log", "2026-03-02T10:00:00Z ERROR a1 failed\n2026-03-02T10:03:00Z ERROR a2 failed\n")
        let b = dir.write("b.log", "2026-03-02T12:01:00+02:00 ERROR b1 failed\n2026-03-02T12:04:00+02:00 ERROR b2 failed\n")
        let c = dir.write("c.log", "2026-03-02T05:02:00-05:00 ERROR c1 failed\nno time here, c1b failed\n2026-03-02T05:05:00-05:00 ERROR c2 failed\n")
        let g = try Grepper(pattern: try Regex("failed"))
        var order: [String] = []
        g.search(paths: [a, b, c], merge: true) { hit in
            order.append(String(hit.text.split(separator: " ")[hit.text.hasPrefix("no") ? 3 : 2]))
        }
        #expect(order == ["a1", "b1", "c1", "c1b", "a2", "b2", "c2"])
    }

    @Test("hits carry file, line and a cluster id; continuation lines that match are hits of their own")
    func hits() throws {
        let dir = TempDir()
        let p = dir.write(
            "app.log",
            "2026-03-02 10:15:03,123 ERROR [main] a.B - call timed out after 5000 ms\njava.net.SocketTimeoutException: Read timed out\n\tat a.B.c(B.java:1)\n2026-03-02 10:15:04,000 INFO [main] a.B - fine\n")
        let g = try Grepper(pattern: try Regex("timed out"))
        var hits: [Grepper.Hit] = []
        g.search(paths: [p], merge: false) { hits.append($0) }
        #expect(hits.map(\.line) == [1, 2])
        #expect(hits.allSatisfy { $0.clusterID.hasPrefix("c-") })
        #expect(g.linesSearched == 4)
    }
}
