import Foundation
import Testing

@testable import TriageCore

/// One real-looking file per format (Fixtures/formats, described in its README): the detector must
/// name the format, the event count must match, and one marked line must yield the right fields.
struct FormatCase: CustomTestStringConvertible, Sendable {
    var file: String
    var format: String
    var events: Int
    var line: Int
    var timestamp: String?
    var level: Level
    var service: String? = nil
    var component: String? = nil
    var message: String
    var testDescription: String { file }
}

let formatCases: [FormatCase] = [
    FormatCase(
        file: "jsonlines.log", format: "json", events: 16, line: 1, timestamp: "2026-03-02T10:00:02.114Z", level: .info,
        service: "orders-api", message: "server started"),
    FormatCase(
        file: "jsonlines-alt.log", format: "json", events: 13, line: 9, timestamp: "2026-03-02T10:16:20.003Z",
        level: .info, component: "com.acme.orders.outbox.OutboxRelay", message: "Outbox relay published 14 events in 38 ms"),
    FormatCase(
        file: "logfmt.log", format: "logfmt", events: 15, line: 1, timestamp: "2026-03-02T10:02:11.482Z", level: .info,
        service: "billing-worker", message: "starting worker pool"),
    FormatCase(
        file: "syslog-rfc3164.log", format: "syslog-rfc3164", events: 22, line: 5, timestamp: "2026-03-02T10:02:17.000Z",
        level: .info, service: "systemd-logind", message: "New session 4211 of user deploy."),
    FormatCase(
        file: "syslog-rfc5424.log", format: "syslog-rfc5424", events: 14, line: 9, timestamp: "2026-03-02T10:15:03.003Z",
        level: .notice, service: "checkout", message: "Order queue drained"),
    FormatCase(
        file: "nginx-access.log", format: "access-log", events: 19, line: 13, timestamp: "2026-03-02T10:15:03.000Z",
        level: .error, message: "POST /api/checkout HTTP/1.1 502 Bad Gateway"),
    FormatCase(
        file: "apache-error.log", format: "timestamped-text", events: 15, line: 7, timestamp: "2026-03-02T10:15:03.123Z",
        level: .error, component: "proxy",
        message: "(111)Connection refused: AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (127.0.0.1) failed"),
    FormatCase(
        file: "log4j.log", format: "timestamped-text", events: 9, line: 4, timestamp: "2026-03-02T10:04:57.902Z",
        level: .warn, component: "com.acme.checkout.cache.CatalogCache",
        message: "Cache miss for sku=SKU-10442, loading from catalog service"),
    FormatCase(
        file: "spring-boot.log", format: "timestamped-text", events: 16, line: 11, timestamp: "2026-03-02T10:05:20.744Z",
        level: .info, component: "o.s.b.w.embedded.tomcat.TomcatWebServer",
        message: "Tomcat started on port(s): 8080 (http) with context path ''"),
    FormatCase(
        file: "python.log", format: "timestamped-text", events: 11, line: 7, timestamp: "2026-03-02T10:15:03.123Z",
        level: .error, component: "payments.worker", message: "refund rf_9LM3XA1Q failed"),
    FormatCase(
        file: "go-panic.log", format: "timestamped-text", events: 8, line: 3, timestamp: "2026-03-02T10:21:41.000Z",
        level: .info, message: "listening on :8080"),
    FormatCase(
        file: "kubectl-prefix.log", format: "kubectl-prefix+json,timestamped-text", events: 11, line: 6,
        timestamp: "2026-03-02T10:15:00.118Z", level: .error,
        message: "failed to charge card: pq: remaining connection slots are reserved for non-replication superuser connections"),
    FormatCase(
        file: "stern.log", format: "stern+access-log,timestamped-text", events: 10, line: 8, timestamp: "2026-03-02T10:15:03.123Z",
        level: .error, service: "checkout", component: "com.acme.checkout.PaymentClient",
        message: "call to payments timed out after 5000 ms"),
    FormatCase(
        file: "docker-json.log", format: "docker-json+plain,timestamped-text", events: 9, line: 7, timestamp: nil,
        level: .error, component: "c.a.inventory.stock.StockController", message: "Reservation failed for order ORD-5TQ2LP8N"),
    FormatCase(
        file: "journald.json", format: "journald", events: 14, line: 3, timestamp: "2026-03-02T10:02:17.160Z", level: .info,
        service: "systemd-logind", message: "New session 812 of user ec2-user."),
    FormatCase(
        file: "hdfs.log", format: "timestamped-text", events: 14, line: 9, timestamp: "2026-03-02T10:15:03.000Z",
        level: .info, component: "dfs.DataNode$PacketResponder",
        message: "PacketResponder 1 for block blk_38865049064139660 terminating"),
    FormatCase(
        file: "epoch.log", format: "timestamped-text", events: 14, line: 7, timestamp: "2026-03-02T10:15:03.123Z",
        level: .warn, message: "cache miss ratio high ratio=0.42 window=5m"),
    FormatCase(
        file: "plain.txt", format: "plain", events: 15, line: 1, timestamp: nil, level: .info,
        message: "> Task :checkout:compileJava"),
    // Five formats interleaved line by line; the Java stack trace stays with its header.
    FormatCase(
        file: "mixed.log", format: "mixed(json,access-log,syslog-rfc3164,logfmt,timestamped-text)", events: 17, line: 7,
        timestamp: "2026-03-02T10:15:01.108Z", level: .error, component: "c.a.c.web.CheckoutController",
        message: "Checkout failed for cart 8841"),
]

