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
