/// Values seen at one `<*>` position of a template: the most frequent ones with counts (Space-Saving,
/// bounded) and an estimate of how many distinct values there are (HyperLogLog, 256 registers,
/// about 6.5% standard error) — "97% of these come from host db-3" in constant memory.
final class ParamStats {
    static let tracked = 10
    /// Values longer than this are kept (and counted) by their first `valueBytes` bytes.
    static let valueBytes = 256
    private(set) var total = 0
    /// Space-Saving's counters, `used` of `tracked`: each value's 64-bit hash, count, overestimate
    /// and length in `counters` (hashes at 0..<tracked, then counts, overestimates, lengths), its
    /// bytes in slot i of `pool`. Raw memory: this runs for every variable of every event, and
    /// arrays cost a uniqueness check per access. A linear scan of ten hashes beats any hash table
    /// here, and ties are broken by position, so the same input always gives the same result (a
    /// hash collision merges two values; at 2⁻⁶⁴, accepted).
    private let counters = UnsafeMutablePointer<Int>.allocate(capacity: 4 * ParamStats.tracked)
    private var used = 0
    /// `tracked` slots of `slotBytes` each, widened (up to `valueBytes`) when a longer value
    /// arrives: most variables have short values of one length, and a high-cardinality one
    /// overwrites a slot on every event.
    private var pool: UnsafeMutableRawPointer
    private var slotBytes = 16
    private let registers = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    /// The counter the last `add` counted in (-1: none yet), for `repeatLast`.
    private var lastIndex = -1

    init() {
        counters.initialize(repeating: 0, count: 4 * Self.tracked)
        registers.initialize(repeating: 0, count: 256)
        pool = .allocate(byteCount: Self.tracked * slotBytes, alignment: 8)
    }

    deinit {
        counters.deallocate()
        registers.deallocate()
        pool.deallocate()
    }

    @inline(__always) private var keys: UnsafeMutablePointer<Int> { counters }
    @inline(__always) private var counts: UnsafeMutablePointer<Int> { counters + Self.tracked }
    @inline(__always) private var errors: UnsafeMutablePointer<Int> { counters + 2 * Self.tracked }
    @inline(__always) private var lengths: UnsafeMutablePointer<Int> { counters + 3 * Self.tracked }

    /// The bytes of tracked value `i`.
    private func value(_ i: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: pool + i * slotBytes, count: lengths[i])
    }

    /// Puts `v` in slot `i` (widening every slot first when it does not fit).
    @inline(__always) private func store(_ v: UnsafeRawBufferPointer, at i: Int) {
        if v.count > slotBytes { widen(to: v.count) }
        if v.count > 0 { (pool + i * slotBytes).copyMemory(from: v.baseAddress!, byteCount: v.count) }
        lengths[i] = v.count
    }

    private func widen(to n: Int) {
        var bytes = slotBytes * 2
        while bytes < n { bytes *= 2 }
        bytes = min(bytes, Self.valueBytes)
        let wider = UnsafeMutableRawPointer.allocate(byteCount: Self.tracked * bytes, alignment: 8)
        for i in 0..<used where lengths[i] > 0 {
            (wider + i * bytes).copyMemory(from: pool + i * slotBytes, byteCount: lengths[i])
        }
        pool.deallocate()
        pool = wider
        slotBytes = bytes
    }

    func add(_ value: UnsafeRawBufferPointer, weight: Int = 1) {
        total += weight
        let v = value.count > Self.valueBytes ? UnsafeRawBufferPointer(rebasing: value[0..<Self.valueBytes]) : value
        let h = fastHash64(v)
        let key = Int(bitPattern: UInt(h))
        var found = -1
        for i in 0..<used where keys[i] == key {
            found = i
            break
        }
        if found >= 0 {
            counts[found] += weight
            lastIndex = found
        } else if used < Self.tracked {
            keys[used] = key
            counts[used] = weight
            errors[used] = 0
            store(v, at: used)
            lastIndex = used
            used += 1
        } else {
            var m = 0
            for i in 1..<used where counts[i] < counts[m] { m = i }
            let floor = counts[m]
            keys[m] = key
            store(v, at: m)
            counts[m] = floor + weight
            errors[m] = floor
            lastIndex = m
        }
        // HyperLogLog wants well-mixed bits: `fastHash64`'s are (it ends with a finaliser).
        let hh = value.count > v.count ? fastHash64(value) : h
        let register = Int(hh >> 56)
        let rank = UInt8(min(56, (hh << 8).leadingZeroBitCount + 1))
        if rank > registers[register] { registers[register] = rank }
    }

    /// What `add` does with the value the last `add` was given, without hashing it again: that
    /// value is tracked in `lastIndex` (nothing has counted since), so `add` would find it there,
    /// and its HyperLogLog registers are set already.
    func repeatLast() {
        precondition(lastIndex >= 0, "repeatLast before any add")
        total += 1
        counts[lastIndex] += 1
    }

    func add(_ value: [UInt8], weight: Int = 1) {
        value.withUnsafeBytes { add($0, weight: weight) }
    }

    func merge(_ other: ParamStats) {
        for i in 0..<other.used {
            add(other.value(i), weight: other.counts[i])
            total -= other.counts[i]
        }
        total += other.total
        for i in 0..<256 where other.registers[i] > registers[i] { registers[i] = other.registers[i] }
    }

    /// HyperLogLog estimate with the small-range (linear counting) correction.
    var distinctEstimate: Int {
        let m = 256.0
        var sum = 0.0
        var zeros = 0
        for i in 0..<256 {
            let r = registers[i]
            sum += 1.0 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        var e = alpha * m * m / sum
        if e <= 2.5 * m, zeros > 0 { e = m * (m / Double(zeros)).naturalLog }
        // Never below what the counters prove.
        return max(used, Int(e.rounded()))
    }

    /// Most frequent first (ties by value), as (value, count), with counts that are guaranteed
    /// (Space-Saving's count minus its overestimate: exact for values tracked from their first sight).
    var top: [(value: [UInt8], count: Int)] {
        (0..<used).map { (Array(value($0)), max(1, counts[$0] - errors[$0])) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.value.lexicographicallyPrecedes($1.value)
        }
    }
}

