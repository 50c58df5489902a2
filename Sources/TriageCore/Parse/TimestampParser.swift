#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Recognises the timestamp forms real logs start with, at a given byte offset.
///
/// Forms (see docs/formats.md): RFC 3339 / ISO 8601 with or without `T`, zone and fraction (`.` or `,`),
/// `YYYY/MM/DD hh:mm:ss`, `YY/MM/DD hh:mm:ss`, `YYYY-MM-DD-hh.mm.ss.ffffff`, `YYYYMMDD-hh:mm:ss:fff`,
/// compact `YYMMDD hhmmss`, Apache `DD/Mon/YYYY:hh:mm:ss ±zzzz`, Tomcat `DD-Mon-YYYY hh:mm:ss.fff`,
/// syslog `Mon DD hh:mm:ss` (no year), ctime `Www Mon DD hh:mm:ss[.ffffff] YYYY`, klog `MMDD hh:mm:ss.ffffff`,
/// and epoch seconds / milliseconds / microseconds / nanoseconds (with an optional fraction).
///
/// Timestamps without a zone are read in `defaultOffsetSeconds` (the `--timezone`, UTC by default).
/// Timestamps without a year take the year of `referenceMillis`, or the year before when that would put
/// them more than two days in the future (a December log read in January).
public struct TimestampParser: Sendable {
    public var defaultOffsetSeconds: Int
    public var referenceMillis: Int64
    /// Set for a stream's parser (see `ParseContext`): consecutive lines mostly share their second.
    var memo: TimestampMemo? { didSet { memoRef = memo.map { Unmanaged.passUnretained($0) } } }
    /// `memo` for the per-line calls without a retain/release pair (`memo` holds it).
    private var memoRef: Unmanaged<TimestampMemo>?

    public init(defaultOffsetSeconds: Int = 0, referenceMillis: Int64) {
        self.defaultOffsetSeconds = defaultOffsetSeconds
        self.referenceMillis = referenceMillis
    }

    public struct Match: Equatable, Sendable {
        public var millis: Int64
        /// Index just past the timestamp.
        public var end: Int
    }

    /// Parses a timestamp starting exactly at `i`.
    public func parse(_ b: UnsafeRawBufferPointer, at i: Int) -> Match? {
        guard i < b.count else { return nil }
        let c = b[i]
        if isDigit(c) { return parseNumeric(b, i) }
        if isAlpha(c) { return parseNamedMonth(b, i) }
        return nil
    }

    /// Convenience for tests and options: parses a whole string (trailing blanks allowed).
    public func parse(_ s: String) -> Int64? {
        var s = s
        return s.withUTF8 { u in
            let b = UnsafeRawBufferPointer(u)
            guard let m = parse(b, at: 0), b.skipBlanks(from: m.end) == b.count else { return nil }
            return m.millis
        }
    }

    // MARK: - Forms that start with a digit

    private func parseNumeric(_ b: UnsafeRawBufferPointer, _ i: Int) -> Match? {
        // `YYYY-MM-DD…` or `YYYY/MM/DD…`, most timestamps: known before the digit run is counted.
        if i + 4 < b.count, b[i + 4] == 0x2D || b[i + 4] == 0x2F, b.digits(at: i, count: 4) != nil {
            return parseYearFirst(b, i)
        }
        // Count the leading digit run.
        var j = i
        while j < b.count, isDigit(b[j]) { j += 1 }
        let run = j - i
        let next: UInt8 = j < b.count ? b[j] : 0

        switch run {
        case 2 where next == 0x2F:  // DD/Mon/YYYY (Apache) or YY/MM/DD (Spark)
            if j + 1 < b.count, isAlpha(b[j + 1]) { return parseApacheAccess(b, i) }
            return parseShortYearSlash(b, i)
        case 2 where next == 0x2D:  // DD-Mon-YYYY (Tomcat)
            return parseDayMonthNameYear(b, i)
        case 4 where next == 0x20:  // klog body? no: "MMDD hh:mm:ss" only after a level letter; handled by caller
            return parseMonthDayTime(b, i)
        case 6 where next == 0x20:  // YYMMDD hhmmss
            return parseCompact(b, i)
        case 8 where next == 0x2D || next == 0x54:  // YYYYMMDD-hh:mm:ss:fff or YYYYMMDDThhmmss
            return parseYearMonthDayPacked(b, i)
        case 10, 13, 16, 19:
            return parseEpoch(b, i, run: run)
        default:
            return nil
        }
    }

