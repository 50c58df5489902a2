#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Interns token bytes as small integers so templates compare as `[Int32]` and each distinct token's
/// bytes are stored once. Lookups hash the bytes in place (no allocation for tokens already seen)
/// into an open-addressing table whose keys sit in one byte arena: this runs for every token of
/// every event, and a Swift Dictionary's SipHash plus an array per key cost twice as much.
final class TokenTable {
    /// Token ids by the hash of their bytes.
    private var slots = HashSlots()
    /// Token bytes back to back; token `i` is `arena[starts[i]..<starts[i + 1]]`.
    private var arena: [UInt8] = []
    private var starts: [Int] = [0]
    private(set) var texts: [[UInt8]] = []
    /// Per token: true when it is a plain word (letters only, optional trailing punctuation).
    private(set) var isWord: [Bool] = []
    /// Per token: true when masks put a `<*>` (or a named `<ipv4>`) in it (`<*>`, `blk_<*>`, `<*>,`).
    private(set) var hasPlaceholder: [Bool] = []
    /// Per token: true when the whole token is one placeholder (`<*>`, `<ipv4>`).
    private(set) var isPlaceholder: [Bool] = []

    /// Once frozen (the template cap is reached), new tokens are not stored: they all get one
    /// `unknown` id that equals no template constant, so memory stays bounded on garbage input.
    var frozen = false
    private lazy var unknownID: Int32 = {
        let was = frozen
        frozen = false
        defer { frozen = was }
        var s = "\u{1}"
        return s.withUTF8 { id(UnsafeRawBufferPointer($0)) }
    }()

    func id(_ b: UnsafeRawBufferPointer) -> Int32 {
        let h = fastHash64(b)
        let found = arena.withUnsafeBytes { arena in
            slots.find(h) { id in
                let s = starts[id], n = starts[id + 1] - s
                return n == b.count && (n == 0 || memcmp(arena.baseAddress! + s, b.baseAddress!, n) == 0)
            }
        }
        if let found { return Int32(found) }
        if frozen { return unknownID }
        let id = Int32(texts.count)
        texts.append(Array(b))
        arena.append(contentsOf: b)
        starts.append(arena.count)
        isWord.append(Self.classifyWord(b))
        hasPlaceholder.append(Self.containsPlaceholder(b))
        isPlaceholder.append(Self.placeholderEnd(b, 0) == b.count)
        slots.insert(Int(id), hash: h)
        return id
    }

    func id(_ s: String) -> Int32 {
        var s = s
        return s.withUTF8 { id(UnsafeRawBufferPointer($0)) }
    }

    func text(_ id: Int32) -> [UInt8] { texts[Int(id)] }

    static func containsPlaceholder(_ b: UnsafeRawBufferPointer) -> Bool {
        for i in 0..<b.count where b[i] == 0x3C && placeholderEnd(b, i) != nil { return true }
        return false
    }

    /// `<*>` or `<name>` (letters, digits, `_`, `-`) starting at `i`: the index after `>`.
    static func placeholderEnd(_ b: UnsafeRawBufferPointer, _ i: Int) -> Int? {
        guard i + 2 < b.count, b[i] == 0x3C else { return nil }
        if b[i + 1] == 0x2A { return b[i + 2] == 0x3E ? i + 3 : nil }
        var j = i + 1
        while j < b.count, isAlnum(b[j]) || b[j] == 0x5F || b[j] == 0x2D { j += 1 }
        return j > i + 1 && j < b.count && b[j] == 0x3E ? j + 1 : nil
    }

    /// Letters, with `_` or `-` between them (at least two letters), optionally ending in
    /// `. , : ;` — `opened`, `closed,`, `FAIL_CONTAINER_CLEANUP`, `double-hummer`: the constants that
    /// tell statements apart. Anything with digits, `<*>`, dots or slashes inside is not a word.
    static func classifyWord(_ b: UnsafeRawBufferPointer) -> Bool {
        var n = b.count
        var s = 0
        // Quotes and brackets around a word do not make it a value: 'sparkExecutorActorSystem'.
        while s < n, [0x27, 0x22, 0x28, 0x5B].contains(b[s]) { s += 1 }
        while n > s, [0x2E, 0x2C, 0x3A, 0x3B, 0x27, 0x22, 0x29, 0x5D].contains(b[n - 1]) { n -= 1 }
        guard n - s >= 2, isAlpha(b[s]), isAlpha(b[n - 1]) else { return false }
        for i in s..<n where !isAlpha(b[i]) && b[i] != 0x5F && b[i] != 0x2D { return false }
        return true
    }
}
