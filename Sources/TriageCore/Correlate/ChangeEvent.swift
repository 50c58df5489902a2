/// A deploy or other change, as read from `--deploys` files (docs/deploys.md).
public struct ChangeEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case deploy, rollback, config, flag, migration, infra, scale, restart, commit, other
    }

    public var id: String
    /// Epoch milliseconds (UTC).
    public var time: Int64
    public var service: String
    public var kind: Kind
    public var version: String?
    public var prevVersion: String?
    public var revision: String?
    public var env: String?
    public var actor: String?
    public var summary: String?
    public var url: String?
    /// `file:line` it came from.
    public var origin: String

    enum CodingKeys: String, CodingKey {
        case id, time, service, kind, version, prevVersion = "prev_version", revision, env, actor, summary, url, origin
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(formatTimestamp(time), forKey: .time)
        try c.encode(service, forKey: .service)
        try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(version, forKey: .version)
        try c.encodeIfPresent(prevVersion, forKey: .prevVersion)
        try c.encodeIfPresent(revision, forKey: .revision)
        try c.encodeIfPresent(env, forKey: .env)
        try c.encodeIfPresent(actor, forKey: .actor)
        try c.encodeIfPresent(summary, forKey: .summary)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encode(origin, forKey: .origin)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        let t = try c.decode(String.self, forKey: .time)
        guard let ms = TimestampParser(referenceMillis: 0).parse(t) else {
            throw DecodingError.dataCorruptedError(forKey: .time, in: c, debugDescription: "bad time \(t)")
        }
        time = ms
        service = try c.decode(String.self, forKey: .service)
        kind = try c.decode(Kind.self, forKey: .kind)
        version = try c.decodeIfPresent(String.self, forKey: .version)
        prevVersion = try c.decodeIfPresent(String.self, forKey: .prevVersion)
        revision = try c.decodeIfPresent(String.self, forKey: .revision)
        env = try c.decodeIfPresent(String.self, forKey: .env)
        actor = try c.decodeIfPresent(String.self, forKey: .actor)
        summary = try c.decodeIfPresent(String.self, forKey: .summary)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        origin = try c.decode(String.self, forKey: .origin)
    }

    public init(
        id: String, time: Int64, service: String, kind: Kind, version: String? = nil, prevVersion: String? = nil,
        revision: String? = nil, env: String? = nil, actor: String? = nil, summary: String? = nil, url: String? = nil,
        origin: String = ""
    ) {
        self.id = id
        self.time = time
        self.service = service
        self.kind = kind
        self.version = version
        self.prevVersion = prevVersion
        self.revision = revision
        self.env = env
        self.actor = actor
        self.summary = summary
        self.url = url
        self.origin = origin
    }

    /// "dep-812 (payments 2.13.4 → 2.14.0)".
    public var label: String {
        var s = "\(id) (\(kind == .deploy ? "" : kind.rawValue + " of ")\(service)"
        if let v = version { s += " " + (prevVersion.map { "\($0) → " } ?? "") + v }
        return s + ")"
    }
}
