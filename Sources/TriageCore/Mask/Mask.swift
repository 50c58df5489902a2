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
    /// The alternation of all masks (owned here; called through `matcherRef`).
    private let matcher: RegexMatcher?
    private let builtInOnly: Bool
    /// Words whose masking is known are masked or skipped without the regex (`MaskShortcuts.swift`),
    /// and the regex runs in a window with only the masks that can match there (`WindowBytes`);
    /// off only to check that the shortcuts change nothing.
    var shortcuts = true
    /// Built-in masks only: alternations of just the masks that can match in a search window,
    /// by the window's `WindowBytes` (compiled on first use; owned here, called through `windowRefs`).
    private var windowMatchers: [RegexMatcher?] = Array(repeating: nil, count: WindowBytes.combinations)
    /// `matcher` and `windowMatchers` for the per-message calls without a retain/release pair.
    private var matcherRef: Unmanaged<RegexMatcher>?
    private var windowRefs: [Unmanaged<RegexMatcher>?] = Array(repeating: nil, count: WindowBytes.combinations)
    /// Capture group that wraps each mask, in mask order.
    private var groupOfMask: [Int] = []
    private var nameBytes: [[UInt8]] = []
    public static let placeholder: [UInt8] = Array("<*>".utf8)
    /// Maskings of recent messages, for `EventBatch.maskAll` (made on first use: most maskers
    /// mask a line now and then).
    lazy var recent = RecentMasks()

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
        let m = try Regex(alternation, options: []).matcher()
        matcher = m
        matcherRef = Unmanaged.passUnretained(m)
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
        guard let matcherRef else {
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
            if builtInOnly, shortcuts, !showNames, offset > 0, isDigit(message[offset - 1]) {
                if let d = Self.digitAfterSeparator(message, offset), let r = Self.plainNumber(message, word: d, digit: d) {
                    emit(r)
                    continue
                }
                // `52144:11:`: the digits after the ':' that ended the number.
                if let r = Self.numberAfterColon(message, offset) {
                    emit(r)
                    continue
                }
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
                    if !showNames,
                        let r = Self.plainNumber(message, word: from, digit: q) ?? Self.plainHex(message, word: from, digit: q)
                            ?? Self.hexAfterName(message, word: from, colon: q)
                    {
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
            var m = matcherRef
            var window = false
            if shortcuts, builtInOnly, !showNames {
                let need = WindowBytes(UnsafeRawBufferPointer(rebasing: subject[from...]))
                if let w = windowMatcher(need) {
                    m = w
                    window = true
                }
            }
            // In a window only a match that starts in this word counts, so PCRE2 need not try later
            // starts (each start costs the alternation's every branch). The leftmost match is the
            // same either way.
            let found = m._withUnsafeGuaranteedRef {
                let outcome = window ? $0.match(subject, from: from, startingBy: wordEnd - 1) : $0.match(subject, from: from)
                return outcome == .match ? $0.range(group: 0) : nil
            }
            guard let r = found, r.lowerBound < wordEnd else {
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
            if showNames, let k = m._withUnsafeGuaranteedRef({ mm in groupOfMask.firstIndex { mm.range(group: $0) != nil } }) {
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
    private func windowMatcher(_ bytes: WindowBytes) -> Unmanaged<RegexMatcher>? {
        if let m = windowRefs[bytes.rawValue] { return m }
        let kept = masks.filter { WindowBytes.required(byBuiltIn: $0.name).isSubset(of: bytes) }
        let m = try? Regex(kept.map { "(\($0.pattern))" }.joined(separator: "|"), options: [.offsetLimit]).matcher()
        windowMatchers[bytes.rawValue] = m
        windowRefs[bytes.rawValue] = m.map { Unmanaged.passUnretained($0) }
        return windowRefs[bytes.rawValue]
    }

    public func mask(_ s: String) -> String {
        var s = s
        var out: [UInt8] = []
        s.withUTF8 { mask(UnsafeRawBufferPointer($0), into: &out) }
        return out.string()
    }
}

@inlinable func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }
