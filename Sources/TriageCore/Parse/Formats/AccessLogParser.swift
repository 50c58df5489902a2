/// NCSA common / combined access logs (nginx, Apache httpd, Envoy's text default is close enough):
/// `client ident user [02/Mar/2026:10:15:03 +0000] "GET /path?q HTTP/1.1" 502 157 "referer" "agent"`.
/// The message is the method, path (query dropped) and status; the level follows the status.
struct AccessLogParser: LineParser {
    let format = LogFormat.accessLog

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        // The timestamp ends at the first ']' (no timestamp form holds one), which must be followed
        // by ` "`: checked before the timestamp is parsed, as most lines of a mixed stream that
        // have a '[' are not access lines (`sshd[42]:`, `[main]`).
        guard let open = b.firstIndex(of: 0x5B, from: 0, to: min(b.count, 300)),
            let close = b.firstIndex(of: 0x5D, from: open + 1), close + 2 < b.count, b[close + 1] == 0x20, b[close + 2] == 0x22,
            let ts = context.timestamps.parse(b, at: open + 1), ts.end < b.count, b[ts.end] == 0x5D
        else { return false }
        var i = ts.end + 1
        guard i + 1 < b.count, b[i] == 0x20, b[i + 1] == 0x22 else { return false }
        i += 2
        let reqStart = i
        i = b.closingQuote(from: i).index
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
        rec.exactTemplate = true