    /// `YYYY-MM-DD[T| ]hh:mm:ss[.fff][zone]`, `YYYY/MM/DD hh:mm:ss`, `YYYY-MM-DD-hh.mm.ss.ffffff`, or a bare date.
    private func parseYearFirst(_ b: UnsafeRawBufferPointer, _ i: Int) -> Match? {
        // `YYYY-MM-DD?hh:mm:ss` as on the last line: only the fraction and zone are new. The byte
        // between date and time is not compared (JSON's 'T' and log4j's ' ' alternate in a mixed
        // stream and read the same), only checked to be one that `clock` follows.
        if i + 10 < b.count, b[i + 10] == 0x54 || b[i + 10] == 0x20 || b[i + 10] == 0x5F, let m = remembered(.yearFirst, b, i, 19) {
            return m
        }
        guard let year = b.digits(at: i, count: 4), let month = b.digits(at: i + 5, count: 2),
            i + 7 < b.count, b[i + 7] == b[i + 4], let day = b.digits(at: i + 8, count: 2)
        else { return nil }
        var k = i + 10
        guard k < b.count else { return finish(year, month, day, 0, 0, 0, 0, nil, end: k) }
        let sep = b[k]
        // BGL: 2005-06-03-15.42.50.675872
        if sep == 0x2D, let h = b.digits(at: k + 1, count: 2), k + 3 < b.count, b[k + 3] == 0x2E,
            let mi = b.digits(at: k + 4, count: 2), let s = b.digits(at: k + 7, count: 2)
        {
            k += 9
            let (ms, end) = fraction(b, k)
            return finish(year, month, day, h, mi, s, ms, nil, end: end)
        }
        guard sep == 0x54 || sep == 0x20 || sep == 0x5F else {
            return finish(year, month, day, 0, 0, 0, 0, nil, end: k)
        }
        guard let (h, mi, s, afterTime) = clock(b, k + 1) else {
            return sep == 0x54 ? nil : finish(year, month, day, 0, 0, 0, 0, nil, end: k)
        }
        let (ms, afterFrac) = fraction(b, afterTime)
        let (offset, end) = zone(b, afterFrac)
        return remember(.yearFirst, b, i, 19, finish(year, month, day, h, mi, s, ms, offset, end: end), ms, offset)
    }

    /// `YY/MM/DD hh:mm:ss` (Spark, log4j short dates).
    private func parseShortYearSlash(_ b: UnsafeRawBufferPointer, _ i: Int) -> Match? {
        guard let yy = b.digits(at: i, count: 2), let month = b.digits(at: i + 3, count: 2),
            i + 5 < b.count, b[i + 5] == 0x2F, let day = b.digits(at: i + 6, count: 2),
            i + 8 < b.count, b[i + 8] == 0x20, let (h, mi, s, after) = clock(b, i + 9)
        else { return nil }
        let (ms, end) = fraction(b, after)
        return finish(2000 + yy, month, day, h, mi, s, ms, nil, end: end)
    }

