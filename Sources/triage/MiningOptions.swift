import ArgumentParser
#if canImport(Glibc)
    import Glibc
#endif
import TriageCore

/// Options shared by every command that mines templates: config file and masks.
struct MiningOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Config file (default: ./triage.toml, else ./.triage/config.toml).", valueName: "file"))
    var config: String?

    @Option(
        name: .customLong("mask"),
        help: ArgumentHelp("Extra variable mask, a PCRE2 regex, optionally named: 'order=ORD-[A-Z0-9]+' (repeatable).", valueName: "regex"))
    var masks: [String] = []

    @Flag(help: "Use only the masks from --mask and the config file.")
    var noBuiltinMasks = false

    @Flag(help: "Print each masked variable as its mask's name (<ipv4>, <uuid>…) instead of <*>.")
    var maskNames = false

    @Option(help: ArgumentHelp("Most templates to keep (memory bound); later new messages count as 'other'.", valueName: "n"))
    var maxTemplates: Int = 20_000

    /// The config file in effect (an empty config when there is none).
    func loadConfig() throws -> TriageConfig {
        guard let path = TriageConfig.locate(explicit: self.config) else { return TriageConfig() }
        do { return try TriageConfig.load(path: path) } catch { throw UsageFailure(error.description) }
    }

    /// Applies the config file and flags (flags win).
    @discardableResult
    func apply(to options: inout AnalysisOptions) throws -> TriageConfig {
        // TRIAGE_THREADS=1 reads and mines on one thread (to measure the pipeline, or on a busy box).
        if let t = getenv("TRIAGE_THREADS"), String(cString: t) == "1" { options.parallel = false }
        var config = try loadConfig()
        for (i, spec) in masks.enumerated() {
            var name = "mask\(i + 1)"
            var pattern = spec
            if let eq = spec.firstIndex(of: "="), spec[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
                eq > spec.startIndex
            {
                name = String(spec[..<eq])
                pattern = String(spec[spec.index(after: eq)...])
            }
            do { _ = try Regex(pattern, options: []) } catch {
                throw UsageFailure("--mask: \(error.description)")
            }
            config.addedMasks.append(Mask(name: name, pattern: pattern))
        }
        if noBuiltinMasks { config.useBuiltInMasks = false }
        if maskNames { config.showMaskNames = true }
        guard maxTemplates >= 10 else { throw UsageFailure("--max-templates must be at least 10") }
        options.maxTemplates = maxTemplates
        options.masks = config.masks
        options.showMaskNames = config.showMaskNames
        return config
    }
}

/// Where runbooks come from: the built-in library, the config's directories, then `--runbooks`.
struct RunbookOptions: ParsableArguments {
    @Option(name: .customLong("runbooks"), help: ArgumentHelp("A directory of the team's runbooks; wins over the built-in ones on equal ids (repeatable).", valueName: "dir"))
    var directories: [String] = []

    @Flag(help: "Leave out the runbooks built into triage.")
    var noBuiltinRunbooks = false

    func library(config: TriageConfig) -> RunbookLibrary {
        let lib = load(config: config)
        report(lib)
        return lib
    }

    /// Loads the library without reporting its problems (`report` does, on the caller's thread).
    func load(config: TriageConfig) -> RunbookLibrary {
        RunbookLibrary.load(directories: config.runbookDirectories + directories, includeBuiltIn: !noBuiltinRunbooks)
    }

    func report(_ lib: RunbookLibrary) {
        for p in lib.problems { Stderr.write("triage: \(p.description.replacingOccurrences(of: ": error: ", with: ": warning: ")) (runbook skipped)\n") }
    }
}
