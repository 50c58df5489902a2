import Testing

@testable import TriageCore

@Suite("Level inference from message words")
struct LevelInferenceTests {
    static func infer(_ s: String) -> Level { Array(s.utf8).withUnsafeBytes { LevelInference.infer($0) } }

    @Test("telling words and level words of warn and worse give the level; other words do not")
    func examples() {
        #expect(Self.infer("Failed password for root from 203.0.113.9 port 22 ssh2") == .error)
        #expect(Self.infer("dial tcp 10.0.0.1:5432: connect: connection refused") == .error)
        #expect(Self.infer("Kernel panic - not syncing") == .fatal)
        #expect(Self.infer("DEPRECATED: use --foo") == .warn)
        #expect(Self.infer("Started Session 4 of user root.") == .unknown)
        #expect(Self.infer("retrying in 5s after timeout") == .error)  // the highest wins
        #expect(Self.infer("unfailed prefailure errorless") == .unknown)  // whole words only
        #expect(Self.infer("3 errors") == .error)
        #expect(Self.infer("level=info msg=\"request failed\"") == .info)  // an explicit level says it better
        #expect(Self.infer(String(repeating: "x", count: 520) + " failed") == .unknown)  // only the first 512 bytes
        #expect(Self.infer("") == .unknown && Self.infer("ok") == .unknown)
    }

    @Test("the highest level over the words of the first 512 bytes, words read whole")
    func matchesWordByWord() {
        var rng = SeededGenerator(seed: 9)
        let words = ["failed", "Error", "WARNING", "panic", "killed", "ok", "user", "fail", "denied", "x", "timeouts",
                     "retry", "critical", "emergency", "segfault", "unreachable", "exception", "traceback", "deprecated"]
        let glue = [" ", "  ", ",", ": ", "(", ")", "-", "_", "9", "é", "\t", "[", "]", "@", "`", "{"]
        var counted = 0
        for _ in 0..<5_000 {
            var s = ""
            for _ in 0..<Int.random(in: 0..<120, using: &rng) {
                s += Int.random(in: 0..<3, using: &rng) == 0 ? words.randomElement(using: &rng)! : glue.randomElement(using: &rng)!
            }
            let bytes = Array(s.utf8)
            let got = bytes.withUnsafeBytes { LevelInference.infer($0) }
            // Word by word: every run of letters within the first 512 bytes.
            var expected = Level.unknown
            bytes.withUnsafeBytes { b in
                let end = min(b.count, 512)
                var i = 0
                while i < end {
                    guard isAlpha(b[i]) else { i += 1; continue }
                    var j = i
                    while j < end, isAlpha(b[j]) { j += 1 }
                    if let l = LevelInference.wordLevel(b, i..<j), l > expected { expected = l }
                    i = j
                }
            }
            #expect(got == expected, "\(s)")
            if expected != .unknown { counted += 1 }
        }
        #expect(counted > 1_000)
    }
}
