/// Event counts over time in at most `capacity` buckets: buckets start at one minute and double in
/// width whenever the span would need more, so memory is fixed however long the log runs.
struct TimeHistogram {
    static let capacity = 240
    private(set) var bucketMillis: Int64 = 60_000
    private(set) var counts: [Int64: Int] = [:]
    private var lo = Int64.max
    private var hi = Int64.min

    mutating func add(_ t: Int64, weight: Int = 1) {
        let k = floorDiv(t, bucketMillis)
        counts[k, default: 0] += weight
        lo = min(lo, k)
        hi = max(hi, k)
        while hi - lo >= Int64(Self.capacity) { widen() }
    }

    mutating func merge(_ other: TimeHistogram) {
        guard !other.counts.isEmpty else { return }
        while bucketMillis < other.bucketMillis { widen() }
        for (k, v) in other.counts { add(k * other.bucketMillis, weight: v) }
    }

    private mutating func widen() {
        bucketMillis *= 2
        var next: [Int64: Int] = [:]
        for (k, v) in counts { next[floorDiv(k, 2), default: 0] += v }
        counts = next
        guard !counts.isEmpty else { return }
        lo = floorDiv(lo, 2)
        hi = floorDiv(hi, 2)
    }

    /// (start of first bucket, bucket width, counts with zeros filled in).
    var series: (start: Int64, width: Int64, counts: [Int])? {
        guard !counts.isEmpty else { return nil }
        return (lo * bucketMillis, bucketMillis, (lo...hi).map { counts[$0] ?? 0 })
    }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    a >= 0 ? a / b : (a - b + 1) / b
}
