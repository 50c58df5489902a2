#if canImport(Glibc)
    import Glibc
#endif

/// Compares time ranges and sets the changes against change events: findings (new, spiking,
/// dropping, gone templates), the incident window, and the ranked suspect changes.
/// It works on the report model only, so every face can call it.
public struct Correlator {
    public struct Options: Sendable {
        /// Explicit split: baseline before, target from it (`--baseline-until`).
        public var baselineUntil: Int64?
        /// Explicit ranges (`--compare A..B C..D`).
        public var compare: (baseline: Range<Int64>, target: Range<Int64>)?
        /// Window after a change in which its effects are looked for.
        public var effectWindowMillis: Int64 = 30 * 60_000
        /// How far before the onset a change may be and still be suspected.
        public var lookbackMillis: Int64 = 2 * 3_600_000
        public init() {}
    }

    public var options: Options
    public init(options: Options = Options()) { self.options = options }

    // MARK: - Entry point

    public func correlate(_ report: AnalysisReport, changes: [ChangeEvent]) -> Correlation {
        let clusters = report.clusters
        let spanStart = clusters.compactMap { $0.firstSeen.flatMap(parseTime) }.min()
        let spanEnd = clusters.compactMap { $0.lastSeen.flatMap(parseTime) }.max()
        guard let spanStart, let spanEnd, spanEnd > spanStart else {
            return Correlation(
                findings: [], suspects: [],
                context: CorrelationContext(
                    incident: nil, baseline: nil, target: nil, anchor: "none", notImplicated: [],
                    verdict: "No deploy is implicated: the events carry no timestamps to compare."))
        }
        let incident = detectIncident(clusters, spanStart: spanStart, spanEnd: spanEnd)
        // The split between baseline and target, within the events' span: a time outside it (a
        // --baseline-until before the first event, an onset at a bucket's edge) leaves one side
        // empty rather than making an inverted range.
        func divided(at t: Int64) -> (Range<Int64>, Range<Int64>) {
            let t = min(max(t, spanStart), spanEnd + 1)
            return (spanStart..<t, t..<(spanEnd + 1))
        }
        var anchor = "none"
        var split: (Range<Int64>, Range<Int64>)?
        if let c = options.compare {
            split = (c.baseline, c.target)
            anchor = "--compare"
        } else if let t = options.baselineUntil {
            split = divided(at: t)
            anchor = "--baseline-until"
        } else if let inc = incident {
            split = divided(at: inc.onsetMillis)
            anchor = "incident onset"
        } else if let last = changes.filter({ $0.time > spanStart && $0.time < spanEnd && $0.kind != .rollback }).last {
            split = divided(at: last.time)
            anchor = "change \(last.id)"
        }
        var findings: [Finding] = []
        if let (b, t) = split, b.upperBound > b.lowerBound, t.upperBound > t.lowerBound {
            findings = rankCausesFirst(
                detectFindings(clusters, baseline: b, target: t, incidentOnset: incident?.onsetMillis), clusters: clusters)
        }
        let (suspects, notImplicated, verdict) = rankSuspects(
            changes, findings: findings, clusters: clusters, incident: incident)
        return Correlation(findings: findings, suspects: suspects, context: CorrelationContext(
            incident: incident.map {
                IncidentWindow(onset: formatTimestamp($0.onsetMillis), end: $0.endMillis.map(formatTimestamp), signal: $0.signal, bucketSeconds: Int($0.width / 1000))
            },
            baseline: split.map { TimeRange(start: formatTimestamp($0.0.lowerBound), end: formatTimestamp($0.0.upperBound)) },
            target: split.map { TimeRange(start: formatTimestamp($0.1.lowerBound), end: formatTimestamp(min($0.1.upperBound, spanEnd))) },
            anchor: anchor, notImplicated: notImplicated, verdict: verdict))
    }

    // MARK: - Incident window

    struct Incident {
        var onsetMillis: Int64
        var endMillis: Int64?
        var signal: String
        var width: Int64
    }

    /// Most buckets the incident search uses: a stray timestamp decades away (a clock reset, a
    /// zero date) would otherwise make one-minute buckets over the whole span — millions of them.
    static let maxBuckets: Int64 = 200_000

    /// The bucket width for a span: `width`, or whole minutes wide enough for `maxBuckets`.
    static func bucketWidth(_ width: Int64, span: Int64) -> Int64 {
        guard span / width >= maxBuckets else { return width }
        return (span / maxBuckets / 60_000 + 1) * 60_000
    }

