import Foundation
import Testing

@testable import TriageCore

/// `JSONTreeEncoder` must write exactly what Foundation's `JSONEncoder` writes with the options the
/// report uses, so that replacing one by the other changes no byte of any output.
@Suite("JSON encoder")
struct JSONTreeEncoderTests {
    static func foundation<T: Encodable>(_ v: T, pretty: Bool) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(v), as: UTF8.self)
    }

    struct Inner: Codable { var b: Int; var a: String? }
    struct Everything: Codable {
        var text = "quote \" backslash \\ slash / tab \t newline \n é 😀 \u{7F}"
        var controls = String(decoding: (0..<32).map { UInt8($0) }, as: UTF8.self)
        var doubles: [Double] = [0, -0.0, 1, 0.5, 0.1, 1e-7, 2.5e-5, 100, 123456789.123, 1e16, 1e21, 1.0 / 3, .pi, 12345678901234567890]
        var ints = [0, -1, Int.max, Int.min]
        var flags = [true, false]
        var empty: [Int] = []
        var emptyObject: [String: Int] = [:]
        var nestedEmpties: [[Int]] = [[], [1, 2], []]
        var dictionary = ["zeta": 1, "Alpha": 2, "alpha": 3, "é": 4, "_x": 5, "a_b": 6]
        var optionalSet: Int? = 7
        var optionalNil: String?
        var level = Level.warn
        var inners = [Inner(b: 1, a: nil), Inner(b: 2, a: "x")]
        var deep: [String: [Inner]] = ["k": [Inner(b: 3, a: "")], "j": []]
        var float: Float = 0.25
        var int64: Int64 = -42
        var uint: UInt = 42
    }

    @Test("every kind of value, escape and empty container comes out as Foundation writes it")
    func everyKind() throws {
        for pretty in [true, false] {
            #expect(try JSONTreeEncoder.encode(Everything(), pretty: pretty) == (try Self.foundation(Everything(), pretty: pretty)))
        }
    }

    @Test("a full report (clusters, variables, histograms, deploys, findings, suspects, runbooks) is the same")
    func fullReport() throws {
        let root = ParallelTests.repo.appendingPathComponent("samplelogs").path
        var o = AnalysisOptions()
        o.referenceMillis = fixtureReference
        let a = try Analyzer(options: o)
        for f in ["checkout.log", "payments.log", "gateway-access.log", "node-syslog.log"] { a.analyze(path: root + "/" + f) }
        var report = a.report()
        let (changes, problems) = ChangeEventLoader.load(root + "/deploys.jsonl", timezoneOffset: 0)
        #expect(problems.isEmpty && !changes.isEmpty)
        report.apply(Correlator().correlate(report, changes: changes), changes: changes)
        report.runbooks = builtInLibrary().suggest(for: report)
        #expect(!report.clusters.isEmpty && !report.findings.isEmpty && !report.runbooks.isEmpty)
        for pretty in [true, false] {
            #expect(try JSONTreeEncoder.encode(report, pretty: pretty) == (try Self.foundation(report, pretty: pretty)))
        }
    }

    @Test("the report streamed cluster by cluster is the same bytes as encoded at once, over many writes")
    func streamedReport() throws {
        // Thousands of distinct statements with long samples: a document of several mebibytes.
        let dir = TempDir()
        let path = dir.url.appendingPathComponent("many.log").path
        var rng = SeededGenerator(seed: 9)
        let vocabulary = (0..<2_000).map { _ in String((0..<7).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement(using: &rng)! }) }
        var text = ""
        for k in 0..<1_500 {
            let words = (0..<5).map { _ in vocabulary.randomElement(using: &rng)! }.joined(separator: " ")
            text += "2026-03-02 10:00:\(String(format: "%02d", k % 60)),000 ERROR [w] c.a.Svc - \(words) \(String(repeating: "y", count: 400)) \(k)\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var o = AnalysisOptions()
        o.referenceMillis = fixtureReference
        let a = try Analyzer(options: o)
        a.analyze(path: path)
        #expect(a.report().clusters.count > 700)
        for report in [a.report(), a.report().limited(top: 0)] {
            var pieces = 0
            var streamed: [UInt8] = []
            #expect(JSONReportPrinter.write(report) { bytes in
                pieces += 1
                streamed += bytes
                return true
            })
            let whole = try JSONTreeEncoder.encode(report, pretty: true) + "\n"
            #expect(String(decoding: streamed, as: UTF8.self) == whole)
            #expect(JSONReportPrinter.render(report) == whole)
            if report.clusters.count > 700 { #expect(pieces > 1) }
        }
        // A sink that fails (a closed pipe) is reported.
        #expect(!JSONReportPrinter.write(a.report()) { _ in false })
    }

    @Test("a number JSON cannot hold is an error, as with Foundation")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try JSONTreeEncoder.encode([1, Double.infinity], pretty: true) }
        #expect(throws: EncodingError.self) { try JSONTreeEncoder.encode(["x": Double.nan], pretty: false) }
    }
}
