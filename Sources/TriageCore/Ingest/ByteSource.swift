#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A stream of bytes: a file, stdin or a decompressor. Reads never load a whole file.
protocol ByteSource: AnyObject {
    /// Fills `buffer` from the start; returns the byte count, 0 at the end. Throws on I/O errors.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SourceError) -> Int
    func close()
}

enum SourceError: Error, Equatable {
    case io(errno: Int32)
    case truncatedGzip(compressedOffset: Int)
    case corruptGzip(String)
}

/// Reads a file descriptor with read(2) (not mmap: a file truncated under mmap raises SIGBUS,
/// and mapped pages count against RSS).
final class FileDescriptorSource: ByteSource {
    let fd: Int32
    private let ownsDescriptor: Bool
    private(set) var bytesRead = 0

    init(fd: Int32, ownsDescriptor: Bool) {
        self.fd = fd
        self.ownsDescriptor = ownsDescriptor
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SourceError) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 {
                bytesRead += n
                return n
            }
            if errno == EINTR { continue }
            throw .io(errno: errno)
        }
    }

    func close() {
        if ownsDescriptor { _ = Glibc.close(fd) }
    }
}

/// Replays bytes already read (the sniffed prefix) before continuing with the underlying source.
final class PrefixedSource: ByteSource {
    private var prefix: [UInt8]
    private var offset = 0
    private let rest: any ByteSource

    init(prefix: [UInt8], rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SourceError) -> Int {
        if offset < prefix.count {
            let n = min(buffer.count, prefix.count - offset)
            prefix.withUnsafeBytes { p in
                buffer.baseAddress!.copyMemory(from: p.baseAddress! + offset, byteCount: n)
            }
            offset += n
            if offset == prefix.count { prefix = [] ; offset = Int.max }
            return n
        }
        return try rest.read(into: buffer)
    }

    func close() { rest.close() }
}
