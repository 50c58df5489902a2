/// Picks a stream's format from its first lines, without configuration: every candidate parser
/// reads the sample and the one that parses the most lines as headers wins (ties go to the more
/// specific format, in the order below). Plain text wins when no structured format parses the first
/// line or at least a fifth of the sample.
enum FormatDetector {
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
        case .plain, .lineFormat: PlainParser()
        }
    }

    static func detect(_ lines: [[UInt8]], context: ParseContext) -> LogFormat {
        let sample = lines.filter { !$0.isEmpty && !$0.allSatisfy(isBlank) }.prefix(sampleLines)
        guard !sample.isEmpty else { return .plain }
        var best: (LogFormat, Int) = (.plain, 0)
        var rec = ParsedLine()
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
                }
            }
            guard firstParses || score * 5 >= sample.count else { continue }
            var format = candidate
            if candidate == .json, let top = jsonKinds.max(by: { $0.value < $1.value }) { format = top.key }
            if score > best.1 { best = (format, score) }
        }
        return best.0
    }
}
