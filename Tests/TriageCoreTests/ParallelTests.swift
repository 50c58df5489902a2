import Foundation
import Testing

@testable import TriageCore

/// The two-thread reader (read and parse on a worker, mask and mine on the caller's, the worker
/// masking waiting batches when it has time) must give exactly what the one-thread path gives: same
/// clusters, counts, samples, values and diagnostics.
@Suite("Parallel and sequential analyses agree")
struct ParallelTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func report(
        _ paths: [String], parallel: Bool, options: AnalysisOptions = AnalysisOptions(), alwaysHelp: Bool = false
    ) throws -> String {
        var o = options
        o.parallel = parallel
        o.referenceMillis = fixtureReference
        let a = try Analyzer(options: o)
        a.alwaysHelpMasking = alwaysHelp
        for p in paths { a.analyze(path: p) }
        var r = a.report()
        r.tool.version = "test"
        return JSONReportPrinter.render(r)
    }

    static let inputSets: [[String]] = [
        ["samplelogs/checkout.log", "samplelogs/payments.log", "samplelogs/gateway-access.log", "samplelogs/node-syslog.log"],
        ["samplelogs/scenarios/cascade/checkout.log", "samplelogs/scenarios/cascade/payments.log"],
        ["Tests/TriageCoreTests/Fixtures/formats/mixed.log", "Tests/TriageCoreTests/Fixtures/formats/docker-json.log"],
        ["Tests/TriageCoreTests/Fixtures/formats/kubectl-prefix.log", "Tests/TriageCoreTests/Fixtures/formats/journald.json"],
    ]

    @Test("same report on real-looking inputs", arguments: inputSets)
    func sameReport(_ inputs: [String]) throws {
        let paths = inputs.map { Self.repo.appendingPathComponent($0).path }
        let parallel = try Self.report(paths, parallel: true)
        #expect(parallel.contains("\"clusters\""))
        #expect(parallel == (try Self.report(paths, parallel: false)))
    }

    @Test("same report with filters and a time range, across many batches", arguments: [false, true])
    func sameWithFilters(readerMasksWhatItCan: Bool) throws {
        // Several MiB so the reader hands over many batches while the miner works.
        let dir = TempDir()
        var text = ""
        for i in 0..<60_000 {
            let s = String(format: "%02d:%02d", (i / 60) % 60, i % 60)
            switch i % 4 {
            case 0: text += "2026-03-02 10:\(s),123 INFO  [main] c.a.Orders - order ORD-\(i) placed by user\(i % 97)\n"
            case 1: text += "2026-03-02 10:\(s),200 ERROR [db] c.a.Pool - could not obtain connection (active=\(i % 50), waiting=\(i % 7))\n\tat c.a.Pool.get(Pool.java:\(i % 300))\n"
            case 2: text += "{\"ts\":\"2026-03-02T10:\(s).300Z\",\"level\":\"warn\",\"msg\":\"slow query took \(i % 900) ms\",\"service\":\"db\"}\n"
            default: text += "2026-03-02 10:\(s),400 WARN  [http] c.a.Api - retry \(i % 5) for /api/items/\(i)\n"
            }
        }
        let path = dir.write("big.log", text)
        var o = AnalysisOptions()
        o.filter.exclude = [try Regex("retry 3")]
        o.since = try TimeExpression.parse("2026-03-02T10:05:00Z", nowMillis: fixtureReference, offsetSeconds: 0)
        let parallel = try Self.report([path], parallel: true, options: o, alwaysHelp: readerMasksWhatItCan)
        #expect(parallel.contains("could not obtain connection"))
        #expect(parallel == (try Self.report([path], parallel: false, options: o)))
    }
}

/// Masked text is written straight into the batch's arena in room reserved from the message's
/// length: the worst case for that room is a named placeholder for every single byte.
@Suite("Masking into the batch")
struct BatchMaskingTests {
    @Test("one-byte matches shown by name fit the reserved room, and match the array path")
    func namedPlaceholdersFit() throws {
        let masker = try Masker(showNames: true)
        let message = "x " + (0..<400).map { "\($0 % 10)" }.joined(separator: " ") + " 7,8,9"
        let e = LogEvent()
        e.service.set(Array("svc".utf8))
        e.message.set(Array(message.utf8))
        e.raw.set(e.message.array)
        let batch = EventBatch()
        for _ in 0..<50 { batch.append(e) }
        batch.maskAll(masker)
        var viaArray: [UInt8] = []
        var places: [Masker.Placeholder]? = []
        e.message.withUnsafeBytes { masker.mask($0, into: &viaArray, placeholders: &places) }
        #expect(viaArray.string().hasPrefix("x <number> <number>"))
        var seen = 0
        batch.forEach { v in
            seen += 1
            #expect(Array(v.masked) == viaArray)
            #expect(Array(v.placeholders) == places)
            #expect(v.tokens.count == 402)
        }
        #expect(seen == 50)
    }
}

