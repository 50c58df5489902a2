/// The stable analysis model every face prints: the CLI's text/JSON/Markdown, the TUI, exports.
/// JSON field names are snake_case; the schema is docs/schema/analysis.schema.json (versioned by
/// `schema_version`; fields are only ever added within a major version).
public struct AnalysisReport: Codable, Sendable, Equatable {
    public static let schemaVersion = "1.0"

    public var schemaVersion: String = AnalysisReport.schemaVersion
    public var tool: Tool
    public var input: InputSummary
    public var clusters: [ClusterReport]
    /// Clusters before `--top` cut the list.
    public var totalClusters: Int
    public var diagnostics: [InputDiagnostic]
    /// Runbooks the clusters call for, best first (empty when no library was consulted).
    public var runbooks: [RunbookSuggestion] = []
    /// Change events read from `--deploys`, in time order.
    public var changes: [ChangeEvent] = []
    /// What changed between the baseline and target ranges, most telling first.
    public var findings: [Finding] = []
    /// Changes the findings implicate, most likely first; empty when none is.
    public var suspects: [Suspect] = []
    /// The incident window, the ranges compared, and why nearby changes are not suspects.
    public var correlation: CorrelationContext?

    /// Fills findings, suspects and the correlation context from a correlation.
    public mutating func apply(_ c: Correlation, changes: [ChangeEvent]) {
        self.changes = changes
        findings = c.findings
        suspects = c.suspects
        correlation = c.context
    }

    /// The same report with only the `n` most frequent clusters (suggestions were made from all).
    public func limited(top n: Int?) -> AnalysisReport {
        guard let n else { return self }
        var r = self
        r.clusters = Array(clusters.prefix(max(0, n)))
        return r
    }

    public struct Tool: Codable, Sendable, Equatable {
        public var name = "triage"
        public var version: String
    }

    public struct InputSummary: Codable, Sendable, Equatable {
        public var files: [FileSummary]
        public var lines: Int
        public var events: Int
        public var bytes: Int
        /// Events dropped by `--since`/`--until`.
        public var filteredEvents: Int
        public var firstTimestamp: String?
        public var lastTimestamp: String?
    }

    public struct FileSummary: Codable, Sendable, Equatable {
        public var path: String
        /// Detected format, e.g. `timestamped-text`, `json`, `docker-json+json`; `unread` when it failed.
        public var format: String
        public var compressed: Bool
        public var lines: Int
        public var events: Int
        public var bytes: Int
        public var truncatedLines: Int
        public var firstTimestamp: String?
        public var lastTimestamp: String?
    }

    public struct ClusterReport: Codable, Sendable, Equatable {
        public var id: String
        public var template: String
        public var count: Int
        public var firstSeen: String?
        public var lastSeen: String?
        public var level: Level
        /// Events per level, only levels that occur.
        public var levels: [String: Int]
        public var source: String
        public var component: String?
        public var samples: [String]
        /// What the variables held: one entry per `<*>` position that saw values.
        public var params: [ParamReport]
        /// Event counts over time (absent when the events carry no timestamps).
        public var histogram: Histogram?
        /// Ids of templates that were merged into this one as it generalised.
        public var aliases: [String]
    }

    public struct ParamReport: Codable, Sendable, Equatable {
        /// 0-based position of the variable's token in the message (whitespace-separated).
        public var position: Int
        /// Estimated number of distinct values (HyperLogLog, about ±7%).
        public var distinct: Int
        /// The most frequent values (at most 10), most frequent first.
        public var values: [ValueCount]
        /// Events that had a value here.
        public var total: Int
    }

    public struct ValueCount: Codable, Sendable, Equatable {
        public var value: String
        public var count: Int
    }

    public struct Histogram: Codable, Sendable, Equatable {
        public var start: String
        public var bucketSeconds: Int
        public var counts: [Int]
        enum CodingKeys: String, CodingKey { case start, bucketSeconds = "bucket_seconds", counts }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version", tool, input, clusters, totalClusters = "total_clusters", diagnostics
        case runbooks, changes, findings, suspects, correlation
    }
}

extension AnalysisReport.InputSummary {
    enum CodingKeys: String, CodingKey {
        case files, lines, events, bytes, filteredEvents = "filtered_events", firstTimestamp = "first_timestamp"
        case lastTimestamp = "last_timestamp"
    }
}

extension AnalysisReport.FileSummary {
    enum CodingKeys: String, CodingKey {
        case path, format, compressed, lines, events, bytes, truncatedLines = "truncated_lines"
        case firstTimestamp = "first_timestamp", lastTimestamp = "last_timestamp"
    }
}

extension AnalysisReport.ClusterReport {
    enum CodingKeys: String, CodingKey {
        case id, template, count, firstSeen = "first_seen", lastSeen = "last_seen", level, levels, source, component
        case samples, params, histogram, aliases
    }
}

public enum TriageVersion {
    public static let current = "0.1.0"
}
