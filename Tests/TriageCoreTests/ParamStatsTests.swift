import Testing

@testable import TriageCore

/// `ParamStats` keeps its values in raw slots that widen on demand; these tests hold it to a plain
/// array-based Space-Saving with the same rules (first minimum evicted, values cut at 256 bytes).
@Suite("Variable value statistics")
struct ParamStatsTests {
    /// The reference: Space-Saving over arrays.
    struct Reference {
        var slots: [(value: [UInt8], count: Int, error: Int)] = []
        var total = 0

        mutating func add(_ value: [UInt8], weight: Int = 1) {
            total += weight
            let v = Array(value.prefix(ParamStats.valueBytes))
            if let i = slots.firstIndex(where: { $0.value == v }) {
                slots[i].count += weight
            } else if slots.count < ParamStats.tracked {
                slots.append((v, weight, 0))
            } else {
                var m = 0
                for i in 1..<slots.count where slots[i].count < slots[m].count { m = i }
                let floor = slots[m].count
                slots[m] = (v, floor + weight, floor)
            }
        }

        var top: [(value: [UInt8], count: Int)] {
            slots.map { ($0.value, max(1, $0.count - $0.error)) }.sorted {
                $0.count != $1.count ? $0.count > $1.count : $0.value.lexicographicallyPrecedes($1.value)
            }
        }
    }

    static func same(_ a: [(value: [UInt8], count: Int)], _ b: [(value: [UInt8], count: Int)]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.value == $1.value && $0.count == $1.count }
    }

    @Test("top values and counts match array-based Space-Saving, for short, growing and over-long values")
    func matchesReference() {
        var rng = SeededGenerator(seed: 11)
        for round in 0..<20 {
            let stats = ParamStats()
            var ref = Reference()
            // A few frequent values among many rare ones; lengths from empty to past the cut.
            let frequent = (0..<4).map { k in Array("host-\(k)-\(round)".utf8) }
            for _ in 0..<2_000 {
                let value: [UInt8]
                switch Int.random(in: 0..<10, using: &rng) {
                case 0..<5: value = frequent[Int.random(in: 0..<frequent.count, using: &rng)]
                case 5: value = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0x61...0x7A, using: &rng) }
                default: value = Array("id-\(UInt32.random(in: 0..<5_000, using: &rng))".utf8)
                }
                let weight = Int.random(in: 0..<8, using: &rng) == 0 ? 3 : 1
                stats.add(value, weight: weight)
                ref.add(value, weight: weight)
            }
            #expect(stats.total == ref.total)
            #expect(Self.same(stats.top, ref.top), "round \(round)")
            #expect(stats.top.prefix(4).allSatisfy { v in frequent.contains(v.value) })
        }
    }

    @Test("merging adds the other's tracked values with their counts")
    func merge() {
        let a = ParamStats(), b = ParamStats()
        var ref = Reference()
        for i in 0..<50 {
            a.add(Array("a\(i % 3)".utf8))
            ref.add(Array("a\(i % 3)".utf8))
        }
        let long = [UInt8](repeating: 0x78, count: 200)  // widens b's slots before the merge
        for i in 0..<30 { b.add(i % 2 == 0 ? long : Array("b".utf8)) }
        for (value, count) in [(long, 15), (Array("b".utf8), 15)] { ref.add(value, weight: count) }
        a.merge(b)
        #expect(a.total == 80)
        #expect(Self.same(a.top, ref.top))
        #expect(a.top.contains { $0.value == long && $0.count == 15 })
    }

    @Test("the distinct estimate is near the true number of distinct values")
    func distinct() {
        for n in [1, 7, 300, 5_000] {
            let s = ParamStats()
            for i in 0..<(2 * n) { s.add(Array("v\(i % n)".utf8)) }
            let e = s.distinctEstimate
            #expect(abs(e - n) <= max(1, n / 5), "\(n) distinct estimated as \(e)")
        }
    }
}

@Suite("Counting a repeated value again")
struct ParamRepeatTests {
    @Test("repeatLast after an add of a value counts exactly what adding that value again counts")
    func repeatEqualsAdd() {
        var rng = SeededGenerator(seed: 5)
        for round in 0..<40 {
            let viaAdd = ParamStats(), viaRepeat = ParamStats()
            var last: [UInt8]?
            // Few values (all tracked) in early rounds, many (Space-Saving replaces) in later ones.
            let distinct = round < 20 ? 6 : 200
            for _ in 0..<2_000 {
                let value: [UInt8] = Bool.random(using: &rng) && last != nil
                    ? last! : Array("v\(Int.random(in: 0..<distinct, using: &rng))".utf8)
                viaAdd.add(value)
                if value == last { viaRepeat.repeatLast() } else { viaRepeat.add(value) }
                last = value
            }
            #expect(viaAdd.total == viaRepeat.total)
            #expect(viaAdd.distinctEstimate == viaRepeat.distinctEstimate)
            #expect(viaAdd.top.map { "\($0.value)=\($0.count)" } == viaRepeat.top.map { "\($0.value)=\($0.count)" })
        }
    }
}
