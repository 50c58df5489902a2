import Testing

@testable import TriageCore

/// A long-running client (the TUI, `--follow` with new files appearing) opens inputs again and
/// again: what an input or an analyzer held must go when they go.
@Suite("Object lifetimes")
struct LifetimeTests {
    @Test("an input session is freed once dropped, with its parser and line buffer")
    func sessionIsFreed() throws {
        weak var dropped: InputSession?
        var emitted = 0
        do {
            let opened = InputSession.open(
                path: Fixtures.formats("jsonlines.log"), following: false, options: AnalysisOptions(), inputIndex: 0,
                sink: { _ in emitted += 1 })
            let session = try opened.get()
            while session.pump() > 0 {}
            _ = session.finish()
            #expect(session.summary.events > 0)
            dropped = session
        }
        #expect(emitted > 0)
        #expect(dropped == nil, "the session is kept alive by a reference cycle")
    }

    @Test("an analyzer is freed after analysing, on one thread and on two")
    func analyzerIsFreed() throws {
        for parallel in [false, true] {
            weak var dropped: Analyzer?
            do {
                var options = AnalysisOptions()
                options.parallel = parallel
                let analyzer = try Analyzer(options: options)
                analyzer.analyze(path: Fixtures.formats("jsonlines.log"))
                #expect(analyzer.report().clusters.count > 0)
                dropped = analyzer
            }
            #expect(dropped == nil)
        }
    }
}
