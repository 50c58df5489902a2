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
}
