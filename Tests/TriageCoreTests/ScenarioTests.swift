import Foundation
import Testing

@testable import TriageCore

/// The incident scenarios in samplelogs/scenarios (made by its generate.py), each with its known
/// answer: triage must name the culprit (or none), spare the harmless changes, and rank the cause's
/// finding first.
struct Scenario: CustomTestStringConvertible, Sendable {
    var name: String
    var testDescription: String { name }
    var dir: String { TriageBinaryRoot.path + "/samplelogs/scenarios/" + name }

    static var all: [Scenario] {
        let root = TriageBinaryRoot.path + "/samplelogs/scenarios"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: root + "/" + $0 + "/answer.json") }.sorted().map { Scenario(name: $0) }
    }
}

struct Answer: Decodable {
    var culprit: String?
    var onset: String
    var new_error_substring: String?
    var top_finding_service: String?
    var harmless: [String]
}

/// Runs the whole engine on a folder: every *.log, deploys.jsonl.
func analyzeScenario(_ dir: String) throws -> AnalysisReport {
    let a = try Analyzer()
    for f in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where f.hasSuffix(".log") {
        a.analyze(path: dir + "/" + f)
    }
    var r = a.report()
    let (changes, problems) = ChangeEventLoader.load(dir + "/deploys.jsonl")
    #expect(problems.isEmpty)
    r.apply(Correlator().correlate(r, changes: changes), changes: changes)
    return r
}

@Suite("Incident scenarios with known answers")
struct ScenarioTests {
    @Test("there are scenarios for every case the issue names")
    func present() {
        let names = Set(Scenario.all.map(\.name))
        for n in ["new-error-after-deploy", "warning-spike-after-deploy", "cascade", "no-deploy-fault", "harmless-neighbour"] {
            #expect(names.contains(n), "missing scenario \(n)")
        }
    }

    @Test("triage gets the answer", arguments: Scenario.all)
    func answer(_ s: Scenario) throws {
        let answer = try JSONDecoder().decode(Answer.self, from: Data(contentsOf: URL(fileURLWithPath: s.dir + "/answer.json")))
        let r = try analyzeScenario(s.dir)
        if let culprit = answer.culprit {
            #expect(r.suspects.first?.deploy == culprit, "suspects: \(r.suspects.map(\.deploy)) — \(r.correlation?.verdict ?? "")")
        } else {
            #expect(r.suspects.isEmpty, "suspects: \(r.suspects.map { "\($0.deploy): \($0.explanation)" })")
            #expect(r.correlation?.verdict.hasPrefix("No deploy is implicated") == true)
        }
        for h in answer.harmless {
            #expect(!r.suspects.contains { $0.deploy == h }, "\(h) is a suspect")
            #expect(r.correlation?.notImplicated.contains { $0.deploy == h } == true || answer.culprit == nil, "no reason given for \(h)")
        }
        if let raw = answer.new_error_substring {
            let sub = try Masker().mask(raw)
            #expect(r.findings.contains { $0.template.contains(sub) }, "no finding for '\(sub)': \(r.findings.map(\.template))")
        }
        if let svc = answer.top_finding_service {
            #expect(r.findings.first.map { $0.source.hasPrefix(svc) } == true, "top finding: \(r.findings.first?.source ?? "none")")
        }
        // The detected onset is within two minutes of the first bad line.
        if let o = r.correlation?.incident?.onset, let onset = parseTime(o), let truth = parseTime(answer.onset) {
            #expect(abs(onset - truth) <= 120_000, "onset \(formatTimestamp(onset)) vs \(answer.onset)")
        }
    }
}
