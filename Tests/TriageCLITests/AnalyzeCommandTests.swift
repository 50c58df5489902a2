import Foundation
import Testing
import TriageTestSupport

/// End-to-end: the real `triage` binary, its exit codes, streams and output formats.
@Suite("triage analyze (end to end)")
struct AnalyzeCommandTests {
    let fixtures = "Tests/TriageCoreTests/Fixtures/formats/"
    let schema = try! JSONSchemaChecker(
        schemaPath: TriageBinary.packageRoot.appendingPathComponent("docs/schema/analysis.schema.json").path)

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func helpReadsWell() throws {
        let r = try TriageBinary.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("analyze"))
        let sub = try TriageBinary.run(["analyze", "--help"])
        #expect(sub.status == 0)
        for flag in ["--format", "--top", "--since", "--until", "--line-format", "--timezone"] {
            #expect(sub.stdout.contains(flag), "help lacks \(flag)")
        }
    }

    @Test func shellCompletions() throws {
        let r = try TriageBinary.run(["--generate-completion-script", "bash"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("triage"))
    }

    @Test("JSON output validates against the schema and counts the inputs")
    func jsonOutput() throws {
        let r = try TriageBinary.run(["analyze", "--format", "json", fixtures + "log4j.log", fixtures + "jsonlines.log"])
        #expect(r.status == 0)
        #expect(schema.violations(ofJSON: r.stdout) == [])
        let obj = try json(r.stdout)
        let input = try #require(obj["input"] as? [String: Any])
        #expect(input["lines"] as? Int == 25 + 16)
        #expect(input["events"] as? Int == 9 + 16)
        let files = try #require(input["files"] as? [[String: Any]])
        #expect(files.map { $0["format"] as? String } == ["timestamped-text", "json"])
    }

    @Test("a missing file: exit 2, a message naming it, and the other inputs still reported")
    func missingFile() throws {
        let r = try TriageBinary.run(["analyze", "-o", "json", "/nonexistent/app.log", fixtures + "log4j.log"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("triage: /nonexistent/app.log: error: no such file"))
        let obj = try json(r.stdout)
        #expect((obj["clusters"] as? [Any])?.isEmpty == false)
    }

    @Test("a --since that does not parse is a usage error")
    func badSince() throws {
        let r = try TriageBinary.run(["analyze", "--since", "last tuesday-ish", fixtures + "log4j.log"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--since"))
        #expect(r.stderr.contains("last tuesday-ish"))
    }

    @Test("a --baseline-until outside the logs' span: a warning saying nothing is compared, and a report")
    func baselineOutsideTheLogs() throws {
        let before = try TriageBinary.run(["analyze", "--baseline-until", "2000-01-01T00:00:00Z", "samplelogs/checkout.log"])
        #expect(before.status == 0)
        #expect(before.stderr.contains("triage: --baseline-until 2000-01-01T00:00:00Z is not after the first event (2026-03-02T09:30:12"))
        #expect(before.stderr.contains("the baseline is empty, nothing is compared"))
        #expect(before.stdout.contains("compared"))
        let after = try TriageBinary.run(["analyze", "-o", "json", "--baseline-until", "2099-01-01T00:00:00Z", "samplelogs/checkout.log"])
        #expect(after.status == 0)
        #expect(after.stderr.contains("is after the last event"))
        #expect(schema.violations(ofJSON: after.stdout) == [])
        let inside = try TriageBinary.run(["analyze", "--baseline-until", "2026-03-02T10:00:00Z", "samplelogs/checkout.log"])
        #expect(!inside.stderr.contains("--baseline-until"))
    }

    @Test("--compare A..B C..D followed by the log files, as documented, or after them")
    func compareRanges() throws {
        let ranges = ["2026-03-02T09:30:00Z..2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z..2026-03-02T10:40:00Z"]
        for args in [["--compare"] + ranges + ["samplelogs/checkout.log", "samplelogs/payments.log"],
                     ["samplelogs/checkout.log", "--compare"] + ranges + ["samplelogs/payments.log"]] {
            let r = try TriageBinary.run(["analyze", "-o", "json"] + args)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let obj = try json(r.stdout)
            let files = try #require((obj["input"] as? [String: Any])?["files"] as? [[String: Any]])
            #expect(files.compactMap { $0["path"] as? String } == ["samplelogs/checkout.log", "samplelogs/payments.log"])
            let context = try #require(obj["correlation"] as? [String: Any])
            #expect(context["anchor"] as? String == "--compare")
        }
        let one = try TriageBinary.run(["analyze", "--compare", ranges[0], "samplelogs/checkout.log"])
        #expect(one.status == 2)
        #expect(one.stderr.contains("'samplelogs/checkout.log' is not a range"))
    }

    @Test("an invalid --line-format shows PCRE2's message")
    func badLineFormat() throws {
        let r = try TriageBinary.run(["analyze", "--line-format", "<Time> (<Content>", fixtures + "hdfs.log"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--line-format"))
        #expect(r.stderr.contains("missing closing parenthesis"))
    }

    @Test("--since and --until keep only events inside the window")
    func timeWindow() throws {
        let r = try TriageBinary.run([
            "analyze", "-o", "json", "--since", "2026-03-02T10:15:00Z", "--until", "2026-03-02 10:20", fixtures + "log4j.log",
        ])
        #expect(r.status == 0)
        let obj = try json(r.stdout)
        let input = try #require(obj["input"] as? [String: Any])
        let filtered = try #require(input["filtered_events"] as? Int)
        #expect(filtered > 0 && filtered < 9)
        for c in obj["clusters"] as? [[String: Any]] ?? [] {
            let first = try #require(c["first_seen"] as? String)
            #expect(first >= "2026-03-02T10:15:00.000Z" && first < "2026-03-02T10:20:00.000Z")
        }
    }

    @Test("standard input is read with -")
    func stdin() throws {
        let text = try String(contentsOfFile: TriageBinary.packageRoot.path + "/" + fixtures + "logfmt.log", encoding: .utf8)
        let r = try TriageBinary.run(["analyze", "-o", "json", "-"], stdin: text)
        #expect(r.status == 0)
        let obj = try json(r.stdout)
        let files = try #require((obj["input"] as? [String: Any])?["files"] as? [[String: Any]])
        #expect(files.first?["path"] as? String == "-")
        #expect(files.first?["format"] as? String == "logfmt")
        #expect(files.first?["events"] as? Int == 15)
    }

    @Test("--top limits the clusters; total_clusters still counts all")
    func top() throws {
        let r = try TriageBinary.run(["analyze", "-o", "json", "--top", "2", fixtures + "syslog-rfc3164.log"])
        let obj = try json(r.stdout)
        #expect((obj["clusters"] as? [Any])?.count == 2)
        #expect((obj["total_clusters"] as? Int ?? 0) > 2)
    }

    @Test("colour only when asked or on a terminal, and never with NO_COLOR in auto mode")
    func colour() throws {
        let file = fixtures + "nginx-access.log"
        #expect(try TriageBinary.run(["analyze", file]).stdout.contains("\u{1B}[") == false)
        #expect(try TriageBinary.run(["analyze", "--color", "always", file]).stdout.contains("\u{1B}[31m"))
        #expect(
            try TriageBinary.run(["analyze", "--color", "auto", file], environment: ["NO_COLOR": "1"]).stdout.contains("\u{1B}[")
                == false)
    }

    @Test("text output is an aligned table with a header")
    func textTable() throws {
        let r = try TriageBinary.run(["analyze", fixtures + "nginx-access.log"])
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.contains("COUNT") && $0.contains("TEMPLATE") })
        let templateColumn = try #require(lines[header].range(of: "TEMPLATE")).lowerBound.utf16Offset(in: lines[header])
        let row = try #require(lines.first { $0.contains("POST /api/checkout HTTP/<*> <*> Bad Gateway") })
        #expect(row.range(of: "POST")?.lowerBound.utf16Offset(in: row) == templateColumn)
    }

    @Test("Markdown output pastes into an issue: a table with escaped pipes")
    func markdown() throws {
        let r = try TriageBinary.run(["analyze", "--format", "markdown", fixtures + "stern.log"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("| count | level | id | source | template |"))
        #expect(r.stdout.contains("<details>"))
        for line in r.stdout.split(separator: "\n") where line.hasPrefix("| ") && !line.hasPrefix("| count") {
            let unescaped = line.replacingOccurrences(of: "\\|", with: "")
            let cells = unescaped.split(separator: "|", omittingEmptySubsequences: false).count - 2
            #expect(cells == 4 || cells == 7, "\(line)")
        }
    }
}

@Suite("triage on the bundled incident and its options (end to end)")
struct SampleLogsTests {
    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("samplelogs: every file detected, and the incident's new error is a cluster of its own")
    func sampleLogs() throws {
        let files = ["checkout.log", "gateway-access.log", "node-syslog.log", "payments.log"].map { "samplelogs/" + $0 }
        let r = try TriageBinary.run(["analyze", "-o", "json"] + files)
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try json(r.stdout)
        let input = try #require(obj["input"] as? [String: Any])
        let formats = (input["files"] as? [[String: Any]] ?? []).map { $0["format"] as? String ?? "" }
        #expect(formats == ["timestamped-text", "access-log", "syslog-rfc3164", "json"])
        let clusters = try #require(obj["clusters"] as? [[String: Any]])
        let charge = try #require(clusters.first {
            ($0["template"] as? String)?.hasPrefix("failed to charge card: pq: remaining connection slots") == true
        })
        #expect(charge["source"] as? String == "payments")
        #expect(charge["level"] as? String == "error")
        #expect(charge["first_seen"] as? String == "2026-03-02T10:12:47.318Z")
        // A gateway 502 on the checkout route stays apart from its 200s.
        let templates = clusters.compactMap { $0["template"] as? String }
        #expect(templates.contains("POST /api/checkout HTTP/<*> <*> Bad Gateway"))
        #expect(templates.contains("POST /api/checkout HTTP/<*> <*> OK"))
    }

    @Test("triage templates prints one CSV row per line, in order")
    func templatesCSV() throws {
        let r = try TriageBinary.run(["templates", "Tests/TriageCoreTests/Fixtures/formats/log4j.log"])
        #expect(r.status == 0)
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.first == "LineId,ClusterId,Template")
        #expect(rows.count == 26)
        #expect(rows[1].hasPrefix("1,c-"))
        // Stack-trace lines carry the cluster of their event.
        let ids = rows.dropFirst().map { $0.split(separator: ",")[1] }
        #expect(ids[6] == ids[7])
        let j = try TriageBinary.run(["templates", "--json", "Tests/TriageCoreTests/Fixtures/formats/hdfs.log"])
        let first = try json(String(j.stdout.split(separator: "\n")[0]))
        #expect(first["line"] as? Int == 1)
        #expect((first["template"] as? String)?.isEmpty == false)
    }

    @Test("--mask adds a named mask; a bad config file is a usage error naming its line")
    func masksAndConfig() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "order ORD-5TQ2LP8N failed\norder ORD-AB12CD34 failed\n".write(
            to: dir.appendingPathComponent("m.log"), atomically: true, encoding: .utf8)
        let r = try TriageBinary.run(["analyze", "-o", "json", "--mask", "order=ORD-[A-Z0-9]+", "--mask-names", "m.log"], directory: dir)
        let clusters = try json(r.stdout)["clusters"] as? [[String: Any]]
        #expect(clusters?.map { $0["template"] as? String } == ["order <order> failed"])
        try "[masks]\nbuiltin = nope\n".write(to: dir.appendingPathComponent("triage.toml"), atomically: true, encoding: .utf8)
        let bad = try TriageBinary.run(["analyze", "m.log"], directory: dir)
        #expect(bad.status == 2)
        #expect(bad.stderr.hasPrefix("triage: triage.toml:2: error:"))
    }
}