    /// CUSUM on the per-bucket count of error events (then warnings, if errors show no change):
    /// baseline level = median, scale = max(1.4826·MAD, √level, 1), k = 0.5, alarm at 5.
    func detectIncident(_ clusters: [AnalysisReport.ClusterReport], spanStart: Int64, spanEnd: Int64) -> Incident? {
        for (signal, minLevel) in [("error", Level.error), ("warn", Level.warn)] {
            let relevant = clusters.filter { c in c.levels.keys.contains { (Level(name: $0) ?? .unknown) >= minLevel } }
            guard !relevant.isEmpty else { continue }
            let widest = max(60_000, relevant.compactMap { $0.histogram.map { Int64($0.bucketSeconds) * 1000 } }.max() ?? 60_000)
            let width = Self.bucketWidth(widest, span: spanEnd - spanStart)
            let start = floorDiv(spanStart, width) * width
            let n = Int((spanEnd - start) / width) + 1
            guard n >= 6 else { continue }
            var series = [Double](repeating: 0, count: n)
            for c in relevant {
                guard let h = c.histogram, let hs = parseTime(h.start) else { continue }
                let share = Double(c.levels.filter { (Level(name: $0.key) ?? .unknown) >= minLevel }.values.reduce(0, +)) / Double(max(1, c.count))
                for (i, v) in h.counts.enumerated() where v > 0 {
                    let t = hs + Int64(i) * Int64(h.bucketSeconds) * 1000
                    let k = Int((t - start) / width)
                    if k >= 0, k < n { series[k] += Double(v) * share }
                }
            }
            let mu = Statistics.median(series)
            let mad = Statistics.median(series.map { abs($0 - mu) })
            let sigma = max(1.4826 * mad, mu.squareRoot(), 1)
            var s = 0.0
            var lastZero = 0
            var alarm: Int?
            for (i, x) in series.enumerated() {
                s = max(0, s + (x - mu) / sigma - 0.5)
                if s == 0 { lastZero = i }
                if s > 5 {
                    alarm = i
                    break
                }
            }
            guard let alarm else { continue }
            let onsetBucket = min(lastZero + 1, alarm)
            var onset = start + Int64(onsetBucket) * width
            // Refine to the first event of a template that became active in the rising buckets.
            let risingEnd = start + Int64(alarm + 1) * width
            // (Templates that are themselves at this level and recur, not a stray line.)
            let firsts = relevant.filter { $0.level >= minLevel && $0.count >= 3 }
                .compactMap { $0.firstSeen.flatMap(parseTime) }.filter { $0 >= onset && $0 < risingEnd }
            if let f = firsts.min() { onset = f }
            // (A bucket can start before the first event: the onset is not earlier than that event.)
            onset = max(onset, spanStart)
            // The end: the last bucket still clearly above the baseline level.
            var end: Int64?
            if let lastHigh = series.indices.last(where: { $0 >= onsetBucket && series[$0] > mu + 3 * sigma }) {
                end = min(spanEnd, start + Int64(lastHigh + 1) * width)
            }
            return Incident(onsetMillis: onset, endMillis: end, signal: signal, width: width)
        }
        return nil
    }

    // MARK: - Findings

