/// Timestamped text logs: log4j/logback, Spring Boot, Python logging, Go's log package, klog/glog,
/// Apache error logs, Hadoop/HDFS/Spark/ZooKeeper-style lines, and anything else that starts with a
/// timestamp. After the timestamp the header is read token by token: level words (bare, `[bracketed]`
/// or `module:level`), pids, `---`/`-`/`|` separators and `[thread]` brackets are skipped; a logger
/// followed by ` - ` or a dotted logger followed by `:` becomes the component; the rest is the message.
/// A line that does not start with a timestamp is not a header (it continues the previous event).
struct TextHeaderParser: LineParser {
    let format = LogFormat.text

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        if let k = parseKlog(b, &rec, context) { return k }
        guard var i = timestamp(b, &rec, context) else { return false }
        i = header(b, from: i, &rec)
        rec.setMessage(b, min(i, b.count)..<b.count)
        if rec.level == .unknown { rec.level = LevelInference.infer(rec.message) }
        return true
    }

    /// Finds the leading timestamp (optionally bracketed, optionally after one short label token).
    private func timestamp(_ b: UnsafeRawBufferPointer, _ rec: inout ParsedLine, _ ctx: ParseContext) -> Int? {
        // One short leading label (e.g. BGL's "-" or "APPREAD") may precede the timestamp.
        let afterLabel = b.firstIndex(of: asciiSpace, from: 0, to: min(b.count, 17)).flatMap { $0 > 0 ? $0 + 1 : nil }
        for attempt in 0..<2 {
            guard let s = attempt == 0 ? 0 : afterLabel else { continue }
            var i = s
            let bracket = i < b.count && b[i] == 0x5B
            if bracket { i += 1 }
            guard let ts = ctx.timestamps.parse(b, at: i) else { continue }
            // The timestamp must end at a boundary.
            var e = ts.end
            if e < b.count, isAlnum(b[e]) { continue }
            if bracket {
                guard let close = b.firstIndex(of: 0x5D, from: e, to: min(b.count, e + 8)) else { continue }
                e = close + 1
            }
            rec.timestamp = ts.millis
            return e
        }
        return nil
    }

    /// klog/glog: `E0302 10:15:03.123456    1234 file.go:123] message`.
    private func parseKlog(_ b: UnsafeRawBufferPointer, _ rec: inout ParsedLine, _ ctx: ParseContext) -> Bool? {
        let level: Level
        switch b.count > 22 ? b[0] : 0 {
        case 0x49: level = .info  // I
        case 0x57: level = .warn  // W
        case 0x45: level = .error  // E
        case 0x46: level = .fatal  // F
        default: return nil
        }
        guard b.digits(at: 1, count: 4) != nil, b[5] == 0x20, let ts = ctx.timestamps.parse(b, at: 1) else { return nil }
        rec.timestamp = ts.millis
        rec.level = level
        var i = b.skipBlanks(from: ts.end)
        while i < b.count, isDigit(b[i]) { i += 1 }
        i = b.skipBlanks(from: i)
        if let close = b.firstIndex(of: 0x5D, from: i, to: min(b.count, i + 80)) {
            rec.setComponent(b, i..<close)
            i = close + 1
        }
        rec.setMessage(b, i..<b.count)
        return true
    }

    /// Walks the header tokens after the timestamp; returns where the message starts.
    private func header(_ b: UnsafeRawBufferPointer, from start: Int, _ rec: inout ParsedLine) -> Int {
        var i = start
        // HealthApp-style pipe-separated header: |component|pid|message
        if i < b.count, b[i] == 0x7C { return pipeHeader(b, from: i, &rec) }
        var tokens = 0
        while tokens < 12 {
            i = skipSeparators(b, i)
            guard i < b.count else { return i }
            tokens += 1
            let c = b[i]
            if c == 0x5B || c == 0x3C {  // [bracket] or <LEVEL>
                guard let close = matchingClose(b, i) else { return i }
                let inner = i + 1..<close
                if rec.level == .unknown, let l = bracketLevel(b, inner) {
                    rec.level = l
                    // Apache 2.4: [module:level] names the module.
                    if let colon = lastIndex(of: 0x3A, in: b, inner), colon > inner.lowerBound, rec.componentIsEmpty {
                        rec.setComponent(b, inner.lowerBound..<colon)
                    }
                } else if rec.level != .unknown, rec.componentIsEmpty {
                    // [node:Component@id] (ZooKeeper) or [thread]: keep the last ':'-separated part only
                    // when it looks like a class name.
                    if let colon = lastIndex(of: 0x3A, in: b, inner), close - colon > 2, isAlpha(b[colon + 1]),
                        isIdentifier(b, colon + 1..<close)
                    {
                        rec.setComponent(b, colon + 1..<close)
                    }
                }
                i = close + 1
                continue
            }
            let tokEnd = b.firstBlank(from: i)
            let tok = i..<tokEnd
            if rec.level == .unknown, let l = levelToken(b, tok) {
                rec.level = l
                i = tokEnd
                if i < b.count, b[i] == 0x3A { i += 1 }
                continue
            }
            // Pids come before the level (HDFS "148 INFO"), or after it only in Spring Boot's
            // "INFO 4242 --- [main]"; after the level a number is otherwise the message's.
            if isDashes(b, tok) || (isNumber(b, tok) && (rec.level == .unknown || b.hasBytes(" ---", at: tokEnd))) {
                i = tokEnd
                continue
            }
            // logger - …  (log4j "%c - %m", Python "%(name)s - %(levelname)s - %(message)s")
            if b.hasBytes(" - ", at: tokEnd), isIdentifier(b, tok) {
                let after = tokEnd + 3
                if rec.level == .unknown {
                    // Only a logger when a level word follows.
                    let nextEnd = b.firstBlank(from: after)
                    guard levelToken(b, after..<nextEnd) != nil else { return i }
                }
                rec.setComponent(b, tok)
                i = after
                if rec.level != .unknown { return i }
                continue
            }
            // Dotted logger followed by ':' (Hadoop, Spark, HDFS, Spring Boot's "logger  : msg").
            let core = b[tokEnd - 1] == 0x3A ? i..<tokEnd - 1 : tok
            if isIdentifier(b, core, allowBrackets: true), isDottedName(b, core) {
                var j = core.upperBound
                while j < b.count, b[j] == 0x20 { j += 1 }
                if j < b.count, b[j] == 0x3A, j + 1 == b.count || b[j + 1] == 0x20 {
                    rec.setComponent(b, core)
                    return j + 1
                }
            }
            // Header-looking words before a level (BGL: "R02-M1-N0 RAS KERNEL INFO msg").
            if rec.level == .unknown, isHeaderLike(b, tok), let (l, after) = levelAhead(b, from: tokEnd) {
                rec.level = l
                i = after
                continue
            }
            return i
        }
        return i
    }

    private func pipeHeader(_ b: UnsafeRawBufferPointer, from start: Int, _ rec: inout ParsedLine) -> Int {
        var i = start
        var segments = 0
        while i < b.count, b[i] == 0x7C, segments < 4 {
            let s = i + 1
            var j = s
            while j < b.count, b[j] != 0x7C, b[j] != 0x20 { j += 1 }
            guard j < b.count, b[j] == 0x7C else { return s }
            if let l = Level.word(b, s..<j), rec.level == .unknown {
                rec.level = l
            } else if !isNumber(b, s..<j), rec.componentIsEmpty {
                rec.setComponent(b, s..<j)
            }
            segments += 1
            i = j
        }
        return i < b.count && b[i] == 0x7C ? i + 1 : i
    }

    // MARK: - Token classes

    private func skipSeparators(_ b: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var i = start
        while i < b.count {
            let c = b[i]
            if isBlank(c) || c == 0x7C || c == 0x2C {
                i += 1
            } else if c == 0x2D, i + 1 < b.count, b[i + 1] == 0x20 {  // a lone "-"
                i += 2
            } else {
                break
            }
        }
        return i
    }

    private func matchingClose(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int? {
        let open = b[i]
        let close: UInt8 = open == 0x5B ? 0x5D : 0x3E
        var depth = 0
        var j = i
        // (Bracket to bracket, eight bytes at a time.)
        let window = UnsafeRawBufferPointer(rebasing: b[0..<min(b.count, i + 256)])
        while true {
            j = window.firstIndex(ofAny: open, close, close, from: j)
            guard j < window.count else { return nil }
            if window[j] == open {
                depth += 1
            } else {
                depth -= 1
                if depth == 0 { return j }
            }
            j += 1
        }
    }

    /// (Forward from one `byte` to the next with `memchr`: a thread name is searched for a ':' on
    /// every log4j line, and most have none.)
    private func lastIndex(of byte: UInt8, in b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Int? {
        var last: Int?
        var from = r.lowerBound
        while let hit = b.firstIndex(of: byte, from: from, to: r.upperBound) {
            last = hit
            from = hit + 1
        }
        return last
    }

    /// `[ERROR]`, `[error]`, `[ WARN]`, `[proxy:error]` (Apache 2.4), `<ERROR>`.
    private func bracketLevel(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Level? {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, isBlank(b[lo]) { lo += 1 }
        while hi > lo, isBlank(b[hi - 1]) { hi -= 1 }
        if let l = Level.word(b, lo..<hi) { return l }
        if let colon = lastIndex(of: 0x3A, in: b, lo..<hi) { return Level.word(b, colon + 1..<hi) }
        return nil
    }

    /// A level word, possibly followed by ':' (e.g. `ERROR:`).
    private func levelToken(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Level? {
        var hi = r.upperBound
        if hi > r.lowerBound, b[hi - 1] == 0x3A { hi -= 1 }
        guard hi > r.lowerBound else { return nil }
        // Level words in headers are upper-case or lower-case, not "Error" prose.
        return Level.word(b, r.lowerBound..<hi)
    }

    private func levelAhead(_ b: UnsafeRawBufferPointer, from start: Int) -> (Level, Int)? {
        var i = start
        for _ in 0..<8 {
            i = skipSeparators(b, i)
            guard i < b.count else { return nil }
            let e = b.firstBlank(from: i)
            if let l = levelToken(b, i..<e) { return (l, e) }
            guard isHeaderLike(b, i..<e) else { return nil }
            i = e
        }
        return nil
    }

    private func isNumber(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        !r.isEmpty && r.allSatisfy { isDigit(b[$0]) }
    }

    private func isDashes(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        !r.isEmpty && r.allSatisfy { b[$0] == 0x2D }
    }

    /// Letters, digits and `. _ $ @ / -` (class, logger and module names), starting with a letter or
    /// `_`. With `allowBrackets`, also `[` and `]` (Tomcat loggers such as
    /// `o.a.c.c.C.[Tomcat].[localhost].[/]`). Eight bytes at a time: a logger name is the longest
    /// header token (a table lookup per byte cost 590 instructions a log4j line).
    private func isIdentifier(_ b: UnsafeRawBufferPointer, _ r: Range<Int>, allowBrackets: Bool = false) -> Bool {
        guard !r.isEmpty, isAlpha(b[r.lowerBound]) || b[r.lowerBound] == 0x5F, let base = b.baseAddress else { return false }
        var j = r.lowerBound
        var bad: UInt64 = 0
        while j + 8 <= r.upperBound {
            bad |= Self.nonIdentifierBytes(base.loadUnaligned(fromByteOffset: j, as: UInt64.self), brackets: allowBrackets)
            j += 8
        }
        if j < r.upperBound {
            // The last one to seven bytes, in a word padded with 'a'.
            var w: UInt64 = 0x6161_6161_6161_6161
            withUnsafeMutableBytes(of: &w) { $0.baseAddress!.copyMemory(from: base + j, byteCount: r.upperBound - j) }
            bad |= Self.nonIdentifierBytes(w, brackets: allowBrackets)
        }
        return bad == 0
    }

    /// The top bit of each byte of `w` that is not an identifier byte (`isIdentifier`): the bytes
    /// are in 0x2D–0x39 (`- . /` and digits), 0x40–0x5A (`@` and upper case), 0x61–0x7A, or are
    /// `$` or `_` (or, with `brackets`, `[` or `]`); bytes from 0x80 never are.
    @inline(__always) static func nonIdentifierBytes(_ w: UInt64, brackets: Bool) -> UInt64 {
        var ok = bytesInRange(w, 0x2D, 0x39) | bytesInRange(w, 0x40, 0x5A) | bytesInRange(w, 0x61, 0x7A)
            | bytesAre(w, 0x24) | bytesAre(w, 0x5F)
        if brackets { ok |= bytesAre(w, 0x5B) | bytesAre(w, 0x5D) }
        return ~ok & 0x8080_8080_8080_8080
    }

    private func isDottedName(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        r.contains { b[$0] == 0x2E || b[$0] == 0x24 } && (isAlnum(b[r.upperBound - 1]) || b[r.upperBound - 1] == 0x5D)
    }

    /// A header field rather than prose: has digits or punctuation, or is all upper-case.
    private func isHeaderLike(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        guard !r.isEmpty, r.count <= 40 else { return false }
        var lower = false
        var nonAlpha = false
        for k in r {
            let c = b[k]
            if c >= 0x61 && c <= 0x7A { lower = true } else if !(c >= 0x41 && c <= 0x5A) { nonAlpha = true }
        }
        return nonAlpha || !lower
    }
}
