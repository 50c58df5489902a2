import Foundation
import Testing

@testable import TriageCore

/// Lines end anywhere: in a read cut short, a damaged file, a field at the end of a line. Every
/// reader of bytes is given each prefix of real lines in a buffer of exactly that size, so a read
/// past the end traps (bounds-checked subscripts in debug builds; AddressSanitizer for raw loads,
/// see docs/testing.md). Found by fuzzing: `2026-03` at the end of a line read one byte past it.
@Suite("Truncated input")
struct TruncationTests {
    /// Calls `body` with `bytes[..<n]` for every n, each in its own allocation of exactly n bytes.
    func prefixes(_ bytes: [UInt8], upTo limit: Int = .max, _ body: (UnsafeRawBufferPointer) -> Void) {
        for n in 0...min(bytes.count, limit) {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: n, alignment: 1)
            defer { buffer.deallocate() }
            if n > 0 { bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: n) } }
            body(UnsafeRawBufferPointer(buffer))
        }
    }

    static let timestamps = [
        "2026-03-02T10:15:03.123456789Z", "2026-03-02T12:15:03+02:00", "2026-03-02T05:15:03-0500", "2026-03-02 10:15:03,123 UTC",
        "2026/03/02 10:15:03", "26/03/02 10:15:03", "Mar  2 10:15:03 2025", "02/Mar/2026:11:15:03 +0100",
        "Mon Mar 02 10:15:03.123456 2026", "02-Mar-2026 10:15:03.123", "1772446503.25", "1772446503123456789",
        "260302 101503", "20260302-10:15:03:606", "20260302T101503Z", "2026-03-02-10.15.03.675872", "0302 10:15:03.123456",
    ]

    @Test("every prefix of every timestamp form is read within its bytes, with and without the memo")
    func timestampPrefixes() {
        let fresh = TimestampParser(defaultOffsetSeconds: 0, referenceMillis: fixtureReference)
        let memoized = ParseContext(timestamps: fresh).timestamps
        for form in Self.timestamps {
            for _ in 0..<2 {
                prefixes(Array(form.utf8)) { b in
                    for i in 0...b.count {
                        let a = fresh.parse(b, at: i), m = memoized.parse(b, at: i)
                        #expect(a == m, "\(form) prefix \(b.count) at \(i)")
                        #expect((a?.end ?? i) <= b.count)
                    }
                }
            }
        }
    }

    /// The first lines of every format fixture and of the sample logs.
    static let lines: [[UInt8]] = {
        let dirs = [Fixtures.root.appendingPathComponent("formats").path, Fixtures.root.deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samplelogs").path]
        var out: [[UInt8]] = []
        for dir in dirs {
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() {
                guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { continue }
                out += Array(data).split(separator: 0x0A, omittingEmptySubsequences: true).prefix(6).map { Array($0.prefix(240)) }
            }
        }
        return out
    }()

    @Test("every prefix of real lines goes through every format's parser within its bytes")
    func parserPrefixes() {
        #expect(Self.lines.count > 100)
        let context = ParseContext(timestamps: TimestampParser(defaultOffsetSeconds: 0, referenceMillis: fixtureReference))
        let parsers = LogFormat.allCases.map { FormatDetector.parser(for: $0, detecting: false) }
            + [FormatDetector.parser(for: .kubectlPrefix, detecting: true)]
            + [FormatDetector.parser(for: FormatDetector.Detection(format: .mixed, parts: FormatDetector.candidates))]
        var rec = ParsedLine()
        var accepted = 0
        for line in Self.lines {
            prefixes(line) { b in
                for p in parsers {
                    rec.reset()
                    if p.parse(b, into: &rec, context: context) { accepted += 1 }
                }
            }
        }
        #expect(accepted > 1000)
    }

    @Test("every prefix of real lines is masked within its bytes, with and without the shortcuts")
    func maskerPrefixes() throws {
        let fast = try Masker()
        let plain = try Masker()
        plain.shortcuts = false
        var a: [UInt8] = [], b: [UInt8] = []
        for line in Self.lines {
            prefixes(line) { m in
                fast.mask(m, into: &a)
                plain.mask(m, into: &b)
                #expect(a == b, "\(String(decoding: m, as: UTF8.self))")
            }
        }
    }
}
