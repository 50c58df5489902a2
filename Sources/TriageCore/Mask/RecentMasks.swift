#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The masked form of recent messages, by the message's exact bytes. Masking is a function of the
/// message alone, and half the events of a busy log repeat a message seen shortly before
/// (`GET /api/cart <*>` from an access log, `charge payload validated`, `consumer lag`): for
/// those, copying the remembered masked text, tokens and placeholders costs a tenth of masking.
///
/// Fixed memory: `slots` records of `recordBytes`, one per slot (a later message with the same
/// slot replaces it). Short messages only (`maxMessage` bytes, few tokens and placeholders: they
/// are what repeats). A message is remembered on its second sighting (`SightingTags`), so the many
/// that never repeat cost a hash and a tag, not a record write. On a log whose messages hardly
/// ever repeat (a Java service's, where every line names an order or a duration), even that is
/// waste: when fewer than one lookup in 20 hits, lookups pause for a while (`inUse`). Per thread,
/// like the masker's match state.
final class RecentMasks {
    static let slots = 2048
    static let maxMessage = 120
    static let maxMasked = 144
    static let maxTokens = 24
    static let maxPlaceholders = 12

    /// Record layout: hash (8), message, masked, token and placeholder counts (1 each), 4 unused,
    /// the masked text's hash (8), then the message, the masked text, tokens as (start, end) byte
    /// pairs and placeholders as (masked offset, masked length, original start, original end).
    private static let messageAt = 24
    private static let maskedAt = messageAt + maxMessage
    private static let tokensAt = maskedAt + maxMasked
    private static let placeholdersAt = tokensAt + 2 * maxTokens
    static let recordBytes = placeholdersAt + 4 * maxPlaceholders

    private let records: UnsafeMutableRawPointer
    private let sightings = SightingTags(slots: 1 << 14)
    /// Lookups and hits in the current round of `round` lookups, and events left to pass by.
    private var lookups = 0
    private var hits = 0
    private var paused = 0
    static let round = 4096
    static let pause = 1 << 16

    /// Whether to look the next message up (false while paused after a round with few hits).
    @inline(__always) var inUse: Bool {
        if paused > 0 {
            paused -= 1
            return false
        }
        return true
    }

    /// Counts a lookup's outcome; after a round with fewer than one hit in 20, pauses.
    @inline(__always) func note(hit: Bool) {
        lookups += 1
        if hit { hits += 1 }
        guard lookups == Self.round else { return }
        if hits * 20 < lookups { paused = Self.pause }
        lookups = 0
        hits = 0
    }

    init() {
        records = .allocate(byteCount: Self.slots * Self.recordBytes, alignment: 64)
        records.initializeMemory(as: UInt8.self, repeating: 0, count: Self.slots * Self.recordBytes)
    }

    deinit { records.deallocate() }

    /// A remembered masking: valid until the next `remember`.
    struct Hit {
        let record: UnsafeRawPointer
        var maskedCount: Int { Int(record.load(fromByteOffset: 9, as: UInt8.self)) }
        var tokenCount: Int { Int(record.load(fromByteOffset: 10, as: UInt8.self)) }
        var placeholderCount: Int { Int(record.load(fromByteOffset: 11, as: UInt8.self)) }
        var maskedHash: UInt64 { record.load(fromByteOffset: 16, as: UInt64.self) }
        var masked: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: record + RecentMasks.maskedAt, count: maskedCount) }

        func token(_ k: Int) -> Range<Int> {
            let p = record + RecentMasks.tokensAt + 2 * k
            return Int(p.load(as: UInt8.self))..<Int(p.load(fromByteOffset: 1, as: UInt8.self))
        }

        func placeholder(_ k: Int) -> Masker.Placeholder {
            let p = record + RecentMasks.placeholdersAt + 4 * k
            func byte(_ i: Int) -> Int { Int(p.load(fromByteOffset: i, as: UInt8.self)) }
            return Masker.Placeholder(maskedOffset: byte(0), maskedLength: byte(1), original: byte(2)..<byte(3))
        }
    }

    @inline(__always) private func record(_ h: UInt64) -> UnsafeMutableRawPointer {
        records + (Int(truncatingIfNeeded: h) & (Self.slots - 1)) * Self.recordBytes
    }

    /// The remembered masking of `message` (whose `fastHash64` is `h`), if any.
    @inline(__always) func find(_ message: UnsafeRawBufferPointer, hash h: UInt64) -> Hit? {
        let r = record(h)
        guard r.load(as: UInt64.self) == h, Int(r.load(fromByteOffset: 8, as: UInt8.self)) == message.count, !message.isEmpty,
            memcmp(r + Self.messageAt, message.baseAddress!, message.count) == 0
        else { return nil }
        return Hit(record: UnsafeRawPointer(r))
    }

    /// Remembers how `message` was masked, if it was seen before and fits a record.
    func remember(
        _ message: UnsafeRawBufferPointer, hash h: UInt64, masked: UnsafeRawBufferPointer, maskedHash: UInt64,
        tokens: UnsafeBufferPointer<Range<Int>>, placeholders: UnsafeBufferPointer<Masker.Placeholder>
    ) {
        guard sightings.seenBefore(h), !message.isEmpty, message.count <= Self.maxMessage, masked.count <= Self.maxMasked,
            tokens.count <= Self.maxTokens, placeholders.count <= Self.maxPlaceholders,
            placeholders.allSatisfy({ $0.maskedLength <= 255 })
        else { return }
        let r = record(h)
        r.storeBytes(of: h, as: UInt64.self)
        r.storeBytes(of: UInt8(message.count), toByteOffset: 8, as: UInt8.self)
        r.storeBytes(of: UInt8(masked.count), toByteOffset: 9, as: UInt8.self)
        r.storeBytes(of: UInt8(tokens.count), toByteOffset: 10, as: UInt8.self)
        r.storeBytes(of: UInt8(placeholders.count), toByteOffset: 11, as: UInt8.self)
        r.storeBytes(of: maskedHash, toByteOffset: 16, as: UInt64.self)
        (r + Self.messageAt).copyMemory(from: message.baseAddress!, byteCount: message.count)
        if !masked.isEmpty { (r + Self.maskedAt).copyMemory(from: masked.baseAddress!, byteCount: masked.count) }
        for (k, t) in tokens.enumerated() {
            r.storeBytes(of: UInt8(t.lowerBound), toByteOffset: Self.tokensAt + 2 * k, as: UInt8.self)
            r.storeBytes(of: UInt8(t.upperBound), toByteOffset: Self.tokensAt + 2 * k + 1, as: UInt8.self)
        }
        for (k, p) in placeholders.enumerated() {
            let at = Self.placeholdersAt + 4 * k
            r.storeBytes(of: UInt8(p.maskedOffset), toByteOffset: at, as: UInt8.self)
            r.storeBytes(of: UInt8(p.maskedLength), toByteOffset: at + 1, as: UInt8.self)
            r.storeBytes(of: UInt8(p.original.lowerBound), toByteOffset: at + 2, as: UInt8.self)
            r.storeBytes(of: UInt8(p.original.upperBound), toByteOffset: at + 3, as: UInt8.self)
        }
    }
}
