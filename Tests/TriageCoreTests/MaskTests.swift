import Testing

@testable import TriageCore

@Suite("Variable masks")
struct MaskTests {
    let masker = try! Masker()

    @Test(
        "each built-in mask turns its variable into <*>",
        arguments: [
            ("timed out after 30000ms", "timed out after <*>"),
            ("took 1.5GB and 12.3s", "took <*> and <*>"),
            ("user 5e3c0f9a-1b2c-4d5e-8f90-123456789abc logged in", "user <*> logged in"),
            ("from 10.0.0.12:5432 to 192.168.1.1", "from <*> to <*>"),
            ("peer 2001:db8::1 closed", "peer <*> closed"),
            ("mac 00:1a:2b:3c:4d:5e up", "mac <*> up"),
            ("addr=0x7fff5fbff8c8 crashed", "addr=<*> crashed"),
            ("commit 3f9a1c2b7e4d5a60 deployed", "commit <*> deployed"),
            ("GET https://api.example.com/v1/orders?id=7 failed", "GET <*> failed"),
            ("mail to ops@example.com bounced", "mail to <*> bounced"),
            ("at 2026-03-02T10:15:03.123Z and 10:15:04", "at <*> and <*>"),
            ("block blk_-1608999687919862906 lost", "block blk_<*> lost"),
            ("retry #3 of 5", "retry #<*> of <*>"),
        ])
    func builtIn(_ input: String, _ expected: String) {
        #expect(masker.mask(input) == expected)
    }

    @Test("numbers inside words stay: they are part of the name", arguments: ["utf8 decoder", "ip6tables reload", "log4j config", "v2 api"])
    func wordsWithDigits(_ input: String) {
        #expect(masker.mask(input) == input)
    }

    @Test("a message without digits, '@' or ':' is copied unchanged")
    func fastPath() {
        #expect(masker.mask("connection reset by peer") == "connection reset by peer")
    }

    @Test("user masks apply instead of the built-in ones")
    func userMasks() throws {
        let m = try Masker(masks: [Mask(name: "order", pattern: #"ORD-[A-Z0-9]+"#)])
        #expect(m.mask("Order ORD-5TQ2LP8N failed after 3 tries") == "Order <*> failed after 3 tries")
    }

    @Test("an invalid pattern is reported with PCRE2's message and the offset marked")
    func invalidPattern() {
        #expect(throws: Regex.CompileError.self) { try Regex("a(b") }
        let error = #expect(throws: Regex.CompileError.self) { try Regex("ab[c") }
        #expect(error?.offset == 4)
        #expect(error?.message.contains("missing terminating ]") == true)
        #expect(error?.description.hasSuffix("  ab[c\n      ^") == true)
    }

    @Test("a catastrophic pattern stops at the match limit instead of hanging")
    func catastrophic() throws {
        let r = try Regex("(a+)+$")
        let m = r.matcher(limits: MatchLimits(matchLimit: 10_000, depthLimit: 1000))
        var line = String(repeating: "a", count: 5000) + "!"
        let outcome = line.withUTF8 { m.match(UnsafeRawBufferPointer($0)) }
        // PCRE2's JIT may also prove there is no match quickly; either way it must not hang.
        #expect(outcome == .limitExceeded || outcome == .noMatch)
    }
}

@Suite("Regex offset limit")
struct RegexOffsetLimitTests {
    @Test("a match must start by the limit; the leftmost one within it is found, later ones are not")
    func startingBy() throws {
        let m = try Regex(#"\d+"#, options: [.offsetLimit]).matcher()
        let text = Array("ab 12 cd 345".utf8)
        try text.withUnsafeBytes { b in
            #expect(m.match(b, from: 0, startingBy: 3) == .match)
            #expect(m.range(group: 0) == 3..<5)
            #expect(m.match(b, from: 0, startingBy: 2) == .noMatch)
            #expect(m.match(b, from: 5, startingBy: 8) == .noMatch)
            #expect(m.match(b, from: 5, startingBy: 9) == .match)
            #expect(m.range(group: 0) == 9..<12)
            // The limit holds only for the call that sets it.
            #expect(m.match(b, from: 5, startingBy: 12) == .match)
            let r = try #require(m.range(group: 0))
            #expect(r == 9..<12)
        }
    }
}
