import CPCRE2

/// A compiled PCRE2 pattern (JIT when available). The compiled code is immutable and shared;
/// every thread matches through its own `RegexMatcher`, which owns the match data.
public final class Regex: @unchecked Sendable {
    public let pattern: String
    public let options: Options
    let code: OpaquePointer
    let jitted: Bool

    public struct CompileError: Error, CustomStringConvertible, Equatable, Sendable {
        public let pattern: String
        public let message: String
        /// Byte offset in the pattern where PCRE2 stopped.
        public let offset: Int

        /// The PCRE2 message with the pattern and a caret under the offending byte.
        public var description: String {
            let prefix = Array(pattern.utf8.prefix(offset))
            let column = String(decoding: prefix, as: UTF8.self).count
            return "invalid regex: \(message) at offset \(offset)\n  \(pattern)\n  \(String(repeating: " ", count: column))^"
        }
    }

    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let caseInsensitive = Options(rawValue: UInt32(PCRE2_CASELESS))
        /// UTF-8 mode that tolerates invalid UTF-8 in subjects (logs have it).
        public static let utf = Options(rawValue: UInt32(PCRE2_UTF) | UInt32(PCRE2_MATCH_INVALID_UTF))
        public static let multiline = Options(rawValue: UInt32(PCRE2_MULTILINE))
        /// Allows `RegexMatcher.match(_:from:startingBy:)` (the JIT compiles different code).
        public static let offsetLimit = Options(rawValue: UInt32(PCRE2_USE_OFFSET_LIMIT))
    }

    public init(_ pattern: String, options: Options = [.utf]) throws(CompileError) {
        self.pattern = pattern
        self.options = options
        var errorCode: Int32 = 0
        var errorOffset = 0
        let compiled = pattern.withCString { p in
            p.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count) { u in
                pcre2_compile_8(u, pattern.utf8.count, options.rawValue, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw CompileError(pattern: pattern, message: Regex.message(for: errorCode), offset: errorOffset)
        }
        code = compiled
        jitted = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
        requirement = Requirement(compiled)
    }

    /// Bytes a subject must hold for any match, from what PCRE2 worked out about the pattern,
    /// so that a caller matching many patterns against one text can skip those that cannot match
    /// it without a call (`RuleMatcher`).
    public let requirement: Requirement

    public struct Requirement: Sendable {
        /// One of these must occur (a match starts with one): PCRE2's first code unit or its
        /// bitmap of possible first code units. nil: unknown.
        let first: ByteSet?
        /// This must occur (the rightmost literal every match holds). nil: unknown.
        let last: ByteSet?

        init(_ code: OpaquePointer) {
            func info(_ what: Int32) -> UInt32 {
                var v: UInt32 = 0
                pcre2_pattern_info_8(code, UInt32(what), &v)
                return v
            }
            // A pattern that can match the empty string needs nothing.
            guard info(PCRE2_INFO_MATCHEMPTY) == 0 else {
                first = nil
                last = nil
                return
            }
            if info(PCRE2_INFO_FIRSTCODETYPE) == 1 {
                first = ByteSet(eitherCaseOf: info(PCRE2_INFO_FIRSTCODEUNIT))
            } else {
                var bitmap: UnsafePointer<UInt8>?
                pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTBITMAP), &bitmap)
                first = bitmap.map { ByteSet(bitmap: $0) }
            }
            last = info(PCRE2_INFO_LASTCODETYPE) == 1 ? ByteSet(eitherCaseOf: info(PCRE2_INFO_LASTCODEUNIT)) : nil
        }

        /// False only when no match is possible in a text holding exactly `bytes`.
        public func allows(_ bytes: ByteSet) -> Bool {
            (first.map { $0.intersects(bytes) } ?? true) && (last.map { $0.intersects(bytes) } ?? true)
        }
    }

    deinit { pcre2_code_free_8(code) }

    static func message(for code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer[0..<Int(n)], as: UTF8.self) : "PCRE2 error \(code)"
    }

    /// Group number for a named capture, or nil.
    public func groupNumber(_ name: String) -> Int? {
        let n = name.withCString { p in
            p.withMemoryRebound(to: UInt8.self, capacity: name.utf8.count + 1) { pcre2_substring_number_from_name_8(code, $0) }
        }
        return n > 0 ? Int(n) : nil
    }

    public var captureCount: Int {
        var n: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &n)
        return Int(n)
    }

    public func matcher(limits: MatchLimits = .default) -> RegexMatcher { RegexMatcher(self, limits: limits) }
}

/// Bounds that stop catastrophic backtracking (e.g. `(a+)+$` on a long line) from hanging triage.
public struct MatchLimits: Sendable {
    public var matchLimit: UInt32
    public var depthLimit: UInt32
    public static let `default` = MatchLimits(matchLimit: 1_000_000, depthLimit: 10_000)
}

public enum MatchOutcome: Equatable, Sendable {
    case match
    case noMatch
    /// The pattern hit the match or depth limit: treated as no match, reported once by the caller.
    case limitExceeded
}

/// Per-thread matching state for one `Regex`.
public final class RegexMatcher {
    public let regex: Regex
    private let matchData: OpaquePointer
    private let context: OpaquePointer?

    init(_ regex: Regex, limits: MatchLimits) {
        self.regex = regex
        matchData = pcre2_match_data_create_from_pattern_8(regex.code, nil)
        context = pcre2_match_context_create_8(nil)
        if let context {
            pcre2_set_match_limit_8(context, limits.matchLimit)
            pcre2_set_depth_limit_8(context, limits.depthLimit)
        }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        if let context { pcre2_match_context_free_8(context) }
    }

    /// Matches `subject` from byte `start`, for a match that starts at `latestStart` or before
    /// (PCRE2 then tries no later start: the search costs per start position). The regex must
    /// have been compiled with `.offsetLimit`.
    public func match(_ subject: UnsafeRawBufferPointer, from start: Int, startingBy latestStart: Int) -> MatchOutcome {
        precondition(regex.options.contains(.offsetLimit), "offset limit without Regex.Options.offsetLimit")
        if let context { pcre2_set_offset_limit_8(context, latestStart) }
        return match(subject, from: start)
    }

    /// Matches `subject` from byte `start`. After `.match`, `range(group:)` gives capture ranges.
    public func match(_ subject: UnsafeRawBufferPointer, from start: Int = 0) -> MatchOutcome {
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(emptySubject)
        // The JIT entry point skips pcre2_match's option checks (it honours the same limits).
        let rc =
            regex.jitted
            ? pcre2_jit_match_8(regex.code, base, subject.count, start, 0, matchData, context)
            : pcre2_match_8(regex.code, base, subject.count, start, 0, matchData, context)
        if rc > 0 { return .match }
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        if rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT
            || rc == PCRE2_ERROR_HEAPLIMIT
        {
            return .limitExceeded
        }
        return .noMatch
    }

    public func matches(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { match(UnsafeRawBufferPointer($0)) == .match }
    }

    /// The byte range of capture `group` (0 = whole match) after a successful match.
    public func range(group: Int) -> Range<Int>? {
        let ov = pcre2_get_ovector_pointer_8(matchData)!
        let count = Int(pcre2_get_ovector_count_8(matchData))
        guard group < count else { return nil }
        let lo = ov[2 * group], hi = ov[2 * group + 1]
        guard lo >= 0, hi >= lo else { return nil }  // PCRE2_UNSET imports as -1
        return Int(lo)..<Int(hi)
    }
}

private nonisolated(unsafe) let emptySubject = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
