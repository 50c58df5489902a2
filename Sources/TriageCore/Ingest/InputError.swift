/// Problems with one input, reported as values: the other inputs are still analysed.
public struct InputDiagnostic: Error, Codable, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Codable, Sendable { case warning, error }
    public enum Kind: String, Codable, Sendable {
        case missing, unreadable, directory, binary, empty, truncatedGzip = "truncated-gzip", corruptGzip = "corrupt-gzip"
        case lineFormatMismatch = "line-format-mismatch", readFailed = "read-failed", longLines = "long-lines"
        case regexLimit = "regex-limit", tooManyTemplates = "too-many-templates", badChangeEvent = "bad-change-event"
    }

    public var severity: Severity
    public var kind: Kind
    public var file: String
    public var line: Int?
    public var message: String

    public init(_ severity: Severity, _ kind: Kind, file: String, line: Int? = nil, _ message: String) {
        self.severity = severity
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: error: message`, the form compilers and editors understand.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(severity.rawValue): \(message)"
    }
}
