/// Severity of an event, normalised across formats (syslog priorities, bunyan numbers, words).
public enum Level: Int, Comparable, Codable, Sendable, CaseIterable {
    case unknown = 0, trace, debug, info, notice, warn, error, fatal

    public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

    public var name: String {
        switch self {
        case .unknown: "unknown"
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warn: "warn"
        case .error: "error"
        case .fatal: "fatal"
        }
    }

    public init?(name: String) {
        guard let l = Level.allCases.first(where: { $0.name == name.lowercased() }) ?? Level.word(name) else {
            return nil
        }
        self = l
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let l = Level(name: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown level \(s)"))
        }
        self = l
    }

    /// The most frequent level in per-level counts (indexed by raw value); ties go to the more severe.
    static func mostFrequent(_ counts: [Int]) -> Level {
        var best = Level.unknown
        var bestCount = 0
        for l in Level.allCases where counts[l.rawValue] >= bestCount && counts[l.rawValue] > 0 {
            best = l
            bestCount = counts[l.rawValue]
        }
        return best
    }

    /// syslog / journald PRIORITY 0–7.
    public static func syslogSeverity(_ p: Int) -> Level {
        switch p {
        case 0...2: .fatal
        case 3: .error
        case 4: .warn
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }

    /// bunyan / pino numeric levels.
    static func numeric(_ n: Int) -> Level? {
        switch n {
        case 10: .trace
        case 20: .debug
        case 30: .info
        case 40: .warn
        case 50: .error
        case 60: .fatal
        case 0...7: syslogSeverity(n)
        default: nil
        }
    }

    static func word(_ s: String) -> Level? {
        var s = s
        return s.withUTF8 { Level.word(UnsafeRawBufferPointer($0), 0..<$0.count) }
    }

    /// Recognises a level word (case-insensitive) in exactly `range`.
    static func word(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) -> Level? {
        WordKey(b, range).flatMap { words[$0] }
    }

    static let wordTable: [(Level, [String])] = [
        (.trace, ["trace", "trc", "finest", "finer"]),
        (.debug, ["debug", "dbg", "fine", "verbose"]),
        (.info, ["info", "inf", "config", "information", "informational"]),
        (.notice, ["notice"]),
        (.warn, ["warn", "warning", "wrn"]),
        (.error, ["error", "err", "severe", "eror"]),
        (.fatal, ["fatal", "crit", "critical", "alert", "emerg", "emergency", "panic", "ftl"]),
    ]

    private static let words = WordTable(wordTable.flatMap { level, names in names.map { ($0, level) } })

    /// Level implied by an HTTP status code in access logs.
    static func httpStatus(_ code: Int) -> Level {
        switch code {
        case 500...599: .error
        case 400...499: .warn
        case 0: .error  // Envoy: no response was sent
        default: .info
        }
    }
}
