#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The engine's entry point: feed it inputs one by one, ask for a report at any time (the TUI asks
/// while a large file is still being read). Problems with an input come back as diagnostics; the
/// analysis goes on with the other inputs.
public final class Analyzer {
    public let options: AnalysisOptions
    private let store: ClusterStore
    private var sessions: [InputSession] = []
    private var files: [AnalysisReport.FileSummary] { sessions.map(\.published) }
    private let frontEnd: EventFrontEnd
    /// Masks batches on the reading thread when it has time (`analyze`): a masker of its own, as
    /// match state is per thread.
    private let helperMasker: Masker
    /// For tests: the reading thread masks every batch it can claim, not only when it would wait.
    var alwaysHelpMasking = false
    private var warnedFull = false
    private(set) public var diagnostics: [InputDiagnostic] = []

    /// Records a problem found outside the log inputs (e.g. a malformed change event).
    public func note(_ d: InputDiagnostic) { diagnostics.append(d) }
    private var filteredEvents = 0
    /// Per input, when `options.recordLineLabels`: (first line, line count, cluster index) per event.
    private var assignments: [[(line: Int32, lines: Int32, cluster: Int32)]] = []

    /// Progress of the input being read.
    public struct Progress: Sendable {
        public var path: String
        public var bytesRead: Int
        /// Size on disk when known (compressed size for .gz: progress is then approximate).
        public var totalBytes: Int?
        public var lines: Int
    }

    public init(options: AnalysisOptions = AnalysisOptions()) throws(Regex.CompileError) {
        self.options = options
        store = ClusterStore(
            masker: try Masker(masks: options.masks, showNames: options.showMaskNames), maxTemplates: options.maxTemplates)
        frontEnd = try EventFrontEnd(options: options)
        helperMasker = try Masker(masks: options.masks, showNames: options.showMaskNames)
    }

    /// Inputs as named on the command line, with quoted globs (`'logs/*.log'`) expanded.
    public static func expandInputs(_ inputs: [String]) -> [String] { inputs.flatMap(InputOpener.expand) }

    /// Reads one input to its end. `progress` is called after every chunk (about 1 MiB), on the
    /// calling thread. With `options.parallel` two threads share the work batch by batch, in input
    /// order, so the result is the same as a one-thread run: a worker reads and parses, the
    /// caller's thread masks and mines. Masking is the part either can do: when all batches are in
    /// flight (the miner is behind), the reader masks the last one waiting instead of idling.
    @discardableResult
    public func analyze(path: String, progress: ((Progress) -> Void)? = nil) -> [InputDiagnostic] {
        let before = diagnostics.count
        guard let session = begin(path: path, following: false) else { return Array(diagnostics[before...]) }
        func reportProgress(_ b: EventBatch) {
            progress?(Progress(path: path, bytesRead: b.bytesRead, totalBytes: session.fileSize, lines: b.lines))
        }
        if options.parallel {
            let pool = BatchPool(capacity: 6)
            let toMine = BatchQueue()
            var finished: [InputDiagnostic] = []
            let frontEnd = self.frontEnd
            let helperMasker = self.helperMasker
            let alwaysHelp = alwaysHelpMasking
            /// A batch to fill; while none is free, mask batches that wait for the miner.
            func nextBatch() -> EventBatch {
                while true {
                    if !alwaysHelp, let b = pool.tryTake() { return b }
                    guard let waiting = toMine.claimForHelping() else { return pool.take() }
                    waiting.maskAll(helperMasker)
                    toMine.helped(waiting)
                }
            }
            let reader = WorkerThread {
                frontEnd.batch = nextBatch()
                while true {
                    let n = session.pump()
                    frontEnd.batch.bytesRead = session.reader.bytesRead
                    frontEnd.batch.lines = session.reader.lineNumber
                    frontEnd.batch.summary = session.summary
                    if n == 0 { break }
                    toMine.send(frontEnd.batch)
                    frontEnd.batch = nextBatch()
                }
                finished = session.finish()
                toMine.send(frontEnd.batch)
                frontEnd.batch = EventBatch()
                toMine.close()
            }
            while let b = toMine.receive() {
                toMine.claimForMasking(b)
                consume(b)
                if let s = b.summary { session.published = s }
                reportProgress(b)
                pool.recycle(b)
            }
            reader.join()
            session.published = session.summary
            diagnostics.append(contentsOf: finished)
        } else {
            while true {
                let n = session.pump()
                frontEnd.batch.bytesRead = session.reader.bytesRead
                frontEnd.batch.lines = session.reader.lineNumber
                consume(frontEnd.batch)
                frontEnd.batch.reset()  // (keeps bytesRead and lines for the progress report)
                session.published = session.summary
                if n == 0 { break }
                reportProgress(frontEnd.batch)
            }
            end(session)
            consume(frontEnd.batch)
            frontEnd.batch.reset()
        }
        return Array(diagnostics[before...])
    }

