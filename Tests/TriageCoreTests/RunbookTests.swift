import Foundation
import Testing

@testable import TriageCore

let builtIn = RunbookLibrary.builtInRunbooks()
/// A fresh library per use: matchers own PCRE2 match data and tests run concurrently.
func builtInLibrary() -> RunbookLibrary { RunbookLibrary(runbooks: builtIn) }

/// A report holding one cluster made of `line`.
func oneClusterReport(_ line: String, level: Level = .error, count: Int = 10, source: String = "svc") -> AnalysisReport {
    let c = AnalysisReport.ClusterReport(
        id: ClusterID.make(template: line, source: source), template: line, count: count, firstSeen: nil, lastSeen: nil,
        level: level, levels: [level.name: count], source: source, component: nil, samples: [line], params: [],
        histogram: nil, aliases: [])
    return AnalysisReport(
        tool: .init(version: "test"),
        input: .init(files: [], lines: count, events: count, bytes: 0, filteredEvents: 0),
        clusters: [c], totalClusters: 1, diagnostics: [])
}

@Suite("Runbook library")
struct RunbookLibraryTests {
    @Test("the built-in library is embedded in the binary and matches runbooks/ exactly")
    func embeddedInSync() throws {
        let dir = TriageBinaryRoot.path + "/runbooks"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
        #expect(BundledRunbooks.files.map(\.name) == names, "run Scripts/embed_runbooks.py")
        for (name, text) in BundledRunbooks.files {
            let onDisk = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            #expect(text + "\n" == onDisk, "\(name) changed: run Scripts/embed_runbooks.py")
        }
        #expect(builtIn.count == names.count)
        #expect(builtIn.count >= 24)
        #expect(builtInLibrary().problems.isEmpty)
    }

