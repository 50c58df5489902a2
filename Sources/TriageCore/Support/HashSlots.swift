import CHints

/// Open addressing for tables whose entries live elsewhere (bytes in an arena): slot → entry index
/// (-1: empty), with each entry's 64-bit hash beside it, so a probe confirms an entry (`isEntry`,
/// e.g. comparing bytes) only when the hashes agree. Entries with equal hashes coexist. Power-of-
/// two size, kept at most half full. (`HashIndex` is the simpler map for keys that are the hash.)
///
/// A slot's hash and entry share one 16-byte record, so a probe of a table too big for the cache
/// waits for one memory load, not two; `prefetch` starts that load early.
struct HashSlots {
    private struct Slot {
        var hash: UInt64
        var entry: Int32
    }

    private var slots: [Slot]
    private(set) var count = 0

    init(capacity: Int = 512) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(hash: 0, entry: -1), count: size)
    }

    /// The entry with hash `h` that `isEntry` confirms, or nil.
    @inline(__always) func find(_ h: UInt64, _ isEntry: (Int) -> Bool) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var i = Int(truncatingIfNeeded: h) & mask
            while true {
                let s = slots[i]
                if s.entry < 0 { return nil }
                if s.hash == h, isEntry(Int(s.entry)) { return Int(s.entry) }
                i = (i + 1) & mask
            }
        }
    }

    /// Starts loading the slot where a probe for `h` begins (a hint; changes nothing).
    @inline(__always) func prefetch(_ h: UInt64) {
        slots.withUnsafeBufferPointer { triage_prefetch($0.baseAddress! + (Int(truncatingIfNeeded: h) & ($0.count - 1))) }
    }

    /// The entry of the first slot holding hash `h`, unconfirmed (to prefetch what it points to).
    @inline(__always) func peek(_ h: UInt64) -> Int? { find(h) { _ in true } }

    /// Adds entry `e` (not present yet) under hash `h`.
    mutating func insert(_ e: Int, hash h: UInt64) {
        if (count + 1) * 2 > slots.count { grow() }
        place(Int32(e), h)
        count += 1
    }

    mutating func removeAll() {
        for i in slots.indices { slots[i].entry = -1 }
        count = 0
    }

    private mutating func place(_ e: Int32, _ h: UInt64) {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i].entry >= 0 { i = (i + 1) & mask }
        slots[i] = Slot(hash: h, entry: e)
    }

    private mutating func grow() {
        let old = slots.filter { $0.entry >= 0 }
        slots = [Slot](repeating: Slot(hash: 0, entry: -1), count: slots.count * 2)
        for s in old { place(s.entry, s.hash) }
    }
}
