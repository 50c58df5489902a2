/// The masker's shortcuts: words whose masking is known without running the regex. Each says why
/// its answer is exactly the built-in alternation's; `MaskShortcutTests` checks them against the
/// regex alone.
extension Masker {
    /// The most common variable, a number in its own word, found without running the regex:
    /// `38049`, `10.24`, `(3)`, `1,024,`, `15ms`, `2.5GiB`, `qty=3`, `(uid=0)`, `HTTP/1.1`. Given the
    /// word's start (after a blank) and its first digit `q`, returns the number's range when the word
    /// is: opening brackets/quotes and names (letters, '_') each followed by '=', '/', '(' or '[';
    /// then digits in groups joined by single '.' or ','; then at most one unit the `number` mask
    /// knows; then only closing brackets, quotes, ',', ';' or '.', and a ':' only as the word's last
    /// byte (`u_593490:`); and the next word is not a byte unit (`5 MB`). In such a word the
    /// built-in alternation's leftmost match is exactly that number (`number`, or `ipv4` with the
    /// same extent): every other mask needs a digit before `q`, or a '-' or '@' in the word, or a
    /// ':' followed by a hex digit, ':' or '/', or (`hostport`) a name, '/' and four dotted groups —
    /// excluded here. `MaskShortcutTests` checks this against the regex alone on thousands of real lines.
    @inline(__always)
    static func plainNumber(_ m: UnsafeRawBufferPointer, word: Int, digit q: Int) -> Range<Int>? {
        // `-5`, `+3`: at a word's start the sign is part of the number's match.
        if q == word + 1, m[word] == 0x2D || m[word] == 0x2B, let r = plainNumber(m, word: q, digit: q) {
            return word..<r.upperBound
        }
        // `blk_123`: a '_' right before the digits separates them (it is no letter or digit).
        guard let slash = prefix(m, from: word, to: q, underscoreEnds: true) else { return nil }
        var i = q
        // Digit groups.
        var dots = 0
        while true {
            guard i < m.count, isDigit(m[i]) else { return nil }
            while i < m.count, isDigit(m[i]) { i += 1 }
            if i + 1 < m.count, m[i] == 0x2E || m[i] == 0x2C, isDigit(m[i + 1]) {
                if m[i] == 0x2E { dots += 1 }
                i += 1
            } else {
                break
            }
        }
        // name/1.2.3.4 is the hostport mask's (with the name).
        if slash, dots == 3 { return nil }
        // `port 52144:11:` (sshd): five or more digits, no dot, then ':', opening the word (or after
        // an opening bracket, quote or '='). No other mask starts there or reads past the ':':
        // `time` takes one or two digits before a ':', `ipv6` groups of at most four, `mac` two,
        // `datetime` four and a '-', `uuid` eight and a '-', `ipv4` a '.', `hex` a letter,
        // `hostport` a letter first. What follows the ':' is read on its own (`numberAfterColon`).
        if dots == 0, i - q >= 5, i < m.count, m[i] == 0x3A, q == word || Self.opensNumber(m[q - 1]) {
            return q..<i
        }
        // `2-3 days`, `1/3`, `(2>&1)`: when the digits open the word (or follow an opening bracket,
        // quote or '='), the number ends at a '/' or '-' followed by a digit, or at a '>', '<', '&'
        // or '|' (the next number is read by the continuation rule in `mask`). No mask that starts
        // at a digit reads past such a byte — their characters are word characters and
        // `. + - : / @ %` — except a datetime (4 digits, '-'), a MAC (2, '-') and a UUID (8, '-'),
        // excluded; and no mask starts before the digits: a name joined to them (`sa-41/10.1.2.3`,
        // `ab-12-4x:80`) could begin a `hostport`, so that case is left to the regex.
        if i + 1 < m.count, q == word || Self.opensNumber(m[q - 1]) {
            let c = m[i]
            let run = i - q
            if (c == 0x2F && isDigit(m[i + 1])) || (c == 0x2D && isDigit(m[i + 1]) && dots == 0 && run != 2 && run != 4 && run != 8)
                || Self.isNumberTerminator(c)
            {
                return q..<i
            }
        }
        let digitsEnd = i
        // A unit: the letters that follow must be exactly one the number mask knows.
        var u = i
        while u < m.count, isAlpha(m[u]) { u += 1 }
        if u > i {
            guard isUnit(UnsafeRawBufferPointer(rebasing: m[i..<u])), u == m.count || !isDigit(m[u]) else { return nil }
            i = u
        } else if i < m.count, m[i] == 0x25 {  // %
            i += 1
        }
        let end = i
        guard let wordEnd = closingPunctuation(m, from: i, finalColon: true) else { return nil }
        i = wordEnd
        // `5 MB`, `3 KiB`, `12 B`: the number mask takes the unit too; leave that to the regex.
        if end == i, end == digitsEnd, i + 1 < m.count, m[i] == asciiSpace {
            var v = i + 1
            if isSizePrefix(m[v]) { v += 1 }
            if v < m.count, m[v] == 0x69 { v += 1 }  // i
            if v < m.count, m[v] == 0x42, v + 1 == m.count || !isAlnum(m[v + 1]) { return nil }  // B
        }
        return q..<end
    }