    @Test("every built-in runbook matches its own examples and none of its counter-examples", arguments: builtIn.map(\.id))
    func ownExamples(_ id: String) throws {
        let r = try #require(builtIn.first { $0.id == id })
        let m = try RuleMatcher(r.match)
        #expect(r.examples.count >= 3)
        for e in r.examples { #expect(m.match(e) != nil, "example does not match: \(e)") }
        for e in r.counterExamples { #expect(m.match(e) == nil, "counter-example matches: \(e)") }
        for h in RunbookLinter.headings { #expect(r.section(h) != nil, "no ## \(h)") }
    }

    @Test("for each example, its own runbook ranks first against all the others", arguments: builtIn.map(\.id))
    func ranksFirst(_ id: String) throws {
        let r = try #require(builtIn.first { $0.id == id })
        let level = r.match.levels?.first(where: { $0 >= .error }) ?? r.match.levels?.last ?? .error
        let source = r.services.first.map { $0.replacingAll("*", with: "x") } ?? "svc"
        let library = builtInLibrary()
        for e in r.examples {
            let report = oneClusterReport(e, level: level, count: max(10, r.match.minCount), source: source)
            let top = library.suggest(for: report).first
            #expect(top?.id == id, "\(e) → \(top?.id ?? "nothing")")
        }
    }

    @Test("a rule match says which rule matched how many events of which cluster")
    func why() throws {
        let report = oneClusterReport(
            "org.postgresql.util.PSQLException: FATAL: remaining connection slots are reserved for non-replication superuser connections",
            count: 412)
        let s = try #require(builtInLibrary().suggest(for: report).first)
        #expect(s.id == "db-max-connections")
        #expect(s.why.first?.hasPrefix("regex #2 'remaining connection slots are reserved' matched 412 events of cluster c-") == true)
        #expect(s.clusters == [report.clusters[0].id])
        #expect(!s.steps.isEmpty)
        #expect(s.path == "builtin:runbooks/db-max-connections.md")
    }

    @Test("wording finds a runbook when no rule foresaw the phrasing")
    func lexical() throws {
        let report = oneClusterReport("payments could not lease a database connection: pool saturated with 50 waiters", count: 50)
        let ids = builtInLibrary().suggest(for: report).map(\.id)
        #expect(ids.first == "db-connection-pool-exhausted")
        let s = try #require(builtInLibrary().suggest(for: report).first)
        #expect(s.why.first?.hasPrefix("similar wording (") == true)
    }

    @Test("a large report's clusters matched on two threads give the suggestions one thread gives")
    func twoThreads() {
        // Every example and counter-example of the library is a cluster: ~800, most of them hits.
        var clusters: [AnalysisReport.ClusterReport] = []
        for (n, line) in builtIn.flatMap({ $0.examples + $0.counterExamples }).enumerated() {
            clusters += oneClusterReport(line, level: n % 3 == 0 ? .warn : .error, count: 1 + n % 17, source: "svc\(n % 5)").clusters
        }
        var report = oneClusterReport("x")
        report.clusters = clusters
        let one = builtInLibrary(), two = builtInLibrary()
        one.clustersWorthAThread = .max
        let expected = one.suggest(for: report, limit: 100)
        #expect(expected.count > 30)
        #expect(two.suggest(for: report, limit: 100) == expected)
        #expect(two.suggest(for: report, limit: 100) == expected)  // the helper's matchers are reused
    }

    @Test("a regex's byte requirement never turns away a text the regex matches, and does turn some away")
    func byteRequirement() throws {
        var texts = builtIn.flatMap { $0.examples + $0.counterExamples }
        texts += texts.map { $0.uppercased() } + texts.map { $0.lowercased() }
        texts += ["", "x", "café CRÈME", "日本語 ERROR 401"]
        var patterns = builtIn.flatMap { r in (r.match.any + r.match.none).compactMap { if case .regex(let p) = $0 { p } else { nil } } }
        patterns += ["(?i)é+t", "a*", "^x|y$", "[A-C]foo", "(?i)bar", "\\d{3}"]
        var turnedAway = 0
        for p in patterns {
            let m = try Regex(p, options: [.utf]).matcher()
            for t in texts {
                let bytes = Array(t.utf8)
                let allowed = bytes.withUnsafeBytes { m.regex.requirement.allows(ByteSet($0)) }
                let matched = bytes.withUnsafeBytes { m.match($0) == .match }
                #expect(allowed || !matched, "\(p) matches \(t) but its requirement turned it away")
                if !allowed { turnedAway += 1 }
            }
        }
        #expect(turnedAway > 1000)
    }

    @Test("info chatter calls for nothing")
    func quiet() {
        #expect(builtInLibrary().suggest(for: oneClusterReport("request completed in 12 ms", level: .info, count: 5000)).isEmpty)
    }

    @Test("a team's runbook replaces the built-in one with the same id; services globs apply")
    func override() throws {
        let dir = TempDir()
        dir.write(
            "db-max-connections.md",
            """
            ---
            id: db-max-connections
            title: Ours
            services: ["orders-*"]
            match:
              any:
                - regex: 'too many clients'
            examples: ['too many clients', 'FATAL: too many clients already', 'x too many clients y']
            ---
            ## Mitigation
            - Call the DBA on-call.
            """)
        let lib = RunbookLibrary.load(directories: [dir.url.path])
        #expect(lib.runbooks.filter { $0.id == "db-max-connections" }.map(\.title) == ["Ours"])
        #expect(lib.runbooks.count == builtIn.count)
        let hit = lib.suggest(for: oneClusterReport("FATAL: sorry, too many clients already", source: "orders-api"))
        #expect(hit.first?.title == "Ours")
        #expect(hit.first?.steps == ["Call the DBA on-call."])
        let elsewhere = lib.suggest(for: oneClusterReport("FATAL: sorry, too many clients already", source: "billing"))
        #expect(!elsewhere.contains { $0.id == "db-max-connections" })
    }
}

/// Locates the package root for tests that read runbooks/.
enum TriageBinaryRoot {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
}

@Suite("Runbook lint")
struct RunbookLintTests {
    let good = """
        ---
        id: NAME
        title: Something breaks
        match:
          any:
            - regex: 'thing broke after \\d+ tries'
            - keywords: [thing, exploded]
        examples:
          - 'thing broke after 3 tries'
          - 'the thing exploded'
          - 'ERROR thing broke after 10 tries'
        counter_examples:
          - 'thing fixed after 3 tries'
        ---
        ## Meaning
        m
        ## Impact
        i
        ## Diagnosis
        d
        ## Mitigation
        - fix it
        ## Escalation
        e
        """

    func lint(_ files: [String: String]) -> [RunbookLinter.Finding] {
        let dir = TempDir()
        for (name, text) in files { dir.write(name, text.replacingAll("NAME", with: String(name.dropLast(3)))) }
        return RunbookLinter.lint(directories: [dir.url.path])
    }

    @Test func cleanRunbookPasses() {
        #expect(lint(["broken-thing.md": good]) == [])
    }

    @Test("a runbook saved with Windows line endings reads like the same file with LF endings")
    func crlfLineEndings() throws {
        let text = good.replacingAll("NAME", with: "broken-thing")
        let lf = try RunbookLoader.parse(text, path: "lf.md")
        let crlf = try RunbookLoader.parse(text.replacingAll("\n", with: "\r\n"), path: "lf.md")
        #expect(crlf == lf)
        #expect(crlf.section("Mitigation") == "- fix it")
        #expect(crlf.mitigationSteps(3) == ["fix it"])
        #expect(lint(["broken-thing.md": good.replacingAll("\n", with: "\r\n")]) == [])
    }

    @Test func builtInLibraryIsClean() {
        #expect(RunbookLinter.lint(directories: [TriageBinaryRoot.path + "/runbooks"]).filter { $0.severity == .error } == [])
    }

    @Test func malformedFrontMatter() {
        let f = lint(["a.md": good.replacingAll("title: Something breaks", with: "title: [unclosed")])
        #expect(f.count == 1)
        #expect(f.first?.message.contains("malformed front matter") == true)
        #expect(f.first?.line != nil)
    }

    @Test func missingFrontMatter() {
        let f = lint(["a.md": "# Just markdown\n"])
        #expect(f.first?.message.contains("starts with a line '---'") == true)
        #expect(f.first?.line == 1)
    }

    @Test func regexThatDoesNotCompile() {
        let f = lint(["a.md": good.replacingAll(#"'thing broke after \d+ tries'"#, with: #"'thing broke (after'"#)])
        let e = f.first { $0.message.contains("does not compile") }
        #expect(e?.line == 6)
        #expect(e?.message.contains("missing closing parenthesis") == true)
    }

    @Test func regexThatMatchesNoExample() {
        let f = lint(["a.md": good.replacingAll("- keywords: [thing, exploded]", with: "- regex: 'never seen'\n    - keywords: [thing, exploded]")])
        let e = f.first { $0.message.contains("matches none of the runbook's examples") }
        #expect(e?.line == 7)
    }

    @Test func exampleAndCounterExample() {
        let f = lint(["a.md": good.replacingAll("- 'thing fixed after 3 tries'", with: "- 'thing broke after 4 tries'")
            .replacingAll("- 'the thing exploded'", with: "- 'the thing imploded'")])
        #expect(f.contains { $0.message.hasPrefix("example does not match") && $0.line == 10 })
        #expect(f.contains { $0.message.hasPrefix("counter-example matches") && $0.line == 13 })
    }

    @Test func duplicateIDsAndFileNames() {
        let f = lint(["a.md": good.replacingAll("id: NAME", with: "id: same"), "b.md": good.replacingAll("id: NAME", with: "id: same")])
        #expect(f.contains { $0.message.contains("duplicate id 'same'") && $0.path.hasSuffix("b.md") && $0.line == 2 })
        #expect(f.contains { $0.message.contains("differs from the file name") })
    }

    @Test func missingSectionIsAWarning() {
        let f = lint(["a.md": good.replacingAll("## Escalation\ne", with: "")])
        #expect(f.map(\.severity) == [.warning])
    }
}
