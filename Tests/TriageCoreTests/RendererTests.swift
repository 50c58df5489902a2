import Foundation
import Testing

@testable import TriageCore

/// Templates are normalised on bytes when they are ASCII; the result must be what the String
/// version (the rules as first written) gives.
@Suite("Template normalisation")
struct RendererTests {
    static let edgeCases = [
        "GET /api/orders/<*> HTTP/<*> <*> OK", "open /var/log/app.log failed", "copy /a//b to /c/", "<*>.<*>.<*> up",
        "<*><*> x", "blk_<*> true FALSE Null root Admin", "took <*>ms (<*>/<*>)", "12 34 <*>/<*> a/<*>", "",
        "  spaced \t out  ", "x=<*>,y=<*>;z=<*>", "key:<*>|v:\"<*>\"", "a.<*>.<*>.b", "<*>-<*>-<*>", "user@<*>.com",
        "{<*>} [<*>] (<*>)", "/", "//", "/a/", "#<*> $<*> %<*> &<*> +<*>", "a\u{0B}<*>",
    ]

    @Test("the byte path agrees with the String path")
    func bytePathAgrees() {
        var lines = Self.edgeCases
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for dir in ["samplelogs", "Tests/TriageCoreTests/Fixtures/formats"] {
            let d = repo.appendingPathComponent(dir)
            for f in (try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? [] {
                guard let text = try? String(contentsOf: d.appendingPathComponent(f), encoding: .utf8) else { continue }
                lines += text.split(separator: "\n").map(String.init)
            }
        }
        let masker = try! Masker()
        var checked = 0
        for line in lines where line.utf8.allSatisfy({ $0 < 0x80 }) {
            // Each line as it is and masked, as templates look.
            for text in [line, masker.mask(line)] {
                let bytes = TemplateRenderer.normaliseASCII(Array(text.utf8))
                #expect(String(decoding: bytes, as: UTF8.self) == TemplateRenderer.normalise(text), "\(text)")
                checked += 1
            }
        }
        #expect(checked > 500)
    }
}
