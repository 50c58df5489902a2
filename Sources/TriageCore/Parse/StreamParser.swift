/// Reads one stream of lines: detects its format from the first lines, parses each line, hands
/// wrapped inner lines (docker, kubectl --prefix, stern) to one child stream per container, and
/// assembles multi-line events.
final class StreamParser {
    private let context: ParseContext
    private let lineFormat: LineFormat?
    private let inputIndex: Int
    private let defaultService: [UInt8]
    private let emit: (LogEvent) -> Void

    private(set) var format: LogFormat?
    /// The formats of a mixed stream, most specific first.
    private(set) var parts: [LogFormat] = []
    private var parser: ParserBox?
    /// `parser`, for the per-line call: a guaranteed reference skips a retain/release pair per line.
    private var parserRef: Unmanaged<ParserBox>?
    private var buffered: [(bytes: [UInt8], line: Int, outer: Outer)] = []
    private var rec = ParsedLine()
    private let assembler: EventAssembler
    private var children: [[UInt8]: StreamParser] = [:]
    /// Inner streams kept at once. A wrapper whose key changes every line (a pod name with a
    /// random suffix per line) would otherwise keep a parser, and its unread sample lines, per
    /// line: past this many, the least recently used quarter is finished and let go.
    static let maxChildren = 1024
    /// Lines handed to inner streams so far; an inner stream's `lastUse` is the count at its last line.
    private var uses = 0
    private var lastUse = 0
    /// Inner streams held now.
    var innerStreams: Int { children.count }
    /// Formats of inner streams already let go (for `formatDescription`).
    private var retiredFormats: Set<String> = []
    /// When false every line is an event of its own (grep feeds matching lines only).
    var joinsContinuations = true
    /// Lines a `--line-format` did not match (they are joined to the previous event).
    private(set) var unmatchedLines = 0
    private(set) var matchedLines = 0

    /// Fields a wrapper supplies when the inner line has none.
    struct Outer {
        var timestamp: Int64?
        var service: [UInt8]
        var level: Level
        static let none = Outer(timestamp: nil, service: [], level: .unknown)
    }

    init(
        context: ParseContext, lineFormat: LineFormat?, inputIndex: Int, defaultService: [UInt8],
        emit: @escaping (LogEvent) -> Void
    ) {
        self.context = context
        self.lineFormat = lineFormat
        self.inputIndex = inputIndex
        self.defaultService = defaultService
        self.emit = emit
        assembler = EventAssembler(inputIndex: inputIndex, defaultService: defaultService, emit: emit)
        if let lineFormat {
            format = .lineFormat
            use(ParserBox(LineFormatParser(lineFormat)))
        }
    }

    private func use(_ box: ParserBox) {
        parser = box
        parserRef = Unmanaged.passUnretained(box)
    }

    /// The formats of this stream and its inner streams, for reports ("docker-json+timestamped-text").
    var formatDescription: String {
        let own = format == .mixed ? "mixed(\(parts.map(\.rawValue).joined(separator: ",")))" : (format ?? .plain).rawValue
        let inner = retiredFormats.union(children.values.compactMap { $0.format?.rawValue }).sorted()
        return inner.isEmpty ? own : "\(own)+\(inner.joined(separator: ","))"
    }

    /// A line of the input itself (no wrapper around it).
    func feed(_ line: UnsafeRawBufferPointer, number: Int) { feed(line, number: number, outer: noOuter) }

    /// (`Outer.none`, kept here: a static is checked for initialisation at every use, once per line.)
    private let noOuter = Outer.none

    func feed(_ line: UnsafeRawBufferPointer, number: Int, outer: Outer) {
        guard let parserRef else {
            buffered.append((Array(line), number, outer))
            if buffered.count >= FormatDetector.sampleLines { detectAndDrain() }
            return
        }
        parserRef._withUnsafeGuaranteedRef { process(line, number: number, outer: outer, parser: $0) }
    }

    /// Hands over the event in progress once the format is known (grep: each match is its own event).
    func flushIfDetected() {
        if parser != nil { assembler.flush() }
        for c in children.values { c.flushIfDetected() }
    }

