#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Small byte-level helpers shared by the parsers. The hot path never builds a String per line.

@usableFromInline let asciiSpace: UInt8 = 0x20
@usableFromInline let asciiTab: UInt8 = 0x09

@inlinable func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
@inlinable func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
@inlinable func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }
@inlinable func isBlank(_ b: UInt8) -> Bool { b == asciiSpace || b == asciiTab }
@inlinable func lowerASCII(_ b: UInt8) -> UInt8 { isAlpha(b) ? b | 0x20 : b }

/// The top bit of the lowest byte of `w` equal to `c` is set, and no bit below it (higher bits
/// may be set wrongly: a borrow runs upwards only), so `trailingZeroBitCount >> 3` is that byte's
/// index in a little-endian load.
@inline(__always) func bytesEqual(_ w: UInt64, _ c: UInt8) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let x = w ^ (ones &* UInt64(c))
    return (x &- ones) & ~x & (ones &* 0x80)
}

/// Like `bytesEqual`, for the bytes of `w` below `n` (`n` at most 0x80; bytes of 0x80 and above
/// never count).
@inline(__always) func bytesBelow(_ w: UInt64, _ n: UInt8) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    return (w &- ones &* UInt64(n)) & ~w & (ones &* 0x80)
}

/// Exact per-byte tests, for sets of bytes: the top bit of every byte of `w` in `lo...hi`, and of
/// every byte equal to `c` (all below 0x80; bytes of 0x80 and above never count). They work on
/// the low seven bits, where no carry crosses into the next byte, so unlike `bytesEqual` every
/// flag is right, not only the lowest.
@inline(__always) func bytesInRange(_ w: UInt64, _ lo: UInt8, _ hi: UInt8) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high = ones &* 0x80
    let x = w & ~high
    return (x &+ ones &* UInt64(0x80 - lo)) & ~(x &+ ones &* UInt64(0x7F - hi)) & ~w & high
}

@inline(__always) func bytesAre(_ w: UInt64, _ c: UInt8) -> UInt64 {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let high = ones &* 0x80
    return ~(((w & ~high) ^ (ones &* UInt64(c))) &+ ~high) & ~w & high
}

extension UnsafeRawBufferPointer {
    /// Index of the first byte at or below 0x20 (a token separator: space, tab, control) at or
    /// after `i` (or `count`), eight bytes at a time.
    @inline(__always) func firstSeparator(from i: Int) -> Int {
        var j = i
        if let base = baseAddress {
            while j + 8 <= count {
                let hits = bytesBelow(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: j, as: UInt64.self)), 0x21)
                if hits != 0 { return j + hits.trailingZeroBitCount >> 3 }
                j += 8
            }
        }
        while j < count, self[j] > 0x20 { j += 1 }
        return j
    }

    /// The closing '"' of quoted text that starts at `i`, a backslash escaping the byte after it
    /// (JSON strings, logfmt values, an access log's request): its index, or `count` when there is
    /// none; and whether the text holds an escape.
    @inline(__always) func closingQuote(from i: Int) -> (index: Int, escaped: Bool) {
        var j = i
        var escaped = false
        while true {
            j = firstIndex(ofAny: 0x22, 0x5C, 0x5C, from: j)
            guard j < count, self[j] == 0x5C else { return (Swift.min(j, count), escaped) }
            escaped = true
            j += 2
        }
    }

    /// Index of the first blank at or after `i` (or `count`).
    @inline(__always) func firstBlank(from i: Int) -> Int { firstIndex(ofAny: asciiSpace, asciiTab, asciiTab, from: i) }

    /// Index of the first blank or `byte` at or after `i` (or `count`).
    @inline(__always) func firstBlank(orByte byte: UInt8, from i: Int) -> Int {
        firstIndex(ofAny: asciiSpace, asciiTab, byte, from: i)
    }

    /// Index of the first `a`, `b` or `c` at or after `i` (or `count`; repeat a byte to look for
    /// fewer): eight bytes at a time. Fields, keys and values are a few to a few dozen bytes, and
    /// a byte loop with its bounds checks cost about nine instructions a byte.
    @inline(__always) func firstIndex(ofAny a: UInt8, _ b: UInt8, _ c: UInt8, from i: Int) -> Int {
        var j = i
        if let base = baseAddress {
            while j + 8 <= count {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: j, as: UInt64.self))
                // (A repeated byte is not tested twice: with literal bytes the test folds away.)
                let hits = bytesEqual(w, a) | bytesEqual(w, b) | (c == b ? 0 : bytesEqual(w, c))
                if hits != 0 { return j + hits.trailingZeroBitCount >> 3 }
                j += 8
            }
        }
        while j < count {
            let x = self[j]
            if x == a || x == b || x == c { return j }
            j += 1
        }
        return j
    }

    /// Index of the first non-blank byte at or after `i`.
    @inline(__always) func skipBlanks(from i: Int) -> Int {
        var j = i
        while j < count, isBlank(self[j]) { j += 1 }
        return j
    }

    /// Parses exactly `n` decimal digits at `i`.
    @inline(__always) func digits(at i: Int, count n: Int) -> Int? {
        guard i >= 0, i + n <= count else { return nil }
        // Timestamps read two- and four-digit fields by the dozen per line: no loop for those.
        if n == 2 {
            let a = self[i] &- 0x30, b = self[i + 1] &- 0x30
            return a < 10 && b < 10 ? Int(a) * 10 + Int(b) : nil
        }
        var v = 0
        for k in i..<(i + n) {
            let b = self[k]
            guard isDigit(b) else { return nil }
            v = v * 10 + Int(b &- 0x30)
        }
        return v
    }

    /// Parses one or two digits at `i` (e.g. a syslog day " 2" or "12"); returns value and length.
    @inline(__always) func oneOrTwoDigits(at i: Int) -> (Int, Int)? {
        guard i < count, isDigit(self[i]) else { return nil }
        if i + 1 < count, isDigit(self[i + 1]) {
            return (Int(self[i] &- 0x30) * 10 + Int(self[i + 1] &- 0x30), 2)
        }
        return (Int(self[i] &- 0x30), 1)
    }

    /// True when the bytes at `i` equal `literal` (ASCII, case-sensitive).
    @inline(__always) func hasBytes(_ literal: StaticString, at i: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i >= 0, i + n <= count else { return false }
        let p = literal.utf8Start
        for k in 0..<n where self[i + k] != p[k] { return false }
        return true
    }

    /// First index of `byte` in `from..<to`, or nil.
    @inline(__always) func firstIndex(of byte: UInt8, from: Int, to: Int? = nil) -> Int? {
        let end = Swift.min(to ?? count, count)
        guard from < end, let hit = memchr(baseAddress! + from, Int32(byte), end - from) else { return nil }
        return baseAddress!.distance(to: UnsafeRawPointer(hit))
    }

    /// A String for display or storage (invalid UTF-8 is repaired with U+FFFD).
    public func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: self[range]), as: UTF8.self)
    }
}

