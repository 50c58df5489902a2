import Foundation

/// Reads change events in the forms teams have: JSON lines, CSV with a header row, the output of
/// `git log --pretty=format:'%H%x09%cI%x09%an%x09%s'`, and `kubectl rollout history`-style tables.
/// A malformed event is reported with its line number; the others are used.
public enum ChangeEventLoader {
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var path: String
        public var line: Int?
        public var message: String
        public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): error: \(message)" }
    }

    /// Loads `spec`: a path, or `SERVICE=PATH` to give events without a service that service.
    public static func load(_ spec: String, timezoneOffset: Int = 0) -> (events: [ChangeEvent], problems: [Problem]) {
        var path = spec
        var defaultService: String?
        if let eq = spec.firstIndex(of: "="), !spec[..<eq].contains("/"), spec[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) {
            defaultService = String(spec[..<eq])
            path = String(spec[spec.index(after: eq)...])
        }
        guard let text = readSmallFile(path, limit: 64 << 20) else {
            return ([], [Problem(path: path, line: nil, message: "cannot read the deploys file")])
        }
        return parse(text, path: path, defaultService: defaultService, timezoneOffset: timezoneOffset)
    }

    public static func parse(_ text: String, path: String, defaultService: String? = nil, timezoneOffset: Int = 0)
        -> (events: [ChangeEvent], problems: [Problem])
    {
        let lines = text.textLines()
        let ts = TimestampParser(defaultOffsetSeconds: timezoneOffset, referenceMillis: TimeExpression.nowMillis())
        let firstReal = lines.first { !$0.trimmingBlanks().isEmpty && !$0.hasPrefix("#") } ?? ""
        var ctx = Context(path: path, defaultService: defaultService, timestamps: ts)
        if firstReal.hasPrefix("{") {
            for (i, l) in lines.enumerated() { ctx.jsonLine(l, i + 1) }
        } else if isGitLog(firstReal) {
            for (i, l) in lines.enumerated() { ctx.gitLine(l, i + 1) }
        } else if firstReal.hasPrefix("deployment") || firstReal.hasPrefix("REVISION") || firstReal.contains("/") && firstReal.split(separator: " ").count == 1 {
            ctx.kubectl(lines)
        } else {
            ctx.csv(lines)
        }
        return (ctx.events.sorted { $0.time < $1.time }, ctx.problems)
    }

    static func isGitLog(_ line: String) -> Bool {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false)
        return f.count >= 4 && f[0].count >= 7 && f[0].count <= 40 && f[0].allSatisfy(\.isHexDigit)
    }

    struct Context {
        var path: String
        var defaultService: String?
        var timestamps: TimestampParser
        var events: [ChangeEvent] = []
        var problems: [Problem] = []

        mutating func fail(_ line: Int, _ message: String) { problems.append(Problem(path: path, line: line, message: message)) }

        func time(_ v: Any?) -> Int64? {
            if let s = v as? String {
                let t = s.trimmingBlanks()
                if let ms = timestamps.parse(t) { return ms }
                if t.count == 16, let ms = timestamps.parse(t + ":00") { return ms }
                if let n = Double(t) { return epoch(n) }
                return nil
            }
            if let n = v as? NSNumber { return epoch(n.doubleValue) }
            return nil
        }

        func epoch(_ n: Double) -> Int64? {
            let ms: Double = n > 1e14 ? n / 1000 : (n > 1e11 ? n : n * 1000)
            return ms > 946_684_800_000 && ms < 4_102_444_800_000 ? Int64(ms) : nil
        }

        /// Builds an event from string fields (JSON and CSV share this).
        mutating func event(_ f: [String: Any], line: Int) {
            func str(_ keys: String...) -> String? {
                for k in keys { if let v = f[k] { if let s = v as? String, !s.isEmpty { return s }; if let n = v as? NSNumber { return n.stringValue } } }
                return nil
            }
            let rawTime = ["time", "ts", "timestamp", "@timestamp", "date"].lazy.compactMap { f[$0] }.first
            guard let rawTime else { return fail(line, "the event has no time (time, ts, timestamp, @timestamp or date)") }
            guard let t = time(rawTime) else { return fail(line, "cannot read the time '\(rawTime)' (use RFC 3339 such as 2026-03-02T10:12:00Z, or epoch seconds)") }
            let kindText = str("kind", "type")?.lowercased() ?? "deploy"
            let kind = ChangeEvent.Kind(rawValue: kindText) ?? (kindText == "upgrade" || kindText == "release" ? .deploy : nil)
            guard let kind else {
                return fail(line, "unknown kind '\(kindText)' (deploy, rollback, config, flag, migration, infra, scale, restart, commit, other)")
            }
            let service = str("service", "app", "application", "component") ?? defaultService ?? "*"
            let id = str("id", "deploy_id", "change_id") ?? "\(kind.rawValue)-\(service)-\(formatTimestamp(t))"
            events.append(
                ChangeEvent(
                    id: id, time: t, service: service, kind: kind, version: str("version", "new_version"),
                    prevVersion: str("prev_version", "previous_version", "from_version"), revision: str("revision", "sha", "commit"),
                    env: str("env", "environment"), actor: str("actor", "author", "user"),
                    summary: str("summary", "description", "message", "change_cause"), url: str("url", "link"),
                    origin: "\(path):\(line)"))
        }

        mutating func jsonLine(_ l: String, _ n: Int) {
            let t = l.trimmingBlanks()
            guard !t.isEmpty, !t.hasPrefix("#") else { return }
            guard let obj = try? JSONSerialization.jsonObject(with: Data(t.utf8)) as? [String: Any] else {
                return fail(n, "not a JSON object")
            }
            event(obj, line: n)
        }

        mutating func gitLine(_ l: String, _ n: Int) {
            guard !l.trimmingBlanks().isEmpty else { return }
            let f = l.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4, let t = time(f[1]) else {
                return fail(n, "expected HASH<TAB>DATE<TAB>AUTHOR<TAB>SUBJECT (git log --pretty=format:'%H%x09%cI%x09%an%x09%s')")
            }
            events.append(
                ChangeEvent(
                    id: String(f[0].prefix(12)), time: t, service: defaultService ?? "*", kind: .commit, revision: f[0],
                    actor: f[2], summary: f[3], origin: "\(path):\(n)"))
        }

        /// `kubectl rollout history deployment/NAME` prints REVISION and CHANGE-CAUSE but no time, so
        /// rows need a timestamp in their change cause (e.g. from a CI annotation) to be placed.
        mutating func kubectl(_ lines: [String]) {
            var service = defaultService ?? "*"
            for (i, l) in lines.enumerated() {
                let t = l.trimmingBlanks()
                if t.isEmpty || t.hasPrefix("REVISION") { continue }
                if t.hasPrefix("deployment") || t.hasPrefix("statefulset") || t.hasPrefix("daemonset") {
                    service = String(t.split(separator: "/").last ?? Substring(service)).trimmingBlanks()
                    if service.hasSuffix(":") { service.removeLast() }
                    continue
                }
                let cols = t.split(separator: " ", maxSplits: 1).map(String.init)
                guard cols.count == 2, let rev = Int(cols[0]) else { fail(i + 1, "expected REVISION CHANGE-CAUSE"); continue }
                let cause = cols[1].trimmingBlanks()
                // A timestamp anywhere in the change cause.
                var found: Int64?
                var scalars = Array(cause.utf8)
                scalars.withUnsafeBytes { b in
                    for k in 0..<b.count where found == nil && (k == 0 || b[k - 1] == 0x20) {
                        if let m = timestamps.parse(b, at: k), m.end - k >= 15 { found = m.millis }
                    }
                }
                scalars = []
                guard let time = found else {
                    fail(i + 1, "revision \(rev) has no time: kubectl rollout history prints none; put one in the change cause or use JSON lines")
                    continue
                }
                let image = cause.split(separator: " ").first { $0.contains("=") && $0.contains(":") }
                let version = image.flatMap { $0.split(separator: ":").last.map(String.init) }
                events.append(
                    ChangeEvent(
                        id: "\(service)-rev\(rev)", time: time, service: service, kind: .deploy, version: version,
                        revision: String(rev), summary: cause == "<none>" ? nil : cause, origin: "\(path):\(i + 1)"))
            }
        }

        mutating func csv(_ lines: [String]) {
            guard let headerIndex = lines.firstIndex(where: { !$0.trimmingBlanks().isEmpty && !$0.hasPrefix("#") }) else { return }
            let header = Self.csvFields(lines[headerIndex]).map { $0.lowercased().trimmingBlanks() }
            guard header.contains(where: { ["time", "ts", "timestamp", "@timestamp", "date"].contains($0) }) else {
                return fail(headerIndex + 1, "not a deploys file: expected JSON lines, git log output, kubectl rollout history, or CSV with a header row naming a time column")
            }
            for i in (headerIndex + 1)..<lines.count where !lines[i].trimmingBlanks().isEmpty {
                let values = Self.csvFields(lines[i])
                guard values.count == header.count else {
                    fail(i + 1, "expected \(header.count) fields, found \(values.count)")
                    continue
                }
                event(Dictionary(zip(header, values.map { $0 as Any }), uniquingKeysWith: { a, _ in a }), line: i + 1)
            }
        }

        static func csvFields(_ line: String) -> [String] {
            var out: [String] = []
            var cur = ""
            var quoted = false
            var chars = line.makeIterator()
            var pending: Character? = nil
            while let c = pending ?? chars.next() {
                pending = nil
                if quoted {
                    if c == "\"" {
                        if let n = chars.next() {
                            if n == "\"" { cur.append("\"") } else { quoted = false; pending = n }
                        } else { quoted = false }
                    } else { cur.append(c) }
                } else if c == "\"" && cur.isEmpty {
                    quoted = true
                } else if c == "," {
                    out.append(cur)
                    cur = ""
                } else {
                    cur.append(c)
                }
            }
            out.append(cur)
            return out
        }
    }
}