    @inline(__always) private static func opensNumber(_ c: UInt8) -> Bool {
        c == 0x3D || c == 0x28 || c == 0x5B || c == 0x7B || c == 0x22 || c == 0x27  // = ( [ { " '
    }

    @inline(__always) private static func isNumberTerminator(_ c: UInt8) -> Bool {
        c == 0x3E || c == 0x3C || c == 0x26 || c == 0x7C  // > < & |
    }

    /// After a number ending at `i`: the index of the digit that follows a '/' or '-', or one or
    /// two of '>', '<', '&', '|'; nil otherwise.
    @inline(__always) static func digitAfterSeparator(_ m: UnsafeRawBufferPointer, _ i: Int) -> Int? {
        guard i + 1 < m.count else { return nil }
        if m[i] == 0x2F || m[i] == 0x2D { return isDigit(m[i + 1]) ? i + 1 : nil }
        guard isNumberTerminator(m[i]) else { return nil }
        if isDigit(m[i + 1]) { return i + 1 }
        return i + 2 < m.count && isNumberTerminator(m[i + 1]) && isDigit(m[i + 2]) ? i + 2 : nil
    }

    /// After a number that ended at `i` on a ':': the digits that follow, when they end the word or
    /// are followed by one ':' that ends it (`52144:11:`, `7:3`). Nothing can start at the ':' or
    /// at the digits but `number`: `time`, `ipv6` need no word character or ':' before them, `mac`
    /// more groups, `ipv4` a '.', `hex` a letter, `hostport`/`url`/`email` letters or '@'.
    @inline(__always) static func numberAfterColon(_ m: UnsafeRawBufferPointer, _ i: Int) -> Range<Int>? {
        guard i + 1 < m.count, m[i] == 0x3A, isDigit(m[i + 1]) else { return nil }
        var e = i + 1
        while e < m.count, isDigit(m[e]) { e += 1 }
        var end = e
        if end < m.count, m[end] == 0x3A { end += 1 }
        guard end == m.count || isBlank(m[end]) else { return nil }
        return i + 1..<e
    }

