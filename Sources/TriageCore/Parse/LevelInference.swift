#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Infers a level from the words of a message, for formats that carry none (plain text, syslog
/// without a priority). Only clear words count: "error", "failed", "exception", "panic"…
enum LevelInference {
    static func infer(_ m: [UInt8]) -> Level {
        m.withUnsafeBytes { b in infer(b, 0..<b.count) }
    }

    static func infer(_ m: ByteBuffer) -> Level { infer(m.bytes, 0..<m.count) }

    static func infer(_ b: UnsafeRawBufferPointer) -> Level { infer(b, 0..<b.count) }

    static func infer(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Level {
        if let explicit = explicitLevel(b, r) { return explicit }
        let end = min(r.upperBound, r.lowerBound + 512)
        guard let base = b.baseAddress, r.lowerBound < end else { return .unknown }
        // (The tables are fetched once, not per word: a global's every access checks its initialiser.)
        let words = countingWords
        return secondLetters.withUnsafeBufferPointer { second in
            var best = Level.unknown
            var i = r.lowerBound
            while i < end {
                let first = (base.load(fromByteOffset: i, as: UInt8.self) | 0x20) &- 0x61
                guard first < 26 else {
                    i += 1
                    continue
                }
                var j = i + 1
                while j < end, (base.load(fromByteOffset: j, as: UInt8.self) | 0x20) &- 0x61 < 26 { j += 1 }
                // Most words cannot count: skip them by their first two letters and length before any lookup.
                if j - i >= 3, j - i <= 13,
                    second[Int(first)] & (1 << UInt32((base.load(fromByteOffset: i + 1, as: UInt8.self) | 0x20) &- 0x61)) != 0,
                    let key = WordKey(b, i..<j), let l = words[key], l > best
                {
                    best = l
                }
                i = j
            }
            return best
        }
    }

    /// The level a single word gives, if any (`infer` takes the highest over the words of the
    /// first 512 bytes, after an explicit `level=`; for tests).
    static func wordLevel(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Level? {
        guard r.count >= 3, r.count <= 13 else { return nil }
        return WordKey(b, r).flatMap { countingWords[$0] }
    }

    /// An embedded `level=info` / `lvl=warn` / `severity=error` (logfmt inside syslog, containerd)
    /// says it better than any word.
    private static func explicitLevel(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> Level? {
        let end = min(r.upperBound, r.lowerBound + 512)
        var i = r.lowerBound
        while i + 4 < end {
            // Jump to the next '='.
            guard let hit = memchr(b.baseAddress! + i, 0x3D, end - 4 - i) else { break }
            i = b.baseAddress!.distance(to: UnsafeRawPointer(hit))
            if i >= r.lowerBound + 3 {
                var k = i
                while k > r.lowerBound, isAlpha(b[k - 1]) { k -= 1 }
                let key = k..<i
                if key.count >= 3, key.count <= 8, k == r.lowerBound || !isAlnum(b[k - 1]),
                    let name = WordKey(b, key), levelKeys.contains(name)
                {
                    var v = i + 1
                    if v < end, b[v] == 0x22 { v += 1 }
                    var e = v
                    while e < end, isAlpha(b[e]) { e += 1 }
                    if let l = Level.word(b, v..<e) { return l }
                }
            }
            i += 1
        }
        return nil
    }

    private static let levelKeys = WordTable(["level", "lvl", "severity", "loglevel"].map { ($0, true) })

    /// Every word that gives a level: level words of warn and worse, and the telling words (one
    /// lookup per candidate word).
    private static let countingWords = WordTable(
        (Level.wordTable + tellingWordTable).filter { $0.0 >= .warn }.flatMap { level, words in words.map { ($0, level) } })

    /// Words that give a line without a level its level.
    private static let tellingWordTable: [(Level, [String])] = [
        (.error, ["failed", "failure", "fail", "exception", "refused", "denied", "unreachable", "errors", "timeout", "traceback"]),
        (.fatal, ["panic", "segfault", "killed"]),
        (.warn, ["warning", "deprecated", "retrying", "retry"]),
    ]

    /// `secondLetters[a]` has bit b set when some word that counts (a level word of warn or worse,
    /// or a telling word) starts with the a-th then the b-th letter. All of them have 3 to 13 letters.
    private static let secondLetters: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 26)
        for (level, words) in tellingWordTable + Level.wordTable where level >= .warn {
            for w in words {
                precondition((3...13).contains(w.count))
                let u = Array(w.utf8)
                table[Int((u[0] | 0x20) - 0x61)] |= 1 << UInt32((u[1] | 0x20) - 0x61)
            }
        }
        return table
    }()
}
