#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file that keeps growing (`--follow`). `read` returns what is new, or 0 when nothing is yet;
/// when nothing is new it checks whether the file was rotated:
/// - renamed away and re-created (logrotate `create`), or deleted and re-created: the old file is
///   read to its end (and for a grace period after, since the writer may still hold it open), then the
///   new file is read from its start;
/// - truncated in place (logrotate `copytruncate`): what had not been read yet is read from the
///   rotated copy beside it (`app.log.1`, `app.log-20260302`) when one holds our last bytes, then the
///   file is read again from its start.
/// Lines written after logrotate copied the file and before it truncated it are lost by logrotate
/// itself (they are in neither file); everything else is read once.
final class FollowingFileSource: ByteSource {
    let path: String
    private var fd: Int32 = -1
    private var inode: (UInt64, UInt64)?
    private var offset = 0
    /// Rotated-away descriptors still drained, with the idle polls left before closing.
    private var retired: [(fd: Int32, idlePollsLeft: Int)] = []
    /// A rotated copy holding bytes we had not read when the file was truncated.
    private var copy: Int32 = -1
    /// The last bytes read, to recognise the rotated copy.
    private var tail: [UInt8] = []
    private(set) var rotations = 0
    static let gracePolls = 10

    init(path: String) {
        self.path = path
        openCurrent()
    }

    deinit { close() }

    private func openCurrent() {
        let f = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard f >= 0 else { return }
        var st = stat()
        fstat(f, &st)
        fd = f
        inode = (UInt64(st.st_dev), UInt64(st.st_ino))
        offset = 0
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SourceError) -> Int {
        // 1. The unread end of a truncated file, from its rotated copy.
        if copy >= 0 {
            let n = Glibc.read(copy, buffer.baseAddress, buffer.count)
            if n > 0 { return n }
            _ = Glibc.close(copy)
            copy = -1
        }
        // 2. Rotated-away files first, so their lines come before the new file's.
        var i = 0
        while i < retired.count {
            let n = Glibc.read(retired[i].fd, buffer.baseAddress, buffer.count)
            if n > 0 {
                retired[i].idlePollsLeft = Self.gracePolls
                return n
            }
            i += 1
        }
        // 3. The current file — unless it was truncated and has already grown past where we were
        // (our last bytes are no longer there): then it is a copytruncate rotation.
        if fd >= 0, !tail.isEmpty, offset >= tail.count, !stillHoldsTail() { truncated() }
        if fd >= 0 {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n > 0 {
                offset += n
                remember(UnsafeRawBufferPointer(start: buffer.baseAddress, count: n))
                return n
            }
            if n < 0, errno != EINTR, errno != EAGAIN { throw .io(errno: errno) }
        }
        checkRotation()
        return 0
    }

    private func remember(_ b: UnsafeRawBufferPointer) {
        let keep = 256
        if b.count >= keep {
            tail = Array(b.suffix(keep))
        } else {
            tail.append(contentsOf: b)
            if tail.count > keep { tail.removeFirst(tail.count - keep) }
        }
    }

    /// Called when nothing is new.
    private func checkRotation() {
        // Retired descriptors close after a quiet grace period.
        for i in retired.indices { retired[i].idlePollsLeft -= 1 }
        for r in retired where r.idlePollsLeft <= 0 { _ = Glibc.close(r.fd) }
        retired.removeAll { $0.idlePollsLeft <= 0 }

        var st = stat()
        guard stat(path, &st) == 0 else { return }  // deleted: wait for it to come back
        let now = (UInt64(st.st_dev), UInt64(st.st_ino))
        if fd < 0 || inode.map({ $0 != now }) ?? true {
            if fd >= 0 {
                retired.append((fd, Self.gracePolls))
                rotations += 1
            }
            fd = -1
            openCurrent()
            tail = []
            return
        }
        if Int(st.st_size) < offset { truncated() }
    }

    private func truncated() {
        rotations += 1
        recoverFromCopy()
        lseek(fd, 0, SEEK_SET)
        offset = 0
        tail = []
    }

    /// Whether the bytes just before our position are still the ones we read last.
    private func stillHoldsTail() -> Bool {
        var probe = [UInt8](repeating: 0, count: tail.count)
        let got = probe.withUnsafeMutableBytes { pread(fd, $0.baseAddress, tail.count, off_t(offset - tail.count)) }
        return got == tail.count && probe == tail
    }

    /// Finds the rotated copy whose bytes before our offset are the ones we read last.
    private func recoverFromCopy() {
        guard !tail.isEmpty else { return }
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let d = opendir(dir) else { return }
        defer { closedir(d) }
        while let entry = readdir(d) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard name != base, name.hasPrefix(base), !name.hasSuffix(".gz") else { continue }
            let candidate = dir + "/" + name
            let f = Glibc.open(candidate, O_RDONLY | O_CLOEXEC)
            guard f >= 0 else { continue }
            var probe = [UInt8](repeating: 0, count: tail.count)
            let got = probe.withUnsafeMutableBytes { pread(f, $0.baseAddress, tail.count, off_t(offset - tail.count)) }
            if got == tail.count, probe == tail {
                lseek(f, off_t(offset), SEEK_SET)
                copy = f
                return
            }
            _ = Glibc.close(f)
        }
    }

    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        if copy >= 0 { _ = Glibc.close(copy) }
        for r in retired { _ = Glibc.close(r.fd) }
        fd = -1
        copy = -1
        retired = []
    }
}

/// Standard input without blocking (`--follow -` or `--every`), so other inputs and the periodic
/// summary keep going while it is quiet. `ended` turns true when the writer closes the pipe.
final class NonBlockingStdinSource: ByteSource {
    private(set) var ended = false

    init() {
        let flags = fcntl(STDIN_FILENO, F_GETFL)
        _ = fcntl(STDIN_FILENO, F_SETFL, flags | O_NONBLOCK)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SourceError) -> Int {
        guard !ended else { return 0 }
        let n = Glibc.read(STDIN_FILENO, buffer.baseAddress, buffer.count)
        if n > 0 { return n }
        if n == 0 {
            ended = true
            return 0
        }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return 0 }
        throw .io(errno: errno)
    }

    func close() {
        let flags = fcntl(STDIN_FILENO, F_GETFL)
        _ = fcntl(STDIN_FILENO, F_SETFL, flags & ~O_NONBLOCK)
    }
}