@Suite("triage runbooks (end to end)")
struct RunbooksCommandTests {
    @Test("analyze suggests the runbook for the bundled incident's database failure, and says why")
    func suggestions() throws {
        let files = ["checkout.log", "gateway-access.log", "node-syslog.log", "payments.log"].map { "samplelogs/" + $0 }
        let r = try TriageBinary.run(["analyze", "-o", "json"] + files)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let runbooks = try #require(obj["runbooks"] as? [[String: Any]])
        let db = try #require(runbooks.first { $0["id"] as? String == "db-max-connections" })
        #expect((db["why"] as? [String])?.first?.contains("remaining connection slots are reserved") == true)
        #expect(db["path"] as? String == "builtin:runbooks/db-max-connections.md")
        let text = try TriageBinary.run(files.map { $0 } + ["--color", "never"])
        #expect(text.stdout.contains("Suggested runbooks"))
    }

    @Test("list, show and lint")
    func listShowLint() throws {
        let list = try TriageBinary.run(["runbooks", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("db-connection-pool-exhausted"))
        let show = try TriageBinary.run(["runbooks", "show", "disk-full"])
        #expect(show.stdout.contains("## Mitigation"))
        #expect(try TriageBinary.run(["runbooks", "show", "nope"]).status == 2)
        let lint = try TriageBinary.run(["runbooks", "lint", "runbooks"])
        #expect(lint.status == 0, "\(lint.stdout)")
        #expect(lint.stdout.hasSuffix("0 errors, 0 warnings\n"))
    }

    @Test("lint exits 1 on errors and names file and line")
    func lintErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-rb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "---\nid: x\ntitle: t\nmatch:\n  any:\n    - regex: 'a(b'\nexamples: [ab, ab, ab]\n---\n".write(
            to: dir.appendingPathComponent("x.md"), atomically: true, encoding: .utf8)
        let r = try TriageBinary.run(["runbooks", "lint", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("x.md:6: error: regex does not compile in PCRE2"))
    }
}

@Suite("triage analyze --deploys (end to end)")
struct DeploysCommandTests {
    let files = ["checkout.log", "gateway-access.log", "node-syslog.log", "payments.log"].map { "samplelogs/" + $0 }