    /// `DD/Mon/YYYY:hh:mm:ss ±zzzz` (Apache / nginx access logs).
    private func parseApacheAccess(_ b: UnsafeRawBufferPointer, _ i: Int) -> Match? {
        // `DD/Mon/YYYY:hh:mm:ss` as on the last line.
        if let m = remembered(.apache, b, i, 20) { return m }
        guard let day = b.digits(at: i, count: 2), let month = monthName(b, i + 3), i + 6 < b.count,
            b[i + 6] == 0x2F, let year = b.digits(at: i + 7, count: 4), i + 11 < b.count,
            b[i + 11] == 0x3A, let (h, mi, s, after) = clock(b, i + 12)
        else { return nil }
        let (ms, afterFrac) = fraction(b, after)
        let (offset, end) = zone(b, afterFrac)
        return remember(.apache, b, i, 20, finish(year, month, day, h, mi, s, ms, offset, end: end), ms, offset)
    }

    /// `DD-Mon-YYYY hh:mm:ss.fff` (Tomcat catalina.out).
    private func parseDayMonthNameYear(_ b: UnsafeRawBufferPointer, _ i: Int) -> Match? {
        guard let day = b.digits(at: i, count: 2), let month = monthName(b, i + 3), i + 6 < b.count,
            b[i + 6] == 0x2D, let year = b.digits(at: i + 7, count: 4), i + 11 < b.count,
            b[i + 11] == 0x20, let (h, mi, s, after) = clock(b, i + 12)
        else { return nil }
        let (ms, end) = fraction(b, after)
        return finish(year, month, day, h, mi, s, ms, nil, end: end)
    }

    /// `MMDD hh:mm:ss.ffffff` (klog/glog, after the level letter). Year from the reference.
    private func parseMonthDayTime(_ b: UnsafeRawBufferPointer, _ i: Int) -> Match? {
        guard let month = b.digits(at: i, count: 2), let day = b.digits(at: i + 2, count: 2),
            let (h, mi, s, after) = clock(b, i + 5)
        else { return nil }
        let (ms, end) = fraction(b, after)
        return finishWithoutYear(month, day, h, mi, s, ms, end: end)
    }

    /// `YYMMDD hhmmss` (HDFS).
    private func parseCompact(_ b: UnsafeRawBufferPointer, _ i: Int) -> Match? {
        guard let yy = b.digits(at: i, count: 2), let month = b.digits(at: i + 2, count: 2),
            let day = b.digits(at: i + 4, count: 2), let h = b.digits(at: i + 7, count: 2),
            let mi = b.digits(at: i + 9, count: 2), let s = b.digits(at: i + 11, count: 2)
        else { return nil }
        let end = i + 13
        if end < b.count, isDigit(b[end]) { return nil }
        return finish(2000 + yy, month, day, h, mi, s, 0, nil, end: end)
    }

    /// `YYYYMMDD-hh:mm:ss:fff` (HealthApp) and `YYYYMMDDThhmmss[Z]` (basic ISO 8601).
    private func parseYearMonthDayPacked(_ b: UnsafeRawBufferPointer, _ i: Int) -> Match? {
        guard let year = b.digits(at: i, count: 4), let month = b.digits(at: i + 4, count: 2),
            let day = b.digits(at: i + 6, count: 2)
        else { return nil }
        let k = i + 9
        if b[i + 8] == 0x54, let h = b.digits(at: k, count: 2), let mi = b.digits(at: k + 2, count: 2),
            let s = b.digits(at: k + 4, count: 2)
        {
            let (ms, afterFrac) = fraction(b, k + 6)
            let (offset, end) = zone(b, afterFrac)
            return finish(year, month, day, h, mi, s, ms, offset, end: end)
        }
        // HealthApp writes unpadded fields ("22:16:0:119") and milliseconds after a colon.
        guard let (h, mi, s, after) = clock(b, k) ?? looseClock(b, k) else { return nil }
        if after < b.count, b[after] == 0x3A, after + 1 < b.count, isDigit(b[after + 1]) {
            var e = after + 1
            var v = 0
            var n = 0
            while e < b.count, isDigit(b[e]), n < 9 {
                v = v * 10 + Int(b[e] &- 0x30)
                e += 1
                n += 1
            }
            return finish(year, month, day, h, mi, s, scaleToMillis(v, digits: n), nil, end: e)
        }
        let (ms, end) = fraction(b, after)
        return finish(year, month, day, h, mi, s, ms, nil, end: end)
    }

