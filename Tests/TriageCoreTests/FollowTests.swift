import Foundation
import Testing

@testable import TriageCore

/// A writer appending numbered lines at a steady rate while the file is rotated several times, and
/// `Analyzer.follow` reading it: the reader must see every line once.
@Suite("Follow mode across log rotation", .serialized, .timeLimit(.minutes(1)))
struct FollowTests {
    enum Rotation: String, CaseIterable, Sendable { case renameCreate, copyTruncate, deleteRecreate }

    final class Writer: @unchecked Sendable {
        let path: String
        let total: Int
        let style: Rotation
        private let lock = NSLock()
        private var finished = false
        /// Read by the test's thread while the writer's thread sets it: behind a lock.
        var done: Bool { lock.withLock { finished } }
        init(path: String, total: Int, style: Rotation) {
            self.path = path
            self.total = total
            self.style = style
        }

        func run() {
            var fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            for i in 1...total {
                let line = "2026-03-02T10:00:00Z INFO appended line \(i) of the run\n"
                _ = line.withCString { write(fd, $0, strlen($0)) }
                if i % 500 == 0, i < total {
                    switch style {
                    case .renameCreate:
                        rename(path, path + ".1")
                        // The application keeps writing to the old file a little before it reopens.
                        for k in 0..<5 {
                            _ = "2026-03-02T10:00:00Z INFO appended line late-\(i)-\(k) of the run\n".withCString { write(fd, $0, strlen($0)) }
                        }
                        close(fd)
                        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                    case .copyTruncate:
                        // logrotate copies, then truncates; the writer keeps its descriptor (O_APPEND).
                        let data = FileManager.default.contents(atPath: path) ?? Data()
                        FileManager.default.createFile(atPath: path + ".1", contents: data)
                        truncate(path, 0)
                    case .deleteRecreate:
                        close(fd)
                        unlink(path)
                        usleep(30_000)
                        fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                    }
                }
                if i % 20 == 0 { usleep(2_000) }
            }
            close(fd)
            lock.withLock { finished = true }
        }
    }

    @Test("every line is read once", arguments: Rotation.allCases)
    func rotation(_ style: Rotation) throws {
        let dir = TempDir()
        let path = dir.url.appendingPathComponent("app.log").path
        let total = 2000
        let lateLines = style == .renameCreate ? 3 * 5 : 0
        FileManager.default.createFile(atPath: path, contents: Data())
        let writer = Writer(path: path, total: total, style: style)
        let analyzer = try Analyzer()
        let thread = Thread { writer.run() }
        thread.start()
        var quietSince: Int64?
        analyzer.follow(paths: [path], following: true, interval: nil, pollMillis: 10, shouldStop: {
            guard writer.done else { return false }
            let now = TimeExpression.nowMillis()
            if quietSince == nil { quietSince = now }
            return now - quietSince! > 600
        }, onInterval: { _ in })
        let r = analyzer.report()
        #expect(r.input.events == total + lateLines, "\(style): read \(r.input.events) of \(total + lateLines)")
        #expect(r.clusters.map(\.count).reduce(0, +) == total + lateLines)
        // No line twice: the numbers seen are distinct (the param stats count each value).
        let values = r.clusters.first?.params.first { $0.position == 4 }
        #expect((values?.values.first?.count ?? 0) <= 1, "a line was read twice")
    }

    @Test("a quoted glob picks up files that appear later; standard input style sources end when closed")
    func globPickup() throws {
        let dir = TempDir()
        dir.write("a.log", "2026-03-02T10:00:00Z INFO first file line\n")
        let analyzer = try Analyzer()
        let start = TimeExpression.nowMillis()
        var created = false
        analyzer.follow(paths: [dir.url.path + "/*.log"], following: true, interval: nil, pollMillis: 20, shouldStop: {
            let t = TimeExpression.nowMillis() - start
            if t > 300, !created {
                created = true
                dir.write("b.log", "2026-03-02T10:00:01Z INFO second file line\n")
            }
            return t > 2_000
        }, onInterval: { _ in })
        let r = analyzer.report()
        #expect(r.input.files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["a.log", "b.log"])
        #expect(r.input.events == 2)
    }

    @Test("--every hands out reports while reading")
    func periodic() throws {
        let dir = TempDir()
        let path = dir.write("a.log", (0..<50).map { "2026-03-02T10:00:\(String(format: "%02d", $0))Z WARN slow request \($0)" }.joined(separator: "\n") + "\n")
        let analyzer = try Analyzer()
        var reports = 0
        let start = TimeExpression.nowMillis()
        analyzer.follow(paths: [path], following: true, interval: 200, pollMillis: 20, shouldStop: { TimeExpression.nowMillis() - start > 1_500 }) { r in
            reports += 1
            if reports >= 3 { #expect(r.clusters.first?.count == 50) }
        }
        #expect(reports >= 3)
    }
}