    @Test("the bundled incident: dep-812 is the suspect, the harmless neighbours are not, and why")
    func bundledIncident() throws {
        let r = try TriageBinary.run(["analyze", "-o", "json", "--deploys", "samplelogs/deploys.jsonl"] + files)
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let suspects = try #require(obj["suspects"] as? [[String: Any]])
        #expect(suspects.map { $0["deploy"] as? String } == ["dep-812"])
        #expect((suspects[0]["explanation"] as? String)?.hasPrefix("47 s after dep-812 (payments 2.13.4 → 2.14.0)") == true)
        let findings = try #require(obj["findings"] as? [[String: Any]])
        #expect((findings.first?["template"] as? String)?.hasPrefix("failed to charge card") == true)
        #expect(findings.first?["kind"] as? String == "new")
        let corr = try #require(obj["correlation"] as? [String: Any])
        #expect((corr["incident"] as? [String: Any])?["onset"] as? String == "2026-03-02T10:12:47.000Z")
        let not = (corr["not_implicated"] as? [[String: Any]] ?? []).compactMap { $0["deploy"] as? String }
        #expect(Set(not) == ["cfg-2291", "dep-813", "dep-814"])
        let runbooks = try #require(obj["runbooks"] as? [[String: Any]])
        #expect(runbooks.first?["id"] as? String == "db-max-connections")
    }

