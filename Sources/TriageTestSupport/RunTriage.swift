import Foundation

/// Runs the built `triage` binary (next to the test bundle) and captures what it prints.
public struct TriageRun: Sendable {
    public var stdout: String
    public var stderr: String
    public var status: Int32
}

public enum TriageBinary {
    /// The package root (for samplelogs/, docs/).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    public static var path: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("triage").path
    }

    /// Runs `triage args…` with `stdin` fed in, in `directory` (default: the package root).
    public static func run(
        _ args: [String], stdin: String? = nil, environment: [String: String] = [:], directory: URL? = nil
    ) throws -> TriageRun {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.currentDirectoryURL = directory ?? packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        // A hung run must fail the test, not the CI job: kill it after a minute.
        let pid = p.processIdentifier
        let watchdog = Thread {
            for _ in 0..<600 {
                usleep(100_000)
                if !p.isRunning { return }
            }
            kill(pid, SIGKILL)
        }
        watchdog.start()
        // Feed stdin and drain both pipes concurrently so a large output cannot deadlock.
        let writer = Thread {
            if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        nonisolated(unsafe) var errData = Data()
        let errDone = DispatchSemaphore(value: 0)
        let errReader = Thread {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            errDone.signal()
        }
        errReader.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        errDone.wait()  // (the semaphore also makes errData's write visible here)
        return TriageRun(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            status: p.terminationStatus)
    }
}
