#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Interns token bytes as small integers so templates compare as `[Int32]` and each distinct token's
/// bytes are stored once. Lookups hash the bytes in place (no allocation for tokens already seen)
/// into an open-addressing table whose keys sit in one byte arena: this runs for every token of
/// every event, and a Swift Dictionary's SipHash plus an array per key cost twice as much.
///
/// Memory grows with the tokens worth keeping, not with the lines. A message's token that the
/// table does not hold (`messageID`) is stored on its second sighting only, and only while the
/// table holds fewer than `maxTokens`; otherwise it gets a provisional id (at `provisionalBase`
/// and above) that lasts until `endMessage`. Identifiers the masks leave (`ORD-2Q5XAZSE`,
/// `ch_a1I2uZiYCj2tEo`) are mostly seen once: stored, they made memory grow with every line. A
/// template keeps only stored tokens (`permanent`), and messages with a provisional token are
/// not remembered by the miner's caches.
final class TokenTable {
    /// Token ids by the hash of their bytes (small at first: a source may log a handful of lines).
    private let slots = HashSlots(capacity: 16)
    /// Token bytes back to back; token `i` is `arena[starts[i]..<starts[i + 1]]`. Raw memory: a
    /// lookup would otherwise retain and release the arrays, an atomic pair per token.
    private let arena = ByteBuffer(capacity: 16)
    private var starts = RawList<Int>(capacity: 4)
    private var texts: [[UInt8]] = []
    /// Per token: true when it is a plain word (letters only, optional trailing punctuation).
    private var words: [Bool] = []
    /// Per token: true when masks put a `<*>` (or a named `<ipv4>`) in it (`<*>`, `blk_<*>`, `<*>,`).
    private var withPlaceholder: [Bool] = []
    /// Per token: true when the whole token is one placeholder (`<*>`, `<ipv4>`).
    private var placeholders: [Bool] = []

    /// The first provisional id: stored ids stay below it.
    static let provisionalBase: Int32 = 1 << 30
    /// Most tokens stored from messages (templates may add their constants beyond it).
    var maxTokens = 1 << 18
    /// The current message's tokens that are not stored, by provisional id (bytes in
    /// `provisionalBytes`).
    private var provisional: [(bytes: Range<Int>, isWord: Bool, hasPlaceholder: Bool, isPlaceholder: Bool)] = []
    private let provisionalBytes = ByteBuffer(capacity: 16)
    /// First sightings of tokens not stored (shared by the tables of one store: a table per source
    /// must stay small).
    private let sightings: SightingTags

    init(sightings: SightingTags = SightingTags()) {
        self.sightings = sightings
        starts.append(0)
    }

    deinit { starts.deallocate() }

    /// Stored tokens.
    var count: Int { texts.count }
    /// The current message has tokens that are not stored.
    var hasProvisional: Bool { !provisional.isEmpty }

    static func isProvisional(_ id: Int32) -> Bool { id >= provisionalBase }

    func text(_ id: Int32) -> [UInt8] { id < Self.provisionalBase ? texts[Int(id)] : Array(bytes(id)) }

    /// A token's bytes, valid until the table changes (no array is made or retained: the
    /// template search compares token bytes for every candidate).
    @inline(__always) func bytes(_ id: Int32) -> UnsafeRawBufferPointer {
        if id < Self.provisionalBase {
            let s = starts.base[Int(id)]
            return UnsafeRawBufferPointer(rebasing: arena.bytes[s..<starts.base[Int(id) + 1]])
        }
        return UnsafeRawBufferPointer(rebasing: provisionalBytes.bytes[provisional[Int(id - Self.provisionalBase)].bytes])
    }
    func isWord(_ id: Int32) -> Bool { id < Self.provisionalBase ? words[Int(id)] : provisional[Int(id - Self.provisionalBase)].isWord }
    func hasPlaceholder(_ id: Int32) -> Bool {
        id < Self.provisionalBase ? withPlaceholder[Int(id)] : provisional[Int(id - Self.provisionalBase)].hasPlaceholder
    }
    func isPlaceholder(_ id: Int32) -> Bool {
        id < Self.provisionalBase ? placeholders[Int(id)] : provisional[Int(id - Self.provisionalBase)].isPlaceholder
    }

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

    /// The stored id of `b`, storing it if needed (for template constants and prefixes).
    func id(_ b: UnsafeRawBufferPointer) -> Int32 {
        let h = fastHash64(b)
        if let found = find(b, hash: h) { return found }
        if frozen { return unknownID }
        return store(b, hash: h)
    }

    /// The id of a token of a message being mined: stored, or provisional until `endMessage` (see
    /// the type's comment).
    func messageID(_ b: UnsafeRawBufferPointer) -> Int32 {
        let h = fastHash64(b)
        if let found = find(b, hash: h) { return found }
        if frozen { return unknownID }
        // Twice in one message: one id (checked first: the first sighting already set the tag).
        for (k, p) in provisional.enumerated() where p.bytes.count == b.count {
            let id = Self.provisionalBase + Int32(k)
            if bytes(id).elementsEqual(b) { return id }
        }
        if sightings.seenBefore(h), texts.count < maxTokens { return store(b, hash: h) }
        let start = provisionalBytes.count
        provisionalBytes.append(b)
        provisional.append(
            (start..<provisionalBytes.count, Self.classifyWord(b), Self.containsPlaceholder(b), Self.placeholderEnd(b, 0) == b.count))
        return Self.provisionalBase + Int32(provisional.count - 1)
    }

    /// The stored id for `id` (storing a provisional token's bytes): what templates keep.
    func permanent(_ id: Int32) -> Int32 {
        guard Self.isProvisional(id) else { return id }
        return text(id).withUnsafeBytes { self.id($0) }
    }

    /// The message being mined is done: its provisional ids are forgotten.
    func endMessage() {
        if !provisional.isEmpty {
            provisional.removeAll(keepingCapacity: true)
            provisionalBytes.removeAll()
        }
    }

    private func find(_ b: UnsafeRawBufferPointer, hash h: UInt64) -> Int32? {
        let arena = self.arena.bytes.baseAddress, starts = self.starts.base
        return slots.find(h) { id in
            let s = starts[id], n = starts[id + 1] - s
            return n == b.count && (n == 0 || memcmp(arena! + s, b.baseAddress!, n) == 0)
        }.map { Int32($0) }
    }

    private func store(_ b: UnsafeRawBufferPointer, hash h: UInt64) -> Int32 {
        let id = Int32(texts.count)
        texts.append(Array(b))
        arena.append(b)
        starts.append(arena.count)
        words.append(Self.classifyWord(b))
        withPlaceholder.append(Self.containsPlaceholder(b))
        placeholders.append(Self.placeholderEnd(b, 0) == b.count)
        slots.insert(Int(id), hash: h)
        return id
    }

    func id(_ s: String) -> Int32 {
        var s = s
        return s.withUTF8 { id(UnsafeRawBufferPointer($0)) }
    }

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
