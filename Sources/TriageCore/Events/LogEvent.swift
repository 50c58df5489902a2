/// One event: a header line and its continuation lines (stack traces, tracebacks, dumps).
/// A single instance is reused for every event a stream emits; sinks copy what they keep.
public final class LogEvent {
    public internal(set) var timestamp: Int64?
    public internal(set) var level: Level = .unknown
    /// Service-like name: the line's service/app/tag/container field, else the input's name.
    public internal(set) var service = ByteBuffer()
    public internal(set) var component = ByteBuffer()
    /// The text templates are mined from (the header line's message, capped at `Limits.messageBytes`).
    public internal(set) var message = ByteBuffer(capacity: 256)
    /// The raw lines of the event joined by '\n' (capped at `Limits.eventRawBytes`).
    public let raw = ByteBuffer(capacity: 256)
    public internal(set) var lineCount = 0
    /// 1-based number of the event's first line in its input.
    public internal(set) var firstLine = 0
    public internal(set) var inputIndex = 0
    /// Group by the exact masked message (see `ParsedLine.exactTemplate`).
    public internal(set) var exactTemplate = false

    public var messageString: String { message.string() }
    public var rawString: String { raw.string() }

    public init() {}
}

/// Documented caps that keep memory bounded whatever the input.
public enum Limits {
    /// Longest physical line kept for analysis; longer lines are counted in full and truncated here.
    public static let lineBytes = 64 * 1024
    /// Longest message a template is mined from.
    public static let messageBytes = 4 * 1024
    /// Raw text kept per event (samples); continuation lines beyond it are counted, not kept.
    public static let eventRawBytes = 16 * 1024
    /// Longest service or component name kept (a Kubernetes pod name is at most 253 bytes): each
    /// source keeps its name, and a cluster up to eight components.
    public static let fieldBytes = 256
}
