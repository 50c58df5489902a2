/// A runbook's rules compiled for matching: regexes through PCRE2 (JIT, with match limits), keyword
/// rules as case-insensitive whole-word phrase searches.
final class RuleMatcher {
    enum Compiled {
        case regex(RegexMatcher)
        case keywords([[UInt8]])
    }

    let any: [Compiled]
    let none: [Compiled]

    init(_ spec: Runbook.MatchSpec) throws(Regex.CompileError) {
        func compile(_ rules: [Runbook.Rule]) throws(Regex.CompileError) -> [Compiled] {
            var out: [Compiled] = []
            for r in rules {
                switch r {
                case .regex(let p): out.append(.regex(try Regex(p, options: [.utf]).matcher()))
                case .keywords(let k): out.append(.keywords(k.map { Array($0.lowercased().utf8) }))
                }
            }
            return out
        }
        any = try compile(spec.any)
        none = try compile(spec.none)
    }

    /// The same rules with match state of their own, for another thread (the compiled patterns
    /// are shared).
    init(copying other: RuleMatcher) {
        func copy(_ rules: [Compiled]) -> [Compiled] {
            rules.map {
                switch $0 {
                case .regex(let m): .regex(m.regex.matcher())
                case .keywords(let k): .keywords(k)
                }
            }
        }
        any = copy(other.any)
        none = copy(other.none)
    }

    /// A text prepared once for all rules: its bytes and their ASCII lower case.
    struct Text {
        let bytes: [UInt8]
        let lower: [UInt8]
        /// Which byte values occur: a regex whose `Regex.Requirement` they do not meet is skipped.
        let present: ByteSet
        init(_ s: String) {
            bytes = Array(s.utf8)
            lower = bytes.map(lowerASCII)
            present = bytes.withUnsafeBytes { ByteSet($0) }
        }
    }

    /// The index of the first `any` rule that matches `text` when no `none` rule does.
    func match(_ text: String) -> Int? { match(Text(text)) }

    func match(_ text: Text) -> Int? {
        text.bytes.withUnsafeBytes { b in
            text.lower.withUnsafeBytes { l -> Int? in
                guard let hit = any.firstIndex(where: { Self.test($0, b, l, text.present) }) else { return nil }
                return none.contains { Self.test($0, b, l, text.present) } ? nil : hit
            }
        }
    }

    private static func test(
        _ rule: Compiled, _ text: UnsafeRawBufferPointer, _ lower: UnsafeRawBufferPointer, _ present: ByteSet
    ) -> Bool {
        switch rule {
        case .regex(let m): return m.regex.requirement.allows(present) && m.match(text) == .match
        case .keywords(let words): return words.allSatisfy { containsWord($0, in: lower) }
        }
    }

    /// Whole-word (or whole-phrase) search: the bytes around the match are not letters, digits or `_`.
    static func containsWord(_ word: [UInt8], in text: UnsafeRawBufferPointer) -> Bool {
        guard !word.isEmpty, word.count <= text.count else { return false }
        func isWordByte(_ c: UInt8) -> Bool { isAlnum(c) || c == 0x5F || c >= 0x80 }
        var i = 0
        let last = text.count - word.count
        while i <= last {
            if text[i] == word[0] {
                var k = 1
                while k < word.count, text[i + k] == word[k] { k += 1 }
                if k == word.count, i == 0 || !isWordByte(text[i - 1]),
                    i + word.count == text.count || !isWordByte(text[i + word.count])
                {
                    return true
                }
            }
            i += 1
        }
        return false
    }
}
