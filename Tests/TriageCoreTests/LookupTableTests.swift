import Foundation
import Testing

@testable import TriageCore

/// The hot path's own lookup tables and the pipeline's hand-off types.
@Suite("Lookup tables and batch hand-off")
struct LookupTableTests {
    @Test("HashIndex finds what was stored, overwrites, grows and empties")
    func hashIndex() {
        var index = HashIndex(capacity: 4)
        // Structured keys (packed fields, like the miner's postings) must spread too.
        let keys = (0..<5_000).map { UInt64($0) << 32 | UInt64($0 % 7) }
        for (i, k) in keys.enumerated() { index[k] = i }
        #expect(index.count == keys.count)
        #expect(keys.enumerated().allSatisfy { index[$0.element] == $0.offset })
        #expect(index[0xDEAD_BEEF_0000_0001] == nil)
        index[keys[10]] = 99
        #expect(index[keys[10]] == 99 && index.count == keys.count)
        index.removeAll()
        #expect(index.count == 0 && index[keys[10]] == nil)
    }

    @Test("HashSlots keeps entries whose hashes collide apart, and grows and empties")
    func hashSlots() {
        let slots = HashSlots(capacity: 2)
        // Entry e has hash e % 50: every hash is shared by many entries, confirmed by `isEntry`.
        for e in 0..<2_000 { slots.insert(e, hash: UInt64(e % 50)) }
        #expect(slots.count == 2_000)
        #expect((0..<2_000).allSatisfy { e in slots.find(UInt64(e % 50)) { $0 == e } == e })
        #expect(slots.find(7) { $0 == 8 } == nil)
        #expect(slots.find(51) { _ in true } == nil)
        slots.removeAll()
        #expect(slots.count == 0 && slots.find(7) { _ in true } == nil)
    }

    @Test("HashSlots.peek gives the first entry under a hash without confirming it, and nil for an absent hash")
    func hashSlotsPeek() {
        let slots = HashSlots(capacity: 4)
        #expect(slots.peek(3) == nil)
        slots.insert(10, hash: 3)
        slots.insert(11, hash: 3)
        slots.insert(12, hash: 19)  // probes past the hash-3 slots in a small table
        #expect(slots.peek(3) == 10)
        #expect(slots.peek(19) == 12)
        #expect(slots.peek(35) == nil)
        slots.prefetch(3)  // a hint: changes nothing
        #expect(slots.find(3) { $0 == 11 } == 11)
    }

    @Test("MessageIDCache admits a message on its second sighting, tells miners and equal hashes apart, and starts over when full")
    func messageIDCache() {
        let cache = MessageIDCache()
        func look(_ miner: Int, _ text: String, hash: UInt64) -> [Int32]? {
            var out: [Int32] = [7]  // appendIDs appends: what was there stays
            guard let hit = Array(text.utf8).withUnsafeBytes({ cache.find(miner: miner, $0, hash: hash) }) else { return nil }
            cache.appendIDs(hit, to: &out)
            return Array(out.dropFirst())
        }
        func put(_ miner: Int, _ text: String, hash: UInt64, _ ids: [Int32]) {
            _ = Array(text.utf8).withUnsafeBytes { cache.insert(miner: miner, $0, hash: hash, ids: ids) }
        }
        put(0, "GET /a <*>", hash: 1, [1, 2, 3])
        #expect(look(0, "GET /a <*>", hash: 1) == nil)  // seen once: not kept
        put(0, "GET /a <*>", hash: 1, [1, 2, 3])
        #expect(look(0, "GET /a <*>", hash: 1) == [1, 2, 3])
        #expect(look(1, "GET /a <*>", hash: 1) == nil)  // another miner
        // Same hash, other text: confirmed by the bytes, both kept.
        put(0, "GET /b <*>", hash: 1, [1, 4, 3])
        put(0, "GET /b <*>", hash: 1, [1, 4, 3])
        #expect(look(0, "GET /b <*>", hash: 1) == [1, 4, 3])
        #expect(look(0, "GET /a <*>", hash: 1) == [1, 2, 3])
        #expect(look(0, "GET /c <*>", hash: 1) == nil)
        // Past its entry cap it starts over, and keeps working.
        for i in 0..<(MessageIDCache.maxEntries + 10) {
            put(2, "m\(i)", hash: UInt64(i) << 20 | 5, [Int32(i)])
            put(2, "m\(i)", hash: UInt64(i) << 20 | 5, [Int32(i)])
        }
        #expect(cache.count <= MessageIDCache.maxEntries)
        #expect(look(0, "GET /a <*>", hash: 1) == nil)
        let last = MessageIDCache.maxEntries + 9
        #expect(look(2, "m\(last)", hash: UInt64(last) << 20 | 5) == [Int32(last)])

        // Messages of every length and id count keep their bytes, ids and template apart.
        for n in 0..<24 {
            let text = String(repeating: "x", count: n)
            put(3, text, hash: UInt64(n) << 40 | 9, (0..<Int32(n % 7)).map { $0 * 10 + Int32(n) })
            put(3, text, hash: UInt64(n) << 40 | 9, (0..<Int32(n % 7)).map { $0 * 10 + Int32(n) })
        }
        for n in 0..<24 {
            let text = String(repeating: "x", count: n)
            #expect(look(3, text, hash: UInt64(n) << 40 | 9) == (0..<Int32(n % 7)).map { $0 * 10 + Int32(n) })
            let r = Array(text.utf8).withUnsafeBytes { cache.find(miner: 3, $0, hash: UInt64(n) << 40 | 9) }!
            #expect(cache.template(r, generation: 0) == nil)
            cache.setTemplate(r, .init(template: n, version: UInt32(n) + 1), generation: 2)
        }
        for n in 0..<24 {
            let r = Array(String(repeating: "x", count: n).utf8).withUnsafeBytes { cache.find(miner: 3, $0, hash: UInt64(n) << 40 | 9) }!
            #expect(cache.template(r, generation: 2).map { [$0.template, Int($0.version)] } == [n, n + 1])
            #expect(cache.template(r, generation: 1) == nil)
        }
        // Past its byte cap it starts over too.
        let big = String(repeating: "y", count: 4000)
        for i in 0..<(MessageIDCache.maxBytes / 4000 + 10) {
            put(4, big + "\(i)", hash: UInt64(i) << 24 | 7, [1])
            put(4, big + "\(i)", hash: UInt64(i) << 24 | 7, [1])
        }
        #expect(cache.count < MessageIDCache.maxBytes / 4000)
        #expect(look(3, "xxx", hash: 3 << 40 | 9) == nil)
        let lastBig = MessageIDCache.maxBytes / 4000 + 9
        #expect(look(4, big + "\(lastBig)", hash: UInt64(lastBig) << 24 | 7) == [1])
    }

