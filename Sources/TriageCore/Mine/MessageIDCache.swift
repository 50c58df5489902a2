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
    static let maxBytes = 4 << 20

    private struct Entry {
        var miner: Int32
        var byteCount: Int32
        var byteStart: Int
        var idStart: Int32
        var idCount: Int32
        /// The template the message was last mined into, the miner's `exactGeneration` then and
        /// the template's token version (-1: not mined yet).
        var template: Int32 = -1
        var generation: UInt32 = 0
        var version: UInt32 = 0
    }

    /// Where a message was last mined (`template`), and what that stood on.
    struct Mined {
        var template: Int
        var version: UInt32
    }

    /// Entries by hash.
    private var slots = HashSlots(capacity: 512)
    private var entries: [Entry] = []
    private var bytes: [UInt8] = []
    private var ids: [Int32] = []
    /// First sightings of messages.
    private let sightings = SightingTags()

    var count: Int { entries.count }

    /// The hash `lookup` and `insert` take, from the message's `fastHash64`.
    static func hash(miner: Int, messageHash: UInt64) -> UInt64 {
        messageHash ^ (UInt64(truncatingIfNeeded: miner) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The entry of `message`, when cached; nil otherwise.
    func find(miner: Int, _ message: UnsafeRawBufferPointer, hash h: UInt64) -> Int? {
        bytes.withUnsafeBytes { bytes in
            entries.withUnsafeBufferPointer { entries in
                slots.find(h) { i in
                    let e = entries[i]
                    return e.miner == Int32(truncatingIfNeeded: miner) && Int(e.byteCount) == message.count
                        && (message.isEmpty || memcmp(bytes.baseAddress! + e.byteStart, message.baseAddress!, message.count) == 0)
                }
            }
        }
    }

    /// Appends the token ids of entry `i`'s message to `out`.
    func appendIDs(_ i: Int, to out: inout [Int32]) {
        let e = entries[i]
        ids.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[Int(e.idStart)..<Int(e.idStart + e.idCount)])) }
    }

    /// The template entry `i`'s message was last mined into, if mined in `generation`.
    func template(_ i: Int, generation: UInt32) -> Mined? {
        let e = entries[i]
        return e.template >= 0 && e.generation == generation ? Mined(template: Int(e.template), version: e.version) : nil
    }

    func setTemplate(_ i: Int, _ m: Mined, generation: UInt32) {
        entries[i].template = Int32(truncatingIfNeeded: m.template)
        entries[i].generation = generation
        entries[i].version = m.version
    }

    /// Remembers `message`'s ids (after a `lookup` miss with the same hash) if it was seen before;
    /// returns its entry then.
    @discardableResult
    func insert(miner: Int, _ message: UnsafeRawBufferPointer, hash h: UInt64, ids messageIDs: [Int32]) -> Int? {
        guard seenBefore(hash: h) else { return nil }
        if count >= Self.maxEntries || bytes.count + message.count > Self.maxBytes { clear() }
        slots.insert(count, hash: h)
        entries.append(
            Entry(
                miner: Int32(truncatingIfNeeded: miner), byteCount: Int32(message.count), byteStart: bytes.count,
                idStart: Int32(ids.count), idCount: Int32(messageIDs.count)))
        bytes.append(contentsOf: message)
        ids.append(contentsOf: messageIDs)
        return entries.count - 1
    }

    /// Whether a message with hash `h` was seen before; notes this sighting. (A message whose ids
    /// cannot be kept yet, `TokenTable`'s provisional ones, still counts as seen.)
    @discardableResult
    func seenBefore(hash h: UInt64) -> Bool { sightings.seenBefore(h) }

    private func clear() {
        slots.removeAll()
        entries.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
    }
}
