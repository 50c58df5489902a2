/// A growable list of plain values in manually managed memory, for per-token and per-placeholder
/// records appended by the hundred thousand per batch: `Array.append` checks uniqueness and
/// capacity through a generic call each time. The owner calls `deallocate()` once. Plain values
/// only (no references: elements are never deinitialised).
struct RawList<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1024) {
        precondition(_isPOD(Element.self), "RawList holds plain values only")
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always) mutating func append(_ e: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: e)
        count += 1
    }

    mutating func removeAll() { count = 0 }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    subscript(i: Int) -> Element { buffer[i] }

    func deallocate() { base.deallocate() }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}

/// Makes room for `count + n` bytes in raw memory (8-byte aligned) holding `count` bytes: the block
/// doubles until they fit, and moves (for byte arenas whose contents are addressed by offset).
func reserveRaw(_ memory: inout UnsafeMutableRawPointer, capacity: inout Int, count: Int, adding n: Int) {
    guard count + n > capacity else { return }
    var bigger = capacity * 2
    while bigger < count + n { bigger *= 2 }
    let moved = UnsafeMutableRawPointer.allocate(byteCount: bigger, alignment: 8)
    moved.copyMemory(from: memory, byteCount: count)
    memory.deallocate()
    memory = moved
    capacity = bigger
}
