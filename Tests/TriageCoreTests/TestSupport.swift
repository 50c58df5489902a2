import Foundation
import Testing

@testable import TriageCore

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }
    static func formats(_ name: String) -> String { path("formats/" + name) }
}

/// A directory removed at the end of the test.
final class TempDir {
    let url: URL
    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("triage-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let p = url.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }
}

/// 2026-03-02T12:00:00Z, the reference time fixtures are read against (their year is 2026).
let fixtureReference: Int64 = 1_772_452_800_000

func context(offset: Int = 0, reference: Int64 = fixtureReference) -> ParseContext {
    ParseContext(timestamps: TimestampParser(defaultOffsetSeconds: offset, referenceMillis: reference))
}

/// Parses one line with a given format's parser.
func parse(_ line: String, as format: LogFormat) -> ParsedLine? {
    var rec = ParsedLine()
    var s = line
    let ok = s.withUTF8 { FormatDetector.parser(for: format).parse(UnsafeRawBufferPointer($0), into: &rec, context: context()) }
    return ok ? rec : nil
}

func iso(_ ms: Int64?) -> String? { ms.map(formatTimestamp) }

/// Runs the engine over text written to a temporary file and returns the report.
func analyze(
    _ text: String, name: String = "app.log", options: AnalysisOptions = AnalysisOptions()
) throws -> AnalysisReport {
    let dir = TempDir()
    let path = dir.write(name, text)
    var o = options
    o.referenceMillis = o.referenceMillis ?? fixtureReference
    let a = try Analyzer(options: o)
    a.analyze(path: path)
    return a.report()
}

struct SeenEvent {
    var line: Int
    var lines: Int
    var timestamp: String?
    var level: Level
    var service: String
    var component: String
    var message: String
    var raw: String
}

/// Events of one stream, in order.
func events(_ text: String, lineFormat: LineFormat? = nil) -> [SeenEvent] {
    var out: [SeenEvent] = []
    let p = StreamParser(context: context(), lineFormat: lineFormat, inputIndex: 0, defaultService: Array("file".utf8)) {
        out.append(
            SeenEvent(
                line: $0.firstLine, lines: $0.lineCount, timestamp: iso($0.timestamp), level: $0.level,
                service: $0.service.string(), component: $0.component.string(), message: $0.messageString,
                raw: $0.rawString))
    }
    var n = 0
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    for line in lines {
        n += 1
        var s = String(line)
        s.withUTF8 { p.feed(UnsafeRawBufferPointer($0), number: n) }
    }
    p.finish()
    return out
}

/// The format a stream was detected as (with inner formats of wrappers).
func detectedFormat(_ text: String) -> String {
    let p = StreamParser(context: context(), lineFormat: nil, inputIndex: 0, defaultService: []) { _ in }
    var n = 0
    for line in text.split(separator: "\n") {
        n += 1
        var s = String(line)
        s.withUTF8 { p.feed(UnsafeRawBufferPointer($0), number: n) }
    }
    p.finish()
    return p.formatDescription
}