@Suite("Format detection on real-looking files")
struct FormatDetectionTests {
    @Test("detects the format, counts events, and reads the marked line", arguments: formatCases)
    func fixture(_ c: FormatCase) throws {
        let text = try String(contentsOfFile: Fixtures.formats(c.file), encoding: .utf8)
        #expect(detectedFormat(text) == c.format)
        let evs = events(text)
        #expect(evs.count == c.events)
        let e = try #require(evs.first { $0.line == c.line }, "no event starts at line \(c.line)")
        if let ts = c.timestamp { #expect(e.timestamp == ts) }
        #expect(e.level == c.level)
        if let s = c.service { #expect(e.service == s) }
        if let comp = c.component { #expect(e.component == comp) }
        #expect(e.message == c.message)
    }

    @Test("each line of a mixed stream is read by the most specific format that reads it")
    func mixedLines() throws {
        let text = try String(contentsOfFile: Fixtures.formats("mixed.log"), encoding: .utf8)
        let evs = events(text)
        let byLine = Dictionary(uniqueKeysWithValues: evs.map { ($0.line, $0) })
        #expect(byLine[1]?.service == "payments" && byLine[1]?.message == "charge captured for ORD-55AZM5U9")
        #expect(byLine[3]?.service == "sshd" && byLine[3]?.message.hasPrefix("Disconnected from user") == true)
        #expect(byLine[4]?.service == "billing-worker" && byLine[4]?.message == "job started")
        #expect(byLine[12]?.level == .warn && byLine[12]?.message == "GET /api/orders/ORD-<*> HTTP/2.0 404 Not Found")
        // Continuation lines belong to the log4j event before them, not to an event of their own.
        #expect(byLine[8] == nil && byLine[9] == nil && byLine[10] == nil)
    }

    @Test("one dominant format with a few odd lines is not mixed")
    func dominantFormatIsNotMixed() {
        let text = (0..<60).map { "{\"ts\":\"2026-03-02T10:00:\(String(format: "%02d", $0))Z\",\"msg\":\"tick \($0)\"}" }
            .joined(separator: "\n") + "\nMar  2 10:15:03 host cron[1]: odd line\n"
        #expect(detectedFormat(text) == "json")
    }

    @Test("a wrapper key that changes every line keeps a bounded number of inner streams; every event still comes out")
    func manyInnerStreams() {
        var seen: [String] = []
        let p = StreamParser(context: context(), lineFormat: nil, inputIndex: 0, defaultService: []) { seen.append($0.messageString) }
        var most = 0
        let n = 3 * StreamParser.maxChildren
        for i in 0..<n {
            var s = "[pod/checkout-\(String(i, radix: 16))/app] 2026-03-02T10:15:\(String(format: "%02d", i % 60))Z INFO request \(i) handled"
            s.withUTF8 { p.feed(UnsafeRawBufferPointer($0), number: i + 1) }
            most = max(most, p.innerStreams)
        }
        p.finish()
        #expect(most <= StreamParser.maxChildren)
        #expect(seen.count == n && Set(seen).count == n)
        #expect(p.formatDescription == "kubectl-prefix+timestamped-text")
    }

    @Test("access-log routes: identifier segments become <*>, words and versions stay")
    func accessLogRoutes() {
        func route(_ path: String) -> String {
            let out = ByteBuffer()
            Array(path.utf8).withUnsafeBytes { AccessLogParser.appendRoute($0, to: out) }
            return out.string()
        }
        #expect(route("/api/orders/ORD-6V7NDYHQ") == "/api/orders/ORD-<*>")
        #expect(route("/api/account/addresses/addr_e590ce5820") == "/api/account/addresses/addr_<*>")
        #expect(route("/images/products/SKU-18221/8.webp") == "/images/products/SKU-<*>/<*>.webp")
        #expect(route("/api/giftcards/GC-8Z6W-XPB5/balance") == "/api/giftcards/GC-<*>/balance")
        #expect(route("/api/v2/oauth2/token") == "/api/v2/oauth2/token")
        #expect(route("/users/42") == "/users/<*>")
        #expect(route("/api/orders/ORD-BTUUWBRY") == "/api/orders/ORD-<*>")
        #expect(route("/api/giftcards/GC-ZEMU-MFGQ/balance") == "/api/giftcards/GC-<*>/balance")
        #expect(route("/api/ping/OK") == "/api/ping/OK")
        // Letters only: a word unless all upper-case and 8 or more long.
        #expect(route("/api/Products/ABCDEFGH/NEWS") == "/api/Products/<*>/NEWS")
        #expect(route("//a//") == "//a//")
        #expect(route("/") == "/")
        #expect(route("/api/users/3fa85f64-5717-4562-b3fc-2c963f66afa6") == "/api/users/<*>")
    }

    @Test("access-log routes: the one-pass route equals segment-by-segment classification on random paths")
    func accessLogRoutesRandom() {
        /// Each segment classified on its own (the route as first written).
        func reference(_ path: [UInt8]) -> [UInt8] {
            var out: [UInt8] = []
            path.withUnsafeBytes { p in
                var copied = 0
                var s = 0
                while s <= p.count {
                    var e = s
                    while e < p.count, p[e] != 0x2F { e += 1 }
                    if let id = AccessLogParser.identifierPart(UnsafeRawBufferPointer(rebasing: p[s..<e])) {
                        out += p[copied..<s + id.lowerBound]
                        out += Masker.placeholder
                        copied = s + id.upperBound
                    }
                    s = e + 1
                }
                out += p[copied...]
            }
            return out
        }
        var rng = SeededGenerator(seed: 7)
        let alphabet = Array("abcXYZ019_-./%~".utf8) + [0xC3, 0xA9]
        for _ in 0..<20_000 {
            let path = (0..<Int.random(in: 0..<30, using: &rng)).map { _ in
                Int.random(in: 0..<4, using: &rng) == 0 ? UInt8(0x2F) : alphabet.randomElement(using: &rng)!
            }
            let out = ByteBuffer()
            path.withUnsafeBytes { AccessLogParser.appendRoute($0, to: out) }
            #expect(Array(out.bytes) == reference(path), "\(String(decoding: path, as: UTF8.self))")
        }
    }

    @Test("a file's first lines decide its format even when later lines differ")
    func detectionUsesTheFirstLines() {
        let text = (0..<70).map { "2026-03-02 10:00:\(String(format: "%02d", $0 % 60)) INFO tick \($0)" }.joined(separator: "\n")
            + "\n{\"msg\":\"not json mode\"}\n"
        #expect(detectedFormat(text) == "timestamped-text")
    }
}

/// JSON strings: found with memchr when they hold no escape, byte by byte when they do.
@Suite("JSON string scanning")
struct JSONStringTests {
    @Test("escaped quotes and backslashes end strings where JSON says", arguments: [
        (#""plain" rest"#, "plain", false),
        (#""say \"hi\"" rest"#, #"say \"hi\""#, true),
        (#""ends in backslash \\" rest"#, #"ends in backslash \\"#, true),
        (#""\\\"" x"#, #"\\\""#, true),
        (#""" x"#, "", false),
    ])
    func strings(_ input: String, _ inner: String, _ escaped: Bool) throws {
        var s = input
        let found = s.withUTF8 { u -> (String, Bool)? in
            let b = UnsafeRawBufferPointer(u)
            guard let (r, esc, end) = JSONScanner.string(b, 0) else { return nil }
            #expect(end == r.upperBound + 1)
            return (b.string(r), esc)
        }
        #expect(found?.0 == inner)
        #expect(found?.1 == escaped)
    }

    @Test("an unterminated string is not a string")
    func unterminated() {
        var s = #""no end \" here"#
        #expect(s.withUTF8 { JSONScanner.string(UnsafeRawBufferPointer($0), 0) } == nil)
    }

    @Test("strings of every length, with quotes, backslashes and high bytes anywhere, end where a byte-by-byte scan says")
    func randomStrings() {
        var rng = SeededGenerator(seed: 7)
        let alphabet: [UInt8] = Array("ab \"\\x{}:,".utf8) + [0x00, 0x7F, 0x80, 0xA2, 0xDC, 0xFF]
        for _ in 0..<20_000 {
            let n = Int.random(in: 0..<40, using: &rng)
            let bytes = [0x22] + (0..<n).map { _ in alphabet.randomElement(using: &rng)! }
            // The reference: the first unescaped quote after the opening one.
            var expected: (Range<Int>, Bool, Int)?
            var j = 1
            var escaped = false
            while j < bytes.count {
                if bytes[j] == 0x22 {
                    expected = (1..<j, escaped, j + 1)
                    break
                }
                if bytes[j] == 0x5C {
                    escaped = true
                    j += 2
                    continue
                }
                j += 1
            }
            let found = bytes.withUnsafeBytes { JSONScanner.string($0, 0) }
            #expect(found?.0 == expected?.0 && found?.1 == expected?.1 && found?.2 == expected?.2, "\(bytes)")
        }
    }
}

/// The text header's logger rule (`logger - message`), whose token scan decides "identifier" in the
/// same pass that finds the token's end.
@Suite("Timestamped text: the logger before ' - '")
struct TextLoggerTests {
    @Test("identifier bytes eight at a time: every byte value at every position, and random words")
    func identifierBytes() {
        let plain = Set(Array("-./0123456789@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz$".utf8))
        func expected(_ w: [UInt8], _ brackets: Bool) -> UInt64 {
            var bits: UInt64 = 0
            for (k, c) in w.enumerated() where !(plain.contains(c) || (brackets && (c == 0x5B || c == 0x5D))) {
                bits |= 0x80 << (8 * UInt64(k))
            }
            return bits
        }
        func word(_ w: [UInt8]) -> UInt64 { w.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) } }
        var rng = SeededGenerator(seed: 5)
        for brackets in [false, true] {
            for c in 0...255 {
                for k in 0..<8 {
                    var w = Array("abcdefgh".utf8)
                    w[k] = UInt8(c)
                    #expect(TextHeaderParser.nonIdentifierBytes(word(w), brackets: brackets) == expected(w, brackets), "\(c) at \(k)")
                }
            }
            for _ in 0..<20_000 {
                let w = (0..<8).map { _ in UInt8.random(in: 0...255, using: &rng) }
                #expect(TextHeaderParser.nonIdentifierBytes(word(w), brackets: brackets) == expected(w, brackets))
            }
        }
    }

    @Test("a logger of identifier bytes becomes the component; one with any other byte stays in the message", arguments: [
        ("c.a.c.shipping.ShipmentService", true), ("dfs.DataNode$PacketResponder", true), ("org/acme/Thing-2", true),
        ("_internal.Worker@3", true), ("Svc", true), ("c.a.Foo#bar", false), ("c.a.Foo,Bar", false), ("2fast.Logger", false),
        ("c.a.Caf\u{E9}", false), ("c.a.Foo:Bar", false), ("com.acme.Foo#", false), ("com.acme.WorkerPool", true),
    ])
    func loggerBytes(logger: String, isComponent: Bool) throws {
        let seen = events("2026-03-02 00:00:00,047 INFO  [main] \(logger) - Deleted shipment 42\n")
        try #require(seen.count == 1)
        if isComponent {
            #expect(seen[0].component == logger)
            #expect(seen[0].message == "Deleted shipment 42")
        } else {
            #expect(seen[0].component != logger)
            #expect(seen[0].message.hasPrefix(logger))
        }
    }
}
