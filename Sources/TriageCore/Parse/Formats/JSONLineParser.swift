#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// JSON lines: application JSON logs, `journalctl -o json`, and docker's json-file driver.
/// Fields come from their usual keys (see docs/formats.md); the first key found in priority order wins.
struct JSONLineParser: LineParser {
    let format: LogFormat

    private enum Role: Int, CaseIterable {
        case time, level, message, service, component, dockerLog, dockerStream, journalTime
    }

    /// Key → (role, priority: lower wins).
    private static let keys: [String: (Role, Int)] = [
        "ts": (.time, 0), "time": (.time, 1), "timestamp": (.time, 2), "@timestamp": (.time, 3),
        "t": (.time, 5), "date": (.time, 6), "datetime": (.time, 4), "eventTime": (.time, 7), "@t": (.time, 8),
        "__REALTIME_TIMESTAMP": (.journalTime, 0), "_SOURCE_REALTIME_TIMESTAMP": (.journalTime, 1),
        "level": (.level, 0), "severity": (.level, 1), "lvl": (.level, 2), "loglevel": (.level, 3),
        "log.level": (.level, 4), "levelname": (.level, 5), "PRIORITY": (.level, 6), "@l": (.level, 7),
        "level_name": (.level, 8), "status": (.level, 9),
        "msg": (.message, 0), "message": (.message, 1), "MESSAGE": (.message, 2), "@m": (.message, 3),
        "text": (.message, 4), "event": (.message, 5), "@mt": (.message, 6),
        "service": (.service, 0), "service.name": (.service, 1), "service_name": (.service, 2), "app": (.service, 3),
        "application": (.service, 4), "SYSLOG_IDENTIFIER": (.service, 5), "_SYSTEMD_UNIT": (.service, 6),
        "container_name": (.service, 7), "name": (.service, 8), "_COMM": (.service, 9),
        "logger": (.component, 0), "logger_name": (.component, 1), "component": (.component, 2),
        "caller": (.component, 3), "module": (.component, 4), "loggerName": (.component, 5),
        "log": (.dockerLog, 0), "stream": (.dockerStream, 0),
    ]

    /// The same table keyed by a stable hash of the key bytes, so lookups allocate nothing.
    /// The same table behind an open-addressing index of the key bytes' hash (every key of every
    /// line is looked up).
    private struct KeyTable: Sendable {
        var index = HashIndex(capacity: 64)
        var entries: [(name: [UInt8], role: Role, priority: Int, isStatus: Bool)] = []
        /// Per key length (1–26): a bit per last byte's low six bits that some key of that length
        /// ends in. Most keys of a line are none of these (`order_id`, `active`), and this turns
        /// them away before any hashing.
        var lastBytes = [UInt64](repeating: 0, count: 27)
    }

    private static let keyTable: KeyTable = {
        var t = KeyTable()
        for (k, v) in keys.sorted(by: { $0.key < $1.key }) {
            t.index[fastHash64(k)] = t.entries.count
            t.entries.append((Array(k.utf8), v.0, v.1, k == "status"))
            t.lastBytes[k.utf8.count] |= 1 << UInt64(k.utf8.last! & 63)
        }
        return t
    }()

    private static func lookup(_ b: UnsafeRawBufferPointer, _ key: Range<Int>) -> (Role, Int, isStatus: Bool)? {
        let kb = UnsafeRawBufferPointer(rebasing: b[key])
        guard kb.count <= 26, kb.count > 0, keyTable.lastBytes[kb.count] & (1 << UInt64(kb[kb.count - 1] & 63)) != 0,
            let i = keyTable.index[fastHash64(kb)]
        else { return nil }
        let e = keyTable.entries[i]
        guard e.name.count == kb.count, e.name.withUnsafeBytes({ memcmp($0.baseAddress!, kb.baseAddress!, kb.count) == 0 }) else { return nil }
        return (e.role, e.priority, e.isStatus)
    }

