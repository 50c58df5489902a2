import Testing

@testable import TriageCore

@Suite("Byte buffers")
struct ByteBufferTests {
    @Test("set, append and truncate give what the same operations on an array give, across growth")
    func matchesArray() {
        var rng = SeededGenerator(seed: 3)
        let buffer = ByteBuffer(capacity: 1)
        var model: [UInt8] = []
        for step in 0..<5_000 {
            let n = Int.random(in: 0..<(step % 100 == 0 ? 3_000 : 40), using: &rng)
            let chunk = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            switch Int.random(in: 0..<5, using: &rng) {
            case 0:
                chunk.withUnsafeBytes { buffer.set($0) }
                model = chunk
            case 1:
                chunk.withUnsafeBytes { buffer.append($0) }
                model += chunk
            case 2:
                if let b = chunk.first {
                    buffer.append(b)
                    model.append(b)
                }
            case 3:
                let keep = Int.random(in: 0...max(0, model.count + 2), using: &rng)
                buffer.truncate(to: keep)
                model = Array(model.prefix(keep))
            default:
                let r = min(n, 5)..<n
                chunk.withUnsafeBytes { buffer.set($0, r) }
                model = Array(chunk[r])
            }
            #expect(buffer.array == model)
            #expect(buffer.count == model.count && buffer.isEmpty == model.isEmpty && buffer.last == model.last)
        }
        buffer.removeAll()
        #expect(buffer.isEmpty && buffer.array == [] && buffer.string() == "")
        #expect(ByteBuffer(Array("héllo".utf8)).string() == "héllo")
    }
}
