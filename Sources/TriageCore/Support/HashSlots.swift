/// Open addressing for tables whose entries live elsewhere (bytes in an arena): slot → entry index
/// (-1: empty), with each entry's 64-bit hash beside it, so a probe confirms an entry (`isEntry`,
/// e.g. comparing bytes) only when the hashes agree. Entries with equal hashes coexist. Power-of-
/// two size, kept at most half full. (`HashIndex` is the simpler map for keys that are the hash.)
struct HashSlots {
    private var entries: [Int32]
    private var hashes: [UInt64]
    private(set) var count = 0

    init(capacity: Int = 512) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        entries = [Int32](repeating: -1, count: size)
        hashes = [UInt64](repeating: 0, count: size)
    }

    /// The entry with hash `h` that `isEntry` confirms, or nil.
    @inline(__always) func find(_ h: UInt64, _ isEntry: (Int) -> Bool) -> Int? {
        let mask = entries.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = entries[i]
            if e < 0 { return nil }
            if hashes[i] == h, isEntry(Int(e)) { return Int(e) }
            i = (i + 1) & mask
        }
    }

    /// Adds entry `e` (not present yet) under hash `h`.
    mutating func insert(_ e: Int, hash h: UInt64) {
        if (count + 1) * 2 > entries.count { grow() }
        place(Int32(e), h)
        count += 1
    }

    mutating func removeAll() {
        for i in entries.indices { entries[i] = -1 }
        count = 0
    }

    private mutating func place(_ e: Int32, _ h: UInt64) {
        let mask = entries.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while entries[i] >= 0 { i = (i + 1) & mask }
        entries[i] = e
        hashes[i] = h
    }

    private mutating func grow() {
        let old = zip(entries, hashes).filter { $0.0 >= 0 }
        entries = [Int32](repeating: -1, count: entries.count * 2)
        hashes = [UInt64](repeating: 0, count: hashes.count * 2)
        for (e, h) in old { place(e, h) }
    }
}
