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
        out.removeAll(keepingCapacity: true)
        placeholders?.removeAll(keepingCapacity: true)
        guard let matcher else {
            out.append(contentsOf: message)
            return
        }
        var offset = 0
        while offset < message.count {
            // Every built-in mask's match contains a digit, '@' or ':' and cannot start before the
            // word holding the first of them, so the regex starts there instead of at `offset`.
            var from = offset
            if builtInOnly {
                guard let q = Self.firstTrigger(message, from: offset) else { break }
                from = q
                while from > offset, !isBlank(message[from - 1]) { from -= 1 }
            }
            guard matcher.match(message, from: from) == .match, let r = matcher.range(group: 0) else { break }
            if r.isEmpty {
                // Cannot happen with the built-in masks; user masks might match empty.
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: message[offset..<min(r.lowerBound + 1, message.count)]))
                offset = r.lowerBound + 1
                continue
            }
            let between = UnsafeRawBufferPointer(rebasing: message[offset..<r.lowerBound])
            out.append(contentsOf: between)
            let start = out.count
            if showNames, let k = groupOfMask.firstIndex(where: { matcher.range(group: $0) != nil }) {
                out.append(contentsOf: nameBytes[k])
            } else {
                out.append(contentsOf: Masker.placeholder)
            }
            placeholders?.append(Placeholder(maskedOffset: start, maskedLength: out.count - start, original: r))
            offset = r.upperBound
        }
        if offset < message.count { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: message[offset...])) }
    }

    public func mask(_ s: String) -> String {
        var s = s
        var out: [UInt8] = []
        s.withUTF8 { mask(UnsafeRawBufferPointer($0), into: &out) }
        return out.string()
    }

    /// The first digit, '@' or ':' at or after `from`.
    @inline(__always)
    static func firstTrigger(_ m: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while i < m.count {
            let c = m[i]
            if isDigit(c) || c == 0x40 || c == 0x3A { return i }
            i += 1
        }
        return nil
    }
}
