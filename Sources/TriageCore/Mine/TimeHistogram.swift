/// Event counts over time in at most `capacity` buckets: buckets start at one minute and double in
/// width whenever the span would need more, so memory is fixed however long the log runs. The
/// buckets are one contiguous array (this runs for every event: no hashing).
struct TimeHistogram {
    static let capacity = 240
    private(set) var bucketMillis: Int64 = 60_000
    /// `buckets[i]` counts bucket `lo + i` (bucket k covers [k·width, (k+1)·width)).
    private var buckets: [Int] = []
    private var lo: Int64 = 0

    private var hi: Int64 { lo + Int64(buckets.count) - 1 }
    /// The bucket the last event fell in, as [start, end) in milliseconds and its index: a
    /// cluster's events mostly come in time order, so most fall in it again, found without a
    /// division (`start > end`: none).
    private var lastStart: Int64 = 1
    private var lastEnd: Int64 = 0
    private var lastAt = 0

    mutating func add(_ t: Int64, weight: Int = 1) {
        if t >= lastStart, t < lastEnd {
            buckets[lastAt] += weight
            return
        }
        var k = floorDiv(t, bucketMillis)
        // Most events fall in a bucket that exists already.
        let at = k &- lo
        if at >= 0, at < Int64(buckets.count) {
            buckets[Int(at)] += weight
            remember(k)
            return
        }
        guard !buckets.isEmpty else {
            lo = k
            buckets = [weight]
            remember(k)
            return
        }
        while max(hi, k) - min(lo, k) >= Int64(Self.capacity) {
            widen()
            k = floorDiv(t, bucketMillis)
        }
        if k < lo {
            buckets.insert(contentsOf: repeatElement(0, count: Int(lo - k)), at: 0)
            lo = k
        } else if k > hi {
            buckets.append(contentsOf: repeatElement(0, count: Int(k - hi)))
        }
        buckets[Int(k - lo)] += weight
        remember(k)
    }

    /// Bucket `k` (which exists) is the last one counted in.
    @inline(__always) private mutating func remember(_ k: Int64) {
        lastStart = k &* bucketMillis
        lastEnd = lastStart &+ bucketMillis
        lastAt = Int(k - lo)
    }

    mutating func merge(_ other: TimeHistogram) {
        guard !other.buckets.isEmpty else { return }
        while bucketMillis < other.bucketMillis { widen() }
        for (i, v) in other.buckets.enumerated() where v > 0 { add((other.lo + Int64(i)) * other.bucketMillis, weight: v) }
    }

    private mutating func widen() {
        lastStart = 1  // buckets move: forget the last one
        lastEnd = 0
        bucketMillis *= 2
        guard !buckets.isEmpty else { return }
        let newLo = floorDiv(lo, 2)
        var next = [Int](repeating: 0, count: Int(floorDiv(hi, 2) - newLo) + 1)
        for (i, v) in buckets.enumerated() { next[Int(floorDiv(lo + Int64(i), 2) - newLo)] += v }
        buckets = next
        lo = newLo
    }

    /// (start of first bucket, bucket width, counts with zeros filled in).
    var series: (start: Int64, width: Int64, counts: [Int])? {
        guard !buckets.isEmpty else { return nil }
        return (lo * bucketMillis, bucketMillis, buckets)
    }
}

@inline(__always) func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    a >= 0 ? a / b : (a - b + 1) / b
}
