#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// (miner, masked message) → the message's token ids. Most events repeat a masked message seen
/// before (`GET /api/cart <*> OK`), and looking the whole message up once costs a fraction of
/// interning each of its tokens. A message's ids never change once its tokens are interned (the
/// token table only grows, and once frozen it keeps every id it gave), so a hit is exactly what
/// interning would return. Bounded: when full it starts over, so on input where nothing repeats it
/// costs one lookup and one insertion per event.
final class MessageIDCache {
    static let maxEntries = 1 << 15
    static let maxBytes = 4 << 20

    /// Slot → entry (-1: empty), with the entry's hash alongside. Power-of-two size, at most half
    /// full; grows up to `2 * maxEntries` slots.
    private var slots = [Int32](repeating: -1, count: 1024)
    private var slotHashes = [UInt64](repeating: 0, count: 1024)
    private var miners: [Int32] = []
    /// Entry `i`: its bytes `bytes[byteStarts[i]..<byteStarts[i + 1]]`, its ids likewise in `ids`.
    private var bytes: [UInt8] = []
    private var byteStarts: [Int] = [0]
    private var ids: [Int32] = []
    private var idStarts: [Int] = [0]
    private(set) var hits = 0

    var count: Int { byteStarts.count - 1 }

    /// The hash `lookup` and `insert` take, from the message's `fastHash64`.
    static func hash(miner: Int, messageHash: UInt64) -> UInt64 {
        messageHash ^ (UInt64(truncatingIfNeeded: miner) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The ids of `message`, appended to `out`, when cached; false otherwise.
    func lookup(miner: Int, _ message: UnsafeRawBufferPointer, hash h: UInt64, into out: inout [Int32]) -> Bool {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = Int(slots[i])
            if e < 0 { return false }
            if slotHashes[i] == h, miners[e] == miner {
                let s = byteStarts[e], n = byteStarts[e + 1] - s
                let same = n == message.count
                    && (n == 0 || bytes.withUnsafeBytes { memcmp($0.baseAddress! + s, message.baseAddress!, n) == 0 })
                if same {
                    out.append(contentsOf: ids[idStarts[e]..<idStarts[e + 1]])
                    hits += 1
                    return true
                }
            }
            i = (i + 1) & mask
        }
    }

    /// Remembers `message`'s ids (after a `lookup` miss with the same hash).
    func insert(miner: Int, _ message: UnsafeRawBufferPointer, hash h: UInt64, ids messageIDs: [Int32]) {
        if count >= Self.maxEntries || bytes.count + message.count > Self.maxBytes { clear() }
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = Int32(count)
        slotHashes[i] = h
        miners.append(Int32(truncatingIfNeeded: miner))
        bytes.append(contentsOf: message)
        byteStarts.append(bytes.count)
        ids.append(contentsOf: messageIDs)
        idStarts.append(ids.count)
    }

    private func grow() {
        let size = slots.count * 2
        var newSlots = [Int32](repeating: -1, count: size)
        var newHashes = [UInt64](repeating: 0, count: size)
        for (slot, e) in slots.enumerated() where e >= 0 {
            let h = slotHashes[slot]
            var i = Int(truncatingIfNeeded: h) & (size - 1)
            while newSlots[i] >= 0 { i = (i + 1) & (size - 1) }
            newSlots[i] = e
            newHashes[i] = h
        }
        slots = newSlots
        slotHashes = newHashes
    }

    private func clear() {
        for i in slots.indices { slots[i] = -1 }
        miners.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        byteStarts.removeAll(keepingCapacity: true)
        byteStarts.append(0)
        ids.removeAll(keepingCapacity: true)
        idStarts.removeAll(keepingCapacity: true)
        idStarts.append(0)
    }
}