    /// A word (after a blank) in which no built-in mask can match, though it holds a digit: letters
    /// and digits in `-`- or `_`-separated parts that each start with a letter (`ssh2`, `ED25519`,
    /// `ec2-user`, `ch_Ak5vqKiX2E9ZHI`), between opening and closing punctuation (`(ec2-user)`, `IPv6:`). Returns the
    /// word's end. Why nothing matches: `number`, `ipv4`, `time`, `datetime`, `uuid`, `mac` and
    /// `ipv6` need a digit or hex group that follows a non-word character, and here every digit
    /// follows a letter or digit; `url`, `email`, `objectref` and `hostport` need '/', '@' or a ':'
    /// before a digit; `hex` needs a part of 8+ hex digits and `mac` parts of two — such words are
    /// left to the regex. ('_' is a word character, so it creates no word boundary for `hex`, `uuid`
    /// or `mac` to start or end at.)
    static func wordWithoutMatch(_ m: UnsafeRawBufferPointer, word: Int) -> Int? {
        var i = word
        while i < m.count, m[i] == 0x28 || m[i] == 0x5B || m[i] == 0x22 || m[i] == 0x27 { i += 1 }  // ( [ " '
        guard i < m.count, isAlpha(m[i]) else { return nil }
        // Parts: [A-Za-z][A-Za-z0-9]*, joined by '-' or '_' (a digit right after either can start
        // the `number` mask's match: `blk_123`, `pool-1`). After a join a part may start with
        // digits when the number mask cannot end within it: `ch_3t84XJLS`, `ORD-2Q5XAZSE` — digits
        // followed by letters that are neither an exponent nor a unit. After '-' (where a word
        // boundary lets other masks start) the masks that begin with digits need a run of hex
        // digits the whole part long (`hex`, `uuid`, `mac`: refused below), a '.', ':' or '-'
        // right after the digits (`ipv4`, `time`, `datetime`: here letters follow), or `0x`.
        var afterJoin = false
        while true {
            guard i < m.count else { return nil }
            let start = i
            if isDigit(m[i]) {
                guard afterJoin else { return nil }
                if m[i] == 0x30, i + 1 < m.count, m[i + 1] | 0x20 == 0x78 { return nil }  // 0x
                var d = i
                while d < m.count, isDigit(m[d]) { d += 1 }
                var e = d
                while e < m.count, isAlnum(m[e]) { e += 1 }
                // Not all digits, no exponent, not exactly a unit: then `number` fails at the first
                // digit, and every later digit follows a letter or digit, where it cannot start.
                guard d < e, m[d] | 0x20 != 0x65 else { return nil }  // e/E: an exponent
                if isUnit(UnsafeRawBufferPointer(rebasing: m[d..<e])) { return nil }
            } else {
                guard isAlpha(m[i]) else { return nil }
            }
            var allHex = true
            while i < m.count, isAlnum(m[i]) {
                if !isHex(m[i]) { allHex = false }
                i += 1
            }
            // 8+ hex digits: `hex`; two: a MAC's group (`ab-cd-ef-ab-cd-e1`); up to four before a
            // ':': an IPv6 group (`x-abcd::`).
            if allHex, i - start >= 8 || i - start == 2 || (i - start <= 4 && i < m.count && m[i] == 0x3A) { return nil }
            guard i < m.count, m[i] == 0x2D || m[i] == 0x5F else { break }  // - _
            afterJoin = true
            i += 1
        }
        // Closing punctuation to the end of the word (a ':' here has no digit after it).
        return closingPunctuation(m, from: i, colon: true)
    }

    @inline(__always) private static func isSizePrefix(_ c: UInt8) -> Bool {
        switch c {
        case 0x4B, 0x4D, 0x47, 0x54, 0x50: true  // K M G T P
        default: false
        }
    }

    @inline(__always) private static func isOneLetterUnit(_ c: UInt8) -> Bool {
        switch c {
        case 0x73, 0x6D, 0x68, 0x64, 0x42, 0x62, 0x78: true  // s m h d B b x
        default: false
        }
    }