    /// Epoch seconds (10 digits), ms (13), µs (16) or ns (19), optionally with a fraction.
    /// Only values between 2000 and 2100 count, so that ids and counters are not read as times.
    private func parseEpoch(_ b: UnsafeRawBufferPointer, _ i: Int, run: Int) -> Match? {
        var v: Int64 = 0
        for k in i..<(i + run) { v = v &* 10 &+ Int64(b[k] &- 0x30) }
        var ms: Int64
        switch run {
        case 10: ms = v * 1000
        case 13: ms = v
        case 16: ms = v / 1000
        default: ms = v / 1_000_000
        }
        guard ms >= 946_684_800_000, ms < 4_102_444_800_000 else { return nil }
        var end = i + run
        if run == 10, end + 1 < b.count, b[end] == 0x2E, isDigit(b[end + 1]) {
            let (f, e) = fraction(b, end)
            ms += Int64(f)
            end = e
        }
        // A longer alphanumeric run means this was an identifier.
        if end < b.count, isAlnum(b[end]) || b[end] == 0x5F { return nil }
        return Match(millis: ms, end: end)
    }

    // MARK: - Forms that start with a letter

    private func parseNamedMonth(_ b: UnsafeRawBufferPointer, _ i: Int) -> Match? {
        // ctime: "Sun Dec 04 04:47:44 2005" / Apache error "Mon Mar 02 10:15:03.123456 2026"
        if i + 4 < b.count, b[i + 3] == 0x20, weekday(b, i), let month = monthName(b, i + 4) {
            var k = i + 7
            guard k < b.count, b[k] == 0x20 else { return nil }
            k = b.skipBlanks(from: k)
            guard let (day, dl) = b.oneOrTwoDigits(at: k), k + dl < b.count, b[k + dl] == 0x20,
                let (h, mi, s, after) = clock(b, k + dl + 1)
            else { return nil }
            let (ms, afterFrac) = fraction(b, after)
            if afterFrac < b.count, b[afterFrac] == 0x20, let year = b.digits(at: afterFrac + 1, count: 4) {
                return finish(year, month, day, h, mi, s, ms, nil, end: afterFrac + 5)
            }
            return finishWithoutYear(month, day, h, mi, s, ms, end: afterFrac)
        }
        // syslog: "Mar  2 10:15:03" optionally followed by a year. The same text as on the last
        // line, with neither a fraction nor a year after it, is the same instant.
        if let ref = memoRef {
            let hit = ref._withUnsafeGuaranteedRef { memo -> Match? in
                guard memo.holds(.syslog, b, i, memo.length(.syslog)) else { return nil }
                let e = i + memo.length(.syslog)
                return fraction(b, e).1 == e && Self.year(b, after: e) == nil ? Match(millis: memo.localSeconds(.syslog), end: e) : nil
            }
            if let hit { return hit }
        }
        guard let month = monthName(b, i), i + 3 < b.count, b[i + 3] == 0x20 else { return nil }
        let k = b.skipBlanks(from: i + 3)
        guard let (day, dl) = b.oneOrTwoDigits(at: k), k + dl < b.count, b[k + dl] == 0x20 else { return nil }
        // "Mar 02, 2026 10:15:03" style dates are rare in logs; only the syslog form is accepted.
        guard let (h, mi, s, after) = clock(b, k + dl + 1) else { return nil }
        let (ms, afterFrac) = fraction(b, after)
        if let year = Self.year(b, after: afterFrac) {
            return finish(year, month, day, h, mi, s, ms, nil, end: afterFrac + 5)
        }
        let m = finishWithoutYear(month, day, h, mi, s, ms, end: afterFrac)
        // (Here `localSeconds` holds the finished instant: no zone comes after a syslog time.)
        if let m, afterFrac == after {
            memoRef?._withUnsafeGuaranteedRef { $0.remember(.syslog, b, i, after - i, localSeconds: m.millis) }
        }
        return m
    }

