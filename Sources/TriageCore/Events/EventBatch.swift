import CHints

/// Events on their way from the front end (parse, assemble, filter) through masking to the miner.
/// Everything lives in one byte arena and a few flat arrays, so a batch crosses from the reading
/// thread to the mining thread (either of which may mask it) as one object, and is reused without
/// allocating per event.
final class EventBatch: @unchecked Sendable {
    struct Event {
        var timestamp: Int64?
        var level: Level
        var exactTemplate: Bool
        var lineCount: Int
        var firstLine: Int
        var inputIndex: Int
        /// Ranges in `bytes`.
        var service: Range<Int>
        var component: Range<Int>
        var message: Range<Int>
        var raw: Range<Int>
        /// Set by `maskAll`.
        var masked: Range<Int> = 0..<0
        /// `fastHash64` of the message when `maskAll` computed it (for `RecentMasks`), else 0.
        var messageHash: UInt64 = 0
        /// `fastHash64` of the masked text and of the service, computed where the batch is masked for
        /// the miner's lookups.
        var maskedHash: UInt64 = 0
        var serviceHash: UInt64 = 0
        /// Ranges in `tokenRanges` and `placeholders`, whose offsets are relative to the event's
        /// masked text (tokens) and its message (placeholder origins).
        var tokens: Range<Int> = 0..<0
        var placeholders: Range<Int> = 0..<0
    }

