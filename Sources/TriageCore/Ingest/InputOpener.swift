#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Opens what the user named — a path or `-` for stdin — and gives back a byte stream, with gzip
/// recognised by its magic bytes (not the file name) and binary files refused.
enum InputOpener {
    struct Opened {
        var source: any ByteSource
        var compressed: Bool
        var fileSize: Int?
        /// Modification time (epoch ms), for resolving timestamps without a year.
        var modifiedMillis: Int64?
        var isEmpty: Bool
    }

    static let sniffBytes = 64 * 1024

    static func open(_ path: String) -> Result<Opened, InputDiagnostic> {
        let fd: Int32
        var size: Int?
        var mtime: Int64?
        if path == "-" {
            fd = STDIN_FILENO
        } else {
            var st = stat()
            guard stat(path, &st) == 0 else {
                return .failure(diagnostic(path, errno: errno))
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                return .failure(
                    InputDiagnostic(.error, .directory, file: path, "is a directory; name the log files in it (e.g. \(path)/*.log)"))
            }
            fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return .failure(diagnostic(path, errno: errno)) }
            if (st.st_mode & S_IFMT) == S_IFREG { size = Int(st.st_size) }
            mtime = Int64(st.st_mtim.tv_sec) * 1000 + Int64(st.st_mtim.tv_nsec / 1_000_000)
        }
        let raw = FileDescriptorSource(fd: fd, ownsDescriptor: path != "-")
        do {
            // Sniff the first bytes: gzip magic, then (after decompression) binary content.
            var head = try readUpTo(2, from: raw)
            var source: any ByteSource = PrefixedSource(prefix: head, rest: raw)
            let compressed = head.count == 2 && head[0] == 0x1F && head[1] == 0x8B
            if compressed { source = try GzipSource(input: source) }
            head = try readUpTo(sniffBytes, from: source)
            source = PrefixedSource(prefix: head, rest: source)
            if looksBinary(head) {
                source.close()
                return .failure(
                    InputDiagnostic(.error, .binary, file: path, "looks like a binary file, not a log (skipped)"))
            }
            return .success(
                Opened(source: source, compressed: compressed, fileSize: size, modifiedMillis: mtime, isEmpty: head.isEmpty))
        } catch {
            raw.close()
            return .failure(diagnostic(path, sourceError: error))
        }
    }

    private static func readUpTo(_ n: Int, from s: any ByteSource) throws(SourceError) -> [UInt8] {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: n, alignment: 1)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < n {
            let got = try s.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if got == 0 { break }
            filled += got
        }
        return Array(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
    }

    /// Binary when more than 1% of the sniffed bytes are NUL or more than 10% are control bytes
    /// other than tab, newline, carriage return, form feed and escape (ANSI colours are text).
    static func looksBinary(_ head: [UInt8]) -> Bool {
        guard !head.isEmpty else { return false }
        var nul = 0
        var control = 0
        for c in head {
            if c == 0 { nul += 1 }
            if c < 0x20, c != 0x09, c != 0x0A, c != 0x0D, c != 0x0C, c != 0x1B { control += 1 }
        }
        return nul * 100 > head.count || control * 10 > head.count
    }

    static func diagnostic(_ path: String, errno e: Int32) -> InputDiagnostic {
        switch e {
        case ENOENT: InputDiagnostic(.error, .missing, file: path, "no such file")
        case EACCES, EPERM: InputDiagnostic(.error, .unreadable, file: path, "permission denied")
        default: InputDiagnostic(.error, .unreadable, file: path, "cannot open: \(String(cString: strerror(e)))")
        }
    }

    static func diagnostic(_ path: String, sourceError: SourceError) -> InputDiagnostic {
        switch sourceError {
        case .io(let e):
            InputDiagnostic(.error, .readFailed, file: path, "read failed: \(String(cString: strerror(e)))")
        case .truncatedGzip(let offset):
            InputDiagnostic(
                .error, .truncatedGzip, file: path,
                "gzip data ends unexpectedly after \(offset) compressed bytes (truncated file?); the lines before it were analysed")
        case .corruptGzip(let m):
            InputDiagnostic(.error, .corruptGzip, file: path, "gzip data is corrupt (\(m)); the lines before it were analysed")
        }
    }

    /// A path, or a glob in quotes (`'logs/*.log'`) when it has glob characters and names no file;
    /// sorted matches. A glob that matches nothing stays as it is (and is then reported missing).
    static func expand(_ pattern: String) -> [String] {
        guard pattern != "-", pattern.contains(where: { "*?[".contains($0) }), access(pattern, F_OK) != 0 else { return [pattern] }
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [pattern] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) { if let p = g.gl_pathv[i] { out.append(String(cString: p)) } }
        return out.sorted()
    }

    /// The name events from a file are attributed to when their lines name no service:
    /// the file name without directories, rotation numbers and extensions (`checkout.log.1.gz` → `checkout`).
    static func serviceName(forPath path: String) -> String {
        if path == "-" { return "stdin" }
        var name = String(path.split(separator: "/").last ?? Substring(path))
        let dropSuffixes = ["gz", "log", "jsonl", "json", "txt", "out", "err", "ndjson"]
        while let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let ext = name[name.index(after: dot)...]
            guard dropSuffixes.contains(ext.lowercased()) || ext.allSatisfy(\.isNumber) else { break }
            name = String(name[..<dot])
        }
        return name
    }
}
