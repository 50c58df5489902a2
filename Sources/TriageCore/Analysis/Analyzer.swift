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
    private var files: [AnalysisReport.FileSummary] = []
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
        store = ClusterStore(masker: try Masker(masks: options.masks, showNames: options.showMaskNames))
    }

    /// Reads one input to its end. `progress` is called after every chunk (about 1 MiB).
    @discardableResult
    public func analyze(path: String, progress: ((Progress) -> Void)? = nil) -> [InputDiagnostic] {
        var found: [InputDiagnostic] = []
        defer { diagnostics.append(contentsOf: found) }
        if options.recordLineLabels { assignments.append([]) }
        var summary = AnalysisReport.FileSummary(
            path: path, format: "unread", compressed: false, lines: 0, events: 0, bytes: 0, truncatedLines: 0)
        defer { files.append(summary) }

        let opened: InputOpener.Opened
        switch InputOpener.open(path) {
        case .failure(let d):
            found.append(d)
            return found
        case .success(let o): opened = o
        }
        defer { opened.source.close() }
        summary.compressed = opened.compressed
        if opened.isEmpty {
            summary.format = "empty"
            found.append(InputDiagnostic(.warning, .empty, file: path, "file is empty"))
            return found
        }

        let now = Int64(time(nil)) * 1000
        let context = ParseContext(
            timestamps: TimestampParser(
                defaultOffsetSeconds: options.timezoneOffsetSeconds,
                referenceMillis: options.referenceMillis ?? (path == "-" ? now : (opened.modifiedMillis ?? now))))
        let inputIndex = files.count
        var first: Int64?
        var last: Int64?
        var events = 0
        let since = options.since, until = options.until
        let parser = StreamParser(
            context: context, lineFormat: options.lineFormat, inputIndex: inputIndex,
            defaultService: Array(InputOpener.serviceName(forPath: path).utf8)
        ) { [store] event in
            events += 1
            if let t = event.timestamp {
                if first.map({ t < $0 }) ?? true { first = t }
                if last.map({ t > $0 }) ?? true { last = t }
                if let s = since, t < s { self.filteredEvents += 1; return }
                if let u = until, t >= u { self.filteredEvents += 1; return }
            }
            let cluster = store.add(event)
            if self.options.recordLineLabels {
                self.assignments[inputIndex].append(
                    (Int32(truncatingIfNeeded: event.firstLine), Int32(truncatingIfNeeded: event.lineCount), Int32(cluster.index)))
            }
        }

        let reader = LineReader(source: opened.source)
        do {
            try reader.forEachLine(progress: { bytes in
                progress?(Progress(path: path, bytesRead: bytes, totalBytes: opened.fileSize, lines: reader.lineNumber))
            }) { line, _ in
                parser.feed(line, number: reader.lineNumber)
            }
        } catch {
            found.append(InputOpener.diagnostic(path, sourceError: error))
        }
        parser.finish()

        summary.format = parser.formatDescription
        summary.lines = reader.lineNumber
        summary.bytes = reader.bytesRead
        summary.events = events
        summary.truncatedLines = reader.truncatedLines
        summary.firstTimestamp = first.map(formatTimestamp)
        summary.lastTimestamp = last.map(formatTimestamp)
        if reader.truncatedLines > 0 {
            found.append(
                InputDiagnostic(
                    .warning, .longLines, file: path,
                    "\(reader.truncatedLines) line(s) longer than \(Limits.lineBytes / 1024) KiB were counted but analysed only up to that length"
                ))
        }
        if options.lineFormat != nil, parser.matchedLines == 0, reader.lineNumber > 0 {
            found.append(
                InputDiagnostic(
                    .error, .lineFormatMismatch, file: path, line: 1,
                    "--line-format matched none of its \(reader.lineNumber) lines"))
        } else if parser.unmatchedLines > 0 {
            found.append(
                InputDiagnostic(
                    .warning, .lineFormatMismatch, file: path,
                    "--line-format did not match \(parser.unmatchedLines) of \(reader.lineNumber) lines (joined to the event before them)"
                ))
        }
        return found
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
        let all = reportClusters()
        let shown = top.map { Array(all.prefix(max(0, $0))) } ?? all
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
        var dominant = Level.unknown
        var best = 0
        for l in Level.allCases where levelCounts[l.rawValue] >= best && levelCounts[l.rawValue] > 0 {
            dominant = l
            best = levelCounts[l.rawValue]
        }
        let params = c.params.keys.sorted().compactMap { pos -> AnalysisReport.ParamReport? in
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
