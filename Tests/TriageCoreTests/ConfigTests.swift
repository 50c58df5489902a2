import Testing

@testable import TriageCore

@Suite("Config file")
struct ConfigTests {
    @Test("masks can be added, disabled and named")
    func masks() throws {
        let c = try TriageConfig.parse(
            """
            # team config
            [masks]
            builtin = true
            disable = ["hex", "email"]   # trailing comment
            show_names = true

            [[masks.add]]
            name = "order"
            pattern = 'ORD-[A-Z0-9]{8}'

            [[masks.add]]
            name = "tenant"
            pattern = "tenant-\\\\w+"

            [runbooks]
            dirs = ["ops/runbooks"]
            """, path: "triage.toml")
        #expect(c.addedMasks.map(\.name) == ["order", "tenant"])
        #expect(c.addedMasks[1].pattern == #"tenant-\w+"#)
        #expect(c.showMaskNames)
        #expect(c.runbookDirectories == ["ops/runbooks"])
        #expect(c.masks.first?.name == "order")
        #expect(!c.masks.contains { $0.name == "hex" || $0.name == "email" })
        #expect(c.masks.count == 2 + Mask.builtIn.count - 2)
    }

    @Test("a config file saved with Windows line endings reads like the same file with LF endings")
    func crlf() throws {
        let text = "[masks]\nshow_names = true\n\n[[masks.add]]\nname = \"order\"\npattern = 'ORD-[A-Z0-9]{8}'\n"
        let crlf = try TriageConfig.parse(text.replacingAll("\n", with: "\r\n"), path: "triage.toml")
        #expect(crlf.addedMasks.map(\.name) == ["order"])
        #expect(crlf.addedMasks.first?.pattern == "ORD-[A-Z0-9]{8}")
        #expect(crlf.showMaskNames)
        // Errors still name the right line.
        #expect(throws: (any Error).self) { try TriageConfig.parse("[masks]\r\nbogus = 1\r\n", path: "triage.toml") }
    }

    @Test(
        "mistakes are reported with file and line",
        arguments: [
            ("[masks]\nbogus = 1\n", 2, "unknown setting 'masks.bogus'"),
            ("[masks]\nbuiltin = maybe\n", 2, "cannot read value 'maybe'"),
            ("[masks]\ndisable = [\"nope\"]\n", 2, "no built-in mask named 'nope'"),
            ("\n[[masks.add]]\nname = \"x\"\npattern = 'a(b'\n", 4, "missing closing parenthesis"),
            ("[masks\n", 1, "unclosed [table]"),
            ("x = \"unterminated\n", 1, "unterminated string"),
        ])
    func errors(_ text: String, _ line: Int, _ message: String) {
        do {
            _ = try TriageConfig.parse(text, path: "triage.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.line == line)
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.description.hasPrefix("triage.toml:\(line): error:"))
        }
    }

    @Test("mask names print in templates when asked")
    func names() throws {
        var o = AnalysisOptions()
        o.masks = [Mask(name: "order", pattern: "ORD-[A-Z0-9]+")] + Mask.builtIn
        o.showMaskNames = true
        let r = try analyze("order ORD-5TQ2LP8N failed for 10.0.0.1\norder ORD-AB12CD34 failed for 10.0.0.2\n", options: o)
        #expect(r.clusters.map(\.template) == ["order <order> failed for <ipv4>"])
        o.showMaskNames = false
        let plain = try analyze("order ORD-5TQ2LP8N failed for 10.0.0.1\n", options: o)
        #expect(plain.clusters.map(\.template) == ["order <*> failed for <*>"])
    }
}
