/// syslog as files hold it: RFC 5424 (`<165>1 2026-03-02T10:15:03Z host app 1234 ID47 [sd] msg`) and
/// RFC 3164 / BSD (`<13>Mar  2 10:15:03 host tag[pid]: msg`, with or without `<PRI>`, also with the
/// ISO timestamps rsyslog writes by default on current distributions).
struct SyslogParser: LineParser {
    let format: LogFormat

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        var i = 0
        var priority: Int?
        if i < b.count, b[i] == 0x3C {  // <PRI>
            var j = 1
            var v = 0
            while j < b.count, j < 5, isDigit(b[j]) {
                v = v * 10 + Int(b[j] &- 0x30)
                j += 1
            }
            guard j > 1, j < b.count, b[j] == 0x3E else { return false }
            priority = v
            i = j + 1
        }
        if format == .syslog5424 {
            guard i + 1 < b.count, b[i] == 0x31, b[i + 1] == 0x20 else { return false }  // version "1 "
            return parse5424(b, from: i + 2, priority: priority, into: &rec, context)
        }
        return parse3164(b, from: i, priority: priority, into: &rec, context)
    }

    private func parse5424(
        _ b: UnsafeRawBufferPointer, from start: Int, priority: Int?, into rec: inout ParsedLine, _ ctx: ParseContext
    ) -> Bool {
        var i = start
        if b.hasBytes("- ", at: i) {
            i += 2
        } else {
            guard let ts = ctx.timestamps.parse(b, at: i), ts.end < b.count, b[ts.end] == 0x20 else { return false }
            rec.timestamp = ts.millis
            i = ts.end + 1
        }
        // HOSTNAME APP-NAME PROCID MSGID
        var fields: [Range<Int>] = []
        for _ in 0..<4 {
            let s = i
            i = b.firstIndex(ofAny: 0x20, 0x20, 0x20, from: i)
            guard i < b.count else { return false }
            fields.append(s..<i)
            i += 1
        }
        if !(b[fields[1].lowerBound] == 0x2D && fields[1].count == 1) { rec.setService(b, fields[1]) }
        // STRUCTURED-DATA: "-" or one or more [..] elements (values may contain escaped "]").
        if i < b.count, b[i] == 0x2D {
            i += 1
        } else {
            while i < b.count, b[i] == 0x5B {
                var inQuote = false
                i += 1
                while i < b.count {
                    let c = b[i]
                    if c == 0x5C { i += 2; continue }
                    if c == 0x22 { inQuote.toggle() }
                    if c == 0x5D, !inQuote { break }
                    i += 1
                }
                i += 1
            }
        }
        if b.hasBytes(" \u{FEFF}", at: i) { i += 4 }  // BOM before MSG
        rec.setMessage(b, min(i, b.count)..<b.count)
        rec.level = priority.map { Level.syslogSeverity($0 & 7) } ?? LevelInference.infer(rec.message)
        return true
    }

    private func parse3164(
        _ b: UnsafeRawBufferPointer, from start: Int, priority: Int?, into rec: inout ParsedLine, _ ctx: ParseContext
    ) -> Bool {
        guard let ts = ctx.timestamps.parse(b, at: start), ts.end < b.count, b[ts.end] == 0x20 else { return false }
        // The timestamp must be a syslog or ISO one, not e.g. an epoch number.
        guard isAlpha(b[start]) || (ts.end - start >= 19) else { return false }
        rec.timestamp = ts.millis
        // HOSTNAME
        var i = ts.end + 1
        let hostStart = i
        i = b.firstIndex(ofAny: 0x20, 0x20, 0x20, from: i)
        guard i < b.count, i > hostStart else { return false }
        i += 1
        // TAG[pid]: — the tag is alphanumeric plus . _ - / and must end with ':' or '[pid]:'
        let tagStart = i
        i = b.firstIndex(ofAny: 0x3A, 0x5B, 0x20, from: i)
        guard i < b.count, i > tagStart else { return false }
        let tag = tagStart..<i
        if b[i] == 0x5B {
            guard let close = b.firstIndex(of: 0x5D, from: i, to: min(b.count, i + 24)) else { return false }
            i = close + 1
        }
        guard i < b.count, b[i] == 0x3A else { return false }
        rec.setService(b, tag)
        rec.setMessage(b, i + 1..<b.count)
        if let p = priority {
            rec.level = Level.syslogSeverity(p & 7)
        } else {
            rec.level = LevelInference.infer(rec.message)
            if rec.level == .unknown { rec.level = .info }
        }
        return true
    }
}
