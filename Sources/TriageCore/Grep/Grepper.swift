/// `triage grep`: lines that match a PCRE2 pattern, with the cluster each belongs to, one input after
/// another or merged into one timeline by timestamp. The pattern runs on each raw line first (JIT), so
/// lines that do not match cost a line split and one regex call; only matching lines are parsed and
/// mined (their cluster ids come from mining the matching lines only, which gives the same templates
/// as `analyze` unless the match keeps too few lines to generalise them).
public final class Grepper {
    public struct Hit: Sendable {
        public var path: String
        public var line: Int
        /// Epoch ms (UTC); lines without a time carry the previous stamped line's.
        public var timestamp: Int64?
        public var clusterID: String
        public var level: Level
        public var text: String
    }

    private let matcher: RegexMatcher
    /// The same pattern for whole-buffer search: `^`/`$` at every line (MULTILINE), CRLF aware.
    private let prefilter: RegexMatcher?
    private let options: AnalysisOptions
    private let store: ClusterStore
    private let filter: EventFilterMatcher?
    public private(set) var diagnostics: [InputDiagnostic] = []
    public private(set) var linesSearched = 0
    public private(set) var bytesSearched = 0
    private var limitWarned = false

    public init(pattern: Regex, options: AnalysisOptions = AnalysisOptions()) throws(Regex.CompileError) {
        matcher = pattern.matcher()
        prefilter = (try? Regex("(*ANYCRLF)" + pattern.pattern, options: pattern.options.union(.multiline)))?.matcher()
        self.options = options
        store = ClusterStore(masker: try Masker(masks: options.masks, showNames: options.showMaskNames))
        filter = options.filter.isEmpty ? nil : EventFilterMatcher(options.filter)
    }

    /// Counts matching lines per input without parsing or mining them (`grep -c`): (path, count).
    /// Time and level filters need parsed events, so with those set this goes through `search`.
    public func count(paths: [String]) -> [(path: String, count: Int)] {
        guard options.filter.isEmpty, options.since == nil, options.until == nil else {
            var counts: [String: Int] = [:]
            search(paths: paths, merge: false) { counts[$0.path, default: 0] += 1 }
            return paths.flatMap(InputOpener.expand).map { ($0, counts[$0] ?? 0) }
        }
        var out: [(String, Int)] = []
        for p in paths.flatMap(InputOpener.expand) {
            switch InputOpener.open(p) {
            case .failure(let d):
                diagnostics.append(d)
            case .success(let o):
                let reader = LineReader(source: o.source)
                var n = 0
                do {
                    while try reader.pump(prefilter: prefilter, { line, _ in if matches(line) { n += 1 } }) > 0 {}
                    reader.finish { line, _ in if matches(line) { n += 1 } }
                } catch {
                    diagnostics.append(InputOpener.diagnostic(p, sourceError: error))
                }
                linesSearched += reader.lineNumber
                bytesSearched += reader.bytesRead
                o.source.close()
                out.append((p, n))
            }
        }
        return out
    }

    /// Searches the inputs; `merge` interleaves them by timestamp. `emit` gets hits in output order.
    public func search(paths: [String], merge: Bool, emit: (Hit) -> Void) {
        let files = paths.flatMap(InputOpener.expand)
        var streams: [Stream] = []
        for p in files {
            switch InputOpener.open(p) {
            case .failure(let d): diagnostics.append(d)
            case .success(let o): streams.append(Stream(path: p, opened: o, grepper: self))
            }
        }
        if !merge || streams.count < 2 {
            for s in streams {
                while !s.ended {
                    s.pump()
                    while let h = s.next() { emit(h) }
                }
            }
        } else {
            // k-way merge: keep one hit (or the end) in view per input, emit the earliest.
            while true {
                for s in streams where s.peek == nil && !s.ended {
                    while s.peek == nil && !s.ended { s.pump() }
                }
                let live = streams.filter { $0.peek != nil }
                guard !live.isEmpty else { break }
                let earliest = live.min { ($0.peek!.timestamp ?? .min) < ($1.peek!.timestamp ?? .min) }!
                emit(earliest.next()!)
            }
        }
        for s in streams {
            linesSearched += s.reader.lineNumber
            bytesSearched += s.reader.bytesRead
            s.reader.source.close()
            if let d = s.failure { diagnostics.append(d) }
        }
    }

    /// One input: its reader and parser, and the hits read but not yet emitted.
    final class Stream {
        let path: String
        let reader: LineReader
        var parser: StreamParser!
        /// Hits read but not yet emitted.
        private var queue = Fifo<Hit>()
        var ended = false
        var failure: InputDiagnostic?
        private unowned let grepper: Grepper

        init(path: String, opened: InputOpener.Opened, grepper: Grepper) {
            self.path = path
            self.grepper = grepper
            reader = LineReader(source: opened.source)
            let now = TimeExpression.nowMillis()
            let context = ParseContext(
                timestamps: TimestampParser(
                    defaultOffsetSeconds: grepper.options.timezoneOffsetSeconds,
                    referenceMillis: grepper.options.referenceMillis ?? (opened.modifiedMillis ?? now)))
            parser = StreamParser(
                context: context, lineFormat: grepper.options.lineFormat, inputIndex: 0,
                defaultService: Array(InputOpener.serviceName(forPath: path).utf8)
            ) { [unowned self] e in self.take(e) }
            parser.joinsContinuations = false
        }

        var peek: Hit? { queue.first }

        /// The next hit in input order, or nil when none is waiting.
        func next() -> Hit? { queue.popFirst() }

        func pump() {
            do {
                let n = try reader.pump(prefilter: grepper.prefilter) { line, _ in
                    guard grepper.matches(line) else { return }
                    parser.feed(line, number: reader.lineNumber)
                    parser.flushIfDetected()
                }
                if n == 0 {
                    reader.finish { line, _ in
                        if grepper.matches(line) { parser.feed(line, number: reader.lineNumber) }
                    }
                    parser.finish()
                    ended = true
                }
            } catch {
                failure = InputOpener.diagnostic(path, sourceError: error)
                parser.finish()
                ended = true
            }
        }

        private func take(_ e: LogEvent) {
            if let t = e.timestamp {
                if let s = grepper.options.since, t < s { return }
                if let u = grepper.options.until, t >= u { return }
            }
            if let f = grepper.filter, !f.accepts(e) { return }
            let c = grepper.store.add(e)
            let live = grepper.store.clusters[grepper.store.resolve(c.index)]
            let id = ClusterID.make(template: grepper.store.template(of: live), source: live.service.string())
            queue.append(Hit(path: path, line: e.firstLine, timestamp: e.timestamp, clusterID: id, level: e.level, text: e.rawString))
        }
    }

    fileprivate func matches(_ line: UnsafeRawBufferPointer) -> Bool {
        switch matcher.match(line) {
        case .match: return true
        case .noMatch: return false
        case .limitExceeded:
            if !limitWarned {
                limitWarned = true
                diagnostics.append(
                    InputDiagnostic(
                        .warning, .regexLimit, file: matcher.regex.pattern,
                        "the pattern hit PCRE2's match limit on a line (catastrophic backtracking?); such lines count as not matching"))
            }
            return false
        }
    }
}
