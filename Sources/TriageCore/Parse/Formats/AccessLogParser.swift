/// NCSA common / combined access logs (nginx, Apache httpd, Envoy's text default is close enough):
/// `client ident user [02/Mar/2026:10:15:03 +0000] "GET /path?q HTTP/1.1" 502 157 "referer" "agent"`.
/// The message is the method, path (query dropped) and status; the level follows the status.
struct AccessLogParser: LineParser {
    let format = LogFormat.accessLog

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        guard let open = b.firstIndex(of: 0x5B, from: 0, to: min(b.count, 300)),
            let ts = context.timestamps.parse(b, at: open + 1), ts.end < b.count, b[ts.end] == 0x5D
        else { return false }
        var i = ts.end + 1
        guard i + 1 < b.count, b[i] == 0x20, b[i + 1] == 0x22 else { return false }
        i += 2
        let reqStart = i
        while i < b.count, b[i] != 0x22 {
            if b[i] == 0x5C { i += 1 }
            i += 1
        }
        guard i < b.count else { return false }
        let request = reqStart..<i
        i += 1
        i = b.skipBlanks(from: i)
        // Three-digit status; Envoy writes 0 when no response was sent.
        var statusLength = 3
        var status = b.digits(at: i, count: 3)
        if status == nil, b.digits(at: i, count: 1) == 0, i + 1 == b.count || b[i + 1] == 0x20 {
            status = 0
            statusLength = 1
        }
        guard let status else { return false }
        rec.timestamp = ts.millis
        rec.level = Level.httpStatus(status)

        rec.message.removeAll(keepingCapacity: true)
        // METHOD SP PATH[?query] SP PROTO
        var k = request.lowerBound
        while k < request.upperBound, b[k] != 0x20 { k += 1 }
        rec.message.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[request.lowerBound..<k]))
        if k < request.upperBound {
            rec.message.append(asciiSpace)
            var p = k + 1
            while p < request.upperBound, b[p] != 0x20, b[p] != 0x3F {
                rec.message.append(b[p])
                p += 1
            }
            while p < request.upperBound, b[p] != 0x20 { p += 1 }
            if p < request.upperBound {
                rec.message.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[p..<request.upperBound]))
            }
        }
        rec.message.append(asciiSpace)
        rec.message.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[i..<i + statusLength]))
        return true
    }
}
