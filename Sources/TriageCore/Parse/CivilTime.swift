/// Calendar arithmetic without Foundation on the hot path (Howard Hinnant's days-from-civil).
enum CivilTime {
    /// Days since 1970-01-01 for a proleptic Gregorian date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Milliseconds since the epoch; nil when a field is out of range.
    static func epochMillis(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millis: Int = 0,
        offsetSeconds: Int = 0
    ) -> Int64? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second), (1900...2200).contains(year)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let secs = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return secs * 1000 + Int64(millis)
    }

    /// (year, month, day, hour, minute, second, millis) in UTC.
    static func civil(fromMillis ms: Int64) -> (Int, Int, Int, Int, Int, Int, Int) {
        let totalSecs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let millis = Int(ms - totalSecs * 1000)
        var days = Int(totalSecs >= 0 ? totalSecs / 86_400 : (totalSecs - 86_399) / 86_400)
        let secOfDay = Int(totalSecs - Int64(days) * 86_400)
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, secOfDay / 3600, secOfDay % 3600 / 60, secOfDay % 60, millis)
    }

    /// RFC 3339 in UTC with milliseconds, e.g. 2026-03-02T10:15:03.123Z.
    public static func iso8601(_ ms: Int64) -> String {
        let (y, mo, d, h, mi, s, f) = civil(fromMillis: ms)
        // Years 0–9999, i.e. always in practice: the 24 bytes written directly (a report formats
        // three timestamps per cluster, and the interpolation below costs ~10 k instructions).
        if (0...9999).contains(y) {
            return String(unsafeUninitializedCapacity: 24) { b in
                // Each field right-aligned with zeros, then the byte that follows it.
                var at = 0
                for (value, width, next) in [(y, 4, 0x2D), (mo, 2, 0x2D), (d, 2, 0x54), (h, 2, 0x3A), (mi, 2, 0x3A), (s, 2, 0x2E), (f, 3, 0x5A)] {
                    var v = value
                    for k in stride(from: at + width - 1, through: at, by: -1) {
                        b[k] = UInt8(0x30 + v % 10)
                        v /= 10
                    }
                    b[at + width] = UInt8(next)
                    at += width + 1
                }
                return 24
            }
        }
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(mo, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(f, 3))Z"
    }
}

/// Formats epoch milliseconds as RFC 3339 UTC.
public func formatTimestamp(_ ms: Int64) -> String { CivilTime.iso8601(ms) }