    /// Decides the format now from the lines buffered so far (a slow stream should not wait for 64).
    func detectSoon() {
        if parser == nil, !buffered.isEmpty { detectAndDrain() }
        for c in children.values { c.detectSoon() }
    }

    /// A followed input went quiet: decide its format from the lines so far, so results show up
    /// before 64 lines have arrived, and hand over the event in progress.
    func settle() {
        detectSoon()
        assembler.flush()
        for c in children.values { c.settle() }
    }

    func finish() {
        if parser == nil { detectAndDrain() }
        assembler.flush()
        for key in children.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) { children[key]?.finish() }
    }

    private func detectAndDrain() {
        let d = FormatDetector.detection(buffered.map(\.bytes), context: context)
        format = d.format
        parts = d.parts
        let p = ParserBox(FormatDetector.parser(for: d))
        use(p)
        let lines = buffered
        buffered = []
        for l in lines { l.bytes.withUnsafeBytes { process($0, number: l.line, outer: l.outer, parser: p) } }
    }

    private func process(_ line: UnsafeRawBufferPointer, number: Int, outer: Outer, parser box: ParserBox) {
        let format = box.format
        if !joinsContinuations { assembler.flush() }
        if format == .plain {
            if assembler.isPlainContinuation(line) {
                assembler.continuation(line, line: number, plainMode: true)
                return
            }
            if line.isEmpty || line.allSatisfy(isBlank) { return }
        }
        rec.reset()
        guard box.parser.parse(line, into: &rec, context: context) else {
            if format == .lineFormat { unmatchedLines += 1 }
            if line.isEmpty || line.allSatisfy(isBlank) {
                assembler.continuationIfPending(line, line: number)
                return
            }
            assembler.continuation(line, line: number, plainMode: false)
            return
        }
        if format == .lineFormat { matchedLines += 1 }
        if rec.skip { return }
        if rec.isWrapped {
            child(rec.streamKey).feedWrapped(rec, number: number)
            return
        }
        if rec.timestamp == nil { rec.timestamp = outer.timestamp }
        if rec.serviceIsEmpty, !outer.service.isEmpty { rec.setService(outer.service) }
        if rec.level == .unknown { rec.level = outer.level }
        assembler.header(&rec, raw: line, line: number)
    }

    private func feedWrapped(_ rec: ParsedLine, number: Int) {
        let outer = Outer(timestamp: rec.timestamp, service: rec.service, level: rec.level)
        rec.message.withUnsafeBytes { feed($0, number: number, outer: outer) }
    }

    private func child(_ key: [UInt8]) -> StreamParser {
        uses += 1
        if let c = children[key] {
            c.lastUse = uses
            return c
        }
        if children.count >= Self.maxChildren { retireChildren() }
        let c = StreamParser(
            context: context, lineFormat: nil, inputIndex: inputIndex, defaultService: defaultService, emit: emit)
        c.joinsContinuations = joinsContinuations
        c.lastUse = uses
        children[key] = c
        return c
    }
}

extension StreamParser {
    /// Finishes the least recently used quarter of the inner streams (their events are handed
    /// over now) and forgets them; a key that comes back starts a new inner stream.
    fileprivate func retireChildren() {
        let byAge = children.sorted { $0.value.lastUse < $1.value.lastUse }
        for (key, c) in byAge.prefix(Self.maxChildren / 4) {
            children.removeValue(forKey: key)
            c.finish()
            if let f = c.format?.rawValue { retiredFormats.insert(f) }
        }
    }
}

extension EventAssembler {
    /// Blank lines in header formats belong to the pending event (gaps in stack dumps), if any.
    func continuationIfPending(_ raw: UnsafeRawBufferPointer, line: Int) {
        if hasPending { continuation(raw, line: line, plainMode: false) }
    }
}

/// The stream's parser in a class: lines pass a reference to it, where passing the existential
/// would copy it for every line.
private final class ParserBox {
    let parser: any LineParser
    let format: LogFormat
    init(_ parser: any LineParser) {
        self.parser = parser
        format = parser.format
    }
}