/// A word of up to 16 ASCII letters, lower-cased and packed into two integers: a dictionary key for
/// word tables (levels, telling words) that needs no String per word.
struct WordKey: Hashable, Sendable {
    var high: UInt64
    var low: UInt64

    /// nil unless `range` holds 1–16 ASCII letters.
    @inline(__always)
    init?(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) {
        let n = range.count
        guard n > 0, n <= 16, let base = b.baseAddress else { return nil }
        // Words are looked up for every line: with 16 bytes to read, eight at a time.
        if b.count - range.lowerBound >= 16 {
            let p = base + range.lowerBound
            guard let h = Self.letters(p.loadUnaligned(as: UInt64.self), count: min(n, 8)) else { return nil }
            var l: UInt64 = 0
            if n > 8 {
                guard let x = Self.letters(p.loadUnaligned(fromByteOffset: 8, as: UInt64.self), count: n - 8) else { return nil }
                l = x
            }
            high = h
            low = l
            return
        }
        high = 0
        low = 0
        for (k, i) in range.enumerated() {
            let c = lowerASCII(b[i])
            guard isAlpha(c) else { return nil }
            if k < 8 { high |= UInt64(c) << (8 * UInt64(k)) } else { low |= UInt64(c) << (8 * UInt64(k - 8)) }
        }
    }

    /// The first `count` (1–8) bytes of `w` lower-cased, the rest zero; nil unless they are all
    /// ASCII letters. Per byte x: letter iff x < 0x80 and 0x61 ≤ x | 0x20 < 0x7B; the subtractions
    /// below run on bytes with their top bit set, so no byte borrows from the next.
    @inline(__always) static func letters(_ w: UInt64, count: Int) -> UInt64? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops = ones &* 0x80
        let keep = count == 8 ? UInt64.max : (UInt64(1) << UInt64(8 * count)) &- 1
        let y = w | (ones &* 0x20)
        let atLeastA = (y | tops) &- ones &* 0x61
        let pastZ = (y | tops) &- ones &* 0x7B
        let isLetter = atLeastA & ~pastZ & ~w & tops
        guard isLetter & keep == tops & keep else { return nil }
        return y & keep
    }

    init(_ word: String) {
        var w = word
        self = w.withUTF8 { WordKey(UnsafeRawBufferPointer($0), 0..<$0.count)! }
    }
}

/// A fixed set of words (1–16 letters, any case) and a value for each, looked up by `WordKey`
/// through an open-addressing index: these tables are consulted for words of every line.
struct WordTable<Value: Sendable>: Sendable {
    private var index = HashIndex(capacity: 64)
    private var keys: [WordKey] = []
    private var values: [Value] = []

    init(_ entries: [(String, Value)]) {
        for (word, value) in entries {
            let k = WordKey(word)
            if let i = index[Self.mix(k)] {
                precondition(keys[i] == k, "WordTable: two words share a key")
                values[i] = value
                continue
            }
            index[Self.mix(k)] = keys.count
            keys.append(k)
            values.append(value)
        }
    }

    @inline(__always) private static func mix(_ k: WordKey) -> UInt64 { k.high ^ (k.low &* 0xC2B2_AE3D_27D4_EB4F) }

    subscript(_ k: WordKey) -> Value? {
        guard let i = index[Self.mix(k)], keys[i] == k else { return nil }
        return values[i]
    }

    func contains(_ k: WordKey) -> Bool { self[k] != nil }
}

extension Array where Element == UInt8 {
    func string() -> String { String(decoding: self, as: UTF8.self) }
}

/// FNV-1a 64 over bytes: stable across runs and machines (Swift's Hasher is seeded per process).
@inlinable func fnv1a64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    var h = seed
    for b in bytes {
        h ^= UInt64(b)
        h &*= 0x0000_0100_0000_01b3
    }
    return h
}

func fnv1a64(_ s: String) -> UInt64 {
    var copy = s
    return copy.withUTF8 { fnv1a64(UnsafeRawBufferPointer($0)) }
}
