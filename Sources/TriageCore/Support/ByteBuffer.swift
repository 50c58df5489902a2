/// A growable byte string in raw memory, for the fields every line rewrites (a parsed line's
/// message, service and component; an event's raw text). Replacing or appending is a capacity
/// check and a copy: `[UInt8]`'s generic `replaceSubrange`/`append(contentsOf:)` cost about a
/// hundred instructions more per call, several calls per line.
///
/// A reference type: the owners (`ParsedLine`, `LogEvent`) swap buffers instead of copying them.
/// `bytes` is valid until the next change.
public final class ByteBuffer {
    private var base: UnsafeMutableRawPointer
    public private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    convenience init(_ bytes: [UInt8]) {
        self.init(capacity: bytes.count)
        set(bytes)
    }

    deinit { base.deallocate() }

    public var isEmpty: Bool { count == 0 }
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
    public var array: [UInt8] { Array(bytes) }
    public func string() -> String { String(decoding: bytes, as: UTF8.self) }
    var last: UInt8? { count > 0 ? base.load(fromByteOffset: count - 1, as: UInt8.self) : nil }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(bytes) }

    /// Replaces the contents with `b` (which must not point into this buffer).
    @inline(__always) func set(_ b: UnsafeRawBufferPointer) {
        count = 0
        append(b)
    }

    @inline(__always) func set(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) {
        set(UnsafeRawBufferPointer(rebasing: b[r]))
    }

    func set(_ a: [UInt8]) { a.withUnsafeBytes { set($0) } }

    @inline(__always) func append(_ b: UnsafeRawBufferPointer) {
        let n = b.count
        guard n > 0 else { return }
        if count + n > capacity { grow(to: count + n) }
        (base + count).copyMemory(from: b.baseAddress!, byteCount: n)
        count += n
    }

    func append(_ a: [UInt8]) { a.withUnsafeBytes { append($0) } }

    @inline(__always) func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    func removeAll() { count = 0 }

    /// Keeps the first `n` bytes.
    func truncate(to n: Int) { count = min(count, max(0, n)) }

    private func grow(to n: Int) {
        var c = capacity * 2
        while c < n { c *= 2 }
        let bigger = UnsafeMutableRawPointer.allocate(byteCount: c, alignment: 8)
        bigger.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = bigger
        capacity = c
    }
}