    @Test("the CI gate: exit 1 when the latest deploy is implicated, 0 when it is not")
    func gate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-gate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let only812 = dir.appendingPathComponent("d.jsonl").path
        try #"{"time":"2026-03-02T10:12:00Z","id":"dep-812","service":"payments","kind":"deploy"}"# .write(
            toFile: only812, atomically: true, encoding: .utf8)
        let fail = try TriageBinary.run(["analyze", "-o", "json", "--deploys", only812, "--fail-on", "suspect"] + files)
        #expect(fail.status == 1)
        #expect(fail.stderr.contains("--fail-on suspect: the latest change, dep-812, is implicated"))
        let newErrors = try TriageBinary.run(["analyze", "-o", "json", "--deploys", only812, "--fail-on", "new-errors"] + files)
        #expect(newErrors.status == 1)
        // With the full file the latest change is dep-813 (checkout, harmless).
        let pass = try TriageBinary.run(["analyze", "-o", "json", "--deploys", "samplelogs/deploys.jsonl", "--fail-on", "suspect"] + files)
        #expect(pass.status == 0)
    }

    @Test("a malformed deploys line is an error with its line; the rest is used")
    func badDeploysLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("d.jsonl").path
        try "{\"time\":\"2026-03-02T10:12:00Z\",\"id\":\"dep-812\",\"service\":\"payments\"}\n{\"id\":\"x\"}\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let r = try TriageBinary.run(["analyze", "-o", "json", "--deploys", path] + files)
        #expect(r.status == 2)
        #expect(r.stderr.contains("d.jsonl:2: error: the event has no time"))
        #expect(r.stdout.contains("\"deploy\" : \"dep-812\""))
    }
}

