import Yams

#if canImport(Glibc)
    import Glibc
#endif

/// Reads runbooks: Markdown files whose YAML front matter (between two `---` lines) holds the
/// metadata and match rules. Problems come back as diagnostics with file and line.
public enum RunbookLoader {
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var line: Int?
        public var message: String
        public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): error: \(message)" }
    }

    /// One decoder for every runbook: making one works out Yams' default encoding, which reads the
    /// whole environment each time. (Decoding keeps no state in the decoder.)
    nonisolated(unsafe) private static let yamlDecoder = YAMLDecoder(encoding: .utf8)

    /// Parses one runbook's text.
    public static func parse(_ text: String, path: String) throws(Problem) -> Runbook {
        let lines = text.textLines()
        guard lines.first == "---" else {
            throw Problem(path: path, line: 1, message: "a runbook starts with a line '---' and YAML front matter")
        }
        guard let close = lines.dropFirst().firstIndex(of: "---") else {
            throw Problem(path: path, line: 1, message: "the front matter is not closed by a line '---'")
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let body = lines[(close + 1)...].joined(separator: "\n")
        let raw: RawRunbook
        do {
            raw = try yamlDecoder.decode(RawRunbook.self, from: yaml)
        } catch let e as YamlError {
            throw Problem(path: path, line: yamlLine(e).map { $0 + 1 }, message: "malformed front matter: \(yamlMessage(e))")
        } catch let e as DecodingError {
            if case .dataCorrupted(let c) = e, let y = c.underlyingError as? YamlError {
                throw Problem(path: path, line: yamlLine(y).map { $0 + 1 }, message: "malformed front matter: \(yamlMessage(y))")
            }
            throw Problem(path: path, line: keyLine(lines, e), message: "front matter: \(decodingMessage(e))")
        } catch {
            throw Problem(path: path, line: 2, message: "malformed front matter: \(error)")
        }
        func need<T>(_ v: T?, _ key: String) throws(Problem) -> T {
            guard let v else { throw Problem(path: path, line: 2, message: "front matter lacks '\(key)'") }
            return v
        }
        let id = try need(raw.id, "id")
        let match = try need(raw.match, "match")
        let any = try rules(match.any ?? [], "match.any", path, lines)
        guard !any.isEmpty else { throw Problem(path: path, line: lineOf("any:", lines), message: "match.any needs at least one rule") }
        var levels: [Level]?
        if let names = match.levels {
            levels = []
            for n in names {
                guard let l = Level(name: n) else {
                    throw Problem(path: path, line: lineOf("levels:", lines), message: "unknown level '\(n)' in match.levels")
                }
                levels!.append(l)
            }
        }
        return Runbook(
            id: id, title: try need(raw.title, "title"), services: raw.services ?? ["*"], tags: raw.tags ?? [],
            severity: raw.severity ?? "medium", priority: raw.priority ?? 50,
            match: Runbook.MatchSpec(
                any: any, none: try rules(match.none ?? [], "match.none", path, lines), levels: levels,
                minCount: match.minCount ?? 1, minRateRatio: match.minRateRatio),
            examples: raw.examples ?? [], counterExamples: raw.counterExamples ?? [], followUps: raw.followUps ?? [],
            links: raw.links ?? [], body: body, path: path)
    }

    /// Loads every `*.md` but README.md in a directory, sorted by name.
    public static func loadDirectory(_ dir: String) -> (runbooks: [Runbook], problems: [Problem]) {
        guard let d = opendir(dir) else {
            return ([], [Problem(path: dir, line: nil, message: "cannot read the runbook directory")])
        }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasSuffix(".md"), name.lowercased() != "readme.md" { names.append(name) }
        }
        closedir(d)
        var runbooks: [Runbook] = []
        var problems: [Problem] = []
        for name in names.sorted() {
            let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            guard let text = readSmallFile(path) else {
                problems.append(Problem(path: path, line: nil, message: "cannot read the file"))
                continue
            }
            do { runbooks.append(try parse(text, path: path)) } catch { problems.append(error) }
        }
        return (runbooks, problems)
    }

    // MARK: - Raw YAML shape

    struct RawRule: Decodable {
        var regex: String?
        var keywords: [String]?
    }

    struct RawMatch: Decodable {
        var any: [RawRule]?
        var none: [RawRule]?
        var levels: [String]?
        var minCount: Int?
        var minRateRatio: Double?
        enum CodingKeys: String, CodingKey {
            case any, none, levels, minCount = "min_count", minRateRatio = "min_rate_ratio"
        }
    }

    struct RawRunbook: Decodable {
        var id: String?
        var title: String?
        var services: [String]?
        var tags: [String]?
        var severity: String?
        var priority: Int?
        var match: RawMatch?
        var examples: [String]?
        var counterExamples: [String]?
        var followUps: [String]?
        var links: [Runbook.Link]?
        enum CodingKeys: String, CodingKey {
            case id, title, services, tags, severity, priority, match, examples
            case counterExamples = "counter_examples", followUps = "follow_ups", links
        }
    }

    private static func rules(_ raw: [RawRule], _ key: String, _ path: String, _ lines: [String]) throws(Problem) -> [Runbook.Rule] {
        var out: [Runbook.Rule] = []
        for r in raw {
            switch (r.regex, r.keywords) {
            case (let re?, nil): out.append(.regex(re))
            case (nil, let kw?) where !kw.isEmpty: out.append(.keywords(kw))
            default:
                throw Problem(path: path, line: lineOf(key.split(separator: ".").last.map(String.init)! + ":", lines),
                              message: "each rule in \(key) needs exactly one of regex or keywords")
            }
        }
        return out
    }

    /// 1-based line of the first line containing `needle` (for messages), or nil.
    static func lineOf(_ needle: String, _ lines: [String]) -> Int? {
        lines.firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    private static func keyLine(_ lines: [String], _ e: DecodingError) -> Int? {
        let path: [any CodingKey]
        switch e {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c):
            path = c.codingPath
        @unknown default: return nil
        }
        guard let last = path.last(where: { $0.intValue == nil }) else { return 2 }
        return lineOf(last.stringValue + ":", lines)
    }

    private static func decodingMessage(_ e: DecodingError) -> String {
        switch e {
        case .typeMismatch(let t, let c):
            return "'\(c.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: "."))' should be \(t)"
        case .valueNotFound(_, let c), .dataCorrupted(let c):
            return "'\(c.codingPath.map(\.stringValue).joined(separator: "."))': \(c.debugDescription)"
        case .keyNotFound(let k, _):
            return "missing '\(k.stringValue)'"
        @unknown default:
            return "\(e)"
        }
    }

    private static func yamlLine(_ e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func yamlMessage(_ e: YamlError) -> String {
        switch e {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(e)"
        }
    }
}