    /// A hex identifier of 8+ digits in its own word part — `48ade917`, `cart=eddbba29`,
    /// `trace=4bf92f3577b34da6` — found without running the regex: after the same prefix as
    /// `plainNumber` (opening punctuation, names each followed by '=', '(', '[', '/' or '-'), hex
    /// digits with at least one letter, then only closing punctuation. At the run's start (a word
    /// boundary) the alternation's first match is the `hex` mask's, over the whole run: `uuid`,
    /// `mac`, `ipv6`, `time` and `datetime` need a '-' or ':' after hex or digits, `ipv4`, `number`
    /// and `hostport` need digits with dots, a boundary before a digit or a ':'/'/' with digits,
    /// `url`, `email` and `objectref` a ':' or '@'.
    static func plainHex(_ m: UnsafeRawBufferPointer, word: Int, digit q: Int) -> Range<Int>? {
        var start = q
        while start > word, isHex(m[start - 1]) { start -= 1 }
        var end = q
        var letter = false
        while end < m.count, isHex(m[end]) {
            if !isDigit(m[end]) { letter = true }
            end += 1
        }
        if !letter { for k in start..<q where !isDigit(m[k]) { letter = true } }
        guard letter, end - start >= 8, closingPunctuation(m, from: end) != nil,
            prefix(m, from: word, to: start, underscoreEnds: false) != nil
        else { return nil }
        return start..<end
    }

    /// `cart:3f2bc67a`, `session:9c1d44f9)`: a word of opening brackets or quotes, letters, one ':'
    /// (at `q`, the word's first trigger), then a hex run as `plainHex` takes it (8 or more hex
    /// digits, a letter among them; the ':' is not a digit) and closing punctuation. The hex run is
    /// the `hex` mask's: nothing can start in the letters (`hostport` needs a digit before the
    /// ':', `ipv6` and `mac` hex groups of at most four or two with more ':' or '-', `url` "://",
    /// `email` and `objectref` '@', `hex` a digit), nor at the ':' or the run's start but `hex` (the
    /// lookbehinds of `time`, `ipv6` and `hostport` refuse a ':' before, `uuid` and `datetime` need
    /// a '-', `mac` more separators, `ipv4` a '.'), and `hex` comes first of those left.
    static func hexAfterName(_ m: UnsafeRawBufferPointer, word: Int, colon q: Int) -> Range<Int>? {
        guard q + 1 < m.count, m[q] == 0x3A, isHex(m[q + 1]) else { return nil }
        var i = word
        while i < q, m[i] == 0x28 || m[i] == 0x5B || m[i] == 0x7B || m[i] == 0x22 || m[i] == 0x27 { i += 1 }  // ( [ { " '
        guard i < q else { return nil }
        while i < q, isAlpha(m[i]) { i += 1 }
        guard i == q else { return nil }
        var end = q + 1
        var letter = false, digit = false
        while end < m.count, isHex(m[end]) {
            if isDigit(m[end]) { digit = true } else { letter = true }
            end += 1
        }
        guard letter, digit, end - (q + 1) >= 8, closingPunctuation(m, from: end) != nil else { return nil }
        return q + 1..<end
    }

    /// Checks that [from, to) is opening brackets/quotes and names (letters, '_') each followed by
    /// '=', '(', '[', '/' or (after a letter) '-' — so no mask can start in it and a word boundary
    /// is at `to`. With `underscoreEnds`, a name may also run up to `to` when it ends in '_'.
    /// Returns whether a '/' separator was seen, or nil when the text has another shape.
    private static func prefix(_ m: UnsafeRawBufferPointer, from: Int, to: Int, underscoreEnds: Bool) -> Bool? {
        var i = from
        var slash = false
        while i < to {
            let c = m[i]
            switch c {
            case 0x28, 0x5B, 0x7B, 0x22, 0x27: i += 1  // ( [ { " '
            default:
                guard isAlpha(c) || c == 0x5F else { return nil }
                while i < to, isAlpha(m[i]) || m[i] == 0x5F { i += 1 }
                if i == to, underscoreEnds, m[to - 1] == 0x5F { return slash }
                guard i < to else { return nil }
                switch m[i] {
                case 0x3D, 0x28, 0x5B: break  // = ( [
                case 0x2F: slash = true  // /
                case 0x2D where isAlpha(m[i - 1]): break  // `pool-1`: after a letter, '-' is no sign
                default: return nil
                }
                i += 1
            }
        }
        return slash
    }

