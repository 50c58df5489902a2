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
    private var filteredEvents = 0

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
        store = ClusterStore(masker: try Masker(masks: options.masks))
    }

    /// Reads one input to its end. `progress` is called after every chunk (about 1 MiB).
    @discardableResult
    public func analyze(path: String, progress: ((Progress) -> Void)? = nil) -> [InputDiagnostic] {
        var found: [InputDiagnostic] = []
        defer { diagnostics.append(contentsOf: found) }
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
            store.add(event)
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

    /// A snapshot of everything read so far. `top` limits the clusters (most frequent first).
    public func report(top: Int? = nil) -> AnalysisReport {
        let all = store.clusters.sorted {
            $0.count != $1.count ? $0.count > $1.count : ($0.firstSeen ?? .max, $0.index) < ($1.firstSeen ?? .max, $1.index)
        }
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
            clusters: shown.map(Self.clusterReport), totalClusters: all.count, diagnostics: diagnostics)
    }

    static func clusterReport(_ c: Cluster) -> AnalysisReport.ClusterReport {
        var levels: [String: Int] = [:]
        for l in Level.allCases where c.levelCounts[l.rawValue] > 0 { levels[l.name] = c.levelCounts[l.rawValue] }
        let template = c.template.string()
        let source = c.service.string()
        return AnalysisReport.ClusterReport(
            id: ClusterID.make(template: template, source: source), template: template, count: c.count,
            firstSeen: c.firstSeen.map(formatTimestamp), lastSeen: c.lastSeen.map(formatTimestamp),
            level: c.dominantLevel, levels: levels, source: source, component: c.components.top?.string(),
            samples: c.samples.all.map { $0.string() })
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
