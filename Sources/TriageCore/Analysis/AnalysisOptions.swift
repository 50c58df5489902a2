/// How an analysis reads its inputs. Every face (CLI, TUI) builds one of these.
public struct AnalysisOptions: Sendable {
    /// Explicit header pattern that overrides format detection.
    public var lineFormat: LineFormat?
    /// Offset applied to timestamps that carry no zone (`--timezone`), in seconds east of UTC.
    public var timezoneOffsetSeconds: Int = 0
    /// Keep only events at or after / before these times (epoch ms). Events without a time are kept.
    public var since: Int64?
    public var until: Int64?
    public var masks: [Mask] = Mask.builtIn
    /// Print each variable as its mask's name (`<ipv4>`) instead of `<*>`.
    public var showMaskNames = false
    /// The time syslog-style timestamps without a year are resolved against (default: now).
    public var referenceMillis: Int64?
    /// Bound on templates (memory stays bounded on random input); past it events go to an "other"
    /// cluster per source and a warning says so.
    public var maxTemplates = 20_000
    /// Which events count (`--match`, `--exclude`, `--level`, `--source`, `--cluster`).
    public var filter = EventFilter()
    /// Remember which cluster every line went to (for `triage templates`); costs 12 bytes per event.
    public var recordLineLabels = false
    /// Read, parse and mask on a second thread while mining on the calling one (`analyze(path:)`
    /// only; the result is identical either way).
    public var parallel = true

    public init() {}
}
