/// A header pattern given by the user in the logparser style, e.g.
/// `<Date> <Time> <Level> \[<Component>\] <Content>`: `<Name>` captures a field (lazily; `<Content>`
/// takes the rest), a run of spaces matches one or more blanks, and everything else is PCRE2
/// syntax (so `\[` is a literal bracket and `(...)?` an optional part). The pattern is anchored.
///
/// Field names: Date, Time, Timestamp, Datetime (joined with a space and read as a timestamp), Level,
/// Service, Source, Component, Logger, Node, Process (service/component), Content (the message).
public struct LineFormat: Sendable {
    public let source: String
    let regex: Regex
    let groups: [(name: String, number: Int)]

    public init(_ source: String) throws(Regex.CompileError) {
        self.source = source
        var pattern = "^"
        var names: [String] = []
        var i = source.startIndex
        var lastWasSpace = false
        while i < source.endIndex {
            let c = source[i]
            if c == "<", let close = source[i...].firstIndex(of: ">"),
                source[source.index(after: i)..<close].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                close > source.index(after: i)
            {
                let name = String(source[source.index(after: i)..<close])
                let group = "f\(names.count)"
                names.append(name)
                pattern += name == "Content" ? "(?<\(group)>.*)" : "(?<\(group)>.*?)"
                i = source.index(after: close)
                lastWasSpace = false
                continue
            }
            if c == " " {
                if !lastWasSpace { pattern += "\\s+" }
                lastWasSpace = true
                i = source.index(after: i)
                continue
            }
            lastWasSpace = false
            pattern.append(c)
            i = source.index(after: i)
        }
        pattern += "$"
        guard names.contains("Content") else {
            throw Regex.CompileError(pattern: source, message: "a line format needs a <Content> field", offset: 0)
        }
        do {
            regex = try Regex(pattern, options: [.utf])
        } catch {
            throw Regex.CompileError(pattern: source, message: error.message, offset: 0)
        }
        groups = names.enumerated().map { ($0.element, $0.offset + 1) }
    }
}

/// Applies a `LineFormat` to each line. One instance per stream (it owns PCRE2 match data).
final class LineFormatParser: LineParser, @unchecked Sendable {
    let format = LogFormat.lineFormat
    private let lineFormat: LineFormat
    private let matcher: RegexMatcher
    private var scratch: [UInt8] = []

    init(_ f: LineFormat) {
        lineFormat = f
        matcher = f.regex.matcher()
    }

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        guard matcher.match(b) == .match else { return false }
        scratch.removeAll(keepingCapacity: true)
        var content: Range<Int>?
        for (name, n) in lineFormat.groups {
            guard let r = matcher.range(group: n) else { continue }
            switch name {
            case "Content": content = r
            case "Date", "Time", "Timestamp", "Datetime", "DateTime":
                if !scratch.isEmpty { scratch.append(asciiSpace) }
                scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: b[r]))
            case "Level", "Severity", "Type" where rec.level == .unknown:
                rec.level = Level.word(b, r) ?? rec.level
            case "Service", "Source", "App":
                rec.setService(b, r)
            case "Component", "Logger", "Process", "Node" where rec.componentIsEmpty:
                rec.setComponent(b, r)
            default: break
            }
        }
        if !scratch.isEmpty {
            rec.timestamp = scratch.withUnsafeBytes { context.timestamps.parse($0, at: 0)?.millis }
        }
        rec.setMessage(b, content ?? b.count..<b.count)
        if rec.level == .unknown { rec.level = LevelInference.infer(rec.message) }
        return true
    }
}