    func detectFindings(
        _ clusters: [AnalysisReport.ClusterReport], baseline b: Range<Int64>, target t: Range<Int64>, incidentOnset: Int64?
    ) -> [Finding] {
        let eB = Double(b.upperBound - b.lowerBound), eT = Double(t.upperBound - t.lowerBound)
        let pi0 = eT / (eB + eT)
        struct Candidate {
            var c: AnalysisReport.ClusterReport
            var cB: Int
            var cT: Int
            var kind: Finding.Kind?
            var p: Double
        }
        var cands: [Candidate] = []
        for c in clusters {
            let cB = count(c, in: b), cT = count(c, in: t)
            guard cB + cT > 0 else { continue }
            let n = cB + cT
            var cand = Candidate(c: c, cB: cB, cT: cT, kind: nil, p: 1)
            if cB == 0 {
                cand.p = pow(pi0, Double(cT))
                if cT >= 3 { cand.kind = .new }
            } else if cT == 0 {
                cand.p = pow(1 - pi0, Double(cB))
                if cB >= 3 { cand.kind = .gone }
            } else {
                let up = Statistics.upperTail(cT, n, pi0), down = Statistics.lowerTail(cT, n, pi0)
                cand.p = min(1, 2 * min(up, down))
                cand.kind = up < down ? .spike : .drop
            }
            cands.append(cand)
        }
        let q = Statistics.benjaminiHochberg(cands.map(\.p))
        var out: [Finding] = []
        for (i, cand) in cands.enumerated() {
            guard let kind = cand.kind else { continue }
            let rr = ((Double(cand.cT) + 0.5) / eT) / ((Double(cand.cB) + 0.5) / eB)
            let expected = Double(cand.cB) * eT / eB
            switch kind {
            case .new, .gone:
                guard cand.p < 0.001 else { continue }
            case .spike, .drop:
                guard q[i] < 0.02, abs(rr.naturalLog / 0.6931471805599453) >= 1, abs(Double(cand.cT) - expected) >= 5 else { continue }
            }
            let c = cand.c
            let onsetT: Int64? = kind == .new || kind == .spike
                ? max(t.lowerBound, c.firstSeen.flatMap(parseTime) ?? t.lowerBound) : nil
            let strength = min(10, -max(kind == .new || kind == .gone ? cand.p : q[i], 1e-300).log10)
            let kindWeight: Double = [.new: 1.0, .spike: 0.9, .drop: 0.4, .gone: 0.4][kind]!
            var earliness = 1.0
            if let o = onsetT, let inc = incidentOnset { earliness = max(0.5, min(1, exp(-Double(max(0, o - inc)) / 1_800_000))) }
            let volume = 1 + 0.1 * Double(1 + abs(cand.cT - Int(expected))).log10
            let score = Self.levelWeight(c.level) * strength * kindWeight * earliness * volume
            out.append(
                Finding(
                    cluster: c.id, kind: kind, score: (score * 1000).rounded() / 1000,
                    explanation: explain(kind, c, cB: cand.cB, cT: cand.cT, rr: rr, eB: eB, eT: eT, onset: onsetT, q: q[i]),
                    level: c.level, source: c.source, template: c.template, baselineCount: cand.cB, count: cand.cT,
                    rateRatio: (rr * 100).rounded() / 100, pValue: cand.p, qValue: q[i], onset: onsetT.map(formatTimestamp)))
        }
        return out.sorted { $0.score != $1.score ? $0.score > $1.score : $0.cluster < $1.cluster }
    }

    /// A finding in a service that calls another service with a finding that began no later is a
    /// symptom of it (the gateway's 503s on /api/orders when orders fails): it weighs 0.8, so causes
    /// rank above their symptoms.
    func rankCausesFirst(_ findings: [Finding], clusters: [AnalysisReport.ClusterReport]) -> [Finding] {
        let sources = Set(findings.map(\.source))
        guard sources.count > 1 else { return findings }
        // Service names as they appear in messages: "gateway-access" → "gateway".
        var names: Set<String> = []
        for s in sources {
            names.insert(s)
            if let first = s.split(whereSeparator: { $0 == "-" || $0 == "_" }).first { names.insert(String(first)) }
        }
        let calls = serviceCalls(clusters: clusters, services: names)
        let earliest = Dictionary(
            findings.compactMap { f in f.onset.flatMap(parseTime).map { (f.source, $0) } }, uniquingKeysWith: min)
        var out = findings
        for i in out.indices {
            guard let o = out[i].onset.flatMap(parseTime) else { continue }
            let callees = calls[out[i].source] ?? []
            let downstreamOfFailure = sources.contains { other in
                other != out[i].source && callees.contains { serviceMatches($0, other) }
                    && (earliest[other].map { $0 <= o + 60_000 } ?? false)
            }
            if downstreamOfFailure { out[i].score = ((out[i].score * 0.8) * 1000).rounded() / 1000 }
        }
        return out.sorted { $0.score != $1.score ? $0.score > $1.score : $0.cluster < $1.cluster }
    }

