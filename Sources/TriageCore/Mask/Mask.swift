/// A named variable pattern (PCRE2) whose matches print as `<*>` in templates.
public struct Mask: Sendable, Equatable {
    public var name: String
    public var pattern: String

    public init(name: String, pattern: String) {
        self.name = name
        self.pattern = pattern
    }

    /// The built-in masks, in priority order (at one position the first that matches wins).
    /// Numbers are masked only where they stand alone or after punctuation (so `blk_123` → `blk_<*>`,
    /// `core.4` → `core.<*>`), not inside words such as `utf8` or `ip6tables`.
    public static let builtIn: [Mask] = [
        Mask(name: "url", pattern: #"\b[a-zA-Z][a-zA-Z0-9+.-]{1,15}://[^\s"'<>]+"#),
        Mask(name: "email", pattern: #"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b"#),
        // Java's default toString: com.example.Foo@1b6d3586.
        Mask(name: "objectref", pattern: #"\b[A-Za-z_$][\w$]*(?:\.[\w$]+)+@[0-9a-fA-F]{4,8}\b"#),
        Mask(name: "uuid", pattern: #"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"#),
        Mask(
            name: "datetime",
            pattern: #"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w:])"#),
        Mask(name: "time", pattern: #"(?<![\w:.])\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?![\w:])"#),
        Mask(name: "mac", pattern: #"\b(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}\b"#),
        Mask(
            name: "ipv6",
            pattern: #"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,6}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?(?![\w:])"#
        ),
        // Java's InetSocketAddress "host/1.2.3.4:80" and host:port where the host has a digit.
        Mask(
            name: "hostport",
            pattern: #"(?<![\w.-])[A-Za-z][\w.-]*/\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.])|(?<![\w.-])(?=[\w.-]*\d)[A-Za-z][\w-]*(?:\.[\w-]+)*:\d{2,5}(?![\w.])"#),
        Mask(name: "ipv4", pattern: #"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?![\w.])"#),
        Mask(name: "hex", pattern: #"\b0[xX][0-9a-fA-F]+\b|\b(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{8,}\b"#),
        Mask(
            name: "number",
            pattern: #"(?<![A-Za-z0-9])(?<!\d\.)[-+]?\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?(?:ms|us|µs|ns|s|m|h|d|[KMGTP]i?B|B|b|%|x|\ [KMGTP]?i?B(?![A-Za-z0-9]))?(?![A-Za-z0-9])"#
        ),
    ]
}

/// Replaces every mask match in a message with `<*>`, in one pass over the message with a single
/// JIT-compiled alternation of all masks.
public final class Masker {
    public let masks: [Mask]
    /// Print `<name>` instead of `<*>` for each mask's matches.
    public let showNames: Bool
    private let matcher: RegexMatcher?
    private let builtInOnly: Bool
    /// Plain numbers are masked and dead colons skipped without the regex (`plainNumber`,
    /// `firstTrigger`); off only to check that the shortcuts change nothing.
    var shortcuts = true
    /// Built-in masks only: alternations of just the masks that can match in a search window,
    /// by the window's `WindowBytes` (compiled on first use).
    private var windowMatchers: [RegexMatcher?] = Array(repeating: nil, count: WindowBytes.combinations)
    /// Capture group that wraps each mask, in mask order.
    private var groupOfMask: [Int] = []
    private var nameBytes: [[UInt8]] = []
    public static let placeholder: [UInt8] = Array("<*>".utf8)

    public init(masks: [Mask] = Mask.builtIn, showNames: Bool = false) throws(Regex.CompileError) {
        self.masks = masks
        self.showNames = showNames
        builtInOnly = masks == Mask.builtIn
        guard !masks.isEmpty else {
            matcher = nil
            return
        }
        // Each mask is compiled on its own first, so an invalid one is reported by name.
        var group = 1
        for m in masks {
            let r: Regex
            do { r = try Regex(m.pattern, options: []) } catch {
                throw Regex.CompileError(pattern: m.pattern, message: "mask '\(m.name)': \(error.message)", offset: error.offset)
            }
            groupOfMask.append(group)
            group += 1 + r.captureCount
            nameBytes.append(Array("<\(m.name)>".utf8))
        }
        if showNames { longestReplacement = max(3, nameBytes.map(\.count).max() ?? 3) }
        let alternation = masks.map { "(\($0.pattern))" }.joined(separator: "|")
        // Byte mode (no UTF): masks are ASCII-only and logs may hold invalid UTF-8.
        matcher = try Regex(alternation, options: []).matcher()
    }

    /// Where each `<*>` of a masked message came from: its offset in the masked text and the
    /// original bytes' range in the message.
    public struct Placeholder: Equatable, Sendable {
        public var maskedOffset: Int
        public var maskedLength: Int
        public var original: Range<Int>
    }

    /// Writes the masked form of `message` into `out` (cleared first).
    public func mask(_ message: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        var ignored: [Placeholder]? = nil
        mask(message, into: &out, placeholders: &ignored)
    }

    /// Same, also recording each placeholder's origin when `placeholders` is non-nil.
    public func mask(_ message: UnsafeRawBufferPointer, into out: inout [UInt8], placeholders: inout [Placeholder]?) {
        var o = ArrayOutput(text: out, placeholders: placeholders)
        o.text.removeAll(keepingCapacity: true)
        o.placeholders?.removeAll(keepingCapacity: true)
        out = []
        placeholders = nil
        mask(message, into: &o)
        out = o.text
        placeholders = o.placeholders
    }

    /// The longest masked text a message of `n` bytes can give (`Masker.mask(_:into:)` with a
    /// `MaskedOutput` of this room never overflows): every placeholder replaces at least one byte,
    /// and is at most `longestReplacement` bytes (`<*>`, or a name with `showNames`).
    func maskedCapacity(_ n: Int) -> Int { n * longestReplacement + 8 }
    private var longestReplacement = 3

    /// The masking itself, writing to any output (a growable array, or straight into a batch).
    func mask<Out: MaskedOutput>(_ message: UnsafeRawBufferPointer, into out: inout Out) {
        guard let matcher else {
            out.appendText(message)
            return
        }
        var offset = 0
        /// Where to look for the next trigger (past words known to hold no match).
        var scan = 0
        /// Copies the text before `r`, then `replacement` for `r`.
        func emit(_ r: Range<Int>, as replacement: [UInt8]? = nil) {
            out.appendText(UnsafeRawBufferPointer(rebasing: message[offset..<r.lowerBound]))
            if let replacement { out.appendPlaceholder(replacement, original: r) } else { out.appendAnyPlaceholder(original: r) }
            offset = r.upperBound
        }
        while offset < message.count {
            // `1/3`, `2-5`, `2>&1`: the previous match (a number) ended at a '/' or '-', or one or two
            // of '>', '<', '&', '|', followed by digits. Nothing starts at those bytes (a sign needs
            // no digit before it), and what starts at the digits is the plain number `plainNumber`
            // describes.
            if builtInOnly, shortcuts, !showNames, offset > 0, isDigit(message[offset - 1]),
                let d = Self.digitAfterSeparator(message, offset), let r = Self.plainNumber(message, word: d, digit: d)
            {
                emit(r)
                continue
            }
            // Every built-in mask's match contains a digit, '@' or ':' and cannot start before the
            // word holding the first of them, so the regex starts there instead of at `offset`.
            var from = offset
            var subject = message
            var wordEnd = message.count
            if builtInOnly {
                guard let q = Self.firstTrigger(message, from: max(offset, scan), skippingDeadColons: shortcuts) else { break }
                from = q
                while from > offset, !isBlank(message[from - 1]) { from -= 1 }
                if shortcuts, from == 0 || isBlank(message[from - 1]) {
                    if !showNames, let r = Self.plainNumber(message, word: from, digit: q) ?? Self.plainHex(message, word: from, digit: q) {
                        emit(r)
                        continue
                    }
                    if let end = Self.wordWithoutMatch(message, word: from) {
                        scan = end
                        continue
                    }
                }
                if shortcuts {
                    // A built-in match spans at most two words (`5 MB`, `2026-03-02 10:15:03`), so one
                    // that starts in this word ends by the end of the next: search only that far (a
                    // window that ends at a blank or at the message's end changes no lookaround).
                    wordEnd = message.firstBlank(from: q)
                    subject = UnsafeRawBufferPointer(rebasing: message[0..<message.firstBlank(from: message.skipBlanks(from: wordEnd))])
                }
            }
            var m = matcher
            if shortcuts, builtInOnly, !showNames {
                let need = WindowBytes(UnsafeRawBufferPointer(rebasing: subject[from...]))
                m = windowMatcher(need) ?? matcher
            }
            guard m.match(subject, from: from) == .match, let r = m.range(group: 0), r.lowerBound < wordEnd else {
                // With a window: nothing starts in this word; go on after it. Without: no match left.
                if subject.count < message.count || wordEnd < message.count {
                    scan = wordEnd
                    continue
                }
                break
            }
            if r.isEmpty {
                // Cannot happen with the built-in masks; user masks might match empty.
                out.appendText(UnsafeRawBufferPointer(rebasing: message[offset..<min(r.lowerBound + 1, message.count)]))
                offset = r.lowerBound + 1
                continue
            }
            if showNames, let k = groupOfMask.firstIndex(where: { matcher.range(group: $0) != nil }) {
                emit(r, as: nameBytes[k])
            } else {
                emit(r)
            }
        }
        if offset < message.count { out.appendText(UnsafeRawBufferPointer(rebasing: message[offset...])) }
    }

    /// The alternation of the built-in masks that can match where only `bytes` occur: each mask
    /// needs certain punctuation inside its match (`WindowBytes.required`), and dropping
    /// alternatives that cannot match anywhere changes nothing about the leftmost-first match the
    /// others give. Nil if it does not compile (then the full alternation is used).
    private func windowMatcher(_ bytes: WindowBytes) -> RegexMatcher? {
        if let m = windowMatchers[bytes.rawValue] { return m }
        let kept = masks.filter { WindowBytes.required(byBuiltIn: $0.name).isSubset(of: bytes) }
        let m = try? Regex(kept.map { "(\($0.pattern))" }.joined(separator: "|"), options: []).matcher()
        windowMatchers[bytes.rawValue] = m
        return m
    }

    public func mask(_ s: String) -> String {
        var s = s
        var out: [UInt8] = []
        s.withUTF8 { mask(UnsafeRawBufferPointer($0), into: &out) }
        return out.string()
    }

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
    @inline(__always) private static func digitAfterSeparator(_ m: UnsafeRawBufferPointer, _ i: Int) -> Int? {
        guard i + 1 < m.count else { return nil }
        if m[i] == 0x2F || m[i] == 0x2D { return isDigit(m[i + 1]) ? i + 1 : nil }
        guard isNumberTerminator(m[i]) else { return nil }
        if isDigit(m[i + 1]) { return i + 1 }
        return i + 2 < m.count && isNumberTerminator(m[i + 1]) && isDigit(m[i + 2]) ? i + 2 : nil
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

@inlinable func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }

/// The punctuation in a search window that some built-in mask needs inside its match.
struct WindowBytes: OptionSet {
    let rawValue: Int
    static let colon = WindowBytes(rawValue: 1)
    static let at = WindowBytes(rawValue: 2)
    static let dash = WindowBytes(rawValue: 4)
    static let dot = WindowBytes(rawValue: 8)
    static let slash = WindowBytes(rawValue: 16)
    static let combinations = 32

    init(rawValue: Int) { self.rawValue = rawValue }

    init(_ b: UnsafeRawBufferPointer) {
        var v = 0
        for c in b {
            switch c {
            case 0x3A: v |= 1
            case 0x40: v |= 2
            case 0x2D: v |= 4
            case 0x2E: v |= 8
            case 0x2F: v |= 16
            default: break
            }
        }
        rawValue = v
    }

    /// What each built-in mask's every match contains (read off its pattern): `url` "://", `email`
    /// '@' and a '.' before its top-level domain, `objectref` a '.' and '@', `uuid` and `datetime`
    /// '-', `time` and `ipv6` ':', `mac` ':' or '-' (either: not required), `hostport` '/' or
    /// ':' (either), `ipv4` '.', `hex` and `number` nothing.
    static func required(byBuiltIn name: String) -> WindowBytes {
        switch name {
        case "url": [.colon, .slash]
        case "email", "objectref": [.at, .dot]
        case "uuid", "datetime": .dash
        case "time", "ipv6": .colon
        case "ipv4": .dot
        default: []
        }
    }
}

/// Where `Masker.mask` writes the masked text, and each placeholder's origin.
protocol MaskedOutput {
    mutating func appendText(_ b: UnsafeRawBufferPointer)
    /// `replacement` stands for `original`, a range of the message.
    mutating func appendPlaceholder(_ replacement: [UInt8], original: Range<Int>)
    /// `<*>` stands for `original` (the common case, without an array to read).
    mutating func appendAnyPlaceholder(original: Range<Int>)
}

extension MaskedOutput {
    mutating func appendAnyPlaceholder(original: Range<Int>) { appendPlaceholder(Masker.placeholder, original: original) }
}

/// Masked text in an array (placeholders recorded when the array of them is non-nil).
struct ArrayOutput: MaskedOutput {
    var text: [UInt8]
    var placeholders: [Masker.Placeholder]?

    mutating func appendText(_ b: UnsafeRawBufferPointer) { text.append(contentsOf: b) }

    mutating func appendPlaceholder(_ replacement: [UInt8], original: Range<Int>) {
        placeholders?.append(Masker.Placeholder(maskedOffset: text.count, maskedLength: replacement.count, original: original))
        text.append(contentsOf: replacement)
    }
}