    /// The byte arena: every event's fields and masked text. Raw memory rather than `[UInt8]`:
    /// four stores per event, and an array append costs several times the copy.
    private var arena = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 8)
    private var arenaCapacity = 1 << 20
    private var arenaCount = 0
    /// (Raw memory too: an `Array.append` of this 136-byte record is a generic call per event.)
    private var events = RawList<Event>(capacity: 1 << 12)
    private(set) var tokenRanges = RawList<Range<Int>>(capacity: 1 << 14)
    private(set) var placeholders = RawList<Masker.Placeholder>(capacity: 1 << 12)
    /// Events dropped by --since/--until and the filters.
    var filtered = 0
    /// Where the input stood when the batch was cut (for progress).
    var bytesRead = 0
    var lines = 0
    /// The input's summary when the batch was cut.
    var summary: AnalysisReport.FileSummary?
    /// Patterns that hit PCRE2's limits while filtering this batch.
    var limitHits: [String] = []

    /// Who masks the batch, when the sending and the receiving thread may both (`BatchQueue`,
    /// which guards it): nobody yet, a helper now, or the one that claimed it (maybe done).
    enum MaskState { case open, helping, claimed }
    var maskState = MaskState.open

    var isEmpty: Bool { events.count == 0 }
    var count: Int { events.count }

    deinit {
        arena.deallocate()
        tokenRanges.deallocate()
        placeholders.deallocate()
        events.deallocate()
    }

    func reset() {
        arenaCount = 0
        events.removeAll()
        tokenRanges.removeAll()
        placeholders.removeAll()
        maskedCount = 0
        filtered = 0
        summary = nil
        limitHits.removeAll()
        maskState = .open
    }

    /// Events whose messages `maskAll` has masked (the rest are waiting for it).
    private(set) var maskedCount = 0

    /// Copies an event in (masked later by `maskAll`).
    func append(_ e: LogEvent) {
        // One check for room, then four plain copies.
        reserve(e.service.count + e.component.count + e.message.count + e.raw.count)
        let service = copyIn(e.service.bytes)
        let component = copyIn(e.component.bytes)
        let message = copyIn(e.message.bytes)
        let raw = copyIn(e.raw.bytes)
        events.append(
            Event(
                timestamp: e.timestamp, level: e.level, exactTemplate: e.exactTemplate, lineCount: e.lineCount,
                firstLine: e.firstLine, inputIndex: e.inputIndex, service: service, component: component, message: message,
                raw: raw))
    }

    /// Masks the messages not masked yet and splits each masked text into tokens.
    func maskAll(_ masker: Masker) {
        let recent = masker.recent
        while maskedCount < events.count {
            let m = events[maskedCount].message
            // The masked text is written straight after the arena's end, in room reserved first
            // (the message it is read from lives in the same arena, so nothing may move meanwhile).
            let room = masker.maskedCapacity(m.count)
            reserve(room)
            let message = UnsafeRawBufferPointer(start: arena + m.lowerBound, count: m.count)
            let looked = recent.inUse
            let messageHash = looked ? fastHash64(message) : 0
            if looked {
                let hit = recent.find(message, hash: messageHash)
                recent.note(hit: hit != nil)
                if let hit {
                    copyMasking(hit, messageHash: messageHash)
                    continue
                }
            }
            let firstPlaceholder = placeholders.count
            // (The output holds the placeholder list while it writes: no reference to the batch.)
            var out = ArenaOutput(base: arena + arenaCount, room: room, placeholders: placeholders)
            masker.mask(UnsafeRawBufferPointer(start: arena + m.lowerBound, count: m.count), into: &out)
            placeholders = out.placeholders
            let masked = arenaCount..<arenaCount + out.count
            arenaCount += out.count
            let firstToken = tokenRanges.count
            let b = UnsafeRawBufferPointer(start: arena + masked.lowerBound, count: masked.count)
            var i = 0
            while i < b.count {
                while i < b.count, b[i] <= 0x20 { i += 1 }
                guard i < b.count else { break }
                let s = i
                i = b.firstSeparator(from: i + 1)
                tokenRanges.append(s..<i)
            }
            let maskedHash = fastHash64(b)
            if looked {
                recent.remember(
                    message, hash: messageHash, masked: b, maskedHash: maskedHash,
                    tokens: UnsafeBufferPointer(rebasing: tokenRanges.buffer[firstToken...]),
                    placeholders: UnsafeBufferPointer(rebasing: placeholders.buffer[firstPlaceholder...]))
            }
            finishMasking(masked, maskedHash: maskedHash, messageHash: messageHash, firstToken: firstToken, firstPlaceholder: firstPlaceholder)
        }
    }

    /// The next event's masking, copied from a remembered one (room for it is reserved).
    private func copyMasking(_ hit: RecentMasks.Hit, messageHash: UInt64) {
        let masked = copyIn(hit.masked)
        let firstToken = tokenRanges.count
        for k in 0..<hit.tokenCount { tokenRanges.append(hit.token(k)) }
        let firstPlaceholder = placeholders.count
        for k in 0..<hit.placeholderCount { placeholders.append(hit.placeholder(k)) }
        finishMasking(masked, maskedHash: hit.maskedHash, messageHash: messageHash, firstToken: firstToken, firstPlaceholder: firstPlaceholder)
    }

    /// Records the next event's masking (its masked text, tokens and placeholders are the last
    /// ones added) and the hashes the miner looks it up by.
    @inline(__always) private func finishMasking(
        _ masked: Range<Int>, maskedHash: UInt64, messageHash: UInt64, firstToken: Int, firstPlaceholder: Int
    ) {
        let e = events.base + maskedCount
        e.pointee.masked = masked
        e.pointee.messageHash = messageHash
        e.pointee.maskedHash = maskedHash
        let s = e.pointee.service
        e.pointee.serviceHash = fastHash64(UnsafeRawBufferPointer(start: arena + s.lowerBound, count: s.count))
        e.pointee.tokens = firstToken..<tokenRanges.count
        e.pointee.placeholders = firstPlaceholder..<placeholders.count
        maskedCount += 1
    }

    /// Masked text written straight into the arena (room reserved beforehand), and placeholders
    /// into the batch's list.
    private struct ArenaOutput: MaskedOutput {
        let base: UnsafeMutableRawPointer
        let room: Int
        var count = 0
        var placeholders: RawList<Masker.Placeholder>

        init(base: UnsafeMutableRawPointer, room: Int, placeholders: RawList<Masker.Placeholder>) {
            self.base = base
            self.room = room
            self.placeholders = placeholders
        }

        mutating func appendText(_ b: UnsafeRawBufferPointer) {
            precondition(count + b.count <= room, "masked text longer than Masker.maskedCapacity")
            if b.count > 0 { (base + count).copyMemory(from: b.baseAddress!, byteCount: b.count) }
            count += b.count
        }

        mutating func appendPlaceholder(_ replacement: [UInt8], original: Range<Int>) {
            placeholders.append(Masker.Placeholder(maskedOffset: count, maskedLength: replacement.count, original: original))
            replacement.withUnsafeBytes { appendText($0) }
        }

        mutating func appendAnyPlaceholder(original: Range<Int>) {
            precondition(count + 3 <= room, "masked text longer than Masker.maskedCapacity")
            placeholders.append(Masker.Placeholder(maskedOffset: count, maskedLength: 3, original: original))
            (base + count).storeBytes(of: 0x3C, as: UInt8.self)  // <*>
            (base + count + 1).storeBytes(of: 0x2A, as: UInt8.self)
            (base + count + 2).storeBytes(of: 0x3E, as: UInt8.self)
            count += 3
        }
    }

    /// Appends bytes to the arena, which has room for them (`reserve`).
    @inline(__always) private func copyIn(_ b: UnsafeRawBufferPointer) -> Range<Int> {
        let n = b.count
        if n > 0 { (arena + arenaCount).copyMemory(from: b.baseAddress!, byteCount: n) }
        let s = arenaCount
        arenaCount += n
        return s..<arenaCount
    }

    /// Makes room for `n` more bytes (the arena may move).
    @inline(__always) private func reserve(_ n: Int) {
        if arenaCount + n > arenaCapacity { reserveRaw(&arena, capacity: &arenaCapacity, count: arenaCount, adding: n) }
    }

    /// Calls `body` with a view of each event, in order (all must be masked).
    /// `ahead`, if given, sees each event twice before `body` does (to prefetch what mining it will
    /// read): as stage 0 `2 * lookahead` events before, as stage 1 `lookahead` events before.
    func forEach(lookahead: Int = 0, ahead: ((EventView, Int) -> Void)? = nil, _ body: (EventView) -> Void) {
        precondition(maskedCount == events.count, "batch mined before it was masked")
        let arena = UnsafeRawBufferPointer(start: self.arena, count: arenaCount)
        let tokens = tokenRanges.buffer, places = placeholders.buffer
        let all = events.buffer
        func view(_ i: Int) -> EventView { EventView(record: all.baseAddress! + i, arena: arena, allTokens: tokens, allPlaceholders: places) }
        if let ahead, lookahead > 0 {
            let records = UnsafeRawPointer(all.baseAddress!)
            let stride = MemoryLayout<Event>.stride
            for i in -2 * lookahead..<all.count {
                // The records themselves were written on the other thread: start loading the one
                // stage 0 will read, another `lookahead` ahead.
                if i + 3 * lookahead < all.count {
                    let r = records + (i + 3 * lookahead) * stride
                    triage_prefetch(r)
                    triage_prefetch(r + stride - 1)
                }
                if i + 2 * lookahead < all.count { ahead(view(i + 2 * lookahead), 0) }
                if i + lookahead >= 0, i + lookahead < all.count { ahead(view(i + lookahead), 1) }
                if i >= 0 { body(view(i)) }
            }
        } else {
            for i in all.indices { body(view(i)) }
        }
    }
}

/// One event of a batch, valid only during `EventBatch.forEach`.
struct EventView {
    /// The event's record in the batch (read in place: a record is about 180 bytes, and the miner
    /// makes three views of each event).
    let record: UnsafePointer<EventBatch.Event>
    var event: EventBatch.Event { unsafeAddress { record } }
    let arena: UnsafeRawBufferPointer
    let allTokens: UnsafeBufferPointer<Range<Int>>
    let allPlaceholders: UnsafeBufferPointer<Masker.Placeholder>

    var service: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: arena[event.service]) }
    var component: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: arena[event.component]) }
    var message: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: arena[event.message]) }
    var raw: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: arena[event.raw]) }
    var masked: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: arena[event.masked]) }
    /// Token ranges relative to `masked`.
    var tokens: UnsafeBufferPointer<Range<Int>> { UnsafeBufferPointer(rebasing: allTokens[event.tokens]) }
    var placeholders: UnsafeBufferPointer<Masker.Placeholder> { UnsafeBufferPointer(rebasing: allPlaceholders[event.placeholders]) }
}
