/// Picks a stream's format from its first lines, without configuration: every candidate parser
/// reads the sample and the one that parses the most lines as headers wins (ties go to the more
/// specific format, in the order below). Plain text wins when no structured format parses the first
/// line or at least a fifth of the sample. When several formats each read a share of the sample
/// that no single one reads, the stream is `mixed`: every line goes to the most specific of them.
enum FormatDetector {
    /// A detected stream format; `parts` lists the formats of a mixed stream, most specific first.
    struct Detection: Equatable {
        var format: LogFormat
        var parts: [LogFormat] = []
    }

    static let sampleLines = 64

    static let candidates: [LogFormat] = [
        .json, .kubectlPrefix, .syslog5424, .accessLog, .syslog3164, .logfmt, .stern, .text,
    ]

    /// The parser for a format; `detecting` selects the stricter variant used to score candidates.
    static func parser(for format: LogFormat, detecting: Bool = true) -> any LineParser {
        switch format {
        case .json, .journald, .dockerJSON: JSONLineParser(format: format)
        case .logfmt: LogfmtParser()
        case .syslog5424, .syslog3164: SyslogParser(format: format)
        case .accessLog: AccessLogParser()
        case .kubectlPrefix, .stern: ContainerPrefixParser(format: format, strict: detecting)
        case .text: TextHeaderParser()
        case .plain, .lineFormat, .mixed: PlainParser()
        }
    }

    /// The parser for a detection (a mixed stream gets one that tries each part).
    static func parser(for d: Detection) -> any LineParser {
        d.format == .mixed ? MixedParser(parts: d.parts.map { parser(for: $0, detecting: false) }) : parser(for: d.format, detecting: false)
    }

    /// A format shares a mixed stream when it is the most specific reading of at least this many
    /// sample lines (and of at least 2).
    static let mixedShare = 0.05

    static func detection(_ lines: [[UInt8]], context: ParseContext) -> Detection {
        let sample = Array(lines.filter { !$0.isEmpty && !$0.allSatisfy(isBlank) }.prefix(sampleLines))
        guard !sample.isEmpty else { return Detection(format: .plain) }
        var best: (LogFormat, Int) = (.plain, 0)
        var rec = ParsedLine()
        /// Per sample line: the first (most specific) candidate that reads it.
        var firstReader: [LogFormat?] = Array(repeating: nil, count: sample.count)
        for candidate in candidates {
            var score = 0
            var firstParses = false
            var jsonKinds: [LogFormat: Int] = [:]
            for (n, line) in sample.enumerated() {
                let ok = line.withUnsafeBytes { b -> Bool in
                    if candidate == .json {
                        guard let kind = JSONLineParser.classify(b) else { return false }
                        jsonKinds[kind, default: 0] += 1
                        return true
                    }
                    rec.reset()
                    return parser(for: candidate).parse(b, into: &rec, context: context)
                        && (candidate != .text || rec.timestamp != nil) && !rec.skip
                }
                if ok {
                    score += 1
                    if n == 0 { firstParses = true }
                    if firstReader[n] == nil {
                        firstReader[n] = candidate == .json ? (line.withUnsafeBytes(JSONLineParser.classify) ?? .json) : candidate
                    }
                }
            }
            guard firstParses || score * 5 >= sample.count else { continue }
            var format = candidate
            if candidate == .json, let top = jsonKinds.max(by: { $0.value < $1.value }) { format = top.key }
            if score > best.1 { best = (format, score) }
        }
        return mixedDetection(firstReader, best: best) ?? Detection(format: best.0)
    }

    /// `mixed` when the winner leaves out lines that other formats read, each such format being the
    /// most specific reading of a real share of the sample; nil when one format explains the stream.
    private static func mixedDetection(_ firstReader: [LogFormat?], best: (LogFormat, Int)) -> Detection? {
        var counts: [LogFormat: Int] = [:]
        for f in firstReader { if let f { counts[f, default: 0] += 1 } }
        let enough = max(2, Int((Double(firstReader.count) * mixedShare).rounded(.up)))
        let parts = counts.filter { $0.value >= enough }.map(\.key)
        guard parts.count >= 2 else { return nil }
        // Lines the single winner cannot read but the parts can: the reason to mix.
        let explained = firstReader.filter { $0.map(parts.contains) ?? false }.count
        guard explained > best.1 else { return nil }
        let order = candidates + [.journald, .dockerJSON]
        func rank(_ f: LogFormat) -> Int { f == .journald || f == .dockerJSON ? 0 : order.firstIndex(of: f) ?? order.count }
        return Detection(format: .mixed, parts: parts.sorted { rank($0) < rank($1) })
    }
}