    /// Which format a JSON line belongs to (docker json-file and journald have fixed key sets).
    static func classify(_ b: UnsafeRawBufferPointer) -> LogFormat? {
        var sawLog = false, sawStream = false, sawJournal = false
        let ok = JSONScanner.scanObject(b, from: 0) { key, _, _ in
            let k = UnsafeRawBufferPointer(rebasing: b[key])
            if k.elementsEqual("log".utf8) { sawLog = true }
            if k.elementsEqual("stream".utf8) { sawStream = true }
            if k.elementsEqual("__REALTIME_TIMESTAMP".utf8) || k.elementsEqual("__CURSOR".utf8) { sawJournal = true }
        }
        guard ok != nil else { return nil }
        if sawJournal { return .journald }
        if sawLog && sawStream { return .dockerJSON }
        return .json
    }

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        // The best key found per role, on the stack (no array per line).
        withUnsafeTemporaryAllocation(of: (Int, JSONValueRef)?.self, capacity: Role.allCases.count) { slots in
            slots.initialize(repeating: nil)
            return parse(b, into: &rec, context: context, slots: slots)
        }
    }

    private func parse(
        _ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext,
        slots: UnsafeMutableBufferPointer<(Int, JSONValueRef)?>
    ) -> Bool {
        let start = b.skipBlanks(from: 0)
        let end = JSONScanner.scanObject(b, from: start) { key, _, value in
            guard let (role, prio, isStatus) = Self.lookup(b, key) else { return }
            if role == .dockerLog, format != .dockerJSON { return }
            if let cur = slots[role.rawValue], cur.0 <= prio { return }
            if isStatus, value.kind != .string || Level.word(b, value.range) == nil { return }  // HTTP status
            slots[role.rawValue] = (prio, value)
        }
        func best(_ r: Role) -> (Int, JSONValueRef)? { slots[r.rawValue] }
        guard end != nil else { return false }

        // Time.
        if let (_, v) = best(.journalTime) {
            rec.timestamp = Self.integer(b, v).map { Int64($0 / 1000) }
        } else if let (_, v) = best(.time) {
            rec.timestamp = Self.time(b, v, context)
        }
        // Level.
        if let (_, v) = best(.level) {
            if v.kind == .number || format == .journald {
                if let n = Self.integer(b, v) {
                    rec.level = format == .journald ? Level.syslogSeverity(n) : (Level.numeric(n) ?? .unknown)
                }
            } else if v.kind == .string {
                rec.level = Level.word(b, v.range) ?? .unknown
            }
        }
        if let (_, v) = best(.service), v.kind == .string { rec.setService(b, v.range) }
        if let (_, v) = best(.component), v.kind == .string { rec.setComponent(b, v.range) }

        rec.message.removeAll()
        if format == .dockerJSON, let (_, v) = best(.dockerLog), v.kind == .string {
            JSONScanner.appendUnescaped(b, v.range, to: rec.message)
            while let last = rec.message.last, last == 0x0A || last == 0x0D { rec.message.truncate(to: rec.message.count - 1) }
            rec.isWrapped = true
            if let (_, s) = best(.dockerStream), s.kind == .string { ParsedLine.set(&rec.streamKey, b, s.range) }
            return true
        }
        if let (_, v) = best(.message) {
            if v.kind == .string {
                if v.hasEscapes {
                    JSONScanner.appendUnescaped(b, v.range, to: rec.message)
                } else {
                    rec.message.append(UnsafeRawBufferPointer(rebasing: b[v.range]))
                }
            } else {
                rec.message.append(UnsafeRawBufferPointer(rebasing: b[v.range]))
            }
        } else {
            // No message key: the whole object is the message, so structure still clusters.
            rec.message.append(UnsafeRawBufferPointer(rebasing: b[start..<(end ?? b.count)]))
        }
        if format == .journald, rec.level == .unknown { rec.level = LevelInference.infer(rec.message) }
        return true
    }

    private static func integer(_ b: UnsafeRawBufferPointer, _ v: JSONValueRef) -> Int? {
        var n = 0
        var any = false
        for i in v.range {
            let c = b[i]
            guard isDigit(c) else { break }
            n = n &* 10 &+ Int(c &- 0x30)
            any = true
        }
        return any ? n : nil
    }

    private static func time(_ b: UnsafeRawBufferPointer, _ v: JSONValueRef, _ ctx: ParseContext) -> Int64? {
        switch v.kind {
        case .string:
            return ctx.timestamps.parse(b, at: v.range.lowerBound)?.millis
        case .number:
            // Epoch seconds (possibly fractional), ms, µs or ns.
            var whole: Int64 = 0
            var digits = 0
            var i = v.range.lowerBound
            while i < v.range.upperBound, isDigit(b[i]) {
                whole = whole &* 10 &+ Int64(b[i] &- 0x30)
                digits += 1
                i += 1
            }
            var frac = 0.0
            if i < v.range.upperBound, b[i] == 0x2E {
                var scale = 0.1
                i += 1
                while i < v.range.upperBound, isDigit(b[i]) {
                    frac += Double(b[i] &- 0x30) * scale
                    scale /= 10
                    i += 1
                }
            }
            let ms: Int64
            switch digits {
            case ...11: ms = whole * 1000 + Int64(frac * 1000)
            case 12...14: ms = whole
            case 15...17: ms = whole / 1000
            default: ms = whole / 1_000_000
            }
            return ms > 0 ? ms : nil
        default:
            return nil
        }
    }
}