    /// A timestamp whose first `n` bytes (date and time to the second) are those the memo holds for
    /// `form`: only the fraction and zone after them are read.
    @inline(__always) private func remembered(_ form: TimestampMemo.Form, _ b: UnsafeRawBufferPointer, _ i: Int, _ n: Int) -> Match? {
        guard let ref = memoRef else { return nil }
        guard let seconds = ref._withUnsafeGuaranteedRef({ $0.holds(form, b, i, n) ? $0.localSeconds(form) : nil }) else { return nil }
        let (ms, afterFrac) = fraction(b, i + n)
        let (offset, end) = zone(b, afterFrac)
        return Match(millis: (seconds - Int64(offset ?? defaultOffsetSeconds)) * 1000 + Int64(ms), end: end)
    }

    /// Gives `m` back, remembering its first `n` bytes for `form` as seconds read in UTC (without
    /// the fraction `ms` and the zone `offset`, which `remembered` reads again).
    private func remember(
        _ form: TimestampMemo.Form, _ b: UnsafeRawBufferPointer, _ i: Int, _ n: Int, _ m: Match?, _ ms: Int, _ offset: Int?
    ) -> Match? {
        if let m {
            let seconds = (m.millis - Int64(ms)) / 1000 + Int64(offset ?? defaultOffsetSeconds)
            memoRef?._withUnsafeGuaranteedRef { $0.remember(form, b, i, n, localSeconds: seconds) }
        }
        return m
    }

    /// ` YYYY` after a syslog time (and then no letter or digit).
    private static func year(_ b: UnsafeRawBufferPointer, after i: Int) -> Int? {
        guard i + 5 <= b.count, b[i] == 0x20, let year = b.digits(at: i + 1, count: 4), i + 5 == b.count || !isAlnum(b[i + 5])
        else { return nil }
        return year
    }

    // MARK: - Pieces

    /// `hh:mm:ss` at `i`.
    private func clock(_ b: UnsafeRawBufferPointer, _ i: Int) -> (Int, Int, Int, Int)? {
        guard let h = b.digits(at: i, count: 2), i + 2 < b.count, b[i + 2] == 0x3A,
            let mi = b.digits(at: i + 3, count: 2), i + 5 < b.count, b[i + 5] == 0x3A,
            let s = b.digits(at: i + 6, count: 2)
        else { return nil }
        return (h, mi, s, i + 8)
    }

    /// `h:m:s` with one or two digits each.
    private func looseClock(_ b: UnsafeRawBufferPointer, _ i: Int) -> (Int, Int, Int, Int)? {
        guard let (h, hl) = b.oneOrTwoDigits(at: i), i + hl < b.count, b[i + hl] == 0x3A,
            let (mi, ml) = b.oneOrTwoDigits(at: i + hl + 1), i + hl + 1 + ml < b.count, b[i + hl + 1 + ml] == 0x3A,
            let (s, sl) = b.oneOrTwoDigits(at: i + hl + ml + 2)
        else { return nil }
        return (h, mi, s, i + hl + ml + 2 + sl)
    }

