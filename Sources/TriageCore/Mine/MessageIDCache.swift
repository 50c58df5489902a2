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

    /// Entries by hash.
    private var slots = HashSlots(capacity: 512)
    private var miners: [Int32] = []
    /// Entry `i`: its bytes `bytes[byteStarts[i]..<byteStarts[i + 1]]`, its ids likewise in `ids`.
    private var bytes: [UInt8] = []
    private var byteStarts: [Int] = [0]
    private var ids: [Int32] = []
    private var idStarts: [Int] = [0]

    var count: Int { byteStarts.count - 1 }

    /// The hash `lookup` and `insert` take, from the message's `fastHash64`.
    static func hash(miner: Int, messageHash: UInt64) -> UInt64 {
        messageHash ^ (UInt64(truncatingIfNeeded: miner) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// The ids of `message`, appended to `out`, when cached; false otherwise.
    func lookup(miner: Int, _ message: UnsafeRawBufferPointer, hash h: UInt64, into out: inout [Int32]) -> Bool {
        let found = bytes.withUnsafeBytes { bytes in
            slots.find(h) { e in
                let s = byteStarts[e], n = byteStarts[e + 1] - s
                return miners[e] == miner && n == message.count
                    && (n == 0 || memcmp(bytes.baseAddress! + s, message.baseAddress!, n) == 0)
            }
        }
        guard let e = found else { return false }
        out.append(contentsOf: ids[idStarts[e]..<idStarts[e + 1]])
        return true
    }

    /// Remembers `message`'s ids (after a `lookup` miss with the same hash).
    func insert(miner: Int, _ message: UnsafeRawBufferPointer, hash h: UInt64, ids messageIDs: [Int32]) {
        if count >= Self.maxEntries || bytes.count + message.count > Self.maxBytes { clear() }
        slots.insert(count, hash: h)
        miners.append(Int32(truncatingIfNeeded: miner))
        bytes.append(contentsOf: message)
        byteStarts.append(bytes.count)
        ids.append(contentsOf: messageIDs)
        idStarts.append(ids.count)
    }

    private func clear() {
        slots.removeAll()
        miners.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        byteStarts.removeAll(keepingCapacity: true)
        byteStarts.append(0)
        ids.removeAll(keepingCapacity: true)
        idStarts.removeAll(keepingCapacity: true)
        idStarts.append(0)
    }
}
