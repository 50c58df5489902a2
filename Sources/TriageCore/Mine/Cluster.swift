/// Everything triage keeps about one template: memory grows with templates, not lines.
final class Cluster {
    let index: Int
    let service: [UInt8]
    /// Which per-service miner and which of its templates this cluster is.
    let minerIndex: Int
    let templateIndex: Int
    /// Set when the miner merged this cluster's template into another.
    var survivor: Int?
    var count = 0
    var firstSeen: Int64?
    var lastSeen: Int64?
    var levelCounts = [Int](repeating: 0, count: Level.allCases.count)
    var components = BoundedCounter(capacity: 8)
    var samples: SampleKeeper
    var histogram = TimeHistogram()
    /// Per token position of a `<*>`: the values seen there.
    var params: ParamsByPosition
    /// The template as last seen, to notice positions that became `<*>`, and its version then.
    var knownTokens: [TemplateMiner.Token] = []
    var knownVersion: UInt32?
    /// The positions of `knownTokens` that hold a variable (a `<*>`, or a token with one inside).
    var paramPositions: [Int] = []
    /// `fastHash64` of the message whose values were recorded last (0: none, or they must be
    /// recorded in full next time): an event with the same message has the same values.
    var lastMessageHash: UInt64 = 0
    /// Rendered templates of clusters merged into this one (bounded).
    var absorbed: [String] = []

    init(
        index: Int, service: [UInt8], minerIndex: Int, templateIndex: Int, sampleBudget: SampleBudget = SampleBudget(),
        paramBudget: ParamBudget = ParamBudget()
    ) {
        samples = SampleKeeper(reservoirSize: 3, budget: sampleBudget)
        params = ParamsByPosition(budget: paramBudget)
        self.index = index
        self.service = service
        self.minerIndex = minerIndex
        self.templateIndex = templateIndex
    }

    /// Counts an event. Returns true when the event's raw text is now held by range in the batch
    /// (the cluster's samples must be settled before the batch is reused).
    func add(_ e: EventView, sampleSeed: UInt64) -> Bool {
        count += 1
        if let t = e.event.timestamp {
            if firstSeen.map({ t < $0 }) ?? true { firstSeen = t }
            if lastSeen.map({ t > $0 }) ?? true { lastSeen = t }
            histogram.add(t)
        }
        levelCounts[e.event.level.rawValue] += 1
        if !e.event.component.isEmpty { components.add(e.component) }
        return samples.offer(e.arena, e.event.raw, seed: sampleSeed)
    }

    /// Takes over another cluster's counts when the miner merges their templates.
    func absorb(_ o: Cluster, renderedAs template: String) {
        lastMessageHash = 0  // its values are about to change
        count += o.count
        if let t = o.firstSeen, firstSeen.map({ t < $0 }) ?? true { firstSeen = t }
        if let t = o.lastSeen, lastSeen.map({ t > $0 }) ?? true { lastSeen = t }
        for i in levelCounts.indices { levelCounts[i] += o.levelCounts[i] }
        for c in o.components.counts { components.add(c.value, weight: c.count) }
        samples.merge(o.samples)
        histogram.merge(o.histogram)
        params.merge(o.params)
        if absorbed.count < 20 { absorbed.append(template) }
        absorbed.append(contentsOf: o.absorbed.prefix(max(0, 20 - absorbed.count)))
    }
}

/// Counts byte-string values, keeping at most `capacity` distinct ones (the rest count as other).
/// Keyed by a 64-bit hash, so each add hashes the bytes once.
struct BoundedCounter {
    let capacity: Int
    /// Value hashes and their (value, count) at the same index: a linear scan of a few keys.
    private var keys: [UInt64] = []
    private var slots: [(value: [UInt8], count: Int)] = []
    private(set) var other = 0

    init(capacity: Int) { self.capacity = capacity }

    mutating func add(_ v: [UInt8], weight: Int = 1) { v.withUnsafeBytes { add($0, weight: weight) } }

    mutating func add(_ v: UnsafeRawBufferPointer, weight: Int = 1) {
        let key = fastHash64(v)
        if let i = keys.firstIndex(of: key) {
            slots[i].count += weight
        } else if slots.count < capacity {
            keys.append(key)
            slots.append((Array(v), weight))
        } else {
            other += weight
        }
    }

    var counts: [(value: [UInt8], count: Int)] { slots }

    var top: [UInt8]? {
        slots.max { $0.count < $1.count || ($0.count == $1.count && $1.value.lexicographicallyPrecedes($0.value)) }?.value
    }
}

