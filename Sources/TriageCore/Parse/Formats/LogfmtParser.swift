#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// logfmt (`time=… level=info msg="…" key=value`), as written by logrus, zap's logfmt encoder, Heroku.
struct LogfmtParser: LineParser {
    let format = LogFormat.logfmt

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        var pairs = 0
        var i = b.skipBlanks(from: 0)
        var messageRange: Range<Int>?
        var messageEscaped = false
        var rest: [Range<Int>] = []
        while i < b.count {
            // key
            let keyStart = i
            i = b.firstBlank(orByte: 0x3D, from: i)
            guard i < b.count, b[i] == 0x3D, i > keyStart else {
                // A bare word: logfmt allows it, but a line of prose is not logfmt.
                if pairs == 0 { return false }
                let s = i
                i = b.firstBlank(from: i)
                // Only needed while no msg has been seen (then `rest` is the message).
                if messageRange == nil { rest.append(s..<i) }
                i = b.skipBlanks(from: i)
                continue
            }
            let key = keyStart..<i
            i += 1
            var value: Range<Int>
            var escaped = false
            if i < b.count, b[i] == 0x22 {
                let (quote, hasEscape) = b.closingQuote(from: i + 1)
                escaped = hasEscape
                value = i + 1..<quote
                i = min(quote + 1, b.count)
            } else {
                let vs = i
                i = b.firstBlank(from: i)
                value = vs..<i
            }
            pairs += 1
            switch role(b, key) {
            case .time: rec.timestamp = context.timestamps.parse(b, at: value.lowerBound)?.millis
            case .level: rec.level = Level.word(b, value) ?? rec.level
            case .message:
                messageRange = value
                messageEscaped = escaped
            case .service: rec.setService(b, value)
            case .component: rec.setComponent(b, value)
            case nil: if messageRange == nil { rest.append(key.lowerBound..<i) }
            }
            i = b.skipBlanks(from: i)
        }
        guard pairs >= 2 else { return false }
        rec.message.removeAll()
        if let m = messageRange {
            if messageEscaped {
                JSONScanner.appendUnescaped(b, m, to: rec.message)
            } else {
                rec.message.append(UnsafeRawBufferPointer(rebasing: b[m]))
            }
        } else {
            // No msg key: the remaining pairs are the message (values get masked by the miner).
            for (n, r) in rest.enumerated() {
                if n > 0 { rec.message.append(asciiSpace) }
                rec.message.append(UnsafeRawBufferPointer(rebasing: b[r]))
            }
        }
        return true
    }

    private enum Role { case time, level, message, service, component }

    /// The role of a key (every key of every line is asked: by length first, then bytes).
    private func role(_ b: UnsafeRawBufferPointer, _ key: Range<Int>) -> Role? {
        let n = key.count
        guard n >= 1, n <= 11 else { return nil }
        let k = b.baseAddress! + key.lowerBound
        func eq(_ s: StaticString) -> Bool { memcmp(k, s.utf8Start, n) == 0 }
        switch n {
        case 1: return eq("t") ? .time : nil
        case 2: return eq("ts") ? .time : nil
        case 3: return eq("lvl") ? .level : eq("msg") ? .message : eq("app") || eq("svc") ? .service : nil
        case 4: return eq("time") ? .time : nil
        case 5: return eq("level") ? .level : nil
        case 6: return eq("logger") || eq("caller") || eq("module") || eq("source") ? .component : nil
        case 7: return eq("message") ? .message : eq("service") ? .service : nil
        case 8: return eq("severity") || eq("loglevel") ? .level : nil
        case 9: return eq("timestamp") ? .time : eq("component") ? .component : nil
        case 10: return eq("@timestamp") ? .time : nil
        default: return eq("application") ? .service : nil
        }
    }
}
