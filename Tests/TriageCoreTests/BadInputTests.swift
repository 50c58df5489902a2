import Foundation
import Testing

@testable import TriageCore

/// Each kind of bad input yields one diagnostic naming the file; the other inputs are still analysed.
@Suite("Bad input")
struct BadInputTests {
    func run(_ paths: [String], options: AnalysisOptions = AnalysisOptions()) throws -> AnalysisReport {
        let a = try Analyzer(options: options)
        for p in paths { a.analyze(path: p) }
        return a.report()
    }

    let good = Fixtures.formats("log4j.log")

    @Test func missingFile() throws {
        let r = try run(["/nonexistent/app.log", good])
        #expect(r.diagnostics.map(\.kind) == [.missing])
        #expect(r.diagnostics[0].file == "/nonexistent/app.log")
        #expect(r.diagnostics[0].description == "/nonexistent/app.log: error: no such file")
        #expect(r.input.files.count == 2)
        #expect(r.input.files[1].events == 9)
    }

    @Test func directory() throws {
        let dir = TempDir()
        let r = try run([dir.url.path, good])
        #expect(r.diagnostics.map(\.kind) == [.directory])
        #expect(r.diagnostics[0].message.contains("is a directory"))
        #expect(r.clusters.count > 0)
    }

    @Test func emptyFile() throws {
        let dir = TempDir()
        let r = try run([dir.write("empty.log", ""), good])
        #expect(r.diagnostics.map(\.kind) == [.empty])
        #expect(r.diagnostics[0].severity == .warning)
        #expect(r.input.files[0].format == "empty")
    }

    @Test func binaryFile() throws {
        let dir = TempDir()
        var bytes = [UInt8](repeating: 0, count: 4096)
        for i in stride(from: 0, to: bytes.count, by: 3) { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        let r = try run([dir.write("core.bin", bytes), good])
        #expect(r.diagnostics.map(\.kind) == [.binary])
        #expect(r.diagnostics[0].file.hasSuffix("core.bin"))
    }

    @Test("a log with a few NUL bytes is still a log")
    func fewNULs() throws {
        var text = Array((0..<200).map { "2026-03-02 10:15:\(String(format: "%02d", $0 % 60)) INFO tick \($0)\n" }.joined().utf8)
        text[10] = 0
        let dir = TempDir()
        let r = try run([dir.write("nul.log", text)])
        #expect(r.diagnostics.isEmpty)
        #expect(r.input.events == 200)
    }

    @Test func unreadableFile() throws {
        guard getuid() != 0 else { return }  // root reads everything; CI runs as root
        let dir = TempDir()
        let p = dir.write("secret.log", "x\n")
        chmod(p, 0)
        let r = try run([p])
        #expect(r.diagnostics.map(\.kind) == [.unreadable])
    }

    @Test("a read error mid-file is reported and the lines before it are kept")
    func readError() throws {
        // /proc/self/mem opens but fails to read at offset 0.
        let r = try run(["/proc/self/mem", good])
        #expect(r.diagnostics.first?.kind == .readFailed || r.diagnostics.first?.kind == .binary)
        #expect(r.input.files[1].events == 9)
    }

    @Test("a --line-format that matches no line is an error naming the file")
    func lineFormatMismatch() throws {
        var o = AnalysisOptions()
        o.lineFormat = try LineFormat(#"\[<Time>\] \[<Level>\] <Content>"#)
        let r = try run([Fixtures.formats("jsonlines.log")], options: o)
        #expect(r.diagnostics.map(\.kind) == [.lineFormatMismatch])
        #expect(r.diagnostics[0].severity == .error)
        #expect(r.diagnostics[0].line == 1)
    }

    @Test("a line format without <Content> is refused")
    func lineFormatNeedsContent() {
        #expect(throws: Regex.CompileError.self) { try LineFormat("<Date> <Time>") }
    }
}

@Suite("gzip input")
struct GzipTests {
    func gzip(_ text: String, in dir: TempDir, name: String) throws -> String {
        let plain = dir.write(name, text)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["gzip", "-f", plain]
        try p.run()
        p.waitUntilExit()
        return plain + ".gz"
    }

    let text = (0..<3000).map { "2026-03-02 10:\(String(format: "%02d", $0 / 60 % 60)):\(String(format: "%02d", $0 % 60)) INFO request \($0) served in \($0 % 97) ms" }
        .joined(separator: "\n") + "\n"

    @Test("a .gz file streams like the plain one, recognised by content")
    func plainVsGzip() throws {
        let dir = TempDir()
        let gz = try gzip(text, in: dir, name: "app.log")
        let a = try Analyzer()
        a.analyze(path: gz)
        let r = a.report()
        #expect(r.diagnostics.isEmpty)
        #expect(r.input.files[0].compressed)
        #expect(r.input.files[0].lines == 3000)
        #expect(r.input.files[0].bytes == text.utf8.count)
        #expect(r.clusters.map(\.template) == ["request <*> served in <*> ms"])
    }

    @Test("concatenated gzip members are all read")
    func multiMember() throws {
        let dir = TempDir()
        let a = try Data(contentsOf: URL(fileURLWithPath: try gzip(text, in: dir, name: "a.log")))
        let b = try Data(contentsOf: URL(fileURLWithPath: try gzip(text, in: dir, name: "b.log")))
        let both = dir.write("both.log.gz", Array(a + b))
        let an = try Analyzer()
        an.analyze(path: both)
        #expect(an.report().input.files[0].lines == 6000)
        #expect(an.diagnostics.isEmpty)
    }

    @Test("a truncated .gz is reported, and the lines before the cut are analysed")
    func truncated() throws {
        let dir = TempDir()
        let full = try Data(contentsOf: URL(fileURLWithPath: try gzip(text, in: dir, name: "c.log")))
        let cut = dir.write("cut.log.gz", Array(full.prefix(full.count / 2)))
        let an = try Analyzer()
        an.analyze(path: cut)
        let r = an.report()
        #expect(r.diagnostics.map(\.kind) == [.truncatedGzip])
        #expect(r.diagnostics[0].message.contains("truncated"))
        #expect(r.input.files[0].lines > 100)
    }

    @Test("corrupt gzip data is reported, not crashed on")
    func corrupt() throws {
        let dir = TempDir()
        var full = Array(try Data(contentsOf: URL(fileURLWithPath: try gzip(text, in: dir, name: "d.log"))))
        for i in 40..<140 { full[i] ^= 0x5A }
        let an = try Analyzer()
        an.analyze(path: dir.write("bad.log.gz", full))
        #expect([.corruptGzip, .truncatedGzip].contains(an.diagnostics.first?.kind))
    }
}