/// Keeps the first and last event of a cluster and a reservoir sample of the ones between
/// (deterministic: the same input gives the same samples).
///
/// The latest event is kept as a range of the batch being mined (`pending`) and copied only when
/// the batch is done (`settle`): most events of a busy cluster are "last" only until the next one.
struct SampleKeeper {
    let reservoirSize: Int
    /// Bytes of samples held by all the keepers of a store (shared).
    let budget: SampleBudget
    private(set) var first: [UInt8]?
    private var settledLast: [UInt8] = []
    private var pending: Range<Int>?
    private(set) var reservoir: [[UInt8]] = []
    private var seen = 0

    init(reservoirSize: Int, budget: SampleBudget = SampleBudget()) {
        self.reservoirSize = reservoirSize
        self.budget = budget
    }

    /// The latest event (call `settle` first if a batch is in progress).
    var last: [UInt8] {
        precondition(pending == nil, "samples read before they were settled")
        return settledLast
    }

    /// Offers the event whose raw text is `arena[raw]`. Returns true when the keeper now holds a
    /// range of `arena` and did not before: `settle(arena)` must run before the arena changes.
    mutating func offer(_ arena: UnsafeRawBufferPointer, _ raw: Range<Int>, seed: UInt64) -> Bool {
        seen += 1
        if first == nil {
            first = budget.keep(UnsafeRawBufferPointer(rebasing: arena[raw]))
            return false
        }
        // The previous "last" goes through the reservoir, so every event but the first and last
        // has the same chance to be kept.
        let wasPending = pending != nil
        if let p = pending {
            if !p.isEmpty { consider(UnsafeRawBufferPointer(rebasing: arena[p]), index: seen - 2, seed: seed) }
        } else if !settledLast.isEmpty {
            settledLast.withUnsafeBytes { consider($0, index: seen - 2, seed: seed) }
        }
        pending = raw
        return !wasPending
    }

    /// Copies the latest event out of the batch it sits in.
    mutating func settle(_ arena: UnsafeRawBufferPointer) {
        guard let p = pending else { return }
        budget.keep(UnsafeRawBufferPointer(rebasing: arena[p]), in: &settledLast)
        pending = nil
    }

    private mutating func consider(_ raw: UnsafeRawBufferPointer, index i: Int, seed: UInt64) {
        if reservoir.count < reservoirSize {
            reservoir.append(budget.keep(raw))
            return
        }
        var x = seed ^ UInt64(i) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        let j = Int(x % UInt64(max(i, 1)))
        if j < reservoirSize { budget.keep(raw, in: &reservoir[j]) }
    }

    /// Keeps this keeper's first, adds the other's events to the reservoir, keeps the later last.
    mutating func merge(_ o: SampleKeeper) {
        precondition(pending == nil && o.pending == nil, "samples merged before they were settled")
        for s in ([o.first].compactMap { $0 } + o.reservoir) where reservoir.count < reservoirSize { reservoir.append(s) }
        if settledLast.isEmpty { settledLast = o.settledLast }
        seen += o.seen
    }

    /// First, reservoir, last; duplicates dropped.
    var all: [[UInt8]] {
        var out: [[UInt8]] = []
        for s in [first].compactMap({ $0 }) + reservoir + (last.isEmpty ? [] : [last]) where !out.contains(s) {
            out.append(s)
        }
        return out
    }
}

/// The bytes of samples all clusters of a store hold. Past `limit`, a new sample is kept by its
/// first `reducedBytes` only: 20,000 templates with long stack traces would otherwise hold up to
/// five 16 KB samples each.
final class SampleBudget {
    var bytes = 0
    let limit: Int
    static let reducedBytes = 512

    init(limit: Int = 64 << 20) { self.limit = limit }

    /// Replaces `sample` with the part of `raw` to keep now (counted).
    func keep(_ raw: UnsafeRawBufferPointer, in sample: inout [UInt8]) {
        let n = bytes < limit ? raw.count : min(raw.count, Self.reducedBytes)
        bytes += n - sample.count
        sample.replaceSubrange(0..<sample.count, with: UnsafeRawBufferPointer(rebasing: raw[0..<n]))
    }

    /// A new sample of the part of `raw` to keep now (counted).
    func keep(_ raw: UnsafeRawBufferPointer) -> [UInt8] {
        var sample: [UInt8] = []
        keep(raw, in: &sample)
        return sample
    }
}