@Suite("Streams, filters and grep (end to end)", .timeLimit(.minutes(1)))
struct StreamCommandTests {
    @Test("-f - streams standard input and ends when the writer closes it")
    func stdinFollow() throws {
        let lines = (0..<500).map { "{\"ts\":\"2026-03-02T10:00:00Z\",\"level\":\"error\",\"msg\":\"payment \($0) declined\"}" }
        let r = try TriageBinary.run(["analyze", "-f", "-o", "json", "-"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((obj["input"] as? [String: Any])?["events"] as? Int == 500)
    }

    @Test("--every with JSON prints one document per line, then the final report")
    func everyJSONLines() throws {
        let lines = (0..<50).map { "2026-03-02T10:00:00Z WARN slow \($0)" }
        let r = try TriageBinary.run(["analyze", "--every", "1s", "-o", "json", "-"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"total_clusters\" : 1"))
    }

    @Test("filters on the command line")
    func filters() throws {
        let f = "Tests/TriageCoreTests/Fixtures/formats/jsonlines.log"
        let r = try TriageBinary.run(["analyze", "-o", "json", "--level", "error", "--exclude", "timeout", f])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let levels = (obj["clusters"] as? [[String: Any]] ?? []).compactMap { $0["level"] as? String }
        #expect(!levels.isEmpty && levels.allSatisfy { $0 == "error" || $0 == "fatal" })
        let bad = try TriageBinary.run(["analyze", "--match", "(unclosed", f])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("missing closing parenthesis"))
        #expect(bad.stderr.contains("^"))
        #expect(try TriageBinary.run(["analyze", "--level", "loud", f]).status == 2)
    }

    @Test("grep prints file, line and cluster id, counts, and exits 1 without a match")
    func grep() throws {
        let r = try TriageBinary.run(["grep", "timed out", "samplelogs/checkout.log", "samplelogs/payments.log"])
        #expect(r.status == 0)
        let first = try #require(r.stdout.split(separator: "\n").first)
        #expect(first.hasPrefix("samplelogs/checkout.log:"))
        #expect(first.contains(": c-"))
        let c = try TriageBinary.run(["grep", "-c", "timed out", "samplelogs/checkout.log"])
        #expect(c.stdout == "\(r.stdout.split(separator: "\n").count)\n")
        #expect(try TriageBinary.run(["grep", "no such text anywhere", "samplelogs/checkout.log"]).status == 1)
    }
}

@Suite("Ctrl-C while following (end to end)", .timeLimit(.minutes(1)))
struct InterruptTests {
    @Test("SIGINT prints the final summary and exits 0")
    func sigint() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("triage-int-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("live.log").path
        try "2026-03-02T10:00:00Z ERROR disk quota exceeded on /data\n".write(toFile: log, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: TriageBinary.path)
        p.arguments = ["analyze", "-f", "--color", "never", log]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        try p.run()
        usleep(1_500_000)
        kill(p.processIdentifier, SIGINT)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(String(decoding: data, as: UTF8.self).contains("disk quota exceeded on <*>"))
    }
}
