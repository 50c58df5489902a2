/// Everything triage keeps about one template: memory grows with templates, not lines.
final class Cluster {
    let index: Int
    let template: [UInt8]
    let service: [UInt8]
    var count = 0
    var firstSeen: Int64?
    var lastSeen: Int64?
    var levelCounts = [Int](repeating: 0, count: Level.allCases.count)
    var components = BoundedCounter(capacity: 8)
    var samples = SampleKeeper(reservoirSize: 3)

    init(index: Int, template: [UInt8], service: [UInt8]) {
        self.index = index
        self.template = template
        self.service = service
    }

    func add(_ e: LogEvent, sampleSeed: UInt64) {
        count += 1
        if let t = e.timestamp {
            if firstSeen.map({ t < $0 }) ?? true { firstSeen = t }
            if lastSeen.map({ t > $0 }) ?? true { lastSeen = t }
        }
        levelCounts[e.level.rawValue] += 1
        if !e.component.isEmpty { components.add(e.component) }
        samples.offer(e.raw, seen: count, seed: sampleSeed)
    }

    /// The most frequent level (ties go to the more severe).
    var dominantLevel: Level {
        var best = Level.unknown
        var bestCount = 0
        for l in Level.allCases where levelCounts[l.rawValue] >= bestCount && levelCounts[l.rawValue] > 0 {
            best = l
            bestCount = levelCounts[l.rawValue]
        }
        return best
    }
}

/// Counts byte-string values, keeping at most `capacity` distinct ones (the rest count as other).
struct BoundedCounter {
    let capacity: Int
    private(set) var counts: [[UInt8]: Int] = [:]
    private(set) var other = 0

    init(capacity: Int) { self.capacity = capacity }

    mutating func add(_ v: [UInt8]) {
        if let c = counts[v] {
            counts[v] = c + 1
        } else if counts.count < capacity {
            counts[v] = 1
        } else {
            other += 1
        }
    }

    var top: [UInt8]? { counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key.lexicographicallyPrecedes($1.key)) }?.key }
}

/// Keeps the first and last event of a cluster and a reservoir sample of the ones between
/// (deterministic: the same input gives the same samples).
struct SampleKeeper {
    let reservoirSize: Int
    private(set) var first: [UInt8]?
    private(set) var last: [UInt8] = []
    private(set) var reservoir: [[UInt8]] = []

    init(reservoirSize: Int) { self.reservoirSize = reservoirSize }

    mutating func offer(_ raw: [UInt8], seen n: Int, seed: UInt64) {
        if first == nil {
            first = raw
            return
        }
        // The previous "last" goes through the reservoir, so every event but the first and last
        // has the same chance to be kept.
        if n > 2 { consider(last, index: n - 2, seed: seed) }
        last.removeAll(keepingCapacity: true)
        last.append(contentsOf: raw)
    }

    private mutating func consider(_ raw: [UInt8], index i: Int, seed: UInt64) {
        if reservoir.count < reservoirSize {
            reservoir.append(raw)
            return
        }
        var x = seed ^ UInt64(i) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        let j = Int(x % UInt64(i))
        if j < reservoirSize { reservoir[j] = raw }
    }

    /// First, reservoir (in arrival order is not kept; sorted for stable output), last; duplicates dropped.
    var all: [[UInt8]] {
        var out: [[UInt8]] = []
        for s in [first].compactMap({ $0 }) + reservoir + (last.isEmpty ? [] : [last]) where !out.contains(s) {
            out.append(s)
        }
        return out
    }
}