    func explain(_ kind: Finding.Kind, _ c: AnalysisReport.ClusterReport, cB: Int, cT: Int, rr: Double, eB: Double, eT: Double, onset: Int64?, q: Double) -> String {
        let what = "\(c.level.name) template in \(c.source)"
        let before = Formatting.duration(Int64(eB)), after = Formatting.duration(Int64(eT))
        switch kind {
        case .new:
            return "New \(what): \(Formatting.grouped(cT))× since \(onset.map { Formatting.clock($0) } ?? "the split") (never in the \(before) before)."
        case .gone:
            return "\(what.prefix(1).uppercased() + what.dropFirst()) stopped: 0× in the \(after) after, \(Formatting.grouped(cB))× in the \(before) before."
        case .spike:
            return "\(what.prefix(1).uppercased() + what.dropFirst()) \(Formatting.ratio(rr))× more often: \(Formatting.grouped(cT)) in \(after) vs \(Formatting.grouped(cB)) in \(before) (q = \(Formatting.scientific(q)))."
        case .drop:
            return "\(what.prefix(1).uppercased() + what.dropFirst()) \(Formatting.ratio(1 / rr))× less often: \(Formatting.grouped(cT)) in \(after) vs \(Formatting.grouped(cB)) in \(before) (q = \(Formatting.scientific(q)))."
        }
    }

    /// Events of a cluster inside a range, from its histogram (buckets split in proportion).
    func count(_ c: AnalysisReport.ClusterReport, in r: Range<Int64>) -> Int {
        guard let h = c.histogram, let hs = parseTime(h.start) else {
            // No histogram: all or nothing by first/last seen.
            if let f = c.firstSeen.flatMap(parseTime), r.contains(f) { return c.count }
            return 0
        }
        let w = Int64(h.bucketSeconds) * 1000
        let first = c.firstSeen.flatMap(parseTime), last = c.lastSeen.flatMap(parseTime)
        var total = 0.0
        for (i, v) in h.counts.enumerated() where v > 0 {
            // Events lie between the cluster's first and last time, so the edge buckets shrink to them.
            var lo = hs + Int64(i) * w, hi = lo + w
            if let f = first, f > lo, f < hi { lo = f }
            if let l = last, l >= lo, l + 1 < hi { hi = l + 1 }
            let span = max(1, hi - lo)
            let overlap = max(0, min(hi, r.upperBound) - max(lo, r.lowerBound))
            if overlap > 0 { total += Double(v) * Double(overlap) / Double(span) }
        }
        // A cluster whose first event lies in the range has at least one there.
        if total < 1, let f = c.firstSeen.flatMap(parseTime), r.contains(f) { return max(1, Int(total.rounded())) }
        return Int(total.rounded())
    }

    static func levelWeight(_ l: Level) -> Double {
        switch l {
        case .fatal, .error: 1.0
        case .warn: 0.5
        case .notice, .info, .unknown: 0.2
        case .debug, .trace: 0.05
        }
    }

    // MARK: - Suspects