    /// The end of the word when only closing brackets, quotes, ',', ';' or '.' (and with `colon`,
    /// ':') follow `from`; nil otherwise.
    /// With `finalColon`, a ':' that ends the word is allowed too (`u_593490: 4 fields`): every
    /// mask that reads past a ':' needs a digit, hex digit, ':' or '/' right after it.
    private static func closingPunctuation(_ m: UnsafeRawBufferPointer, from: Int, colon: Bool = false, finalColon: Bool = false) -> Int? {
        var i = from
        while i < m.count, !isBlank(m[i]) {
            switch m[i] {
            case 0x29, 0x5D, 0x7D, 0x22, 0x27, 0x2C, 0x3B, 0x2E: i += 1  // ) ] } " ' , ; .
            case 0x3A where colon || (finalColon && (i + 1 == m.count || isBlank(m[i + 1]))): i += 1
            default: return nil
            }
        }
        return i
    }

    /// The units the `number` mask takes when written right after the digits (µs is left to the regex).
    private static func isUnit(_ u: UnsafeRawBufferPointer) -> Bool {
        switch u.count {
        case 1: return isOneLetterUnit(u[0])
        case 2:
            if u[1] == 0x73 { return u[0] == 0x6D || u[0] == 0x75 || u[0] == 0x6E }  // ms us ns
            return u[1] == 0x42 && isSizePrefix(u[0])  // KB MB …
        case 3: return u[1] == 0x69 && u[2] == 0x42 && isSizePrefix(u[0])  // KiB MiB …
        default: return false
        }
    }

    /// The top bit of each byte of `w` that is a digit, ':' (0x30–0x3A) or '@' (0x40).
    @inline(__always) static func triggerBytes(_ w: UInt64) -> UInt64 {
        bytesInRange(w, 0x30, 0x3A) | bytesAre(w, 0x40)
    }

    /// The first digit, '@' or ':' at or after `from`. With `skippingDeadColons`, a ':' that no
    /// built-in mask can use is passed over, as in `pam_unix(sshd:session):`. Every mask that holds
    /// a ':' has after it a hex digit or ':' (times, IPv6, MACs, host:port) or '/' (URLs), or else
    /// (IPv6 `1:`, MAC) just before it a group of 1–4 hex digits with no word character or ':'
    /// before the group. So a ':' followed by none of those is dead unless it follows ':' or such
    /// a short lone hex group.
    @inline(__always)
    static func firstTrigger(_ m: UnsafeRawBufferPointer, from: Int, skippingDeadColons: Bool = false) -> Int? {
        var i = from
        while i < m.count {
            // Eight bytes at a time up to the first that is one of the three.
            if m.count - i >= 8 {
                let hits = triggerBytes(m.baseAddress!.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                if hits == 0 {
                    i += 8
                    continue
                }
                i += hits.trailingZeroBitCount >> 3
            }
            let c = m[i]
            // Most bytes are none of the three: one comparison rules them out.
            if c > 0x40 { i += 1; continue }
            if isDigit(c) || c == 0x40 { return i }
            if c == 0x3A {
                if !skippingDeadColons { return i }
                let after = i + 1 < m.count ? m[i + 1] : asciiSpace
                if isHex(after) || after == 0x3A || after == 0x2F { return i }
                // The word characters just before the ':'.
                var s = i
                while s > 0, isAlnum(m[s - 1]) || m[s - 1] == 0x5F { s -= 1 }
                if s == i {
                    if i > 0, m[i - 1] == 0x3A { return i }
                } else if i - s <= 4, (s..<i).allSatisfy({ isHex(m[$0]) }), s == 0 || m[s - 1] != 0x3A {
                    return i
                }
            }
            i += 1
        }
        return nil
    }
}
