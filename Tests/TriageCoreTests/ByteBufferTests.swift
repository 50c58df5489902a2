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

/// The eight-bytes-at-a-time scans must find what a byte loop finds.
@Suite("Byte scans")
struct ByteScanTests {
    @Test("firstIndex(ofAny:), firstBlank and firstSeparator agree with a byte loop on random text, from every start")
    func scansAgree() {
        var rng = SeededGenerator(seed: 11)
        let alphabet: [UInt8] = Array("ab=\"\\\t :[".utf8) + [0x00, 0x09, 0x7F, 0x80, 0xBD, 0xFF, 0x3D]
        for _ in 0..<3_000 {
            let text = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let (a, b, c) = (alphabet.randomElement(using: &rng)!, alphabet.randomElement(using: &rng)!, alphabet.randomElement(using: &rng)!)
            text.withUnsafeBytes { t in
                for start in 0...text.count + 1 {
                    let any = (start..<max(start, text.count)).first { [a, b, c].contains(text[$0]) } ?? max(start, text.count)
                    #expect(t.firstIndex(ofAny: a, b, c, from: start) == any, "\(text) \(start)")
                    let blank = (start..<max(start, text.count)).first { isBlank(text[$0]) } ?? max(start, text.count)
                    #expect(t.firstBlank(from: start) == blank)
                    let blankOr = (start..<max(start, text.count)).first { isBlank(text[$0]) || text[$0] == a } ?? max(start, text.count)
                    #expect(t.firstBlank(orByte: a, from: start) == blankOr)
                    let separator = (start..<max(start, text.count)).first { text[$0] <= 0x20 } ?? max(start, text.count)
                    #expect(t.firstSeparator(from: start) == separator)
                }
            }
        }
    }
}
