#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Times the user types for `--since`/`--until`: any timestamp form triage reads in logs
/// (`2026-03-02T10:15:00Z`, `2026-03-02 10:15`, `Mar  2 10:15:00`, epoch seconds…), a bare date
/// (`2026-03-02`, midnight), or a duration back from now (`90s`, `15m`, `2h`, `1d`, `1w`).
/// Times without a zone are read in the `--timezone`.
public enum TimeExpression {
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let text: String
        public var description: String {
            "cannot read '\(text)' as a time: use RFC 3339 (2026-03-02T10:15:00Z), a date and time (2026-03-02 10:15), or a duration back from now (15m, 2h, 1d)"
        }
    }

    public static func parse(_ text: String, nowMillis: Int64, offsetSeconds: Int) throws(ParseError) -> Int64 {
        let t = text.trimmingBlanks()
        if let d = duration(t) { return nowMillis - d }
        // "yesterday 10:00", "today 09:30" (in the --timezone).
        for (word, daysBack) in [("yesterday", 1), ("today", 0)] where t.lowercased().hasPrefix(word) {
            let clock = String(t.dropFirst(word.count)).trimmingBlanks()
            let local = nowMillis + Int64(offsetSeconds) * 1000
            let (y, mo, d, _, _, _, _) = CivilTime.civil(fromMillis: local - Int64(daysBack) * 86_400_000)
            let parts = clock.split(separator: ":").compactMap { Int($0) }
            guard clock.isEmpty || (parts.count >= 2 && parts.count <= 3) else { throw ParseError(text: text) }
            let h = parts.first ?? 0, mi = parts.count > 1 ? parts[1] : 0, s = parts.count > 2 ? parts[2] : 0
            guard let ms = CivilTime.epochMillis(year: y, month: mo, day: d, hour: h, minute: mi, second: s, offsetSeconds: offsetSeconds)
            else { throw ParseError(text: text) }
            return ms
        }
        let parser = TimestampParser(defaultOffsetSeconds: offsetSeconds, referenceMillis: nowMillis)
        if let ms = parser.parse(t) { return ms }
        // "2026-03-02 10:15" and "2026-03-02T10:15Z" (no seconds)
        if t.count >= 16, t.dropFirst(13).first == ":", t.dropFirst(16).first != ":" {
            if let ms = parser.parse(String(t.prefix(16)) + ":00" + String(t.dropFirst(16))) { return ms }
        }
        throw ParseError(text: text)
    }

    /// "15m" → 900000 ms.
    public static func duration(_ t: String) -> Int64? {
        guard let unit = t.last, let n = Int64(t.dropLast()), n >= 0 else { return nil }
        switch unit {
        case "s": return n * 1000
        case "m": return n * 60_000
        case "h": return n * 3_600_000
        case "d": return n * 86_400_000
        case "w": return n * 604_800_000
        default: return nil
        }
    }

    public static func nowMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec / 1_000_000)
    }
}

/// `--timezone`: `UTC`, `Z`, `+02:00`, `-0500`, `+5`.
/// (Named zones such as Europe/Berlin are resolved by the CLI, which has Foundation.)
public enum TimezoneOffset {
    public static func parse(_ s: String) -> Int? {
        let t = s.trimmingBlanks()
        if ["utc", "z", "gmt"].contains(t.lowercased()) { return 0 }
        guard let sign = t.first, sign == "+" || sign == "-" else { return nil }
        let digits = t.dropFirst().filter { $0 != ":" }
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber), digits.count <= 4 else { return nil }
        let hh: Int, mm: Int
        if digits.count <= 2 {
            hh = Int(digits)!
            mm = 0
        } else {
            hh = Int(digits.dropLast(2))!
            mm = Int(digits.suffix(2))!
        }
        guard hh <= 14, mm < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
    }
}

extension String {
    func trimmingBlanks() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
