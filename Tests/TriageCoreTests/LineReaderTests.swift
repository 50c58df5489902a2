import Testing

@testable import TriageCore

/// Bytes served in chunks of a chosen size, to exercise every boundary case of the splitter.
final class MemorySource: ByteSource {
    let bytes: [UInt8]
    let chunk: Int
    var offset = 0
    init(_ bytes: [UInt8], chunk: Int = 7) {
        self.bytes = bytes
        self.chunk = chunk
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SourceError) -> Int {
        let n = min(chunk, buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
    func close() {}
}

func readLines(_ bytes: [UInt8], chunk: Int = 7, bufferChunk: Int = 64) throws -> [(bytes: [UInt8], full: Int)] {
    let r = LineReader(source: MemorySource(bytes, chunk: chunk), chunkSize: bufferChunk)
    var out: [([UInt8], Int)] = []
    try r.forEachLine { b, info in out.append((Array(b), info.fullLength)) }
    return out
}

@Suite("Line splitting")
struct LineReaderTests {
    @Test("a reader whose buffer was given back still reads correctly if more input comes")
    func releasedBufferStillReads() throws {
        /// A source that gets more bytes after it first ran dry (a followed file).
        final class GrowingSource: ByteSource {
            var bytes: [UInt8]
            var offset = 0
            init(_ s: String) { bytes = Array(s.utf8) }
            func read(into buffer: UnsafeMutableRawBufferPointer) throws(SourceError) -> Int {
                let n = min(buffer.count, bytes.count - offset)
                guard n > 0 else { return 0 }
                bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
                offset += n
                return n
            }
            func close() {}
        }
        // (Ends inside a line: the part already read must survive the release.)
        let source = GrowingSource(String(repeating: "first part of the log\n", count: 20_000) + "after ")
        let r = LineReader(source: source)
        var lines: [String] = []
        while try r.pump({ b, _ in lines.append(String(decoding: b, as: UTF8.self)) }) > 0 {}
        r.releaseMemory()
        source.bytes += Array("the release\nand one more\n".utf8)
        while try r.pump({ b, _ in lines.append(String(decoding: b, as: UTF8.self)) }) > 0 {}
        r.finish { b, _ in lines.append(String(decoding: b, as: UTF8.self)) }
        #expect(lines.count == 20_002)
        #expect(lines.suffix(2) == ["after the release", "and one more"])
        #expect(r.lineNumber == 20_002)
    }

    @Test("LF and CRLF endings, with and without a final newline", arguments: [1, 2, 3, 7, 64, 4096])
    func endings(chunk: Int) throws {
        let lines = try readLines(Array("a\r\nbb\n\nccc\r\nlast".utf8), chunk: chunk).map { $0.bytes.string() }
        #expect(lines == ["a", "bb", "", "ccc", "last"])
        #expect(try readLines(Array("x\n".utf8), chunk: chunk).map { $0.bytes.string() } == ["x"])
        #expect(try readLines([], chunk: chunk).isEmpty)
    }

    @Test("NUL bytes and invalid UTF-8 pass through unchanged")
    func oddBytes() throws {
        let raw: [UInt8] = [0x61, 0x00, 0x62, 0x0A, 0xFF, 0xFE, 0xC3, 0x0A, 0xE2, 0x82, 0xAC]
        let lines = try readLines(raw, chunk: 3)
        #expect(lines.map(\.bytes) == [[0x61, 0x00, 0x62], [0xFF, 0xFE, 0xC3], [0xE2, 0x82, 0xAC]])
    }

    @Test("a line longer than the cap is counted in full and truncated for analysis")
    func longLine() throws {
        let long = [UInt8](repeating: 0x78, count: Limits.lineBytes * 3 + 17)
        let lines = try readLines(long + [0x0A] + Array("next\n".utf8) + long, chunk: 5000, bufferChunk: 4096)
        #expect(lines.count == 3)
        #expect(lines[0].full == Limits.lineBytes * 3 + 17)
        #expect(lines[0].bytes.count == Limits.lineBytes)
        #expect(lines[1].bytes.string() == "next")
        #expect(lines[2].full == long.count)
    }

    @Test("a 50 MB line is read, counted and truncated without holding it in memory")
    func fiftyMegabyteLine() throws {
        let big = [UInt8](repeating: 0x41, count: 50_000_000)
        let r = LineReader(source: MemorySource(big + Array("\nafter\n".utf8), chunk: 1 << 20))
        var seen: [(Int, Int)] = []
        try r.forEachLine { b, info in seen.append((b.count, info.fullLength)) }
        #expect(seen.count == 2)
        #expect(seen[0] == (Limits.lineBytes, 50_000_000))
        #expect(seen[1] == (5, 5))
        #expect(r.truncatedLines == 1)
        #expect(r.bytesRead == 50_000_007)
    }

    @Test("line numbers count every physical line")
    func numbering() throws {
        let r = LineReader(source: MemorySource(Array("a\n\nb\nc".utf8)))
        var numbers: [Int] = []
        try r.forEachLine { _, info in numbers.append(info.number) }
        #expect(numbers == [1, 2, 3, 4])
    }
}
