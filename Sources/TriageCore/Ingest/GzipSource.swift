import CZlib

/// Streaming gzip decompression (zlib), including multi-member files (`cat a.gz b.gz`, pigz).
/// A stream that ends before its final member is complete is reported as truncated.
final class GzipSource: ByteSource {
    private let input: any ByteSource
    private var stream = z_stream()
    private var inBuffer: UnsafeMutableRawBufferPointer
    private var inputEnded = false
    private var memberComplete = true
    private var finished = false
    private(set) var compressedBytesRead = 0

    init(input: any ByteSource) throws(SourceError) {
        self.input = input
        inBuffer = .allocate(byteCount: 256 * 1024, alignment: 16)
        // 15 + 16: gzip wrapper only, maximum window.
        let rc = triage_inflate_init2(&stream, 15 + 16)
        guard rc == Z_OK else {
            inBuffer.deallocate()
            throw .corruptGzip("zlib initialisation failed (\(rc))")
        }
    }

    deinit {
        inflateEnd(&stream)
        inBuffer.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SourceError) -> Int {
        guard !finished else { return 0 }
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out > 0 {
            if stream.avail_in == 0 {
                if inputEnded { break }
                let n = try input.read(into: inBuffer)
                if n == 0 {
                    inputEnded = true
                    break
                }
                compressedBytesRead += n
                stream.next_in = inBuffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(n)
            }
            memberComplete = false
            let rc = inflate(&stream, Z_NO_FLUSH)
            if rc == Z_STREAM_END {
                memberComplete = true
                // Another member may follow; trailing zero padding is tolerated.
                if stream.avail_in > 0, stream.next_in.pointee != 0 {
                    inflateReset(&stream)
                } else if stream.avail_in > 0 {
                    stream.avail_in = 0
                    inputEnded = true
                    break
                } else {
                    inflateReset(&stream)
                }
                continue
            }
            if rc == Z_BUF_ERROR { continue }
            guard rc == Z_OK else {
                let msg = stream.msg.map { String(cString: $0) } ?? "inflate error \(rc)"
                throw .corruptGzip(msg)
            }
        }
        let produced = buffer.count - Int(stream.avail_out)
        if produced == 0, inputEnded {
            finished = true
            if !memberComplete { throw .truncatedGzip(compressedOffset: compressedBytesRead) }
        }
        return produced
    }

    func close() { input.close() }
}
