import CHints
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Mines events into clusters, one template miner per source (templates of different services never
/// merge), and keeps each cluster's statistics, including the values of its variables.
final class ClusterStore {
    private(set) var clusters: [Cluster] = []
    private var miners: [TemplateMiner] = []
    /// `clusters` and `miners` for calls without a retain (they hold the references).
    private var clusterRefs: [Unmanaged<Cluster>] = []
    private var minerRefs: [Unmanaged<TemplateMiner>] = []
    /// Per miner: template index → cluster index.
    private var clusterOfTemplate: [[Int]] = []
    /// Miners by the hash of their service (and whether they mine exact templates); `minerKeys`
    /// holds each miner's service bytes and a trailing 0/1 byte, to confirm a hit.
    private let minerOfService = HashSlots(capacity: 64)
    private var minerKeys: [[UInt8]] = []

    private let masker: Masker
    /// For `add(_ e: LogEvent)`: a batch of one.
    private let single = EventBatch()
    /// The token ids of the message being mined (when the message cache cannot skip them).
    private var ids: [Int32] = []
    private let messageIDs = MessageIDCache()

    /// At most this many templates; past it, events that would start a new template are counted in
    /// one "other" cluster per source, and the token tables stop growing.
    let maxTemplates: Int
    private(set) var full = false
    private var otherOfMiner: [Int: Int] = [:]
    /// First sightings of tokens, for every miner's token table (one table: a miner per source
    /// must cost little, and a log can name thousands of sources).
    private let tokenSightings = SightingTags()
    /// Bytes of samples all clusters hold (bounded: see `SampleBudget`).
    let sampleBudget: SampleBudget
    /// Variable statistics all clusters hold (bounded: see `ParamBudget`).
    let paramBudget: ParamBudget
    /// Once the template cap is reached, a source not seen before gets no miner of its own: its
    /// events count in one "other" cluster (the miner here, made then).
    private var overflowMiner: Int?
    static let overflowSource = Array("(other sources)".utf8)

    init(
        masker: Masker, maxTemplates: Int = 20_000, sampleBudget: SampleBudget = SampleBudget(), paramBudget: ParamBudget = ParamBudget()
    ) {
        self.masker = masker
        self.maxTemplates = maxTemplates
        self.sampleBudget = sampleBudget
        self.paramBudget = paramBudget
    }

    /// Masks and mines one event (callers that read inputs use batches: `EventBatch`, `add(_: EventView)`).
    @discardableResult
    func add(_ e: LogEvent) -> Cluster {
        single.reset()
        single.append(e)
        single.maskAll(masker)
        var cluster = 0
        single.forEach { cluster = add($0) }
        settleSamples()
        return clusters[cluster]
    }

    /// Mines one event whose message is already masked and tokenized; returns its cluster's index
    /// (not the object: handing one out costs a retain and a release per event).
    @discardableResult
    func add(_ e: EventView) -> Int {
        let m = miner(for: e.service, exact: e.event.exactTemplate, e)
        let h = cacheHash(e)
        let entry = messageIDs.find(miner: m, e.masked, hash: h)
        if !full, clusters.count >= maxTemplates {
            full = true
            for mm in miners { mm.tokens.frozen = true }
        }
        // (Guaranteed references: the miner and the cluster live as long as the store, and each
        // retain/release pair is an atomic add and subtract, per event.)
        return minerRefs[m]._withUnsafeGuaranteedRef { add(e, m, $0, entry, hash: h) }
    }

    /// The event's key in the message cache.
    @inline(__always) private func cacheHash(_ e: EventView) -> UInt64 {
        MessageIDCache.hash(source: minerKey(e), messageHash: e.event.maskedHash)
    }

    /// A hash of what picks an event's miner: its source, and whether it mines exact templates.
    @inline(__always) private func minerKey(_ e: EventView) -> UInt64 {
        e.event.serviceHash ^ (e.event.exactTemplate ? 0x5555_5555_5555_5555 : 0)
    }

    /// Starts loading what mining `e` will read first, the message cache's slot (`stage` 0) and
    /// then the record it points to (`stage` 1), called for events some way ahead, so the loads
    /// overlap the work on the events before it.
    @inline(__always) func prefetch(_ e: EventView, stage: Int) {
        if stage == 0 {
            messageIDs.prefetch(hash: cacheHash(e))
            // The masked text and the message, written on the other thread (compared, and read
            // for variable values).
            if let m = e.masked.baseAddress { triage_prefetch(m) }
            if let m = e.message.baseAddress { triage_prefetch(m) }
        } else {
            messageIDs.prefetchRecord(hash: cacheHash(e))
        }
    }

    /// `entry`: the message's entry in the message cache, if it has one; `hash` its key there.
    private func add(_ e: EventView, _ m: Int, _ miner: TemplateMiner, _ found: Int?, hash h: UInt64) -> Int {
        var entry = found
        let known = entry.flatMap { messageIDs.template($0, generation: miner.exactGeneration) }
        let template: Int
        if let known, miner.addUnchanged(known.template, version: known.version) {
            // Most events: the message was mined into this template before, and it has not changed.
            // (No `Outcome` here: its array of merges would cost a release per event.)
            template = known.template
        } else {
            ids.removeAll(keepingCapacity: true)
            if let entry {
                messageIDs.appendIDs(entry, to: &ids)
            } else {
                let table = miner.tokens
                let b = e.masked
                for r in e.tokens { ids.append(table.messageID(UnsafeRawBufferPointer(rebasing: b[r]))) }
                // A message with a token seen for the first time is not cached: its ids are provisional.
                if table.hasProvisional {
                    messageIDs.seenBefore(hash: h)
                } else {
                    entry = messageIDs.insert(miner: m, b, hash: h, ids: ids)
                }
            }
            let mined = known.map { miner.addKnown(ids, known: $0.template, allowCreate: !full) } ?? miner.add(ids, allowCreate: !full)
            miner.tokens.endMessage()
            guard let outcome = mined else {
                let other = otherCluster(miner: m, service: e.service)
                if other.add(e, sampleSeed: UInt64(other.index)) { unsettled.append(other) }
                batchArena = e.arena
                return other.index
            }
            for (absorbed, survivor) in outcome.merges { merge(miner: m, absorbed, into: survivor) }
            template = outcome.template
        }
        if let entry {
            let now = MessageIDCache.Mined(template: template, version: miner.tokensVersion(template))
            if known.map({ $0.template != now.template || $0.version != now.version }) ?? true {
                messageIDs.setTemplate(entry, now, generation: miner.exactGeneration)
            }
        }
        let c = clusterFor(miner: m, template: template, service: e.service)
        clusterRefs[c]._withUnsafeGuaranteedRef { cluster in
            let version = miner.tokensVersion(template)
            if version != cluster.knownVersion {
                noteGeneralisation(cluster, miner.templates[template].tokens, table: miner.tokens)
                cluster.knownVersion = version
            }
            if cluster.add(e, sampleSeed: UInt64(cluster.index) &* 0x9E37_79B9_7F4A_7C15) { unsettled.append(cluster) }
            batchArena = e.arena
            recordParams(cluster, e)
        }
        return c
    }

    /// Clusters whose latest sample is still a range of the batch being mined (`batchArena`).
    private var unsettled: [Cluster] = []
    private var batchArena = UnsafeRawBufferPointer(start: nil, count: 0)

    /// Copies the latest samples out of the batch being mined: call when a batch is done, before
    /// it is reused (and before reading any cluster's samples).
    func settleSamples() {
        for c in unsettled { c.samples.settle(batchArena) }
        unsettled.removeAll(keepingCapacity: true)
    }

    /// The "other" cluster of a source, for events past the template cap.
    private func otherCluster(miner m: Int, service: UnsafeRawBufferPointer) -> Cluster {
        if let i = otherOfMiner[m] { return clusters[i] }
        let c = Cluster(
            index: clusters.count, service: m == overflowMiner ? Self.overflowSource : Array(service), minerIndex: m, templateIndex: -1,
            sampleBudget: sampleBudget, paramBudget: paramBudget)
        append(c)
        otherOfMiner[m] = c.index
        return c
    }

    /// The live cluster a cluster index ended up in.
    func resolve(_ i: Int) -> Int {
        var r = i
        while let s = clusters[r].survivor { r = s }
        return r
    }

    var liveClusters: [Cluster] { clusters.filter { $0.survivor == nil } }

    /// Tokens the miners' tables hold (what memory keeps per distinct token).
    var storedTokens: Int { miners.reduce(0) { $0 + $1.tokens.count } }

    /// Most tokens each miner's table stores from messages (`TokenTable.maxTokens`; for tests).
    var maxTokensPerMiner: Int? {
        didSet { if let n = maxTokensPerMiner { for m in miners { m.tokens.maxTokens = n } } }
    }

    /// The printed template, cached until the template changes (grep asks for it on every hit).
    func template(of c: Cluster) -> String {
        if c.templateIndex < 0 { return "(other messages: over the cap of \(maxTemplates) templates)" }
        let miner = miners[c.minerIndex]
        let t = miner.templates[c.templateIndex]
        if let cached = renderCache[c.index], cached.variadic == t.variadic, cached.tokens == t.tokens { return cached.text }
        let text = TemplateRenderer.render(
            t.tokens, table: miner.tokens, normalised: !miner.exactOnly && !masker.showNames, variadicFrom: t.variadic ? t.tailStart(miner.tokens) : nil)
        renderCache[c.index] = (t.tokens, t.variadic, text)
        return text
    }

    private var renderCache: [Int: (tokens: [TemplateMiner.Token], variadic: Bool, text: String)] = [:]

    // MARK: - Pieces

    private func miner(for service: UnsafeRawBufferPointer, exact: Bool, _ e: EventView) -> Int {
        let h = minerKey(e)
        func isKey(_ k: [UInt8]) -> Bool {
            k.count == service.count + 1 && k.last == (exact ? 1 : 0)
                && k.withUnsafeBytes { service.isEmpty || memcmp($0.baseAddress!, service.baseAddress!, service.count) == 0 }
        }
        let m: Int
        if let existing = minerOfService.find(h, { isKey(minerKeys[$0]) }) {
            m = existing
        } else if full {
            if let o = overflowMiner { return o }
            m = addMiner(TemplateMiner(sightings: tokenSightings), key: [])
            overflowMiner = m
        } else {
            m = addMiner(TemplateMiner(exactOnly: exact, sightings: tokenSightings), key: Array(service) + [exact ? 1 : 0])
            minerOfService.insert(m, hash: h)
        }
        return m
    }

    private func addMiner(_ miner: TemplateMiner, key: [UInt8]) -> Int {
        miners.append(miner)
        minerRefs.append(Unmanaged.passUnretained(miner))
        miner.tokens.frozen = full
        if let n = maxTokensPerMiner { miner.tokens.maxTokens = n }
        clusterOfTemplate.append([])
        minerKeys.append(key)
        return miners.count - 1
    }

    /// The index of the cluster of template `t` of miner `m`, made on first use.
    private func clusterFor(miner m: Int, template t: Int, service: UnsafeRawBufferPointer) -> Int {
        if t < clusterOfTemplate[m].count, clusterOfTemplate[m][t] >= 0 { return clusterOfTemplate[m][t] }
        while clusterOfTemplate[m].count <= t { clusterOfTemplate[m].append(-1) }
        let c = Cluster(
            index: clusters.count, service: Array(service), minerIndex: m, templateIndex: t, sampleBudget: sampleBudget,
            paramBudget: paramBudget)
        append(c)
        clusterOfTemplate[m][t] = c.index
        return c.index
    }

    private func append(_ c: Cluster) {
        clusters.append(c)
        clusterRefs.append(Unmanaged.passUnretained(c))
    }

    private func merge(miner m: Int, _ absorbed: Int, into survivor: Int) {
        let map = clusterOfTemplate[m]
        guard absorbed < map.count, map[absorbed] >= 0 else { return }
        let a = clusters[map[absorbed]]
        let s = clusters[a.service.withUnsafeBytes { clusterFor(miner: m, template: survivor, service: $0) }]
        guard a !== s, a.survivor == nil else { return }
        // The word that differed becomes a value of the survivor's new <*> position.
        let miner = miners[m]
        let survivorTokens = miner.templates[survivor].tokens
        for (i, t) in a.knownTokens.enumerated() where i < survivorTokens.count && survivorTokens[i].wildcard && !t.wildcard {
            a.params.add(at: i, miner.tokens.text(t.id), weight: a.count)
        }
        noteGeneralisation(s, survivorTokens, table: miner.tokens)
        s.knownVersion = miner.tokensVersion(survivor)
        settleSamples()
        s.absorb(a, renderedAs: TemplateRenderer.render(a.knownTokens, table: miner.tokens))
        a.survivor = s.index
    }

    /// Positions that just became `<*>`: the constant they held is a value, seen as often as the
    /// cluster so far.
    private func noteGeneralisation(_ c: Cluster, _ tokens: [TemplateMiner.Token], table: TokenTable) {
        c.lastMessageHash = 0  // values and positions change here
        if c.count > 0, c.knownTokens.count == tokens.count {
            for (i, t) in tokens.enumerated() where t.wildcard && !c.knownTokens[i].wildcard {
                c.params.add(at: i, table.text(c.knownTokens[i].id), weight: c.count)
            }
        }
        c.knownTokens = tokens
        c.paramPositions = tokens.indices.filter { tokens[$0].wildcard || table.hasPlaceholder(tokens[$0].id) }
    }

    /// Records the original text under each variable position of the template: a `<*>`, or a
    /// token the masks put a `<*>` in (`db-<*>` records `db-3`).
    private func recordParams(_ c: Cluster, _ e: EventView) {
        let tokenRanges = e.tokens
        guard c.knownTokens.count == tokenRanges.count else { return }
        // The same message as the cluster's last event (most of an access log's: the route's ids
        // are `<*>` already): the same values, counted again where they were counted last.
        let h = e.event.messageHash
        if h != 0, h == c.lastMessageHash {
            for k in 0..<c.paramPositions.count { c.params.repeatLast(at: c.paramPositions[k]) }
            return
        }
        c.lastMessageHash = h
        let orig = e.message
        var cursor = PlaceholderCursor()
        // (By index: iterating the array itself retains it, once per event.)
        for k in 0..<c.paramPositions.count {
            let i = c.paramPositions[k]
            let r = originalRange(tokenRanges[i], messageCount: orig.count, e.placeholders, &cursor)
            c.params.add(at: i, UnsafeRawBufferPointer(rebasing: orig[r]))
        }
    }

    /// How far `originalRange` has walked an event's placeholders: the first one not wholly
    /// before the offsets mapped so far, and how much longer than their `<*>` the ones before are.
    private struct PlaceholderCursor {
        var next = 0
        var delta = 0
    }

    /// Maps a range of the masked text back to the message, widening over placeholders. Ranges
    /// come in increasing order, so one cursor walks the placeholders once per event.
    private func originalRange(
        _ r: Range<Int>, messageCount: Int, _ placeholders: UnsafeBufferPointer<Masker.Placeholder>,
        _ cursor: inout PlaceholderCursor
    ) -> Range<Int> {
        func map(_ m: Int, isEnd: Bool) -> Int {
            while cursor.next < placeholders.count {
                let p = placeholders[cursor.next]
                if m >= p.maskedOffset + p.maskedLength {
                    cursor.delta += p.original.count - p.maskedLength
                    cursor.next += 1
                } else if m > p.maskedOffset || (m == p.maskedOffset && isEnd == false) {
                    return isEnd ? p.original.upperBound : p.original.lowerBound
                } else {
                    break
                }
            }
            return min(max(0, m + cursor.delta), messageCount)
        }
        let lo = map(r.lowerBound, isEnd: false)
        let hi = max(lo, map(r.upperBound, isEnd: true))
        return lo..<hi
    }
}
