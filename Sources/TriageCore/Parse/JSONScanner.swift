#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A byte-level scanner for one JSON object per line: it walks the top-level members without
/// building a tree, so a JSON log line costs one pass and no allocation.
enum JSONValueKind: Sendable { case string, number, bool, null, object, array }

struct JSONValueRef: Sendable {
    var kind: JSONValueKind
    /// For strings: the bytes between the quotes (still escaped). Otherwise the whole value.
    var range: Range<Int>
    var hasEscapes: Bool
}

enum JSONScanner {
    /// Calls `visit` for each top-level member of the object starting at `start` (after blanks).
    /// Returns the index after the closing brace, or nil when the bytes are not a JSON object.
    @discardableResult
    static func scanObject(
        _ b: UnsafeRawBufferPointer, from start: Int,
        _ visit: (_ key: Range<Int>, _ keyEscaped: Bool, _ value: JSONValueRef) -> Void
    ) -> Int? {
        var i = skipWS(b, start)
        guard i < b.count, b[i] == 0x7B else { return nil }
        i = skipWS(b, i + 1)
        if i < b.count, b[i] == 0x7D { return i + 1 }
        while i < b.count {
            guard b[i] == 0x22, let (key, keyEsc, afterKey) = string(b, i) else { return nil }
            i = skipWS(b, afterKey)
            guard i < b.count, b[i] == 0x3A else { return nil }
            i = skipWS(b, i + 1)
            guard let (value, afterValue) = self.value(b, i) else { return nil }
            visit(key, keyEsc, value)
            i = skipWS(b, afterValue)
            guard i < b.count else { return nil }
            if b[i] == 0x2C {
                i = skipWS(b, i + 1)
                continue
            }
            return b[i] == 0x7D ? i + 1 : nil
        }
        return nil
    }

    static func skipWS(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int {
        var j = i
        while j < b.count {
            let c = b[j]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { j += 1 } else { break }
        }
        return j
    }

    /// A string starting at the quote `i`: (inner range, has escapes, index after closing quote).
    static func string(_ b: UnsafeRawBufferPointer, _ i: Int) -> (Range<Int>, Bool, Int)? {
        // (Eight bytes at a time: most strings are short, and a library call per string cost more
        // than the scan.)
        let (quote, escaped) = b.closingQuote(from: i + 1)
        return quote < b.count ? (i + 1..<quote, escaped, quote + 1) : nil
    }

    static func value(_ b: UnsafeRawBufferPointer, _ i: Int) -> (JSONValueRef, Int)? {
        guard i < b.count else { return nil }
        switch b[i] {
        case 0x22:
            guard let (r, esc, end) = string(b, i) else { return nil }
            return (JSONValueRef(kind: .string, range: r, hasEscapes: esc), end)
        case 0x7B, 0x5B:
            guard let end = skipContainer(b, i) else { return nil }
            return (JSONValueRef(kind: b[i] == 0x7B ? .object : .array, range: i..<end, hasEscapes: false), end)
        case 0x74, 0x66:  // true / false
            var j = i
            while j < b.count, isAlpha(b[j]) { j += 1 }
            return (JSONValueRef(kind: .bool, range: i..<j, hasEscapes: false), j)
        case 0x6E:  // null
            guard b.hasBytes("null", at: i) else { return nil }
            return (JSONValueRef(kind: .null, range: i..<i + 4, hasEscapes: false), i + 4)
        default:
            var j = i
            while j < b.count {
                let c = b[j]
                if isDigit(c) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45 { j += 1 } else { break }
            }
            guard j > i else { return nil }
            return (JSONValueRef(kind: .number, range: i..<j, hasEscapes: false), j)
        }
    }

    /// Skips a nested object or array (strings inside may contain braces).
    static func skipContainer(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int? {
        var depth = 0
        var j = i
        while j < b.count {
            let c = b[j]
            switch c {
            case 0x22:
                guard let (_, _, end) = string(b, j) else { return nil }
                j = end
                continue
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                depth -= 1
                if depth == 0 { return j + 1 }
            default: break
            }
            j += 1
        }
        return nil
    }

    /// Appends the unescaped UTF-8 of a JSON string's inner bytes.
    static func appendUnescaped(_ b: UnsafeRawBufferPointer, _ r: Range<Int>, to out: ByteBuffer) {
        var j = r.lowerBound
        while j < r.upperBound {
            // The run up to the next escape in one copy.
            var k = j
            while k < r.upperBound, b[k] != 0x5C { k += 1 }
            if k > j {
                out.append(UnsafeRawBufferPointer(rebasing: b[j..<k]))
                j = k
                continue
            }
            guard j + 1 < r.upperBound else {
                out.append(0x5C)  // a lone backslash at the end
                j += 1
                continue
            }
            let e = b[j + 1]
            j += 2
            switch e {
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0D)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x75:
                guard var scalar = hex4(b, j, r.upperBound) else {
                    out.append(0x5C)
                    out.append(e)
                    continue
                }
                j += 4
                if (0xD800..<0xDC00).contains(scalar), j + 6 <= r.upperBound, b[j] == 0x5C, b[j + 1] == 0x75,
                    let low = hex4(b, j + 2, r.upperBound), (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    j += 6
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(Array(String(Character(u)).utf8))
            default: out.append(e)  // \" \\ \/
            }
        }
    }

    private static func hex4(_ b: UnsafeRawBufferPointer, _ i: Int, _ end: Int) -> UInt32? {
        guard i + 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in i..<i + 4 {
            let c = b[k]
            let d: UInt32
            if isDigit(c) {
                d = UInt32(c - 0x30)
            } else if (0x61...0x66).contains(c | 0x20) {
                d = UInt32((c | 0x20) - 0x61 + 10)
            } else {
                return nil
            }
            v = v << 4 | d
        }
        return v
    }
}