    /// Follows inputs as they grow (`--follow`): files across rotation, standard input until it
    /// closes, and files that appear later under a glob. Every `interval` (if any) `onInterval` gets
    /// a fresh report; the loop ends when `shouldStop` says so (SIGINT) or when every input has ended
    /// (only standard input and files given with follow off can end).
    public func follow(
        paths: [String], following: Bool, interval: Int64?, pollMillis: Int = 200,
        shouldStop: () -> Bool, onInterval: (AnalysisReport) -> Void
    ) {
        var sessions: [InputSession] = []
        var known: Set<String> = []
        func discover() {
            for p in paths {
                for path in InputOpener.expand(p) where !known.contains(path) {
                    known.insert(path)
                    if let s = begin(path: path, following: following) { sessions.append(s) }
                }
            }
        }
        discover()
        var lastInterval = TimeExpression.nowMillis()
        var lastDiscovery = lastInterval
        while !shouldStop() {
            var moved = 0
            for s in sessions where !s.ended {
                // A few chunks per input per round keep one busy input from starving the others.
                for _ in 0..<8 {
                    let n = s.pump()
                    moved += n
                    if n == 0 { break }
                }
                if s.ended { end(s) }
                // Mined input by input: a round over hundreds of busy files would otherwise hold
                // all their chunks' events in one batch.
                consume(frontEnd.batch)
                frontEnd.batch.reset()
            }
            for s in sessions { s.published = s.summary }
            let now = TimeExpression.nowMillis()
            if let every = interval, now - lastInterval >= every {
                lastInterval = now
                onInterval(report())
            }
            // Followed files never end; standard input and .gz files do. Stop when nothing is left.
            if sessions.allSatisfy(\.ended), !sessions.isEmpty || !following { break }
            if moved == 0 {
                if following, now - lastDiscovery >= 1000 {
                    lastDiscovery = now
                    discover()
                }
                usleep(UInt32(pollMillis * 1000))
            }
        }
        for s in sessions where !s.ended {
            s.stop()
            end(s)
        }
        consume(frontEnd.batch)
        frontEnd.batch.reset()
    }

    /// Opens an input and registers it; nil (with a diagnostic) when it cannot be read.
    private func begin(path: String, following: Bool) -> InputSession? {
        let inputIndex = sessions.count
        if options.recordLineLabels { assignments.append([]) }
        let session: InputSession
        let frontEnd = self.frontEnd
        switch InputSession.open(path: path, following: following, options: options, inputIndex: inputIndex, sink: frontEnd.take) {
        case .failure(let d):
            diagnostics.append(d)
            sessions.append(InputSession.unread(path: path, inputIndex: inputIndex))
            return nil
        case .success(let s): session = s
        }
        sessions.append(session)
        if session.isEmptyFile {
            diagnostics.append(InputDiagnostic(.warning, .empty, file: path, "file is empty"))
            session.ended = true
            return nil
        }
        return session
    }

    private func end(_ s: InputSession) {
        diagnostics.append(contentsOf: s.finish())
        s.published = s.summary
    }

    /// Every event that passed the front end (time range, filters, masks) is mined here, in order.
    private func consume(_ batch: EventBatch) {
        batch.maskAll(frontEnd.masker)  // nothing left to do when the reader masked the batch
        filteredEvents += batch.filtered
        batch.filtered = 0
        for pattern in batch.limitHits {
            diagnostics.append(
                InputDiagnostic(
                    .warning, .regexLimit, file: pattern,
                    "the pattern hit PCRE2's match limit on a line (catastrophic backtracking?); such lines count as not matching"))
        }
        batch.limitHits.removeAll()
        let store = self.store
        batch.forEach(lookahead: 8, ahead: { store.prefetch($0, stage: $1) }) { e in
            let clusterIndex = store.add(e)
            if store.full, !warnedFull {
                warnedFull = true
                diagnostics.append(
                    InputDiagnostic(
                        .warning, .tooManyTemplates, file: sessions[e.event.inputIndex].path,
                        "more than \(options.maxTemplates) templates (random or binary-like text?): further new messages are counted as 'other' (raise with --max-templates)"))
            }
            if options.recordLineLabels {
                assignments[e.event.inputIndex].append(
                    (Int32(truncatingIfNeeded: e.event.firstLine), Int32(truncatingIfNeeded: e.event.lineCount), Int32(clusterIndex)))
            }
        }
        store.settleSamples()
    }

    /// The final cluster of every line of input `inputIndex` (recorded only with
    /// `options.recordLineLabels`): (line number, cluster id, template); lines that belong to no
    /// event (blank lines between plain-text events, tool notices, lines outside --since/--until)
    /// get empty strings.
    public func lineLabels(input inputIndex: Int) -> [(line: Int, id: String, template: String)] {
        guard inputIndex < files.count, inputIndex < assignments.count else { return [] }
        var labelOfCluster: [Int: (String, String)] = [:]
        func label(_ c: Int) -> (String, String) {
            let live = store.resolve(c)
            if let l = labelOfCluster[live] { return l }
            let cl = store.clusters[live]
            let t = store.template(of: cl)
            let l = (ClusterID.make(template: t, source: cl.service.string()), t)
            labelOfCluster[live] = l
            return l
        }
        var out = (1...max(1, files[inputIndex].lines)).map { (line: $0, id: "", template: "") }
        if files[inputIndex].lines == 0 { return [] }
        for a in assignments[inputIndex] {
            let (id, t) = label(Int(a.cluster))
            for l in Int(a.line)..<Int(a.line + a.lines) where l >= 1 && l <= out.count {
                out[l - 1].id = id
                out[l - 1].template = t
            }
        }
        return out
    }