        rec.message.removeAll()
        // METHOD SP PATH[?query] SP PROTO (fields found eight bytes at a time)
        let upTo = UnsafeRawBufferPointer(rebasing: b[0..<request.upperBound])
        let k = upTo.firstIndex(ofAny: 0x20, 0x20, 0x20, from: request.lowerBound)
        rec.message.append(UnsafeRawBufferPointer(rebasing: b[request.lowerBound..<k]))
        if k < request.upperBound {
            rec.message.append(asciiSpace)
            var p = k + 1
            let pathEnd = upTo.firstIndex(ofAny: 0x20, 0x3F, 0x3F, from: p)
            Self.appendRoute(UnsafeRawBufferPointer(rebasing: b[p..<pathEnd]), to: rec.message)
            p = upTo.firstIndex(ofAny: 0x20, 0x20, 0x20, from: pathEnd)
            if p < request.upperBound {
                rec.message.append(UnsafeRawBufferPointer(rebasing: b[p..<request.upperBound]))
            }
        }
        rec.message.append(asciiSpace)
        rec.message.append(UnsafeRawBufferPointer(rebasing: b[i..<i + statusLength]))
        // The reason phrase keeps statuses apart once the number is masked: a 502 must not
        // hide among the 200s of the same route.
        if let reason = Self.reasonTable.phrase(status) {
            rec.message.append(asciiSpace)
            rec.message.append(reason)
        }
        return true
    }

    /// Appends a request path with identifier segments replaced by `<*>`, so `/api/orders/ORD-6V7NDYHQ`
    /// and `/api/orders/ORD-Y6WB84UG` are one route. A segment is an identifier when it has two or more
    /// digits, or only digits (`v2`, `oauth2`, `s3` stay), or is an upper-case code (4+ characters
    /// after a prefix, 8+ without); a leading `word-`/`word_` prefix and a file
    /// extension are kept: `ORD-<*>`, `addr_<*>`, `<*>.webp`. Values stay visible in the samples.
    static func appendRoute(_ path: UnsafeRawBufferPointer, to out: ByteBuffer) {
        guard let base = path.baseAddress else { return }
        let n = path.count
        // Unchanged stretches of the path are copied in one append each.
        var copied = 0
        var s = 0
        while s <= n {
            // The segment's end, and whether it is a word (letters only, some lower-case: never an
            // identifier, the first thing `identifierPart` rules out).
            var e = s
            var lower = false
            var other = false
            while e < n {
                let c = base.load(fromByteOffset: e, as: UInt8.self)
                if c == 0x2F { break }
                if c &- 0x61 < 26 { lower = true } else if c &- 0x41 >= 26 { other = true }
                e += 1
            }
            if other || !lower, e > s, let id = identifierPart(UnsafeRawBufferPointer(rebasing: path[s..<e])) {
                out.append(UnsafeRawBufferPointer(rebasing: path[copied..<s + id.lowerBound]))
                out.append(Masker.placeholder)
                copied = s + id.upperBound
            }
            s = e + 1
        }
        out.append(UnsafeRawBufferPointer(rebasing: path[copied...]))
    }

    /// The part of a path segment that is an identifier (between a kept prefix and extension), if any.
    static func identifierPart(_ seg: UnsafeRawBufferPointer) -> Range<Int>? {
        // Most segments are words (`api`, `products`): letters only, some lower-case, so no
        // prefix, extension, digit or upper-case code — never an identifier.
        var lowerCase = false
        var onlyLetters = true
        for c in seg {
            if c &- 0x61 < 26 {
                lowerCase = true
            } else if c &- 0x41 >= 26 {
                onlyLetters = false
                break
            }
        }
        if onlyLetters, lowerCase { return nil }
        // Extension: a final '.' followed by 1–5 letters.
        var end = seg.count
        if let dot = seg.lastIndex(of: 0x2E), dot > 0, seg.count - dot - 1 >= 1, seg.count - dot - 1 <= 5,
            seg[(dot + 1)...].allSatisfy(isAlpha)
        {
            end = dot
        }
        // Prefix: letters then '-' or '_'.
        var start = 0
        while start < end, isAlpha(seg[start]) { start += 1 }
        if start > 0, start < end, seg[start] == 0x2D || seg[start] == 0x5F { start += 1 } else { start = 0 }
        var digits = 0, lower = 0, other = 0
        var allDigits = start < end
        for i in start..<end {
            let c = seg[i]
            if isDigit(c) { digits += 1 } else { allDigits = false }
            if c &- 0x61 < 26 { lower += 1 } else if !isAlnum(c) && c != 0x2D { other += 1 }
        }
        // Upper-case codes (ORD-BTUUWBRY, GC-ZEMU-MFGQ) are identifiers even without digits.
        let length = end - start
        let code = lower == 0 && other == 0 && length >= 4 && (start > 0 || length >= 8)
        return digits >= 2 || allDigits || code ? start..<end : nil
    }

    /// `reasons` as bytes, indexed by status.
    private static let reasonTable = ReasonTable(reasons)

    /// `reasons` as bytes by status, in memory made once and kept: appending a phrase costs no
    /// reference counting (an array of arrays cost a retain and a release per line).
    struct ReasonTable: @unchecked Sendable {
        static let statuses = 600
        /// Per status: offset and length of its phrase in `text` (length 0: none).
        private let spans: UnsafeMutableBufferPointer<(offset: Int32, count: Int32)>
        private let text: UnsafeMutableRawBufferPointer

        init(_ reasons: [Int: String]) {
            let kept = reasons.filter { $0.key >= 0 && $0.key < Self.statuses }
            spans = .allocate(capacity: Self.statuses)
            spans.initialize(repeating: (0, 0))
            text = .allocate(byteCount: max(1, kept.values.reduce(0) { $0 + $1.utf8.count }), alignment: 1)
            var at = 0
            for (code, phrase) in kept.sorted(by: { $0.key < $1.key }) {
                let bytes = Array(phrase.utf8)
                bytes.withUnsafeBytes { text.baseAddress!.advanced(by: at).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
                spans[code] = (Int32(at), Int32(bytes.count))
                at += bytes.count
            }
        }

        func phrase(_ status: Int) -> UnsafeRawBufferPointer? {
            guard status >= 0, status < Self.statuses else { return nil }
            let s = spans[status]
            return s.count > 0 ? UnsafeRawBufferPointer(rebasing: text[Int(s.offset)..<Int(s.offset + s.count)]) : nil
        }
    }

    static let reasons: [Int: String] = [
        0: "No Response", 100: "Continue", 101: "Switching Protocols", 200: "OK", 201: "Created", 202: "Accepted",
        204: "No Content", 206: "Partial Content", 301: "Moved Permanently", 302: "Found", 303: "See Other",
        304: "Not Modified", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
        401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout",
        409: "Conflict", 410: "Gone", 413: "Content Too Large", 415: "Unsupported Media Type",
        422: "Unprocessable Content", 429: "Too Many Requests", 499: "Client Closed Request",
        500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable",
        504: "Gateway Timeout",
    ]
}
