#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One input being read: its source, line splitter, parser and running summary. Pull-based, so the
/// analyzer can read one input to its end or follow many in one loop.
final class InputSession {
    let path: String
    let inputIndex: Int
    let reader: LineReader
    let fileSize: Int?
    let isEmptyFile: Bool
    private let parser: StreamParser?
    private let expectsLineFormat: Bool
    private let following: Bool
    /// Events parsed and their time span, counted by the parser's output (which must not hold the
    /// session itself: session, parser and closure would keep each other alive for good).
    private let tally: EventTally
    private var failure: InputDiagnostic?
    var ended = false
    private var idlePumps = 0
    private var detected = false
    private let openedAt = TimeExpression.nowMillis()
    /// The running summary, updated by the thread that reads the input.
    private(set) var summary: AnalysisReport.FileSummary
    /// The summary as of the last batch mined, for reports (read and written by the mining thread
    /// only, so a report during a parallel read sees a consistent value).
    var published: AnalysisReport.FileSummary

    private init(
        path: String, inputIndex: Int, reader: LineReader, parser: StreamParser?, tally: EventTally, fileSize: Int?,
        isEmpty: Bool, compressed: Bool, expectsLineFormat: Bool, following: Bool
    ) {
        self.tally = tally
        self.path = path
        self.inputIndex = inputIndex
        self.reader = reader
        self.parser = parser
        self.fileSize = fileSize
        isEmptyFile = isEmpty
        self.expectsLineFormat = expectsLineFormat
        self.following = following
        summary = AnalysisReport.FileSummary(
            path: path, format: isEmpty ? "empty" : "reading", compressed: compressed, lines: 0, events: 0, bytes: 0,
            truncatedLines: 0)
        published = summary
    }

    /// A placeholder for an input that could not be opened (it still appears in the report).
    static func unread(path: String, inputIndex: Int) -> InputSession {
        let s = InputSession(
            path: path, inputIndex: inputIndex, reader: LineReader(source: EmptySource(), chunkSize: 16), parser: nil,
            tally: EventTally(), fileSize: nil, isEmpty: false, compressed: false, expectsLineFormat: false, following: false)
        s.summary.format = "unread"
        s.published = s.summary
        s.ended = true
        return s
    }

    static func open(
        path: String, following: Bool, options: AnalysisOptions, inputIndex: Int, sink: @escaping (LogEvent) -> Void
    ) -> Result<InputSession, InputDiagnostic> {
        var source: any ByteSource
        var size: Int?
        var mtime: Int64?
        var compressed = false
        var isEmpty = false
        if following, path == "-" {
            source = NonBlockingStdinSource()
        } else if following, !isGzip(path) {
            var st = stat()
            if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                return .failure(InputDiagnostic(.error, .directory, file: path, "is a directory; name the log files in it (e.g. \(path)/*.log)"))
            }
            source = FollowingFileSource(path: path)
        } else {
            switch InputOpener.open(path) {
            case .failure(let d): return .failure(d)
            case .success(let o):
                source = o.source
                size = o.fileSize
                mtime = o.modifiedMillis
                compressed = o.compressed
                isEmpty = o.isEmpty
            }
        }
        let now = TimeExpression.nowMillis()
        let context = ParseContext(
            timestamps: TimestampParser(
                defaultOffsetSeconds: options.timezoneOffsetSeconds,
                referenceMillis: options.referenceMillis ?? (path == "-" ? now : (mtime ?? now))))
        let tally = EventTally()
        let parser = StreamParser(
            context: context, lineFormat: options.lineFormat, inputIndex: inputIndex,
            defaultService: Array(InputOpener.serviceName(forPath: path).utf8)
        ) { event in
            tally.note(event)
            sink(event)
        }
        return .success(
            InputSession(
                path: path, inputIndex: inputIndex, reader: LineReader(source: source), parser: parser, tally: tally,
                fileSize: size, isEmpty: isEmpty, compressed: compressed, expectsLineFormat: options.lineFormat != nil,
                following: following))
    }

    private static func isGzip(_ path: String) -> Bool {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { _ = Glibc.close(fd) }
        var magic: (UInt8, UInt8) = (0, 0)
        return Glibc.read(fd, &magic, 2) == 2 && magic == (0x1F, 0x8B)
    }

    /// Reads once; returns the bytes read (0: the input ended, or a followed input is quiet).
    func pump() -> Int {
        guard !ended, let parser else { return 0 }
        do {
            let n = try reader.pump { line, _ in
                Unmanaged.passUnretained(parser)._withUnsafeGuaranteedRef { $0.feed(line, number: reader.lineNumber) }
            }
            if n == 0 {
                if let s = reader.source as? NonBlockingStdinSource { ended = s.ended } else if !following { ended = true }
                idlePumps += 1
                // Quiet for a second or so (five polls): settle what has arrived.
                if following || reader.source is NonBlockingStdinSource, idlePumps == 5 { parser.settle() }
            } else {
                idlePumps = 0
                // A slow stream: after a second, detect the format from what has arrived.
                if following || reader.source is NonBlockingStdinSource, !detected,
                    TimeExpression.nowMillis() - openedAt > 1000
                {
                    parser.detectSoon()
                    detected = true
                }
            }
            refresh()
            return n
        } catch {
            failure = InputOpener.diagnostic(path, sourceError: error)
            ended = true
            return 0
        }
    }

    /// Stops a followed input (SIGINT).
    func stop() { ended = true }

    /// Flushes the last line and event; returns the warnings and errors about this input.
    func finish() -> [InputDiagnostic] {
        guard let parser else { return [] }
        reader.finish { line, _ in parser.feed(line, number: reader.lineNumber) }
        parser.finish()
        reader.source.close()
        reader.releaseMemory()
        refresh()
        summary.format = parser.formatDescription
        var found: [InputDiagnostic] = failure.map { [$0] } ?? []
        if reader.truncatedLines > 0 {
            found.append(
                InputDiagnostic(
                    .warning, .longLines, file: path,
                    "\(reader.truncatedLines) line(s) longer than \(Limits.lineBytes / 1024) KiB were counted but analysed only up to that length"
                ))
        }
        if expectsLineFormat, parser.matchedLines == 0, reader.lineNumber > 0 {
            found.append(
                InputDiagnostic(.error, .lineFormatMismatch, file: path, line: 1, "--line-format matched none of its \(reader.lineNumber) lines"))
        } else if parser.unmatchedLines > 0 {
            found.append(
                InputDiagnostic(
                    .warning, .lineFormatMismatch, file: path,
                    "--line-format did not match \(parser.unmatchedLines) of \(reader.lineNumber) lines (joined to the event before them)"))
        }
        return found
    }

    private func refresh() {
        summary.lines = reader.lineNumber
        summary.bytes = reader.bytesRead
        summary.events = tally.events
        summary.truncatedLines = reader.truncatedLines
        summary.firstTimestamp = tally.first.map(formatTimestamp)
        summary.lastTimestamp = tally.last.map(formatTimestamp)
        if let parser, parser.format != nil { summary.format = parser.formatDescription }
    }
}

/// No bytes at all.
final class EmptySource: ByteSource {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SourceError) -> Int { 0 }
    func close() {}
}

/// The events an input's parser emitted and their time span (see `InputSession.tally`).
final class EventTally {
    private(set) var events = 0
    private(set) var first: Int64?
    private(set) var last: Int64?

    func note(_ e: LogEvent) {
        events += 1
        if let t = e.timestamp {
            if first.map({ t < $0 }) ?? true { first = t }
            if last.map({ t > $0 }) ?? true { last = t }
        }
    }
}