/// The mining loop prefetches for events ahead of the one it mines (`EventBatch.forEach`'s
/// `ahead`): every event must reach the prefetcher at both stages, in order and before `body`.
@Suite("Looking ahead while mining a batch")
struct BatchLookaheadTests {
    @Test("each event is seen at stage 0, then at stage 1, then by body, in order, whatever the batch size", arguments: [0, 1, 3, 8, 9, 17, 40])
    func lookaheadOrder(events: Int) throws {
        let masker = try Masker()
        let batch = EventBatch()
        let e = LogEvent()
        e.service.set(Array("svc".utf8))
        for i in 0..<events {
            e.message.set(Array("event \(i)".utf8))
            e.firstLine = i + 1
            batch.append(e)
        }
        batch.maskAll(masker)
        var log: [(line: Int, step: Int)] = []  // step 0, 1: ahead's stages; 2: body
        batch.forEach(lookahead: 4, ahead: { v, stage in log.append((v.event.firstLine, stage)) }) { v in
            log.append((v.event.firstLine, 2))
        }
        #expect(log.count == 3 * events)
        for line in 1...max(1, events) where events > 0 {
            let steps = log.enumerated().filter { $0.element.line == line }
            #expect(steps.map(\.element.step) == [0, 1, 2], "event \(line)")
            // Stage 0 comes 8 events ahead and stage 1 four ahead (fewer near the start).
            if line > 8 {
                let bodyAt = steps[2].offset
                let bodiesBetween = log[steps[0].offset..<bodyAt].filter { $0.step == 2 }.count
                #expect(bodiesBetween == 8, "event \(line)")
            }
        }
        #expect(log.filter { $0.step == 2 }.map(\.line) == Array(0..<events).map { $0 + 1 })
    }
}

/// `RecentMasks`: a repeated message's masking is copied, not redone; it must be exactly what
/// masking gives.
@Suite("Remembered maskings")
struct RecentMasksTests {
    static let messages: [String] = [
        "GET /api/cart 200", "charge payload validated", "consumer lag topic=billing.events partition=13 lag=2914",
        "Failed password for root from 203.0.113.187 port 49322 ssh2", "x", "user=alice id=3 took 15ms (retry 2/5)",
        "connect to db-3.internal:5432 failed: timeout after 30s", "Deleted invoice INV-2026-401019 (reason=merged)",
        String(repeating: "word ", count: 30) + "7",  // too many tokens to remember
        String(repeating: "a", count: 119) + "1",  // as long as a remembered message may be
        String(repeating: "b", count: 121) + "1",  // longer
        "1 2 3 4 5 6 7 8 9 10 11 12 13",  // many placeholders
        "",
    ]

    /// Masked text, token ranges and placeholders of every event of a batch.
    static func masked(_ texts: [String], masker: Masker) -> [(String, [Range<Int>], [Masker.Placeholder], UInt64)] {
        let batch = EventBatch()
        let e = LogEvent()
        e.service.set(Array("svc".utf8))
        for t in texts {
            e.message.set(Array(t.utf8))
            e.raw.set(Array(t.utf8))
            batch.append(e)
        }
        batch.maskAll(masker)
        var out: [(String, [Range<Int>], [Masker.Placeholder], UInt64)] = []
        batch.forEach { v in out.append((String(decoding: v.masked, as: UTF8.self), Array(v.tokens), Array(v.placeholders), v.event.maskedHash)) }
        return out
    }

    @Test("copied maskings equal fresh ones, for default masks and named placeholders", arguments: [false, true])
    func copiesEqualMasking(showNames: Bool) throws {
        let rounds = (0..<4).flatMap { _ in Self.messages }
        let viaCache = Self.masked(rounds, masker: try Masker(showNames: showNames))
        #expect(viaCache.count == rounds.count)
        for (i, text) in rounds.enumerated() {
            // Each message alone in a fresh masker: nothing remembered.
            let fresh = Self.masked([text], masker: try Masker(showNames: showNames))[0]
            #expect(viaCache[i].0 == fresh.0, "\(text)")
            #expect(viaCache[i].1 == fresh.1, "\(text)")
            #expect(viaCache[i].2 == fresh.2, "\(text)")
            #expect(viaCache[i].3 == fresh.3, "\(text)")
        }
    }

    @Test("a message is remembered on its second sighting, if it fits; a later one in its slot replaces it")
    func remembering() throws {
        let recent = RecentMasks()
        let masker = try Masker()
        func remember(_ text: String) {
            var masked: [UInt8] = []
            var places: [Masker.Placeholder]? = []
            let bytes = Array(text.utf8)
            bytes.withUnsafeBytes { masker.mask($0, into: &masked, placeholders: &places) }
            var tokens: [Range<Int>] = []
            var i = 0
            while i < masked.count {
                while i < masked.count, masked[i] <= 0x20 { i += 1 }
                let s = i
                while i < masked.count, masked[i] > 0x20 { i += 1 }
                if i > s { tokens.append(s..<i) }
            }
            bytes.withUnsafeBytes { b in
                masked.withUnsafeBytes { m in
                    tokens.withUnsafeBufferPointer { t in
                        places!.withUnsafeBufferPointer { p in
                            recent.remember(b, hash: fastHash64(b), masked: m, maskedHash: fastHash64(m), tokens: t, placeholders: p)
                        }
                    }
                }
            }
        }
        func found(_ text: String) -> String? {
            Array(text.utf8).withUnsafeBytes { b in recent.find(b, hash: fastHash64(b)).map { String(decoding: $0.masked, as: UTF8.self) } }
        }
        remember("took 15ms")
        #expect(found("took 15ms") == nil)  // first sighting: not kept
        remember("took 15ms")
        #expect(found("took 15ms") == "took <*>")
        #expect(found("took 16ms") == nil)
        let long = String(repeating: "z", count: RecentMasks.maxMessage + 1)
        remember(long)
        remember(long)
        #expect(found(long) == nil)  // too long to keep
        // Lookups pause after a round with almost no hits, then resume.
        for _ in 0..<RecentMasks.round { recent.note(hit: false) }
        #expect(!recent.inUse)
        for _ in 1..<RecentMasks.pause { _ = recent.inUse }
        #expect(recent.inUse)
    }
}
