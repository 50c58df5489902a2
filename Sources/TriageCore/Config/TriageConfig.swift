#if canImport(Glibc)
    import Glibc
#endif

/// The user's configuration (`triage.toml` or `.triage/config.toml`, see docs/config.md).
public struct TriageConfig: Sendable, Equatable {
    /// Masks added to (or, with `builtin = false`, replacing) the built-in ones.
    public var addedMasks: [Mask] = []
    public var disabledMasks: [String] = []
    public var useBuiltInMasks = true
    public var showMaskNames = false
    /// Extra runbook directories (issue: runbooks), in the order given.
    public var runbookDirectories: [String] = []
    /// The file this came from, if any.
    public var path: String?

    public init() {}

    public struct LoadError: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var line: Int?
        public var message: String
        public var description: String { "\(path)\(line.map { ":\($0)" } ?? ""): error: \(message)" }
    }

    /// The config file in effect: `explicit` if given, else `./triage.toml`, else `./.triage/config.toml`.
    public static func locate(explicit: String?) -> String? {
        if let explicit { return explicit }
        for candidate in ["triage.toml", ".triage/config.toml"] where access(candidate, F_OK) == 0 { return candidate }
        return nil
    }

    public static func load(path: String) throws(LoadError) -> TriageConfig {
        guard let text = readSmallFile(path) else {
            throw LoadError(path: path, line: nil, message: "cannot read the config file")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(LoadError) -> TriageConfig {
        let doc: TOMLDocument
        do { doc = try TOMLSubset.parse(text) } catch { throw LoadError(path: path, line: error.line, message: error.message) }
        var c = TriageConfig()
        c.path = path
        let known: Set<String> = ["masks.builtin", "masks.disable", "masks.show_names", "runbooks.dirs"]
        for (key, entry) in doc.values where !known.contains(key) {
            throw LoadError(path: path, line: entry.line, message: "unknown setting '\(key)'")
        }
        for key in doc.arrays.keys where key != "masks.add" {
            throw LoadError(path: path, line: nil, message: "unknown table [[\(key)]]")
        }
        if let (v, line) = doc.values["masks.builtin"] {
            guard case .bool(let b) = v else { throw LoadError(path: path, line: line, message: "masks.builtin must be true or false") }
            c.useBuiltInMasks = b
        }
        if let (v, line) = doc.values["masks.show_names"] {
            guard case .bool(let b) = v else { throw LoadError(path: path, line: line, message: "masks.show_names must be true or false") }
            c.showMaskNames = b
        }
        if let (v, line) = doc.values["masks.disable"] {
            c.disabledMasks = try strings(v, "masks.disable", path, line)
            let names = Set(Mask.builtIn.map(\.name))
            for n in c.disabledMasks where !names.contains(n) {
                throw LoadError(path: path, line: line, message: "no built-in mask named '\(n)' (there are: \(Mask.builtIn.map(\.name).joined(separator: ", ")))")
            }
        }
        if let (v, line) = doc.values["runbooks.dirs"] { c.runbookDirectories = try strings(v, "runbooks.dirs", path, line) }
        for entry in doc.arrays["masks.add"] ?? [] {
            let line = entry.values.map(\.line).min()
            guard case .string(let name)? = entry["name"]?.value, case .string(let pattern)? = entry["pattern"]?.value else {
                throw LoadError(path: path, line: line, message: "each [[masks.add]] needs name = \"…\" and pattern = '…'")
            }
            do { _ = try Regex(pattern, options: []) } catch {
                throw LoadError(path: path, line: entry["pattern"]?.line, message: "mask '\(name)': \(error.description)")
            }
            c.addedMasks.append(Mask(name: name, pattern: pattern))
        }
        return c
    }

    /// The masks in effect: the user's first (they win where they overlap), then the built-in ones
    /// that are enabled.
    public var masks: [Mask] {
        addedMasks + (useBuiltInMasks ? Mask.builtIn.filter { !disabledMasks.contains($0.name) } : [])
    }

    private static func strings(_ v: TOMLValue, _ key: String, _ path: String, _ line: Int) throws(LoadError) -> [String] {
        guard case .array(let items) = v else { throw LoadError(path: path, line: line, message: "\(key) must be a list of strings") }
        var out: [String] = []
        for i in items {
            guard case .string(let s) = i else { throw LoadError(path: path, line: line, message: "\(key) must be a list of strings") }
            out.append(s)
        }
        return out
    }
}

/// Reads a small text file whole (config files, runbooks); nil when it cannot be read.
func readSmallFile(_ path: String, limit: Int = 4 << 20) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while bytes.count <= limit {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0, errno == EINTR { continue }
        if n < 0 { return nil }
        if n == 0 { break }
        bytes.append(contentsOf: chunk[0..<n])
    }
    return String(decoding: bytes, as: UTF8.self)
}