/// The values of a template's variables, by token position (each `ParamStats` is an object: copies
/// of this share them). Positions are small numbers (tokens of one message), so an array: this is
/// updated for every variable of every event.
struct ParamsByPosition {
    /// Positions of one template with statistics: enough for any real statement (most have a
    /// handful of variables); a line of hundreds of numbers would otherwise cost a kilobyte per
    /// variable per template.
    static let maxPositions = 32
    /// Statistics objects of the whole store (shared).
    let budget: ParamBudget
    private var tracked = 0
    private var stats: [ParamStats?] = []
    /// `stats` for the per-value call without a retain/release pair (`stats` holds the objects).
    private var refs: [Unmanaged<ParamStats>?] = []

    subscript(position: Int) -> ParamStats? { position < stats.count ? stats[position] : nil }

    /// Positions that have values, in order.
    var positions: [Int] { stats.indices.filter { stats[$0] != nil } }

    init(budget: ParamBudget = ParamBudget()) { self.budget = budget }

    mutating func add(at position: Int, _ value: UnsafeRawBufferPointer, weight: Int = 1) {
        if position < refs.count, let r = refs[position] {
            r._withUnsafeGuaranteedRef { $0.add(value, weight: weight) }
            return
        }
        guard slot(position) else { return }
        refs[position]!._withUnsafeGuaranteedRef { $0.add(value, weight: weight) }
    }

    /// `ParamStats.repeatLast` at `position`, if it has statistics (if it has none, `add` there
    /// found no room before and finds none now: the budget only fills).
    mutating func repeatLast(at position: Int) {
        if position < refs.count, let r = refs[position] { r._withUnsafeGuaranteedRef { $0.repeatLast() } }
    }

    mutating func add(at position: Int, _ value: [UInt8], weight: Int = 1) {
        value.withUnsafeBytes { add(at: position, $0, weight: weight) }
    }

    mutating func merge(_ other: ParamsByPosition) {
        for (position, p) in other.stats.enumerated() {
            guard let p, slot(position) else { continue }
            stats[position]!.merge(p)
        }
    }

    /// Makes statistics for `position` if it has none; false when the template or the store has
    /// as many as it may keep (values at such a position are not counted).
    private mutating func slot(_ position: Int) -> Bool {
        if position < stats.count, stats[position] != nil { return true }
        guard tracked < Self.maxPositions, budget.used < budget.limit else { return false }
        if position >= stats.count {
            stats.append(contentsOf: repeatElement(nil, count: position - stats.count + 1))
            refs.append(contentsOf: repeatElement(nil, count: position - refs.count + 1))
        }
        let s = ParamStats()
        stats[position] = s
        refs[position] = Unmanaged.passUnretained(s)
        tracked += 1
        budget.used += 1
        return true
    }
}

/// Variable statistics of a whole store: at most `limit` (each is about 800 bytes), so thousands
/// of templates of wide lines cannot exhaust memory; past it, new variable positions are not
/// counted.
final class ParamBudget {
    var used = 0
    let limit: Int

    init(limit: Int = 1 << 16) { self.limit = limit }
}
