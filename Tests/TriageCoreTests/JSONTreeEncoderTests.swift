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

    @Test("a number JSON cannot hold is an error, as with Foundation")
    func nonFinite() {
        #expect(throws: EncodingError.self) { try JSONTreeEncoder.encode([1, Double.infinity], pretty: true) }
        #expect(throws: EncodingError.self) { try JSONTreeEncoder.encode(["x": Double.nan], pretty: false) }
    }
}