    /// A snapshot of everything read so far. `top` limits the clusters (most frequent first).
    public func report(top: Int? = nil) -> AnalysisReport {
        var all = reportClusters()
        if !options.filter.clusters.isEmpty {
            all = all.filter { c in options.filter.clusters.contains(c.id) || c.aliases.contains { options.filter.clusters.contains($0) } }
        }
        let shown = top.map { Array(all.prefix(max(0, $0))) } ?? all
        let files = self.files
        let totalLines = files.reduce(0) { $0 + $1.lines }
        let firsts = files.compactMap(\.firstTimestamp).sorted()
        let lasts = files.compactMap(\.lastTimestamp).sorted()
        return AnalysisReport(
            tool: .init(version: TriageVersion.current),
            input: .init(
                files: files, lines: totalLines, events: files.reduce(0) { $0 + $1.events },
                bytes: files.reduce(0) { $0 + $1.bytes }, filteredEvents: filteredEvents,
                firstTimestamp: firsts.first, lastTimestamp: lasts.last),
            clusters: shown, totalClusters: all.count, diagnostics: diagnostics)
    }

    /// Live clusters, with those whose templates print the same (same id) reported as one.
    private func reportClusters() -> [AnalysisReport.ClusterReport] {
        var groups: [String: [Cluster]] = [:]
        var order: [String] = []
        for c in store.liveClusters {
            let id = ClusterID.make(template: store.template(of: c), source: c.service.string())
            if groups[id] == nil { order.append(id) }
            groups[id, default: []].append(c)
        }
        let reports = order.map { id -> AnalysisReport.ClusterReport in
            let members = groups[id]!.sorted { $0.count != $1.count ? $0.count > $1.count : $0.index < $1.index }
            return clusterReport(members)
        }
        return reports.sorted {
            $0.count != $1.count ? $0.count > $1.count : ($0.firstSeen ?? "~", $0.id) < ($1.firstSeen ?? "~", $1.id)
        }
    }

    private func clusterReport(_ members: [Cluster]) -> AnalysisReport.ClusterReport {
        let c = members[0]
        let template = store.template(of: c)
        let source = c.service.string()
        var count = 0
        var levelCounts = [Int](repeating: 0, count: Level.allCases.count)
        var first: Int64?, last: Int64?
        var histogram = TimeHistogram()
        var aliases: [String] = []
        var samples: [[UInt8]] = []
        for m in members {
            count += m.count
            for i in levelCounts.indices { levelCounts[i] += m.levelCounts[i] }
            if let t = m.firstSeen, first.map({ t < $0 }) ?? true { first = t }
            if let t = m.lastSeen, last.map({ t > $0 }) ?? true { last = t }
            histogram.merge(m.histogram)
            for a in m.absorbed {
                let id = ClusterID.make(template: a, source: source)
                if !aliases.contains(id) { aliases.append(id) }
            }
            for s in m.samples.all where samples.count < 5 && !samples.contains(s) { samples.append(s) }
        }
        let selfID = ClusterID.make(template: template, source: source)
        aliases.removeAll { $0 == selfID }
        var levels: [String: Int] = [:]
        for l in Level.allCases where levelCounts[l.rawValue] > 0 { levels[l.name] = levelCounts[l.rawValue] }
        let dominant = Level.mostFrequent(levelCounts)
        let params = c.params.positions.compactMap { pos -> AnalysisReport.ParamReport? in
            let p = c.params[pos]!
            guard p.total > 0 else { return nil }
            return AnalysisReport.ParamReport(
                position: pos, distinct: p.distinctEstimate,
                values: p.top.map { AnalysisReport.ValueCount(value: $0.value.string(), count: $0.count) },
                total: p.total)
        }
        let hist = histogram.series.map {
            AnalysisReport.Histogram(start: formatTimestamp($0.start), bucketSeconds: Int($0.width / 1000), counts: $0.counts)
        }
        return AnalysisReport.ClusterReport(
            id: selfID, template: template, count: count, firstSeen: first.map(formatTimestamp),
            lastSeen: last.map(formatTimestamp), level: dominant, levels: levels, source: source,
            component: c.components.top?.string(), samples: samples.map { $0.string() }, params: params,
            histogram: hist, aliases: aliases)
    }

}

/// Cluster ids: `c-` and the first 10 hex digits of FNV-1a 64 over `source`, U+001F, `template`.
/// They depend only on the final template text and its source, so they are the same across runs,
/// machines and input orders; they change when the template text changes.
public enum ClusterID {
    public static func make(template: String, source: String) -> String {
        let h = fnv1a64(source + "\u{1F}" + template)
        let hex = String(h, radix: 16)
        let padded = String(repeating: "0", count: max(0, 16 - hex.count)) + hex
        return "c-" + padded.prefix(10)
    }
}
