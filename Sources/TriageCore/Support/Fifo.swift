/// A first-in first-out queue on an array: taken elements are skipped by an index, and the storage
/// is reused once the queue runs empty (no shifting per element, no reallocation in steady state).
struct Fifo<Element> {
    private var items: [Element] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var first: Element? { isEmpty ? nil : items[head] }

    mutating func append(_ e: Element) { items.append(e) }

    /// The elements waiting, first to last.
    var waiting: ArraySlice<Element> { items[head...] }

    mutating func popFirst() -> Element? {
        guard !isEmpty else { return nil }
        let e = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        }
        return e
    }
}
