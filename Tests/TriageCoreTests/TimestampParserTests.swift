import Foundation
import Testing

@testable import TriageCore

@Suite("Timestamp forms")
struct TimestampParserTests {
    let parser = TimestampParser(defaultOffsetSeconds: 0, referenceMillis: fixtureReference)

    @Test(
        "each supported form reads to the right UTC instant",
        arguments: [
            ("2026-03-02T10:15:03Z", "2026-03-02T10:15:03.000Z"),
            ("2026-03-02T10:15:03.123Z", "2026-03-02T10:15:03.123Z"),
            ("2026-03-02T10:15:03.123456789Z", "2026-03-02T10:15:03.123Z"),
            ("2026-03-02T12:15:03+02:00", "2026-03-02T10:15:03.000Z"),
            ("2026-03-02T05:15:03-0500", "2026-03-02T10:15:03.000Z"),
            ("2026-03-02T10:15:03.5+00:00", "2026-03-02T10:15:03.500Z"),
            ("2026-03-02 10:15:03", "2026-03-02T10:15:03.000Z"),
            ("2026-03-02 10:15:03,123", "2026-03-02T10:15:03.123Z"),
            ("2026-03-02 10:15:03.123 UTC", "2026-03-02T10:15:03.123Z"),
            ("2026/03/02 10:15:03", "2026-03-02T10:15:03.000Z"),
            ("26/03/02 10:15:03", "2026-03-02T10:15:03.000Z"),
            ("Mar  2 10:15:03", "2026-03-02T10:15:03.000Z"),
            ("Feb 12 10:15:03", "2026-02-12T10:15:03.000Z"),
            ("Mar  2 10:15:03 2025", "2025-03-02T10:15:03.000Z"),
            ("02/Mar/2026:10:15:03 +0000", "2026-03-02T10:15:03.000Z"),
            ("02/Mar/2026:11:15:03 +0100", "2026-03-02T10:15:03.000Z"),
            ("Mon Mar 02 10:15:03 2026", "2026-03-02T10:15:03.000Z"),
            ("Mon Mar 02 10:15:03.123456 2026", "2026-03-02T10:15:03.123Z"),
            ("02-Mar-2026 10:15:03.123", "2026-03-02T10:15:03.123Z"),
            ("1772446503", "2026-03-02T10:15:03.000Z"),
            ("1772446503.25", "2026-03-02T10:15:03.250Z"),
            ("1772446503123", "2026-03-02T10:15:03.123Z"),
            ("1772446503123456", "2026-03-02T10:15:03.123Z"),
            ("1772446503123456789", "2026-03-02T10:15:03.123Z"),
            ("260302 101503", "2026-03-02T10:15:03.000Z"),
            ("20260302-10:15:03:606", "2026-03-02T10:15:03.606Z"),
            ("20260302T101503Z", "2026-03-02T10:15:03.000Z"),
            ("2026-03-02-10.15.03.675872", "2026-03-02T10:15:03.675Z"),
        ])
    func form(_ input: String, _ expected: String) {
        #expect(parser.parse(input).map(formatTimestamp) == expected)
    }

    @Test("text that only looks like a time is not one", arguments: ["12345", "v2.14.0", "Marble 2", "2026", "99999999999", "1234567890123456789012", "Mar 40 10:15:03"])
    func notATime(_ input: String) {
        #expect(parser.parse(input) == nil)
    }

    @Test("timestamps print as RFC 3339 UTC with milliseconds, as Foundation prints them")
    func printing() {
        let reference = ISO8601DateFormatter()
        reference.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        reference.timeZone = TimeZone(identifier: "UTC")
        var rng = SeededGenerator(seed: 3)
        var samples: [Int64] = [0, 1, 999, -1, -1000, 951_782_400_000, 4_102_444_799_999, 253_402_300_799_999]
        for _ in 0..<2_000 { samples.append(Int64.random(in: -2_208_988_800_000...4_102_444_800_000, using: &rng)) }
        for ms in samples {
            let expected = reference.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
            #expect(formatTimestamp(ms) == expected, "\(ms)")
        }
    }

