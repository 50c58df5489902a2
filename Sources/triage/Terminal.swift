import TriageCore
#if canImport(Glibc)
    import Glibc
#endif

/// What the CLI needs to know about its terminal (the TUI has its own backend).
enum TerminalInfo {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colour: `--color always|never|auto`; auto = stdout is a terminal, NO_COLOR unset, TERM not dumb.
    static func useColor(_ choice: ColorChoice) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if let v = getenv("NO_COLOR"), v.pointee != 0 { return false }
            if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
            return isTTY(STDOUT_FILENO)
        }
    }

    /// Columns of the terminal on stdout, or nil when stdout is not one.
    static func width() -> Int? {
        guard isTTY(STDOUT_FILENO) else { return nil }
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        if let c = getenv("COLUMNS"), let n = Int(String(cString: c)), n > 0 { return n }
        return 80
    }
}

enum ColorChoice: String, CaseIterable {
    case auto, always, never
}

enum Stderr {
    static func write(_ s: String) {
        var s = s
        s.withUTF8 { p in
            var off = 0
            while off < p.count {
                let n = Glibc.write(STDERR_FILENO, p.baseAddress! + off, p.count - off)
                if n <= 0 { break }
                off += n
            }
        }
    }
}

enum Stdout {
    /// Writes everything or reports failure (a closed pipe, a full disk).
    @discardableResult
    static func write(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
    }

    static func write(bytes p: UnsafeRawBufferPointer) -> Bool {
        var off = 0
        while off < p.count {
            let n = Glibc.write(STDOUT_FILENO, p.baseAddress! + off, p.count - off)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            off += n
        }
        return true
    }
}

/// The one-line progress indicator on stderr while large inputs are read: shown only on a
/// terminal, after half a second, redrawn at most ten times a second, erased when done.
final class ProgressLine {
    private let enabled: Bool
    private let started = TimeExpression.nowMillis()
    private var lastDraw: Int64 = 0
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(path: String, bytes: Int, total: Int?, lines: Int) {
        guard enabled else { return }
        let now = TimeExpression.nowMillis()
        guard now - started >= 500, now - lastDraw >= 100 else { return }
        lastDraw = now
        var text = "reading \(path)  \(Formatting.bytes(bytes))"
        if let total, total > 0 {
            text += " / \(Formatting.bytes(total)) (\(min(100, bytes * 100 / total))%)"
        }
        let seconds = Double(now - started) / 1000
        text += "  \(Formatting.grouped(lines)) lines  \(Formatting.bytes(Int(Double(bytes) / max(seconds, 0.001))))/s"
        Stderr.write("\r\u{1B}[K" + text)
        drawn = true
    }

    func clear() {
        if drawn { Stderr.write("\r\u{1B}[K") }
        drawn = false
    }
}