    /// `.fff` / `,fff` (any number of digits; the first three count) → milliseconds.
    @inline(__always) private func fraction(_ b: UnsafeRawBufferPointer, _ i: Int) -> (Int, Int) {
        let n = b.count
        guard i + 1 < n, let p = b.baseAddress else { return (0, i) }
        let s = p.load(fromByteOffset: i, as: UInt8.self)
        guard s == 0x2E || s == 0x2C else { return (0, i) }
        var e = i + 1
        var v = 0
        while e < n, e <= i + 3 {
            let d = p.load(fromByteOffset: e, as: UInt8.self) &- 0x30
            guard d < 10 else { break }
            v = v &* 10 &+ Int(d)
            e += 1
        }
        switch e - i {
        case 1: return (0, i)  // no digit
        case 2: v = v &* 100
        case 3: v = v &* 10
        default: while e < n, p.load(fromByteOffset: e, as: UInt8.self) &- 0x30 < 10 { e += 1 }
        }
        return (v, e)
    }

    private func scaleToMillis(_ v: Int, digits n: Int) -> Int {
        switch n {
        case 1: v * 100
        case 2: v * 10
        case 3: v
        default: n > 3 ? v / Int(pow10(n - 3)) : 0
        }
    }

    private func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { a, _ in a * 10 } }

    /// `Z`, `±hh:mm`, `±hhmm`, `±hh`, ` UTC`/` GMT`, or ` +0000` after a space; returns (offset seconds?, end).
    private func zone(_ b: UnsafeRawBufferPointer, _ i: Int) -> (Int?, Int) {
        guard i < b.count else { return (nil, i) }
        var k = i
        let c = b[k]
        if c == 0x5A { return (0, k + 1) }  // Z
        if c == 0x20, k + 1 < b.count {
            let c1 = b[k + 1]
            // (Most lines go on with a word: one byte tells.)
            if c1 == 0x55 || c1 == 0x47, b.hasBytes("UTC", at: k + 1) || b.hasBytes("GMT", at: k + 1) {
                let e = k + 4
                if e == b.count || !isAlnum(b[e]) { return (0, e) }
            }
            if c1 == 0x2B || c1 == 0x2D, b.digits(at: k + 2, count: 4) != nil {
                k += 1
            } else {
                return (nil, i)
            }
        } else if c != 0x2B, c != 0x2D {
            return (nil, i)
        }
        guard b[k] == 0x2B || b[k] == 0x2D, let hh = b.digits(at: k + 1, count: 2) else { return (nil, i) }
        let sign = b[k] == 0x2D ? -1 : 1
        var mm = 0
        var end = k + 3
        if end < b.count, b[end] == 0x3A, let m = b.digits(at: end + 1, count: 2) {
            mm = m
            end += 3
        } else if let m = b.digits(at: end, count: 2) {
            mm = m
            end += 2
        }
        guard hh <= 14, mm < 60 else { return (nil, i) }
        return (sign * (hh * 3600 + mm * 60), end)
    }

    private func monthName(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int? {
        guard i + 3 <= b.count else { return nil }
        let a = lowerASCII(b[i]), c1 = lowerASCII(b[i + 1]), c2 = lowerASCII(b[i + 2])
        let key = UInt32(a) << 16 | UInt32(c1) << 8 | UInt32(c2)
        guard let m = Self.months.firstIndex(of: key) else { return nil }
        return m + 1
    }

    /// "jan" … "dec" and "mon" … "sun", packed as three lower-case bytes.
    private static let months: [UInt32] = [
        0x6A616E, 0x666562, 0x6D6172, 0x617072, 0x6D6179, 0x6A756E,
        0x6A756C, 0x617567, 0x736570, 0x6F6374, 0x6E6F76, 0x646563,
    ]
    private static let weekdays: [UInt32] = [0x6D6F6E, 0x747565, 0x776564, 0x746875, 0x667269, 0x736174, 0x73756E]

    private func weekday(_ b: UnsafeRawBufferPointer, _ i: Int) -> Bool {
        guard i + 3 <= b.count else { return false }
        let key = UInt32(lowerASCII(b[i])) << 16 | UInt32(lowerASCII(b[i + 1])) << 8 | UInt32(lowerASCII(b[i + 2]))
        return Self.weekdays.contains(key)
    }

    private func finish(
        _ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ ms: Int, _ offset: Int?, end: Int
    ) -> Match? {
        guard
            let t = CivilTime.epochMillis(
                year: y, month: mo, day: d, hour: h, minute: mi, second: s, millis: ms,
                offsetSeconds: offset ?? defaultOffsetSeconds)
        else { return nil }
        return Match(millis: t, end: end)
    }

    private func finishWithoutYear(_ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ ms: Int, end: Int) -> Match? {
        let refYear = CivilTime.civil(fromMillis: referenceMillis).0
        guard var m = finish(refYear, mo, d, h, mi, s, ms, nil, end: end) else { return nil }
        if m.millis > referenceMillis + 2 * 86_400_000,
            let earlier = finish(refYear - 1, mo, d, h, mi, s, ms, nil, end: end)
        {
            m = earlier
        }
        return m
    }
}

