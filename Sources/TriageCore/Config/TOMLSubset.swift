/// A reader for the part of TOML triage's config uses: `[table]`, `[[array.of.tables]]`,
/// `key = value` with basic and literal strings, integers, booleans and arrays of those, and
/// comments. Anything else is an error naming the line, never silently ignored.
enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case bool(Bool)
    case array([TOMLValue])
}

struct TOMLDocument: Sendable {
    /// Keys of the top-level and of `[tables]`: "masks.show_names" → value, with the line it was on.
    var values: [String: (value: TOMLValue, line: Int)] = [:]
    /// `[[name]]` entries in order, each a table of its own keys.
    var arrays: [String: [[String: (value: TOMLValue, line: Int)]]] = [:]
}

struct TOMLError: Error, Equatable, Sendable {
    var line: Int
    var message: String
}

enum TOMLSubset {
    static func parse(_ text: String) throws(TOMLError) -> TOMLDocument {
        var doc = TOMLDocument()
        var table = ""
        var arrayTable: String?
        for (n, raw) in text.textLines().enumerated() {
            let lineNo = n + 1
            let line = stripComment(raw).trimmingBlanks()
            if line.isEmpty { continue }
            if line.hasPrefix("[[") {
                guard line.hasSuffix("]]") else { throw TOMLError(line: lineNo, message: "unclosed [[table]]") }
                let name = String(line.dropFirst(2).dropLast(2)).trimmingBlanks()
                guard isKey(name) else { throw TOMLError(line: lineNo, message: "invalid table name '\(name)'") }
                doc.arrays[name, default: []].append([:])
                arrayTable = name
                continue
            }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]") else { throw TOMLError(line: lineNo, message: "unclosed [table]") }
                let name = String(line.dropFirst().dropLast()).trimmingBlanks()
                guard isKey(name) else { throw TOMLError(line: lineNo, message: "invalid table name '\(name)'") }
                table = name
                arrayTable = nil
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw TOMLError(line: lineNo, message: "expected key = value")
            }
            let key = String(line[..<eq]).trimmingBlanks()
            guard isKey(key) else { throw TOMLError(line: lineNo, message: "invalid key '\(key)'") }
            var rest = Substring(String(line[line.index(after: eq)...]).trimmingBlanks())
            let value = try parseValue(&rest, line: lineNo)
            guard String(rest).trimmingBlanks().isEmpty else {
                throw TOMLError(line: lineNo, message: "unexpected text after the value: '\(rest)'")
            }
            if let a = arrayTable {
                doc.arrays[a]![doc.arrays[a]!.count - 1][key] = (value, lineNo)
            } else {
                let full = table.isEmpty ? key : table + "." + key
                guard doc.values[full] == nil else { throw TOMLError(line: lineNo, message: "duplicate key '\(full)'") }
                doc.values[full] = (value, lineNo)
            }
        }
        return doc
    }

    private static func isKey(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
    }

    /// Removes a `#` comment that is not inside a string.
    private static func stripComment(_ s: String) -> String {
        var quote: Character?
        var escaped = false
        for (i, ch) in zip(s.indices, s) {
            if let q = quote {
                if escaped { escaped = false } else if ch == "\\" && q == "\"" { escaped = true } else if ch == q { quote = nil }
            } else if ch == "\"" || ch == "'" {
                quote = ch
            } else if ch == "#" {
                return String(s[..<i])
            }
        }
        return s
    }

    private static func parseValue(_ s: inout Substring, line: Int) throws(TOMLError) -> TOMLValue {
        s = s.drop { $0 == " " || $0 == "\t" }
        guard let first = s.first else { throw TOMLError(line: line, message: "missing value") }
        switch first {
        case "\"":
            var out = ""
            var i = s.index(after: s.startIndex)
            while i < s.endIndex {
                let ch = s[i]
                if ch == "\"" {
                    s = s[s.index(after: i)...]
                    return .string(out)
                }
                if ch == "\\" {
                    i = s.index(after: i)
                    guard i < s.endIndex else { break }
                    switch s[i] {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "\\": out.append("\\")
                    case "\"": out.append("\"")
                    default: throw TOMLError(line: line, message: "unsupported escape \\\(s[i]) (use a 'literal string' for regexes)")
                    }
                } else {
                    out.append(ch)
                }
                i = s.index(after: i)
            }
            throw TOMLError(line: line, message: "unterminated string")
        case "'":
            let body = s.dropFirst()
            guard let end = body.firstIndex(of: "'") else { throw TOMLError(line: line, message: "unterminated string") }
            s = body[body.index(after: end)...]
            return .string(String(body[..<end]))
        case "[":
            s = s.dropFirst()
            var items: [TOMLValue] = []
            while true {
                s = s.drop { $0 == " " || $0 == "\t" }
                if s.first == "]" {
                    s = s.dropFirst()
                    return .array(items)
                }
                items.append(try parseValue(&s, line: line))
                s = s.drop { $0 == " " || $0 == "\t" }
                if s.first == "," {
                    s = s.dropFirst()
                } else if s.first != "]" {
                    throw TOMLError(line: line, message: "expected , or ] in array (arrays must fit on one line)")
                }
            }
        default:
            let token = s.prefix { $0 != "," && $0 != "]" && $0 != " " && $0 != "\t" }
            s = s[token.endIndex...]
            if token == "true" { return .bool(true) }
            if token == "false" { return .bool(false) }
            if let n = Int(token.filter { $0 != "_" }) { return .integer(n) }
            throw TOMLError(line: line, message: "cannot read value '\(token)'")
        }
    }
}