    /// Score(D) = T·K·R·(1 + Σ M·w·min(10, −log10 p)) over the findings D explains best
    /// (docs/findings.md): T decays with the time from D to the onset, K weighs the kind of change,
    /// R rewards a rollback after which the errors stopped, M is 1 for D's own service and less for
    /// services that call it. Each finding counts for the change that explains it best, so a
    /// harmless change next to the culprit is not implicated by the culprit's effects.
    func rankSuspects(
        _ changes: [ChangeEvent], findings: [Finding], clusters: [AnalysisReport.ClusterReport], incident: Incident?
    ) -> ([Suspect], [NotImplicated], String) {
        guard !changes.isEmpty else {
            return ([], [], "No change events were given (--deploys FILE), so no deploy can be implicated.")
        }
        let relevant = findings.filter { $0.kind == .new || $0.kind == .spike }
        guard let onset = incident?.onsetMillis ?? relevant.compactMap({ $0.onset.flatMap(parseTime) }).min() else {
            return ([], [], "No deploy is implicated: neither the error nor the warning rate changed, and no template is new or spiking.")
        }
        let calls = serviceCalls(clusters: clusters, services: Set(changes.map(\.service)))
        let g: Int64 = 2 * 60_000
        var notImplicated: [NotImplicated] = []
        var candidates: [ChangeEvent] = []
        for d in changes where d.time >= onset - options.lookbackMillis && d.time <= onset + options.effectWindowMillis {
            if d.kind == .rollback {
                notImplicated.append(NotImplicated(deploy: d.id, reason: "a rollback: a mitigation, not a cause"))
            } else if d.time > onset + g {
                notImplicated.append(NotImplicated(deploy: d.id, reason: "came \(Formatting.duration(d.time - onset)) after the onset at \(Formatting.clock(onset))"))
            } else {
                candidates.append(d)
            }
        }
        func decay(_ d: ChangeEvent) -> Double { exp(-Double(max(0, onset - d.time)) / 600_000) }
        func kindWeight(_ d: ChangeEvent) -> Double {
            switch d.kind {
            case .deploy, .config, .flag, .migration, .commit: 1
            case .scale, .restart, .infra, .other: 0.5
            case .rollback: 0.2
            }
        }
        // Assign each finding to the change that explains it best.
        struct Evidence {
            var finding: Finding
            var weight: Double
            var relation: String
        }
        var assigned = [[Evidence]](repeating: [], count: candidates.count)
        var relatedSomewhere = [Bool](repeating: false, count: candidates.count)
        var explainedBy = [String?](repeating: nil, count: candidates.count)
        for f in relevant {
            guard let o = f.onset.flatMap(parseTime) else { continue }
            let strength = Self.levelWeight(f.level) * min(10, -max(f.kind == .new ? f.pValue : f.qValue, 1e-300).log10)
            var best: (Int, Double, Evidence)?
            var related: [Int] = []
            for (i, d) in candidates.enumerated() where o >= d.time - g && o <= d.time + options.effectWindowMillis {
                let (m, relation) = relation(of: f.source, to: d.service, calls: calls)
                guard m >= 0.45 else { continue }
                related.append(i)
                let contribution = decay(d) * kindWeight(d) * m * strength
                if best.map({ contribution > $0.1 }) ?? true {
                    best = (i, contribution, Evidence(finding: f, weight: m * strength, relation: relation))
                }
            }
            guard let (winner, _, ev) = best else { continue }
            assigned[winner].append(ev)
            for i in related where i != winner {
                relatedSomewhere[i] = true
                explainedBy[i] = explainedBy[i] ?? candidates[winner].id
            }
        }
        var suspects: [Suspect] = []
        for (i, d) in candidates.enumerated() {
            guard !assigned[i].isEmpty else {
                let reason: String
                if relatedSomewhere[i], let other = explainedBy[i] {
                    reason = "the changes in its service are better explained by \(other), closer to the onset"
                } else if d.time < onset - options.effectWindowMillis {
                    reason = "\(Formatting.duration(onset - d.time)) before the onset, longer than its \(Formatting.duration(options.effectWindowMillis)) effect window"
                } else {
                    reason = "no new or spiking template in \(d.service == "*" ? "any service" : d.service) or in a service that calls it"
                }
                notImplicated.append(NotImplicated(deploy: d.id, reason: reason))
                continue
            }
            var r = 1.0
            var rollbackNote = ""
            if let rb = changes.first(where: { $0.kind == .rollback && $0.time > d.time && serviceMatches(d.service, $0.service) }),
                let end = incident?.endMillis, end >= rb.time - g, end <= rb.time + 2 * options.effectWindowMillis
            {
                r = 1.5
                rollbackNote = " Rolled back by \(rb.id) at \(Formatting.clock(rb.time)); the errors stopped \(Formatting.duration(max(0, end - rb.time))) later."
            }
            let ranked = assigned[i].sorted { $0.weight > $1.weight }
            let score = decay(d) * kindWeight(d) * r * (1 + ranked.reduce(0) { $0 + $1.weight })
            suspects.append(
                Suspect(
                    deploy: d.id, score: (score * 1000).rounded() / 1000,
                    explanation: explainSuspect(d, onset: onset, evidence: ranked.map { ($0.finding, $0.relation) }) + rollbackNote,
                    clusters: ranked.map(\.finding.cluster), service: d.service, time: formatTimestamp(d.time)))
        }
        suspects.sort { $0.score != $1.score ? $0.score > $1.score : $0.deploy < $1.deploy }
        // When nothing is near, say why the nearest change is not suspected.
        if candidates.isEmpty, notImplicated.isEmpty,
            let nearest = changes.filter({ $0.kind != .rollback }).min(by: { abs($0.time - onset) < abs($1.time - onset) })
        {
            let d = onset - nearest.time
            notImplicated.append(
                NotImplicated(
                    deploy: nearest.id,
                    reason: d > 0
                        ? "the nearest change, \(Formatting.duration(d)) before the onset at \(Formatting.clock(onset)): too long before to be its cause"
                        : "the nearest change, \(Formatting.duration(-d)) after the onset at \(Formatting.clock(onset))"))
        }
        let verdict: String
        if let top = suspects.first {
            verdict = "Most likely: \(top.deploy). \(top.explanation)"
        } else {
            let why = notImplicated.map { "\($0.deploy): \($0.reason)" }.joined(separator: "; ")
            verdict = "No deploy is implicated: the incident began at \(Formatting.clock(onset)) and no change explains it" + (why.isEmpty ? "." : " (\(why)).")
        }
        return (suspects, notImplicated, verdict)
    }

