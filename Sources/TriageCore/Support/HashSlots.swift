import CHints

/// Open addressing for tables whose entries live elsewhere (bytes in an arena): slot → entry index
/// (-1: empty), with each entry's 64-bit hash beside it, so a probe confirms an entry (`isEntry`,
/// e.g. comparing bytes) only when the hashes agree. Entries with equal hashes coexist. Power-of-
/// two size, kept at most half full. (`HashIndex` is the simpler map for keys that are the hash.)
///
/// A slot's hash and entry share one 16-byte record, so a probe of a table too big for the cache
/// waits for one memory load, not two; `prefetch` starts that load early.
///
/// A class over raw memory: the owner's every lookup would otherwise retain and release the slot
/// array (an atomic pair per call, and the miner makes three calls per event).
final class HashSlots {
    private struct Slot {
        var hash: UInt64
        var entry: Int32
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var size: Int
    private(set) var count = 0

    init(capacity: Int = 512) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        self.size = size
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Slot(hash: 0, entry: -1), count: size)
    }

    deinit { slots.deallocate() }

    /// The entry with hash `h` that `isEntry` confirms, or nil.
    @inline(__always) func find(_ h: UInt64, _ isEntry: (Int) -> Bool) -> Int? {
        let mask = size - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s.entry < 0 { return nil }
            if s.hash == h, isEntry(Int(s.entry)) { return Int(s.entry) }
            i = (i + 1) & mask
        }
    }

    /// The entry of the first slot holding hash `h`, unconfirmed (to prefetch what it points to).
    @inline(__always) func peek(_ h: UInt64) -> Int? { find(h) { _ in true } }

    /// Starts loading the slot where a probe for `h` begins (a hint; changes nothing).
    @inline(__always) func prefetch(_ h: UInt64) {
        triage_prefetch(slots + (Int(truncatingIfNeeded: h) & (size - 1)))
    }

    /// Adds entry `e` (not present yet) under hash `h`.
    func insert(_ e: Int, hash h: UInt64) {
        if (count + 1) * 2 > size { grow() }
        place(Int32(e), h)
        count += 1
    }

    func removeAll() {
        for i in 0..<size { slots[i].entry = -1 }
        count = 0
    }

    private func place(_ e: Int32, _ h: UInt64) {
        let mask = size - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i].entry >= 0 { i = (i + 1) & mask }
        slots[i] = Slot(hash: h, entry: e)
    }

    private func grow() {
        let old = slots, oldSize = size
        size *= 2
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Slot(hash: 0, entry: -1), count: size)
        for i in 0..<oldSize where old[i].entry >= 0 { place(old[i].entry, old[i].hash) }
        old.deallocate()
    }
}