/// The date and time to the second of the last timestamp a stream's parser read in each common
/// form: lines of one second repeat it, and reading it costs more than comparing it (a stream of
/// several formats keeps one per form). One per stream, used by the thread that reads the stream.
final class TimestampMemo: @unchecked Sendable {
    enum Form: Int { case yearFirst, apache, syslog }
    private static let room = 32
    /// Per form, a record: the remembered text's length (0: none yet), its value, then up to
    /// `room` bytes of text. Raw memory: arrays on a class cost a retain or a uniqueness check per access,
    /// and this is asked on every timestamped line.
    ///
    /// The value: seconds since the epoch of the remembered text read in UTC (the zone is applied
    /// per line); for `.syslog`, the finished instant in milliseconds.
    private let records = UnsafeMutableRawPointer.allocate(byteCount: 3 * (16 + TimestampMemo.room), alignment: 8)

    init() { records.initializeMemory(as: UInt8.self, repeating: 0, count: 3 * (16 + Self.room)) }

    deinit { records.deallocate() }

    @inline(__always) private func record(_ f: Form) -> UnsafeMutableRawPointer { records + f.rawValue * (16 + Self.room) }

    func length(_ f: Form) -> Int { record(f).load(as: Int.self) }
    func localSeconds(_ f: Form) -> Int64 { record(f).load(fromByteOffset: 8, as: Int64.self) }

    /// Whether the `n` bytes at `i` are the remembered text (8-byte words; the last one overlaps
    /// the one before when `n` is not a multiple of eight).
    /// For `.yearFirst` the byte between date and time (offset 10) is not compared: the caller
    /// has checked it is one the parser reads the same way.
    @inline(__always) func holds(_ f: Form, _ b: UnsafeRawBufferPointer, _ i: Int, _ n: Int) -> Bool {
        let r = record(f)
        guard n >= 8, n == r.load(as: Int.self), i + n <= b.count, let base = b.baseAddress else {
            return n > 0 && n == length(f) && i + n <= b.count && memcmp(r + 16, b.baseAddress! + i, n) == 0
        }
        let text = UnsafeRawPointer(r + 16), line = base + i
        var k = 0
        var differ: UInt64 = 0
        while k + 8 <= n {
            var d = text.loadUnaligned(fromByteOffset: k, as: UInt64.self) ^ line.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            // (Without the word's third byte in memory order: offset 10.)
            if k == 8, f == .yearFirst { d &= ~UInt64(0xFF_0000).littleEndian }
            differ |= d
            k += 8
        }
        if k < n {
            differ |= text.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) ^ line.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        }
        return differ == 0
    }

    func remember(_ f: Form, _ b: UnsafeRawBufferPointer, _ i: Int, _ n: Int, localSeconds: Int64) {
        guard n <= Self.room, i + n <= b.count else { return }
        let r = record(f)
        (r + 16).copyMemory(from: b.baseAddress! + i, byteCount: n)
        r.storeBytes(of: n, as: Int.self)
        r.storeBytes(of: localSeconds, toByteOffset: 8, as: Int64.self)
    }
}
