/// The front half of an analysis, run where the input is read: time range and filters; what passes
/// goes into the current batch, to be masked (by `masker` on the mining thread, or by the reader's
/// own masker when it has time: `Analyzer.analyze`) and mined.
final class EventFrontEnd {
    let masker: Masker
    private let filterMatcher: EventFilterMatcher?
    private let since: Int64?
    private let until: Int64?
    /// The batch being filled; swapped by whoever hands batches to the miner.
    var batch = EventBatch()

    init(options: AnalysisOptions) throws(Regex.CompileError) {
        masker = try Masker(masks: options.masks, showNames: options.showMaskNames)
        since = options.since
        until = options.until
        if options.filter.isEmpty {
            filterMatcher = nil
        } else {
            let m = EventFilterMatcher(options.filter)
            filterMatcher = m
            m.limitHit = { [unowned self] pattern in self.batch.limitHits.append(pattern) }
        }
    }

    func take(_ event: LogEvent) {
        if let t = event.timestamp {
            if let s = since, t < s { batch.filtered += 1; return }
            if let u = until, t >= u { batch.filtered += 1; return }
        }
        if let f = filterMatcher, !f.accepts(event) {
            batch.filtered += 1
            return
        }
        // (Called per event: a guaranteed reference skips a retain/release pair on the batch.)
        Unmanaged.passUnretained(batch)._withUnsafeGuaranteedRef { $0.append(event) }
    }
}