    @Test("Fifo gives elements back in order, across runs of emptying and refilling")
    func fifo() {
        var q = Fifo<Int>()
        #expect(q.isEmpty && q.first == nil && q.popFirst() == nil)
        var out: [Int] = []
        for round in 0..<3 {
            for i in 0..<5 { q.append(round * 10 + i) }
            #expect(q.first == round * 10)
            out.append(q.popFirst()!)
            out.append(q.popFirst()!)
            q.append(round * 10 + 9)
            while let x = q.popFirst() { out.append(x) }
        }
        #expect(out == [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 14, 19, 20, 21, 22, 23, 24, 29])
    }

    @Test("WordTable matches whole words in any case, and nothing else")
    func wordTable() {
        let table = WordTable([("error", 1), ("warning", 2), ("err", 3)])
        func look(_ w: String) -> Int? {
            var s = w
            return s.withUTF8 { WordKey(UnsafeRawBufferPointer($0), 0..<$0.count).flatMap { table[$0] } }
        }
        #expect(look("ERROR") == 1 && look("Warning") == 2 && look("err") == 3)
        #expect(look("errors") == nil && look("erro") == nil && look("warn") == nil)
    }

    @Test("a word key read eight bytes at a time equals the one read byte by byte")
    func wordKeyWordAtATime() {
        var rng = SeededGenerator(seed: 5)
        // Letters of both cases and the bytes next to the letter ranges (@ [ ` { and high bytes).
        let alphabet: [UInt8] = Array(0x41...0x5A) + Array(0x61...0x7A) + [0x40, 0x5B, 0x60, 0x7B, 0x20, 0x30, 0xC1, 0xE1, 0xFA]
        var letterWords = 0
        for _ in 0..<20_000 {
            let n = Int.random(in: 1...17, using: &rng)
            let word = (0..<n).map { _ in
                Int.random(in: 0..<4, using: &rng) == 0 ? alphabet.randomElement(using: &rng)! : UInt8(0x61 + Int.random(in: 0..<26, using: &rng))
            }
            // At the start of a long buffer (read by words) and alone (read byte by byte).
            let long = word + [UInt8](repeating: 0x61, count: 20)
            let fast = long.withUnsafeBytes { WordKey($0, 0..<n) }
            let slow = word.withUnsafeBytes { WordKey($0, 0..<n) }
            #expect(fast == slow, "\(word)")
            if slow != nil { letterWords += 1 }
        }
        #expect(letterWords > 1_000)
    }

    @Test("batches come out of the queue in the order they went in; the pool recycles them")
    func queueOrderAndPool() {
        let pool = BatchPool(capacity: 3)
        let queue = BatchQueue()
        var seen: [Int] = []
        let producer = WorkerThread {
            for i in 0..<50 {
                let b = pool.take()  // blocks while three batches are in use
                b.lines = i
                queue.send(b)
            }
            queue.close()
        }
        while let b = queue.receive() {
            seen.append(b.lines)
            pool.recycle(b)
        }
        producer.join()
        #expect(seen == Array(0..<50))
    }

    @Test("masking claims: a helper takes the last open batch; the receiver waits for a helper at work, then owns the batch")
    func maskingClaims() {
        let queue = BatchQueue()
        let pool = BatchPool(capacity: 3)
        let a = pool.tryTake()!, b = pool.tryTake()!, c = pool.tryTake()!
        #expect(pool.tryTake() == nil)  // all three in use
        for (i, x) in [a, b, c].enumerated() {
            x.lines = i
            queue.send(x)
        }
        // The helper gets the batch sent last, then the one before; never one already claimed.
        #expect(queue.claimForHelping() === c)
        #expect(queue.claimForHelping() === b)
        let first = queue.receive()!
        #expect(first === a)
        queue.claimForMasking(first)  // open: the receiver's now
        #expect(first.maskState == .claimed)
        #expect(queue.claimForHelping() == nil)  // a is gone from the queue; b and c are taken
        // The receiver reaches b while the helper still masks it: it waits until `helped`.
        let second = queue.receive()!
        var released = false
        let helper = WorkerThread {
            usleep(50_000)
            released = true
            queue.helped(b)
        }
        queue.claimForMasking(second)
        #expect(released)
        #expect(second.maskState == .claimed)
        helper.join()
        queue.helped(c)
        pool.recycle(c)
        #expect(c.maskState == .open)  // reset on recycling
    }
}