    /// "47 s after dep-812 (payments 2.13.4 → 2.14.0), 2 new error templates appeared in payments (69
    /// events), first: …; checkout (calls payments): … rose 31×."
    func explainSuspect(_ d: ChangeEvent, onset: Int64, evidence: [(Finding, String)]) -> String {
        let delta = onset - d.time
        let lead = delta >= 0 ? "\(Formatting.duration(delta)) after \(d.label)" : "\(Formatting.duration(-delta)) before \(d.label) was recorded"
        var parts: [String] = []
        let own = evidence.filter { $0.1 == "same service" }.map(\.0)
        if !own.isEmpty {
            let newOnes = own.filter { $0.kind == .new }.count
            let spikes = own.count - newOnes
            var what: [String] = []
            if newOnes > 0 { what.append("\(newOnes) new template\(newOnes == 1 ? "" : "s")") }
            if spikes > 0 { what.append("\(spikes) spiking template\(spikes == 1 ? "" : "s")") }
            let events = own.reduce(0) { $0 + $1.count }
            parts.append("\(what.joined(separator: " and ")) in \(own[0].source) (\(Formatting.grouped(events)) events), first: \(Formatting.truncate(own[0].template, toWidth: 80))")
        }
        for (f, relation) in evidence.filter({ $0.1 != "same service" }).prefix(2) {
            let change = f.kind == .new ? "appeared (\(Formatting.grouped(f.count)) events)" : "rose \(Formatting.ratio(f.rateRatio))×"
            parts.append("\(f.source), which \(relation): \(Formatting.truncate(f.template, toWidth: 60)) \(change)")
        }
        return lead + ", " + parts.joined(separator: "; ") + "."
    }

    /// Which services' templates mention which change services ("call to payments timed out" in
    /// checkout: checkout calls payments). Returns caller → callees.
    func serviceCalls(clusters: [AnalysisReport.ClusterReport], services: Set<String>) -> [String: Set<String>] {
        var calls: [String: Set<String>] = [:]
        let names = services.filter { $0 != "*" && $0.count >= 3 }.map { ($0, Array($0.lowercased().utf8)) }
        for c in clusters where c.level >= .warn {
            let text = Array(([c.template] + c.samples.prefix(2)).joined(separator: " ").lowercased().utf8)
            text.withUnsafeBytes { t in
                for (name, bytes) in names where !serviceMatches(name, c.source) && RuleMatcher.containsWord(bytes, in: t) {
                    calls[c.source, default: []].insert(name)
                }
            }
        }
        return calls
    }

    /// (weight, relation) of a finding's service to a change's service.
    func relation(of source: String, to service: String, calls: [String: Set<String>]) -> (Double, String) {
        if service == "*" { return (0.3, "") }
        if serviceMatches(service, source) { return (1, "same service") }
        if calls[source]?.contains(where: { serviceMatches(service, $0) }) == true { return (0.6, "calls \(service)") }
        // Two hops: the finding's service calls one that calls the changed service.
        for mid in calls[source] ?? [] {
            for (caller, callees) in calls where serviceMatches(mid, caller) && callees.contains(where: { serviceMatches(service, $0) }) {
                return (0.45, "calls \(mid), which calls \(service)")
            }
        }
        // Or it names a route served by a service that calls the changed one (gateway → checkout).
        return (0.1, "")
    }

    /// `payments` matches `payments`, `payments-api`, `gateway-access` matches `gateway`.
    func serviceMatches(_ service: String, _ source: String) -> Bool {
        let a = service.lowercased(), b = source.lowercased()
        if a == "*" || a == b { return true }
        let parts = b.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == "." || $0 == "/" }).map(String.init)
        return parts.first == a || b.hasPrefix(a + "-") || b.hasPrefix(a + "_")
    }
}

func parseTime(_ iso: String) -> Int64? {
    TimestampParser(referenceMillis: 0).parse(iso)
}