    @Test("times without a zone are read in the --timezone")
    func defaultZone() {
        let berlin = TimestampParser(defaultOffsetSeconds: 3600, referenceMillis: fixtureReference)
        #expect(berlin.parse("2026-03-02 11:15:03").map(formatTimestamp) == "2026-03-02T10:15:03.000Z")
        // An explicit zone wins over the default.
        #expect(berlin.parse("2026-03-02T10:15:03Z").map(formatTimestamp) == "2026-03-02T10:15:03.000Z")
    }

    @Test("syslog dates without a year take the year before when they would be in the future")
    func yearRollover() {
        // Read in early January 2026: a December line is from 2025.
        let jan = TimestampParser(defaultOffsetSeconds: 0, referenceMillis: 1_767_312_000_000)  // 2026-01-02
        #expect(jan.parse("Dec 31 23:59:59").map(formatTimestamp) == "2025-12-31T23:59:59.000Z")
        #expect(jan.parse("Jan  1 00:00:01").map(formatTimestamp) == "2026-01-01T00:00:01.000Z")
    }

    @Test("the match ends where the timestamp ends")
    func matchEnd() {
        var line = "2026-03-02 10:15:03,123 ERROR boom"
        let end = line.withUTF8 { parser.parse(UnsafeRawBufferPointer($0), at: 0)?.end }
        #expect(end == 23)
    }

    @Test("calendar arithmetic round-trips across leap years and centuries")
    func civil() {
        for ms: Int64 in [0, 951_782_400_000, 1_709_164_800_000, 4_102_444_799_999, 1_772_446_503_123] {
            let (y, mo, d, h, mi, s, f) = CivilTime.civil(fromMillis: ms)
            #expect(CivilTime.epochMillis(year: y, month: mo, day: d, hour: h, minute: mi, second: s, millis: f) == ms)
        }
    }
}

@Suite("Times typed by the user")
struct TimeExpressionTests {
    let now: Int64 = 1_772_452_800_000  // 2026-03-02T12:00:00Z

    @Test func relative() throws {
        #expect(try TimeExpression.parse("15m", nowMillis: now, offsetSeconds: 0) == now - 900_000)
        #expect(try TimeExpression.parse("2h", nowMillis: now, offsetSeconds: 0) == now - 7_200_000)
        #expect(try TimeExpression.parse("1d", nowMillis: now, offsetSeconds: 0) == now - 86_400_000)
    }

    @Test func absolute() throws {
        #expect(formatTimestamp(try TimeExpression.parse("2026-03-02T10:15:00Z", nowMillis: now, offsetSeconds: 0)) == "2026-03-02T10:15:00.000Z")
        #expect(formatTimestamp(try TimeExpression.parse("2026-03-02 10:15", nowMillis: now, offsetSeconds: 3600)) == "2026-03-02T09:15:00.000Z")
        #expect(formatTimestamp(try TimeExpression.parse("2026-03-02", nowMillis: now, offsetSeconds: 0)) == "2026-03-02T00:00:00.000Z")
        #expect(formatTimestamp(try TimeExpression.parse("2026-03-02T10:00Z", nowMillis: now, offsetSeconds: 3600)) == "2026-03-02T10:00:00.000Z")
        #expect(formatTimestamp(try TimeExpression.parse("2026-03-02T12:00+02:00", nowMillis: now, offsetSeconds: 0)) == "2026-03-02T10:00:00.000Z")
    }

    @Test func garbageIsAnError() {
        #expect(throws: TimeExpression.ParseError.self) { try TimeExpression.parse("yesterday-ish", nowMillis: now, offsetSeconds: 0) }
        #expect(throws: TimeExpression.ParseError.self) { try TimeExpression.parse("15q", nowMillis: now, offsetSeconds: 0) }
    }

    @Test func zones() {
        #expect(TimezoneOffset.parse("UTC") == 0)
        #expect(TimezoneOffset.parse("+02:00") == 7200)
        #expect(TimezoneOffset.parse("-0530") == -(5 * 3600 + 1800))
        #expect(TimezoneOffset.parse("+5") == 18000)
        #expect(TimezoneOffset.parse("Mars/Olympus") == nil)
    }
}

