import Foundation
import Testing

@testable import TriageCore

/// The masker's shortcuts (plain numbers without the regex, dead colons skipped) must give exactly
/// what the regex alone gives: same masked text, same placeholder origins.
@Suite("Mask shortcuts agree with the regex")
struct MaskShortcutTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Lines that sit on the edges of the shortcut's rules.
    static let edgeCases: [String] = [
        "took 15ms", "took 15 ms", "size 5 MB", "size 5 MiB, done", "size 5 B", "size 5 Bytes", "size 5 b", "5 KBps",
        "(uid=0)", "qty=3 items=12", "HTTP/1.1 200", "host/10.0.0.1:80 up", "host/10.0.0.1 up", "at/1.2.3 ok",
        "v=1.2.3.4", "1.2.3.4.5 x", "10.42.3.17, next", "1,024,", "1,5", "3x faster", "0x1f", "0xdeadbeef12",
        "5e3 ops", "1e-5", "15min", "5ms2", "2.5GiB", "99%", "-5 degrees", "+5", "a-5", "abc123def=5", "deadbeef=5",
        "deadbeef12 x", "pam_unix(cron:session): session opened", "cron:session", "a:b:c", "key: 5", "x::1",
        "fe80::1 up", "ab:cd:ef:01:02:03", "10:15:03 tick", "at 10:15", "2026-03-02 10:15:03", "user@example.com 5",
        "com.acme.Foo@1b6d3586", "https://x.example/a?b=1", "port:8080", "db-3:5432", "[364434]:", "sshd[364434]:",
        "(attempt 1/3)", "5.", "1.2.", "\"5\"", "'7'", "{9}", "[1,2,3]", "a_b=7;", "µs 5µs", "n=5\tm=6",
        "12345678 x", "1234567890abcdef", "ip 192.168.1.1:443", "=5", "x=(5)", "f(3)", "a[4]", "abc/5", "abc/5/6",
        "id=550e8400-e29b-41d4-a716-446655440000", "2026-03-02", "5 KiB/s", "3 TB.", "7 PB", "8 iB", "4 GiBx",
        "ssh2", "port 22 ssh2", "ssh2: x", "ED25519", "deadbeef12 x", "abcdef12-x", "x-abcdef12", "ec2-user", "(ec2-user)",
        "HikariPool-1", "ab-cd-ef-01-02-03", "ab-cd-ef-ab-cd-e1", "sshd:session", "pam_unix(sshd:session):", "fe80::1",
        "ab: 1", "ab:", "a:", "ab:c1", "IPv6: on", "blk_123", "a_1", "x1:22", "abc1:2", "f:1", "x ab:cd:ef:01:02:03",
        "abcd:ef01:2345:6789:abcd:ef01:2345:6789", "ch_Ak5vqKiX2E9ZHI", "blk_123", "a_b1_c2", "x_1", "ab_cd_ef_01",
        "ab_cd-ef-ab-cd-e1", "deadbeef_12", "cart=eddbba29", "to cart 48ade917", "x-deadbeef12", "a_deadbeef12",
        "trace=4bf92f3577b34da6a3ce929d0e0e4736", "12345678", "abcdefab", "deadbeef-dead-beef-dead-beefdeadbeef",
        "deadbeef12:80", "deadbeef12/x", "(deadbeef12)", "a/deadbeef12", "a-_5", "a_-5", "a-5", "pool-1 up", "x_-1",
        "0xdeadbeef", "0deadbeef", "ch_3t84XJLS2KCf6t", "ch_3s", "ch_3s_x", "ch_3_x", "ch_3e5", "ch_3E5x", "ch_3x",
        "ch_3KiB", "ch_3%", "ch_3µs", "ch_3t-4", "a_1b", "a_12ab-3", "(attempt 1/3)", "1/3", "1/3/5", "2-3", "2-3-4",
        "2026-03-02", "1/2.3.4.5", "x1/2.3.4.5", "1-2.3.4.5", "-1", "+5 x", "-5ms", "--5", "-x", "1/-3", "5/3ms",
        "10.0.0.1/24", "1/deadbeef12", "3-deadbeef12", "1-ab-cd", "12-34-56-78-9a-bc", "12:34", "1/3:4", "deadbeef0.5", "abcdef123.", "abc=1234abcd,", "u_639200", "id=a1b2c3d4e5f6", "x_deadbeef12", "deadbeef12_x", "pi_3MtwBwLkdIwHu7ix28a3tqPa", "A_B-C_9", "1:2:3:4:5:6:7:8", "zz:yy5", "a-1", "a-b2-c3", "Ab1-Cd2.", "a1b2c3d4e5",
    ]

    static func corpus() -> [String] {
        var lines = edgeCases
        let fm = FileManager.default
        let dirs = ["samplelogs", "Tests/TriageCoreTests/Fixtures/formats", "Tests/TriageCoreTests/Fixtures/miner"]
        for d in dirs {
            let dir = repo.appendingPathComponent(d)
            for f in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] {
                guard let text = try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8) else { continue }
                lines += text.split(separator: "\n").map(String.init)
            }
        }
        // Loghub-2k, when ../shared is beside the repository (skipped cleanly otherwise).
        let loghub = repo.deletingLastPathComponent().appendingPathComponent("shared/loghub2k")
        for d in (try? fm.contentsOfDirectory(atPath: loghub.path)) ?? [] {
            let dir = loghub.appendingPathComponent(d)
            for f in (try? fm.contentsOfDirectory(atPath: dir.path)) ?? [] where f.hasSuffix(".log") {
                guard let text = try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8) else { continue }
                lines += text.split(separator: "\n").map(String.init)
            }
        }
        return lines
    }

    @Test("same masked text and placeholders, line by line")
    func shortcutsChangeNothing() throws {
        let fast = try Masker()
        let slow = try Masker()
        slow.shortcuts = false
        let lines = Self.corpus()
        #expect(lines.count > 500)
        var outFast: [UInt8] = [], outSlow: [UInt8] = []
        var pFast: [Masker.Placeholder]? = [], pSlow: [Masker.Placeholder]? = []
        var mismatches: [String] = []
        for line in lines {
            // Every suffix of the line too, so words meet the shortcut at every position.
            let bytes = Array(line.utf8)
            for start in stride(from: 0, to: max(1, bytes.count), by: max(1, bytes.count / 8)) {
                let b = Array(bytes[start...])
                b.withUnsafeBytes {
                    fast.mask($0, into: &outFast, placeholders: &pFast)
                    slow.mask($0, into: &outSlow, placeholders: &pSlow)
                }
                if outFast != outSlow || pFast != pSlow { mismatches.append(String(decoding: b, as: UTF8.self)) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) lines differ, e.g. \(mismatches.prefix(5).map { String($0.prefix(100)) })")
    }

    @Test("numbers ending at a colon, a slash, a dash or a redirection agree with the regex", arguments: [
        "profile u_593490: 4 fields changed", "addr 12:: up", "port 12:34 open", "at 10:15:03, ok", "n 7:) x", "n 7:",
        "n 7:a", "n 12:/x", "route fe80::1: down", "SHP-22880287: 1 fields",
        "CMD (/opt/run.sh >> /var/log/x.log 2>&1)", "(2>&1)", "a 3<4 b", "a|1|2 x", "x=5&y=6", "5&x", "7>", "1>&",
        "at sa-41/10.1.2.3:80 up", "at ab-123-4x:80 up", "blk_41/1.2.3.4", "ship (2-3 days)", "1/3) done", "(1/3.5)",
        "2026-03-02 x", "12-34-56-78-9a-bc", "123-45-67-89-ab-cd", "12345678-1234-1234-1234-123456789abc",
        "123456789-1234", "HTTP/1.1-2", "1.2.3.4-5", "1.2-3", "12345-03-02", "=1-2-3", "'4/5'", "v=10/20/30",
        "Order ORD-2Q5XAZSE placed", "ORD-2s ok", "ORD-2e5x y", "x-0x1f y", "x-0X1F", "ORD-12345678ab x", "GC-9MPC-XUT3 for",
        "x-abcd:: y", "x-2abc:: y", "x-2abc: y", "x-ab-cd-ef-01-23-45 y", "x-2ms y", "x-2msx y", "ch_3t84XJLS in",
        "port 52144:11: disconnected", "port 52144:11:", "port 52144:11", "port 52144:11:22", "port 52144:11:22:33:44:55",
        "p 12345:1:", "p 1234:11:", "p 123456:ab:", "p 12345:11.5", "p 12345:11.2.3.4", "(12345:7)", "=12345:8:", "x12345:9:",
        "p 12345:", "p 12345::1", "p 12345:11::", "a-12345:11:", "p 99999:0x1f", "p 12345:6:7", "p 1:2:3:4:5:6:7:8",
        "p 12:34:56:78:9a:bc", "p 12345:12:34:56:78:9a", "p 12345:12 x", "p 5:12345:1:",
        "to cart:3f2bc67a", "cart:3f2bc67a)", "(session:9c1d44f9),", "cart:3f2bc67a:", "cart:3f2bc67a.x", "cart:3f2b",
        "cart:abcdefab", "cart:12345678", "cafe:3f2bc67a", "ab:cd12ef34", "a:b:3f2bc67a", "c4rt:3f2bc67a",
        "cart:3f2bc67a-x", "cart:3f2bc67a-1234-1234-1234-123456789abc", "x:deadbeef1", "db:5432", "cart:3f2bc67ag",
        "https:3f2bc67a", "ab:cd:ef:01:02:03", "cart_id:3f2bc67a", "cart:0x3f2bc67a", "user:1a2b3c4d@x.io",
    ])
    func finalColon(_ line: String) throws {
        let fast = try Masker()
        let slow = try Masker()
        slow.shortcuts = false
        #expect(fast.mask(line) == slow.mask(line))
    }

    @Test("the first digit, '@' or ':' is found eight bytes at a time where byte by byte finds it")
    func firstTriggerByWords() {
        var rng = SeededGenerator(seed: 13)
        // Bytes around the three (/ ; ? A ` 0x3F 0x41) and high bytes whose low seven bits are them.
        let alphabet: [UInt8] = [0x20, 0x2F, 0x30, 0x35, 0x39, 0x3A, 0x3B, 0x3F, 0x40, 0x41, 0x61, 0x7A, 0xB0, 0xBA, 0xC0, 0x5F, 0x28]
        for _ in 0..<20_000 {
            let n = Int.random(in: 0..<40, using: &rng)
            let m = (0..<n).map { _ in
                Int.random(in: 0..<3, using: &rng) == 0 ? alphabet.randomElement(using: &rng)! : UInt8(0x61 + Int.random(in: 0..<26, using: &rng))
            }
            let from = Int.random(in: 0...n, using: &rng)
            for dead in [false, true] {
                let got = m.withUnsafeBytes { Masker.firstTrigger($0, from: from, skippingDeadColons: dead) }
                // Byte by byte, with the dead-colon rule as `firstTrigger` documents it.
                let expected = m.withUnsafeBytes { b -> Int? in
                    for i in from..<n {
                        let c = b[i]
                        if isDigit(c) || c == 0x40 { return i }
                        guard c == 0x3A else { continue }
                        if !dead { return i }
                        let after = i + 1 < n ? b[i + 1] : 0x20
                        if isHex(after) || after == 0x3A || after == 0x2F { return i }
                        var s = i
                        while s > 0, isAlnum(b[s - 1]) || b[s - 1] == 0x5F { s -= 1 }
                        if s == i {
                            if i > 0, b[i - 1] == 0x3A { return i }
                        } else if i - s <= 4, (s..<i).allSatisfy({ isHex(b[$0]) }), s == 0 || b[s - 1] != 0x3A {
                            return i
                        }
                    }
                    return nil
                }
                #expect(got == expected, "\(m) from \(from)")
            }
        }
    }

    @Test("the shortcut masks what it should")
    func examples() throws {
        let m = try Masker()
        #expect(m.mask("profile u_593490: 4 fields") == "profile u_<*>: <*> fields")
        #expect(m.mask("took 15ms (uid=0) HTTP/1.1 qty=3 size 5 MB") == "took <*> (uid=<*>) HTTP/<*> qty=<*> size <*>")
        #expect(m.mask("pam_unix(cron:session): session opened for user root(uid=0)") == "pam_unix(cron:session): session opened for user root(uid=<*>)")
    }
}
