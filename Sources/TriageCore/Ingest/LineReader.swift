#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a byte stream into lines in a fixed-size buffer: LF or CRLF endings, any bytes (invalid
/// UTF-8 and NUL included), and lines of any length. A line longer than `Limits.lineBytes` is read
/// and counted in full, but only its first `Limits.lineBytes` bytes are passed on, so memory stays
/// bounded by the buffer whatever the input. Reading is pull-based (`pump`), so many inputs can be
/// followed in one loop; `forEachLine` reads one input to its end.
final class LineReader {
    struct Line {
        var number: Int
        /// Length of the whole line as it was in the input (without the line ending).
        var fullLength: Int
        var truncated: Bool { fullLength > Limits.lineBytes }
    }

    let source: any ByteSource
    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private(set) var bytesRead = 0
    private(set) var lineNumber = 0
    private(set) var truncatedLines = 0
    /// While skipping the tail of an overlong line: the kept prefix and the length so far.
    private var overflow: [UInt8]?
    private var overflowLength = 0

    init(source: any ByteSource, chunkSize: Int = 1 << 20) {
        self.source = source
        buffer = .allocate(byteCount: chunkSize + Limits.lineBytes + 1, alignment: 64)
    }

    deinit { buffer.deallocate() }

    /// Reads to the end, calling `body` for each line. The bytes are valid only during the call.
    /// `progress` is called after each chunk with the bytes read so far.
    func forEachLine(
        progress: (Int) -> Void = { _ in },
        _ body: (UnsafeRawBufferPointer, Line) -> Void
    ) throws(SourceError) {
        while try pump(body) > 0 { progress(bytesRead) }
        finish(body)
    }

    /// One read from the source; passes on every complete line. Returns the bytes read (0 at the
    /// end of the input, or when a followed input has nothing new yet).
    ///
    /// With a `prefilter` (grep), the complete lines of the chunk are searched as one buffer and
    /// only lines where a match starts are passed on (and counted in between with memchr), which is
    /// several times faster than a regex call per line; `body` must still check each line it gets.
    @discardableResult
    func pump(prefilter: RegexMatcher? = nil, _ body: (UnsafeRawBufferPointer, Line) -> Void) throws(SourceError) -> Int {
        let base = buffer.baseAddress!
        let n = try source.read(into: UnsafeMutableRawBufferPointer(start: base + end, count: buffer.count - end))
        if n == 0 { return 0 }
        bytesRead += n
        var scan = end
        end += n
        if let prefilter, overflow == nil, let last = lastNewline(from: scan, to: end) {
            scanMatches(prefilter, upTo: last + 1, body)
            scan = start
        }
        while scan < end {
            guard let hit = memchr(base + scan, 0x0A, end - scan) else { break }
            let nl = base.distance(to: UnsafeMutableRawPointer(hit))
            if let kept = overflow {
                overflowLength += nl - start
                emit(kept, fullLength: overflowLength, body)
                overflow = nil
            } else {
                emitRange(start, nl, body)
            }
            start = nl + 1
            scan = start
        }
        // No newline in [start, end).
        if overflow != nil {
            overflowLength += end - start
            start = end
        } else if end - start > Limits.lineBytes {
            overflow = Array(UnsafeRawBufferPointer(start: base + start, count: Limits.lineBytes))
            overflowLength = end - start
            start = end
        }
        // Move the partial line to the front so there is always room for a full chunk.
        if start > 0 {
            let rest = end - start
            if rest > 0 { memmove(base, base + start, rest) }
            start = 0
            end = rest
        }
        return n
    }

    /// Index of the last '\n' in [from, to), searching backwards.
    private func lastNewline(from: Int, to: Int) -> Int? {
        // (memrchr is a GNU extension Swift's Glibc module does not export; lines are short.)
        var i = to - 1
        while i >= from {
            if buffer[i] == 0x0A { return i }
            i -= 1
        }
        return nil
    }

    /// Lines in [start, regionEnd) — complete lines — where the prefilter finds a match.
    private func scanMatches(_ m: RegexMatcher, upTo regionEnd: Int, _ body: (UnsafeRawBufferPointer, Line) -> Void) {
        let base = buffer.baseAddress!
        let subject = UnsafeRawBufferPointer(start: base, count: regionEnd)
        var pos = start
        while pos < regionEnd {
            guard m.match(subject, from: pos) == .match, let r = m.range(group: 0), r.lowerBound < regionEnd else {
                lineNumber += countNewlines(pos, regionEnd)
                break
            }
            let lineStart = (lastNewline(from: pos, to: r.lowerBound).map { $0 + 1 }) ?? pos
            lineNumber += countNewlines(pos, lineStart)
            let lineEnd = base.distance(to: UnsafeMutableRawPointer(memchr(base + r.lowerBound, 0x0A, regionEnd - r.lowerBound)!))
            emitRange(lineStart, lineEnd, body)
            pos = lineEnd + 1
        }
        start = regionEnd
    }

    private func countNewlines(_ from: Int, _ to: Int) -> Int {
        var count = 0
        var p = from
        let base = buffer.baseAddress!
        while p < to, let hit = memchr(base + p, 0x0A, to - p) {
            count += 1
            p = base.distance(to: UnsafeMutableRawPointer(hit)) + 1
        }
        return count
    }

    /// Gives the buffer's pages back to the system once the input is done (a finished input keeps
    /// its reader for its counts, and a megabyte per input adds up over hundreds of files). The
    /// buffer stays usable: its pages come back, zeroed, if it is read into again; the bytes of a
    /// line still in progress are kept.
    func releaseMemory() {
        let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
        let base = UInt(bitPattern: buffer.baseAddress!)
        let lo = (base + UInt(end) + page - 1) & ~(page - 1)
        let hi = (base + UInt(buffer.count)) & ~(page - 1)
        if hi > lo { _ = madvise(UnsafeMutableRawPointer(bitPattern: lo), Int(hi - lo), Int32(MADV_DONTNEED)) }
    }

    /// Passes on the last line when the input does not end with a newline.
    func finish(_ body: (UnsafeRawBufferPointer, Line) -> Void) {
        if let kept = overflow {
            overflowLength += end - start
            emit(kept, fullLength: overflowLength, body)
            overflow = nil
        } else if end > start {
            emitRange(start, end, body)
        }
        start = 0
        end = 0
    }

    private func emitRange(_ lo: Int, _ hi: Int, _ body: (UnsafeRawBufferPointer, Line) -> Void) {
        var h = hi
        if h > lo, buffer[h - 1] == 0x0D { h -= 1 }
        lineNumber += 1
        body(UnsafeRawBufferPointer(rebasing: buffer[lo..<h]), Line(number: lineNumber, fullLength: h - lo))
    }

    private func emit(_ kept: [UInt8], fullLength: Int, _ body: (UnsafeRawBufferPointer, Line) -> Void) {
        lineNumber += 1
        truncatedLines += 1
        kept.withUnsafeBytes { body($0, Line(number: lineNumber, fullLength: fullLength)) }
    }
}
