import Foundation
import Testing
import TriageTestSupport

@testable import TriageCore

@Suite("JSON output and its schema")
struct JSONSchemaTests {
    let checker = try! JSONSchemaChecker(
        schemaPath: TriageBinary.packageRoot.appendingPathComponent("docs/schema/analysis.schema.json").path)

    @Test("the report of every format fixture validates against the schema")
    func fixturesValidate() throws {
        let a = try Analyzer(options: { var o = AnalysisOptions(); o.referenceMillis = fixtureReference; return o }())
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent("formats").path)
        for name in names.sorted() where name != "README.md" { a.analyze(path: Fixtures.formats(name)) }
        a.analyze(path: "/nonexistent/triage-missing.log")
        let json = JSONReportPrinter.render(a.report())
        #expect(checker.violations(ofJSON: json) == [])
        // And the checker does catch a broken document.
        #expect(!checker.violations(ofJSON: json.replacingOccurrences(of: "\"schema_version\" : \"1.0\"", with: "\"schema_version\" : 1")).isEmpty)
        #expect(!checker.violations(ofJSON: "{}").isEmpty)
    }

    @Test("the top-level object has the documented fields with the right values")
    func fields() throws {
        let r = try analyze(
            """
            {"ts":"2026-03-02T10:15:03.123Z","level":"error","msg":"charge failed for order 42","service":"payments"}
            {"ts":"2026-03-02T10:15:04.000Z","level":"error","msg":"charge failed for order 43","service":"payments"}
            {"ts":"2026-03-02T10:15:05.000Z","level":"info","msg":"healthy","service":"payments"}
            """, name: "payments.jsonl")
        let json = JSONReportPrinter.render(r)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let input = try #require(obj["input"] as? [String: Any])
        #expect(input["lines"] as? Int == 3)
        #expect(input["events"] as? Int == 3)
        #expect(input["first_timestamp"] as? String == "2026-03-02T10:15:03.123Z")
        #expect(input["last_timestamp"] as? String == "2026-03-02T10:15:05.000Z")
        let files = try #require(input["files"] as? [[String: Any]])
        #expect(files.first?["format"] as? String == "json")
        let clusters = try #require(obj["clusters"] as? [[String: Any]])
        #expect(clusters.count == 2)
        let top = clusters[0]
        #expect(top["template"] as? String == "charge failed for order <*>")
        #expect(top["count"] as? Int == 2)
        #expect(top["level"] as? String == "error")
        #expect(top["source"] as? String == "payments")
        #expect(top["first_seen"] as? String == "2026-03-02T10:15:03.123Z")
        #expect(top["last_seen"] as? String == "2026-03-02T10:15:04.000Z")
        #expect((top["samples"] as? [String])?.count == 2)
        #expect(top["id"] as? String == ClusterID.make(template: "charge failed for order <*>", source: "payments"))
    }

    @Test("JSON output is byte-for-byte reproducible")
    func reproducible() throws {
        func render() throws -> String {
            let a = try Analyzer()
            a.analyze(path: Fixtures.formats("log4j.log"))
            a.analyze(path: Fixtures.formats("docker-json.log"))
            return JSONReportPrinter.render(a.report())
        }
        #expect(try render() == render())
    }
}
