/// Joins continuation lines to the event they belong to, so a stack trace counts once.
///
/// In formats with a header (a timestamp, a JSON object…), every line without one continues the
/// previous event — Java `\tat …`/`Caused by:`/`... N more`, Python tracebacks, Go goroutine dumps,
/// indented lines — except `panic: ` and `fatal error: ` lines, which start a new event (a Go crash is
/// its own event, not part of the last log line). In plain text, continuations are recognised by
/// shape: leading blanks, `Caused by:`, `... N more`, `Traceback (most recent call last):` blocks up
/// to their exception line, and `goroutine N [...]:` dumps up to the next blank line.
final class EventAssembler {
    private let event = LogEvent()
    private var pending = false
    private let emit: (LogEvent) -> Void
    private let inputIndex: Int
    /// (Raw memory: setting from an array or a `ByteBuffer` held here costs a retain and a release
    /// of it, per event without a service.)
    private let defaultService: UnsafeMutableRawBufferPointer
    private var lastTimestamp: Int64?
    /// `event.service` holds `defaultService` (saves comparing them for every line without one).
    private var eventHasDefaultService = false
    // Plain-text continuation state.
    private var inTraceback = false
    private var inGoroutineDump = false
    /// For lines that start an event without a parser's help (reused).
    private var scratch = ParsedLine()

    init(inputIndex: Int, defaultService: [UInt8], emit: @escaping (LogEvent) -> Void) {
        self.inputIndex = inputIndex
        let kept = defaultService.prefix(Limits.fieldBytes)
        self.defaultService = .allocate(byteCount: kept.count, alignment: 1)
        _ = self.defaultService.initializeMemory(as: UInt8.self, from: kept)
        self.emit = emit
    }

    deinit { defaultService.deallocate() }

    /// A line that parsed as a header: starts a new event. The parsed fields are moved into the
    /// event, not copied (`rec` gets the previous event's buffers back, to be reset and reused).
    func header(_ rec: inout ParsedLine, raw: UnsafeRawBufferPointer, line: Int) {
        flush()
        let e = event
        // Service, component and message are swapped in below (no need to clear them first).
        e.inputIndex = inputIndex
        e.firstLine = line
        e.timestamp = rec.timestamp ?? lastTimestamp
        if let t = rec.timestamp { lastTimestamp = t }
        // No level and no telling words: most such lines are informational.
        e.level = rec.level == .unknown ? .info : rec.level
        if rec.moveService(into: &e.service) {
            e.service.truncate(to: Limits.fieldBytes)
            eventHasDefaultService = false
        } else if !eventHasDefaultService {
            e.service.set(UnsafeRawBufferPointer(defaultService))
            eventHasDefaultService = true
        }
        rec.moveComponent(into: &e.component)
        e.component.truncate(to: Limits.fieldBytes)
        e.exactTemplate = rec.exactTemplate
        swap(&e.message, &rec.message)
        e.message.truncate(to: Limits.messageBytes)
        // The raw text restarts with this line.
        e.raw.set(UnsafeRawBufferPointer(rebasing: raw[0..<min(raw.count, Limits.eventRawBytes)]))
        e.lineCount = 1
        pending = true
        inTraceback = false
        inGoroutineDump = false
    }

    /// A line without a header: joins the pending event, or stands alone when there is none.
    func continuation(_ raw: UnsafeRawBufferPointer, line: Int, plainMode: Bool) {
        let crash = startsNewEvent(raw)
        if crash || !pending {
            scratch.reset()
            scratch.setMessage(raw, 0..<raw.count)
            scratch.level = crash ? .fatal : LevelInference.infer(scratch.message)
            header(&scratch, raw: raw, line: line)
            return
        }
        if raw.isEmpty || raw.allSatisfy(isBlank) {
            if plainMode { inGoroutineDump = false }
        }
        if event.message.bytes.allSatisfy(isBlank) {
            // A header with an empty message (e.g. "ERROR:" alone): the first continuation names it.
            scratch.reset()
            scratch.setMessage(raw, 0..<raw.count)
            event.message.set(scratch.message.bytes)
            event.message.truncate(to: Limits.messageBytes)
        }
        appendRaw(raw)
        event.lineCount += 1
    }

    /// Plain text: decides whether a line continues the pending event.
    func isPlainContinuation(_ b: UnsafeRawBufferPointer) -> Bool {
        guard pending else { return false }
        if b.isEmpty { return inGoroutineDump || inTraceback }
        if isBlank(b[0]) { return true }
        if b.hasBytes("Caused by:", at: 0) || b.hasBytes("... ", at: 0) || b.hasBytes("Suppressed:", at: 0) {
            return true
        }
        if b.hasBytes("Traceback (most recent call last):", at: 0) {
            inTraceback = true
            return true
        }
        if inTraceback {
            inTraceback = false  // the exception line ends the traceback
            return true
        }
        if b.hasBytes("goroutine ", at: 0) {
            inGoroutineDump = true
            return true
        }
        return inGoroutineDump
    }

    private func startsNewEvent(_ b: UnsafeRawBufferPointer) -> Bool {
        b.hasBytes("panic: ", at: 0) || b.hasBytes("fatal error: ", at: 0)
    }

    private func appendRaw(_ raw: UnsafeRawBufferPointer) {
        let e = event
        let separator = e.raw.isEmpty ? 0 : 1
        let room = Limits.eventRawBytes - e.raw.count - separator
        guard room > 0 else { return }
        if separator == 1 { e.raw.append(0x0A) }
        e.raw.append(UnsafeRawBufferPointer(rebasing: raw[0..<min(raw.count, room)]))
    }

    var hasPending: Bool { pending }

    func flush() {
        guard pending else { return }
        pending = false
        emit(event)
    }
}
