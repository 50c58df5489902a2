/// Number, size and time formatting shared by the text and Markdown printers.
public enum Formatting {
    /// 37412 → "37,412".
    public static func grouped(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0, (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// 1536 → "1.5 KiB".
    public static func bytes(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n)
        var u = 0
        while v >= 1024, u < units.count - 1 {
            v /= 1024
            u += 1
        }
        if u == 0 { return "\(n) B" }
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[u])"
    }

    /// 2_820_000 ms → "47 min"; 47_000 → "47 s"; 7_500_000 → "2 h 5 min".
    public static func duration(_ ms: Int64) -> String {
        let s = max(0, ms) / 1000
        if s < 120 { return "\(s) s" }
        let m = s / 60
        if m < 120 { return "\(m) min" }
        let h = m / 60
        if h < 48 { return m % 60 == 0 ? "\(h) h" : "\(h) h \(m % 60) min" }
        return "\(h / 24) d \(h % 24) h"
    }

    /// "10:12:47" (UTC) for times in sentences.
    public static func clock(_ ms: Int64) -> String {
        let (_, _, _, h, mi, s, _) = CivilTime.civil(fromMillis: ms)
        func p(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(p(h)):\(p(mi)):\(p(s))"
    }

    /// 38.42 → "38", 2.57 → "2.6".
    public static func ratio(_ r: Double) -> String {
        guard r.isFinite else { return "∞" }
        if r >= 10 { return grouped(Int(r.rounded())) }
        let t = Int((r * 10).rounded())
        return "\(t / 10).\(t % 10)"
    }

    /// 0.000012 → "1.2e-5"; 0.013 → "0.013".
    public static func scientific(_ p: Double) -> String {
        if p <= 0 { return "0" }
        if p >= 0.001 {
            let t = Int((p * 1000).rounded())
            return "0.\(t < 10 ? "00" : (t < 100 ? "0" : ""))\(t)"
        }
        var e = 0
        var m = p
        while m < 1 { m *= 10; e -= 1 }
        let t = Int((m * 10).rounded())
        return "\(t / 10).\(t % 10)e\(e)"
    }

    /// "2026-03-02T10:15:03.123Z" → "2026-03-02 10:15:03" (UTC, for tables).
    public static func shortTime(_ iso: String?) -> String {
        guard let iso, iso.count >= 19 else { return "-" }
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(8)
    }

    /// Terminal columns a string takes (wide East Asian characters and emoji count two).
    public static func displayWidth(_ s: String) -> Int {
        s.unicodeScalars.reduce(0) { $0 + scalarWidth($1) }
    }

    static func scalarWidth(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v == 0 || (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v) || v == 0xFE0F { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
        {
            return 2
        }
        return 1
    }

    /// Cuts `s` to at most `width` columns, ending with "…" when cut.
    public static func truncate(_ s: String, toWidth width: Int) -> String {
        guard displayWidth(s) > width else { return s }
        guard width > 1 else { return width == 1 ? "…" : "" }
        var out = ""
        var w = 0
        for ch in s {
            let cw = ch.unicodeScalars.reduce(0) { $0 + scalarWidth($1) }
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }

    /// Control characters (tabs, escapes, NUL) made visible so a log line cannot drive the terminal.
    public static func printable(_ s: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
        for u in s.unicodeScalars {
            switch u.value {
            case 0x09: out.unicodeScalars.append(" ")
            case 0..<0x20, 0x7F: out.unicodeScalars.append(Unicode.Scalar(0x2400 + min(u.value, 0x21))!)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
