/// What a format parser extracts from one physical line. One instance is reused for every line.
struct ParsedLine {
    var timestamp: Int64?
    var level: Level = .unknown
    /// A service-like field (service, app, syslog tag, pod/container); empty when the line has none.
    var service: [UInt8] { hasService ? serviceBytes.array : [] }
    /// A logger/component/class field; empty when the line has none.
    var component: [UInt8] { hasComponent ? componentBytes.array : [] }
    var serviceIsEmpty: Bool { !hasService || serviceBytes.isEmpty }
    var componentIsEmpty: Bool { !hasComponent || componentBytes.isEmpty }
    /// Service and component are set whole (`setService`, `setComponent`), so `reset` only marks
    /// them unset and leaves the bytes: clearing an array costs about as much as the copy.
    private var hasService = false
    private var hasComponent = false
    private var serviceBytes = ByteBuffer()
    private var componentBytes = ByteBuffer()
    /// The text templates are mined from. Written whole by every parser that reads the line (set,
    /// or cleared and appended to); `reset` leaves the previous bytes.
    var message = ByteBuffer(capacity: 256)
    /// When true, `message` is an inner log line of a wrapper format (docker, kubectl --prefix, stern)
    /// that a per-stream child parser reads again; `streamKey` names that stream.
    var isWrapped = false
    var streamKey: [UInt8] = []
    /// The line is the tool's own chatter (e.g. stern's "+ pod › container"), not a log event.
    var skip = false
    /// The message is already a template shape (an access log's method, route and status): group it
    /// exactly after masking, never generalising a route into `<*>`.
    var exactTemplate = false

    mutating func reset() {
        skip = false
        exactTemplate = false
        timestamp = nil
        level = .unknown
        hasService = false
        hasComponent = false
        // (`message` is left as it is: every parser writes it whole when it reads a line.)
        isWrapped = false
        if !streamKey.isEmpty { streamKey.removeAll(keepingCapacity: true) }
    }

    mutating func setService(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) {
        serviceBytes.set(b, r)
        hasService = true
    }

    /// Sets the service to bytes of another buffer (a wrapper's service for its inner line).
    mutating func setService(_ bytes: [UInt8]) {
        serviceBytes.set(bytes)
        hasService = true
    }

    mutating func setComponent(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) {
        componentBytes.set(b, r)
        hasComponent = true
    }

    /// Moves the service into `field`, taking `field`'s old buffer as spare room; false (and
    /// `field` untouched) when the line has none.
    mutating func moveService(into field: inout ByteBuffer) -> Bool {
        guard !serviceIsEmpty else { return false }
        swap(&field, &serviceBytes)
        return true
    }

    /// Moves the component into `field` (emptying `field` when there is none).
    mutating func moveComponent(into field: inout ByteBuffer) {
        if hasComponent {
            swap(&field, &componentBytes)
        } else {
            field.removeAll()
        }
    }

    mutating func setMessage(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, isBlank(b[lo]) { lo += 1 }
        while hi > lo, isBlank(b[hi - 1]) || b[hi - 1] == 0x0A || b[hi - 1] == 0x0D { hi -= 1 }
        message.set(b, lo..<hi)
    }

    /// Replaces an array field's bytes (one call: a clear and an append cost twice as much).
    static func set(_ field: inout [UInt8], _ b: UnsafeRawBufferPointer, _ r: Range<Int>) {
        field.replaceSubrange(0..<field.count, with: UnsafeRawBufferPointer(rebasing: b[r]))
    }
}

/// What every parser needs to know about the stream it reads.
struct ParseContext: Sendable {
    var timestamps: TimestampParser

    /// A context for one stream (and its inner streams), read by one thread: its timestamp parser
    /// remembers the last second it read (`TimestampMemo`).
    init(timestamps: TimestampParser) {
        self.timestamps = timestamps
        self.timestamps.memo = TimestampMemo()
    }
}

/// One log format: recognises a line's shape and extracts its fields.
protocol LineParser: Sendable {
    var format: LogFormat { get }
    /// Parses `line`; returns false when the line does not have this format's header
    /// (for header formats such a line is a continuation of the previous event).
    func parse(_ line: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool
}

/// The formats triage recognises; the raw value is what reports print.
public enum LogFormat: String, Codable, Sendable, CaseIterable {
    case json
    case journald
    case dockerJSON = "docker-json"
    case logfmt
    case syslog5424 = "syslog-rfc5424"
    case syslog3164 = "syslog-rfc3164"
    case accessLog = "access-log"
    case kubectlPrefix = "kubectl-prefix"
    case stern
    case text = "timestamped-text"
    case lineFormat = "line-format"
    /// Several of the formats above interleaved line by line (an aggregated stream, or an app that
    /// logs JSON while its runtime prints text): each line is read by the most specific that fits.
    case mixed
    case plain

    /// Formats whose events begin with a header; other lines are continuations.
    var hasHeader: Bool {
        switch self {
        case .plain: false
        default: true
        }
    }
}