/// A stream's parser remembers the last second of each common form (`TimestampMemo`); whatever
/// follows the remembered text must still be read as a fresh parser reads it.
@Suite("Timestamp memo")
struct TimestampMemoTests {
    static let sequence: [String] = [
        "2026-03-02 10:15:03,047 INFO a", "2026-03-02 10:15:03,048 INFO b", "2026-03-02 10:15:03.9Z x",
        "2026-03-02 10:15:03+02:00 y", "2026-03-02 10:15:03 UTC z", "2026-03-02 10:15:03", "2026-03-02T10:15:03-0530",
        "2026-03-02 10:15:04,001", "2026-02-30 10:15:04,001", "2026-02-30 10:15:04,002",
        "02/Mar/2026:10:15:03 +0000] \"GET", "02/Mar/2026:10:15:03 -0700] \"GET", "02/Mar/2026:10:15:03.250 +0100]",
        "Mar  2 10:15:03 host sshd[1]: a", "Mar  2 10:15:03 host sshd[1]: b", "Mar  2 10:15:03.250 host x",
        "Mar  2 10:15:03 2025 host y", "Mar  2 10:15:03 2025x host", "Mar  2 10:15:03", "Dec 31 23:59:59 host z",
        "Dec 31 23:59:59 host z", "Mar 12 10:15:03 host", "2026-03-02 10:15:03,047 again",
        // One byte away from the remembered text, first, middle or last (compared a word at a time).
        "2025-03-02 10:15:03,047", "2026-03-02 10:16:03,047", "2026-03-02 10:15:04,047", "2026-03-02 10:15:04,048",
        "03/Mar/2026:10:15:03 +0000] \"GET", "02/Mar/2026:10:15:04 +0000] \"GET", "Mar  2 10:15:04 host sshd[1]: c",
        "Apr  2 10:15:04 host sshd[1]: c",
        // JSON's 'T' and log4j's ' ' alternate in a mixed stream and share the memo; other bytes
        // there do not read as a time.
        "2026-03-02T10:15:05.5Z", "2026-03-02 10:15:05,6 INFO", "2026-03-02X10:15:05", "2026-03-02_10:15:05",
        "2026-03-02t10:15:05", "2026-03-02-10:15:05", "2026/03/02 10:15:05", "2026-03-02T10:15:05",
        // Fractions of every length, and what may follow the time.
        "2026-03-02 10:15:05,1", "2026-03-02 10:15:05.12", "2026-03-02 10:15:05.123456789Z", "2026-03-02 10:15:05.",
        "2026-03-02 10:15:05,x", "2026-03-02 10:15:05 UTC", "2026-03-02 10:15:05 GMTx", "2026-03-02 10:15:05 Ux",
        "2026-03-02 10:15:05 +0100", "2026-03-02 10:15:05 -05:30", "2026-03-02 10:15:05 +01", "2026-03-02 10:15:05+05",
        "2026-03-02 10:15:05+0530", "2026-03-02 10:15:05-05:30", "2026-03-02 10:15:05+15:00", "2026-03-02 10:15:05 ",
    ]

    @Test("a parser with a memo reads every line as a fresh parser does")
    func sameAsFresh() {
        let reference: Int64 = 1_772_446_503_000  // 2026-03-02 10:15:03 UTC
        let memoized = ParseContext(timestamps: TimestampParser(defaultOffsetSeconds: 3600, referenceMillis: reference)).timestamps
        #expect(memoized.memo != nil)
        for _ in 0..<2 {
            for line in Self.sequence {
                let fresh = TimestampParser(defaultOffsetSeconds: 3600, referenceMillis: reference)
                var l = line
                l.withUTF8 { u in
                    let b = UnsafeRawBufferPointer(u)
                    #expect(memoized.parse(b, at: 0) == fresh.parse(b, at: 0), "\(line)")
                }
            }
        }
    }
}
