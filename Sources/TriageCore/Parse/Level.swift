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
        let n = range.count
        guard n >= 1, n <= 11 else { return nil }
        // Lower-case into a small stack value and compare.
        var key: UInt64 = 0
        if n > 8 {
            // Only "information", "warning" fit below; long words: check explicitly.
            return longWord(b, range)
        }
        for i in range {
            let c = lowerASCII(b[i])
            guard isAlpha(c) else { return nil }
            key = key << 8 | UInt64(c)
        }
        switch key {
        case pack("trace"), pack("trc"), pack("finest"), pack("finer"): return .trace
        case pack("debug"), pack("dbg"), pack("fine"), pack("verbose"): return .debug
        case pack("info"), pack("inf"), pack("config"): return .info
        case pack("notice"): return .notice
        case pack("warn"), pack("warning"), pack("wrn"): return .warn
        case pack("error"), pack("err"), pack("severe"), pack("eror"): return .error
        case pack("fatal"), pack("crit"), pack("critical"), pack("alert"), pack("emerg"), pack("panic"), pack("ftl"):
            return .fatal
        default: return nil
        }
    }

    private static func longWord(_ b: UnsafeRawBufferPointer, _ range: Range<Int>) -> Level? {
        var s = ""
        for i in range { s.unicodeScalars.append(Unicode.Scalar(lowerASCII(b[i]))) }
        switch s {
        case "information", "informational": return .info
        case "emergency": return .fatal
        default: return nil
        }
    }

    private static func pack(_ s: StaticString) -> UInt64 {
        var key: UInt64 = 0
        let p = s.utf8Start
        for i in 0..<s.utf8CodeUnitCount { key = key << 8 | UInt64(p[i]) }
        return key
    }

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
