import CHints

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// (miner, masked message) → the message's token ids. Most events repeat a masked message seen
/// before (`GET /api/cart <*> OK`), and looking the whole message up once costs a fraction of
/// interning each of its tokens. A message's ids never change once its tokens are interned (the
/// token table only grows, and once frozen it keeps every id it gave), so a hit is exactly what
/// interning would return.
///
/// Bounded: when full it starts over. A message is admitted on its second sighting only (a small
/// table of hash tags remembers first sightings), so messages that never repeat — a few percent of
/// events, but most of the distinct ones — neither fill the cache nor push the repeating ones out.
final class MessageIDCache {
    static let maxEntries = 1 << 15
    /// Bytes of records (a message's bytes, its ids and 24 bytes of bookkeeping).
    static let maxBytes = 6 << 20

    /// Where a message was last mined (`template`), and what that stood on.
    struct Mined {
        var template: Int
        var version: UInt32
    }

    /// Entries by hash; an entry is its record's offset in `arena`.
    private let slots = HashSlots(capacity: 512)
    /// Records, each 8-byte aligned: `Header`, the message's bytes, then its ids (4-byte aligned).
    /// One record per message keeps all a lookup reads on adjacent cache lines: the table is too
    /// big for the cache, and a miss per field was most of a lookup's time.
    private var arena: UnsafeMutableRawPointer
    private var arenaCapacity = 1 << 16
    private var arenaCount = 0
    private(set) var count = 0
    /// First sightings of messages.
    private let sightings = SightingTags()

    private struct Header {
        var miner: Int32
        var byteCount: Int32
        var idCount: Int32
        /// The template the message was last mined into, the miner's `exactGeneration` then and
        /// the template's token version (-1: not mined yet).
        var template: Int32
        var generation: UInt32
        var version: UInt32
    }
    private static let headerSize = MemoryLayout<Header>.stride

    init() {
        arena = UnsafeMutableRawPointer.allocate(byteCount: arenaCapacity, alignment: 8)
    }

    deinit { arena.deallocate() }

    /// The hash `lookup` and `insert` take, from the `fastHash64` of the message and of its source
    /// (with its miner's kind). It does not need the miner itself, so the mining loop can compute
    /// it for events ahead and `prefetch` their slots; entries still confirm the miner.
    static func hash(source: UInt64, messageHash: UInt64) -> UInt64 {
        messageHash ^ (source &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Starts loading the slot a lookup of `h` will read.
    @inline(__always) func prefetch(hash h: UInt64) { slots.prefetch(h) }

    /// Starts loading the record a lookup of `h` will most likely confirm (call after `prefetch`
    /// had time to bring the slot in).
    @inline(__always) func prefetchRecord(hash h: UInt64) {
        guard let r = slots.peek(h) else { return }
        triage_prefetch(arena + r)
        triage_prefetch(arena + r + 64)
    }

    @inline(__always) private func header(_ r: Int) -> UnsafeMutablePointer<Header> {
        (arena + r).assumingMemoryBound(to: Header.self)
    }

    /// The entry of `message`, when cached; nil otherwise.
    func find(miner: Int, _ message: UnsafeRawBufferPointer, hash h: UInt64) -> Int? {
        slots.find(h) { r in
            let e = header(r).pointee
            return e.miner == Int32(truncatingIfNeeded: miner) && Int(e.byteCount) == message.count
                && (message.isEmpty || memcmp(arena + r + Self.headerSize, message.baseAddress!, message.count) == 0)
        }
    }

    /// Appends the token ids of entry `r`'s message to `out`.
    func appendIDs(_ r: Int, to out: inout [Int32]) {
        let e = header(r).pointee
        let ids = (arena + r + Self.idOffset(byteCount: Int(e.byteCount))).assumingMemoryBound(to: Int32.self)
        out.append(contentsOf: UnsafeBufferPointer(start: ids, count: Int(e.idCount)))
    }

    /// The template entry `r`'s message was last mined into, if mined in `generation`.
    func template(_ r: Int, generation: UInt32) -> Mined? {
        let e = header(r).pointee
        return e.template >= 0 && e.generation == generation ? Mined(template: Int(e.template), version: e.version) : nil
    }

    func setTemplate(_ r: Int, _ m: Mined, generation: UInt32) {
        let e = header(r)
        e.pointee.template = Int32(truncatingIfNeeded: m.template)
        e.pointee.generation = generation
        e.pointee.version = m.version
    }

    private static func idOffset(byteCount: Int) -> Int { headerSize + (byteCount + 3) & ~3 }

    /// Remembers `message`'s ids (after a `lookup` miss with the same hash) if it was seen before;
    /// returns its entry then.
    @discardableResult
    func insert(miner: Int, _ message: UnsafeRawBufferPointer, hash h: UInt64, ids messageIDs: [Int32]) -> Int? {
        guard seenBefore(hash: h) else { return nil }
        let size = (Self.idOffset(byteCount: message.count) + 4 * messageIDs.count + 7) & ~7
        if count >= Self.maxEntries || arenaCount + size > Self.maxBytes { clear() }
        guard size <= Self.maxBytes else { return nil }
        reserveRaw(&arena, capacity: &arenaCapacity, count: arenaCount, adding: size)
        let r = arenaCount
        header(r).initialize(
            to: Header(
                miner: Int32(truncatingIfNeeded: miner), byteCount: Int32(message.count), idCount: Int32(messageIDs.count),
                template: -1, generation: 0, version: 0))
        if !message.isEmpty { (arena + r + Self.headerSize).copyMemory(from: message.baseAddress!, byteCount: message.count) }
        messageIDs.withUnsafeBytes { ids in
            if !ids.isEmpty { (arena + r + Self.idOffset(byteCount: message.count)).copyMemory(from: ids.baseAddress!, byteCount: ids.count) }
        }
        arenaCount += size
        count += 1
        slots.insert(r, hash: h)
        return r
    }

    /// Whether a message with hash `h` was seen before; notes this sighting. (A message whose ids
    /// cannot be kept yet, `TokenTable`'s provisional ones, still counts as seen.)
    @discardableResult
    func seenBefore(hash h: UInt64) -> Bool { sightings.seenBefore(h) }


    private func clear() {
        slots.removeAll()
        arenaCount = 0
        count = 0
    }
}
