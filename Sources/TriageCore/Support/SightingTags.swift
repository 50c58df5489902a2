/// Remembers, approximately and in fixed memory, which hashes have been seen: a tag (the high half
/// of a hash) at a slot picked by its low bits. "Seen before" can be wrong both ways — a slot
/// overwritten by another hash forgets, two hashes with one slot and tag collide — which only
/// delays or hastens a decision to keep something (a token, a cached message), never changes a
/// result.
final class SightingTags {
    private var tags: [UInt32]

    init(slots: Int = 1 << 16) {
        var n = 1
        while n < slots { n <<= 1 }
        tags = [UInt32](repeating: 0, count: n)
    }

    /// Whether `h` was seen before; notes this sighting.
    @discardableResult
    func seenBefore(_ h: UInt64) -> Bool {
        let tag = UInt32(truncatingIfNeeded: h >> 32) | 1
        let at = Int(truncatingIfNeeded: h) & (tags.count - 1)
        if tags[at] == tag { return true }
        tags[at] = tag
        return false
    }
}
