/// What changed and which change did it — the parts of the report that issue from comparing time
/// ranges and change events (docs/findings.md).
public struct Finding: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable { case new, spike, drop, gone }
    public var cluster: String
    public var kind: Kind
    public var score: Double
    /// One plain sentence with the numbers.
    public var explanation: String
    public var level: Level
    public var source: String
    public var template: String
    /// Events in the baseline and target ranges.
    public var baselineCount: Int
    public var count: Int
    /// Target rate / baseline rate (with +0.5 smoothing).
    public var rateRatio: Double
    public var pValue: Double
    /// Benjamini–Hochberg adjusted p-value (spikes and drops).
    public var qValue: Double
    /// When the change started for this template (first event after the anchor).
    public var onset: String?

    enum CodingKeys: String, CodingKey {
        case cluster, kind, score, explanation, level, source, template, baselineCount = "baseline_count", count
        case rateRatio = "rate_ratio", pValue = "p_value", qValue = "q_value", onset
    }
}

public struct Suspect: Codable, Sendable, Equatable {
    /// The change event's id.
    public var deploy: String
    public var score: Double
    public var explanation: String
    /// Findings that implicate it, strongest first.
    public var clusters: [String]
    public var service: String
    public var time: String
}

public struct NotImplicated: Codable, Sendable, Equatable {
    public var deploy: String
    public var reason: String
}

public struct TimeRange: Codable, Sendable, Equatable {
    public var start: String
    public var end: String
}

/// The result of comparing time ranges and setting them against change events.
public struct Correlation: Sendable, Equatable {
    public var findings: [Finding]
    public var suspects: [Suspect]
    public var context: CorrelationContext
}

/// The incident window, the ranges compared, and why nearby changes are not suspects.
public struct CorrelationContext: Codable, Sendable, Equatable {
    /// Where the incident starts and ends, from the error (or warning) series; nil when there is no
    /// change point.
    public var incident: IncidentWindow?
    public var baseline: TimeRange?
    public var target: TimeRange?
    /// How the split was chosen: `incident onset`, `change dep-812`, `--baseline-until`, `--compare`, `none`.
    public var anchor: String
    /// Why the changes near the incident are not suspects.
    public var notImplicated: [NotImplicated]
    /// One sentence: the most likely change, or why none is implicated.
    public var verdict: String

    enum CodingKeys: String, CodingKey {
        case incident, baseline, target, anchor, notImplicated = "not_implicated", verdict
    }
}

public struct IncidentWindow: Codable, Sendable, Equatable {
    public var onset: String
    public var end: String?
    /// `error` or `warn`: which series showed the change.
    public var signal: String
    public var bucketSeconds: Int
    enum CodingKeys: String, CodingKey { case onset, end, signal, bucketSeconds = "bucket_seconds" }
}
