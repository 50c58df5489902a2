/// The online template miner: one pass, results usable at any time, memory that grows with the
/// number of templates rather than lines. One set of defaults for every input.
///
/// Messages arrive masked (known variable shapes already `<*>`) and split on whitespace. A message
/// joins the most similar template of the same token count when at least half of its positions
/// agree and every disagreement is at a position that may vary:
/// - a position the template already holds as `<*>` (or `key=<*>` with the same key) matches anything;
/// - a disagreement where either token is not a plain word (it has digits, `<*>`, `=`, `/`, `_`,
///   dots inside…) generalises that position to `<*>` (keeping a shared `key=` / `key:` prefix);
/// - a disagreement between two plain words ("opened" / "closed") does **not** merge: such words
///   are usually the constant that tells two statements apart. The message starts a sibling
///   template instead, and once three siblings differ only in that one position (three distinct
///   words, "user alice / bob / carol"), they are merged into one template with `<*>` there.
///
/// Merged (absorbed) templates keep pointing at their survivor, so ids handed out earlier resolve.
final class TemplateMiner {
    static let similarityThreshold = 0.5
    static let siblingsToMerge = 3

    struct Token: Equatable, Hashable {
        /// Interned token id, or the id of the constant prefix of a wildcard (`-1`: no prefix).
        var id: Int32
        var wildcard: Bool
        static func constant(_ id: Int32) -> Token { Token(id: id, wildcard: false) }
        static let any = Token(id: -1, wildcard: true)
    }

    final class Template {
        let index: Int
        var tokens: [Token] {
            didSet { version &+= 1 }
        }
        /// Changes whenever `tokens` does (a cluster compares it with the version it last saw).
        private(set) var version: UInt32 = 0
        /// Index of the template that absorbed this one, if any.
        var survivor: Int?
        /// Messages that joined (for the sibling rule).
        var count = 0
        /// The trailing `<*>` stands for a run of one or more variable tokens (lists of ids).
        var variadic = false
        /// Where the trailing run of variable tokens starts (`tokens.count` when there is none).
        func tailStart(_ table: TokenTable) -> Int {
            var i = tokens.count
            while i > 0,
                tokens[i - 1].wildcard
                    ? tokens[i - 1].id < 0 || table.isPlaceholder(tokens[i - 1].id)
                    : table.hasPlaceholder(tokens[i - 1].id)
            {
                i -= 1
            }
            return i
        }
        init(index: Int, tokens: [Token]) {
            self.index = index
            self.tokens = tokens
        }
    }

    /// What `add` reports: the template the message joined, and templates absorbed on the way.
    struct Outcome {
        var template: Int
        /// (absorbed, survivor) pairs, in the order they happened.
        var merges: [(Int, Int)] = []
        var created = false
    }

    let tokens: TokenTable
    /// Exact mode: every distinct token sequence is its own template (nothing generalises).
    let exactOnly: Bool

    init(exactOnly: Bool = false, sightings: SightingTags = SightingTags()) {
        self.exactOnly = exactOnly
        tokens = TokenTable(sightings: sightings)
    }
    private(set) var templates: [Template] = []
    /// `templates` for per-event reads without a retain/release pair (`templates` holds them).
    private var templateRefs: [Unmanaged<Template>] = []

    /// The version of template `t`'s tokens (see `Template.version`).
    func tokensVersion(_ t: Int) -> UInt32 { templateRefs[t]._withUnsafeGuaranteedRef { $0.version } }
    /// Per token count: templates of that length (grown on demand).
    private var byLength: [[Int]] = []
    /// Exact token sequence → template, so repeated messages skip the similarity scan.
    private var exact = HashIndex(capacity: 16)
    /// Counts the times `exact` started over: a template remembered for a message (`addKnown`)
    /// stands for `exact`'s entry only while this is unchanged.
    private(set) var exactGeneration: UInt32 = 0
    private var siblings: [UInt64: [Int]] = [:]
    /// (length, position, constant token) → templates created with that constant there: an index
    /// into `postingLists`.
    private var postings = HashIndex(capacity: 16)
    private var postingLists: [[Int]] = []
    /// Per length, templates created with no constant token.
    private var constantFree: [[Int]] = []
    /// Candidate de-duplication: `seenStamp[t] == stamp` once template t is a candidate this call.
    private var seenStamp: [UInt32] = []
    /// Per candidate of this call: how many of the line's tokens it has as constants.
    private var sharedConstants: [Int32] = []
    /// Most token comparisons one message's template search makes (candidates × length).
    static let candidateTokenBudget = 1 << 16
    private var stamp: UInt32 = 0
    /// Scratch arrays reused by every `bestCandidate` call (no allocation per line).
    private var candidateScratch: [Int] = []
    private var diffScratch: [Int] = []

    static func postingKey(_ length: Int, _ position: Int, _ token: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: token)) | UInt64(position & 0xFFF) << 32 | UInt64(length & 0xFFF) << 44
    }

    /// Templates ending in a run of `<*>`, keyed by the tokens before the run.
    private var byHead: [UInt64: [Int]] = [:]
    /// Most entries `exact` holds before it starts over (a variable for tests).
    var exactCacheLimit = 200_000

    /// Counts changes to anything the template search reads: a template made, absorbed, marked
    /// variadic, or with a token generalised.
    private var mutations: UInt64 = 0
    /// Lines with provisional tokens (an identifier the masks leave: `Order ORD-55UVCBPE placed`)
    /// are new to every cache, so each one searched the templates. Their ids are the same for
    /// every line of one shape (a provisional id is its token's rank in the message), and the
    /// search reads a provisional token's text only through a prefix wildcard (`ORD-<*>`) at its
    /// position or when telling word differences apart. So while nothing has changed
    /// (`mutations`, mixed into the key), a line of a shape whose search found a template it
    /// matched in full gets that template again without the search, if it still matches it: the
    /// candidates are the same (they come from the ids) and taken in the same order, the first
    /// to match in full wins (it scores 1; word differences only rule out candidates that do not
    /// match), and an earlier candidate cannot match now where it did not before — unless it has
    /// a prefix wildcard where a provisional token stands, and then the shape is not remembered.
    private var shapes = HashIndex(capacity: 16)
    static let shapeLimit = 1 << 16
    /// Off only to check that remembered shapes change nothing.
    var remembersShapes = true
    /// Lines that took a remembered shape's template (for tests).
    private(set) var shapeHits = 0

    /// Mines one message given as token ids. With `allowCreate` false (the template cap is reached),
    /// a message that would start a new template returns nil instead.
    func add(_ line: [Int32], allowCreate: Bool = true) -> Outcome? {
        let key = Self.hash(line)
        if let t = exact[key] {
            let root = resolve(t)
            if matches(templates[root], line) {
                templates[root].count += 1
                return Outcome(template: root)
            }
        }
        var outcome = Outcome(template: -1)
        if exactOnly {
            guard allowCreate else { return nil }
            outcome.template = create(line, copyingWildcardsFrom: nil)
            outcome.created = true
            if let k = exactKey(line, key, created: true) { exact[k] = outcome.template }
            return outcome
        }
        let shaped = remembersShapes && line.contains(where: TokenTable.isProvisional)
        let shapeKey = key ^ (mutations &* 0x9E37_79B9_7F4A_7C15)
        if shaped, let t = shapes[shapeKey], templates[t].survivor == nil, matches(templates[t], line) {
            shapeHits += 1
            templates[t].count += 1
            return Outcome(template: t)
        }
        let (best, blocked) = bestCandidate(line)
        if let best {
            if shaped, matches(templates[best], line), !earlierCandidateMayMatch(line, before: best) {
                if shapes.count >= Self.shapeLimit { shapes.removeAll() }
                shapes[shapeKey] = best
            }
            if generalise(best, with: line) { mutations &+= 1 }
            outcome.template = best
        } else if let v = variadicCandidate(line) {
            templates[v].variadic = true
            mutations &+= 1
            outcome.template = v
        } else {
            mutations &+= 1
            guard allowCreate else { return nil }
            // A one-word sibling takes its neighbour's known variables, so the two differ in that
            // word only; with more word differences the line is a statement of its own.
            let sibling = blocked.flatMap { $0.positions.count == 1 ? $0 : nil }
            if let b = sibling { generalise(b.template, with: line, except: b.positions) }
            let t = create(line, copyingWildcardsFrom: sibling?.template)
            outcome.template = t
            outcome.created = true
            if let b = sibling {
                outcome.merges = registerSibling(t, of: b.template, at: b.positions[0])
                outcome.template = resolve(t)
            }
        }
        if let k = exactKey(line, key, created: outcome.created) {
            if exact.count >= exactCacheLimit {
                exact.removeAll()
                exactGeneration &+= 1
            }
            exact[k] = outcome.template
        }
        templates[outcome.template].count += 1
        return outcome
    }

    /// The key `exact` remembers a mined line by: the hash of its ids (`key`). A provisional id
    /// means nothing after this message, so a line with one is remembered only when it made a
    /// template, which stored every token — by the hash of the stored ids; else nil.
    private func exactKey(_ line: [Int32], _ key: UInt64, created: Bool) -> UInt64? {
        guard line.contains(where: TokenTable.isProvisional) else { return key }
        return created ? Self.hash(line.map(tokens.permanent)) : nil
    }

    /// `add` for a message last mined into template `known` while `exactGeneration` has not
    /// changed: then `exact` maps the message to `known` (or to a template `known` resolves to), so
    /// this is the result `add` would give, without hashing the message and probing `exact`.
    func addKnown(_ line: [Int32], known: Int, allowCreate: Bool = true) -> Outcome? {
        let root = resolve(known)
        if matches(templates[root], line) {
            templates[root].count += 1
            return Outcome(template: root)
        }
        return add(line, allowCreate: allowCreate)
    }

    /// `addKnown` for a message that matched live template `t` when its tokens had `version`
    /// (in the same `exactGeneration`): while `t` is live and its tokens unchanged, the message
    /// still matches it, so it is counted without looking at the message's ids. False (nothing
    /// counted) when `t` has changed or been absorbed since.
    func addUnchanged(_ t: Int, version: UInt32) -> Bool {
        templateRefs[t]._withUnsafeGuaranteedRef { tpl in
            guard tpl.survivor == nil, tpl.version == version else { return false }
            tpl.count += 1
            return true
        }
    }

    /// A template with the same tokens before a trailing run of `<*>` of another length:
    /// `BLOCK* ask <*> to delete <*>` and `… delete <*> <*> <*>` are one statement with a list.
    private func variadicCandidate(_ line: [Int32]) -> Int? {
        var head = line.count
        while head > 0, tokens.hasPlaceholder(line[head - 1]) { head -= 1 }
        guard head < line.count, head > 0 else { return nil }
        for t in byHead[Self.hash(Array(line[0..<head]))] ?? [] {
            let tpl = templates[resolve(t)]
            guard tpl.survivor == nil, tpl.tailStart(tokens) == head, tpl.tokens.count != line.count else { continue }
            if (0..<head).allSatisfy({ tokenMatches(tpl.tokens[$0], line[$0]) }) { return tpl.index }
        }
        return nil
    }

    /// Follows absorptions to the live template.
    func resolve(_ t: Int) -> Int {
        var r = t
        while let s = templates[r].survivor { r = s }
        var c = t
        while let s = templates[c].survivor, s != r {  // path compression
            templates[c].survivor = r
            c = s
        }
        return r
    }


    // MARK: - Matching

    private func matches(_ template: Template, _ line: [Int32]) -> Bool {
        let tokens = template.tokens
        if tokens.count == line.count {
            for (t, l) in zip(tokens, line) where !tokenMatches(t, l) { return false }
            return true
        }
        guard template.variadic else { return false }
        let head = template.tailStart(self.tokens)
        guard line.count > head else { return false }
        for i in 0..<head where !tokenMatches(tokens[i], line[i]) { return false }
        for i in head..<line.count where !self.tokens.hasPlaceholder(line[i]) { return false }
        return true
    }

    private func tokenMatches(_ t: Token, _ l: Int32) -> Bool {
        if !t.wildcard { return t.id == l }
        if t.id < 0 { return true }
        return tokens.bytes(l).starts(with: tokens.bytes(t.id))
    }

    private struct Blocked {
        var template: Int
        var positions: [Int]
        var score: Double
    }

    /// The best template the line may join, or else the closest one it was kept from by words.
    private func bestCandidate(_ line: [Int32]) -> (Int?, Blocked?) {
        guard line.count < byLength.count, !byLength[line.count].isEmpty else { return (nil, nil) }
        // Only templates sharing a constant token at the same position can qualify (plus those with
        // no constant at all): an inverted index keeps this fast with thousands of templates.
        stamp &+= 1
        if stamp == 0 {
            for i in seenStamp.indices { seenStamp[i] = 0 }
            stamp = 1
        }
        if seenStamp.count < templates.count {
            seenStamp.append(contentsOf: repeatElement(0, count: templates.count - seenStamp.count))
            sharedConstants.append(contentsOf: repeatElement(0, count: templates.count - sharedConstants.count))
        }
        candidateScratch.removeAll(keepingCapacity: true)
        candidateScratch.append(contentsOf: constantFree[line.count])
        for (i, tok) in line.enumerated() {
            guard let list = postings[Self.postingKey(line.count, i, tok)] else { continue }
            for t in postingLists[list] where seenStamp[t] != stamp {
                seenStamp[t] = stamp
                candidateScratch.append(t)
            }
        }
        // Scoring costs a comparison per token per candidate. Many near-identical templates of a
        // long shape (a word and hundreds of numbers) would make each new line cost as much as
        // all of them: past a budget, only the candidates sharing the most constants with the
        // line are scored (then the oldest), which is where its template is.
        let most = max(64, Self.candidateTokenBudget / max(1, line.count))
        if candidateScratch.count > most { keepBestSharing(most, line) }
        candidateScratch.sort()
        var best: (Int, Double)?
        var blocked: Blocked?
        let n = Double(line.count)
        // The fewest agreeing positions that reach the threshold.
        var needed = 0
        while Double(needed) / n < Self.similarityThreshold { needed += 1 }
        var bestSame = -1
        for k in candidateScratch.indices {
            let t = candidateScratch[k]
            let tplRef = templateRefs[t]
            guard tplRef._withUnsafeGuaranteedRef({ $0.survivor == nil }) else { continue }
            // A candidate that cannot reach the threshold, or (once a template qualifies) cannot
            // beat it, changes nothing: `blocked` only counts while no template qualifies.
            let required = max(needed, bestSame + 1)
            var same = 0
            var constantsEqual = 0
            var constants = 0
            diffScratch.removeAll(keepingCapacity: true)
            let complete = tplRef._withUnsafeGuaranteedRef { tplObj in
                tplObj.tokens.withUnsafeBufferPointer { tpl in
                    for i in 0..<line.count {
                        if same + (line.count - i) < required { return false }
                        if !tpl[i].wildcard { constants += 1 }
                        if tokenMatches(tpl[i], line[i]) {
                            same += 1
                            if !tpl[i].wildcard { constantsEqual += 1 }
                        } else if !tpl[i].wildcard, isWordDifference(tpl[i].id, line[i]) {
                            diffScratch.append(i)
                        }
                    }
                    return true
                }
            }
            guard complete else { continue }
            let score = Double(same) / n
            guard score >= Self.similarityThreshold else { continue }
            // Agreeing only on wildcards is no evidence of the same statement.
            if constants > 0, constantsEqual == 0 { continue }
            if diffScratch.isEmpty {
                if best.map({ score > $0.1 }) ?? true {
                    best = (t, score)
                    bestSame = same
                }
            } else if blocked.map({ score > $0.score }) ?? true {
                blocked = Blocked(template: t, positions: Array(diffScratch), score: score)
            }
        }
        // A line that differs only by plain words from its closest template is a sibling of it.
        if best != nil { return (best?.0, nil) }
        return (nil, blocked)
    }

    /// Keeps the `most` candidates that share the most constants with `line` (the oldest among
    /// equals). Counted only here: past the budget, which ordinary logs never reach.
    private func keepBestSharing(_ most: Int, _ line: [Int32]) {
        for t in candidateScratch { sharedConstants[t] = 0 }
        for (i, tok) in line.enumerated() {
            guard let list = postings[Self.postingKey(line.count, i, tok)] else { continue }
            for t in postingLists[list] { sharedConstants[t] &+= 1 }
        }
        candidateScratch.sort { sharedConstants[$0] != sharedConstants[$1] ? sharedConstants[$0] > sharedConstants[$1] : $0 < $1 }
        candidateScratch.removeLast(candidateScratch.count - most)
    }

    /// Two plain words, or two words after a shared prefix (`action.SCREEN_ON` / `action.TIME_TICK`).
    private func isWordDifference(_ a: Int32, _ b: Int32) -> Bool {
        if tokens.isWord(a) && tokens.isWord(b) { return true }
        let x = tokens.bytes(a), y = tokens.bytes(b)
        var common = 0
        while common < x.count, common < y.count, x[common] == y[common] { common += 1 }
        var cut = 0
        for i in 0..<common where x[i] == 0x3D || x[i] == 0x3A || x[i] == 0x2E || x[i] == 0x2F { cut = i + 1 }
        guard cut > 0 else { return false }
        return TokenTable.classifyWord(UnsafeRawBufferPointer(rebasing: x[cut...]))
            && TokenTable.classifyWord(UnsafeRawBufferPointer(rebasing: y[cut...]))
    }

    // MARK: - Changing templates

    private func create(_ message: [Int32], copyingWildcardsFrom other: Int?) -> Int {
        // A template keeps stored tokens only (a message's may be provisional: `TokenTable`).
        let line = message.map(tokens.permanent)
        // Whole tokens the masks replaced are variables from the start: `<*>` matches anything, a
        // named `<ipv4>` matches that name (and prints as it).
        var toks = line.map { id -> Token in
            guard !exactOnly, tokens.isPlaceholder(id) else { return .constant(id) }
            return tokens.text(id) == Masker.placeholder ? .any : Token(id: id, wildcard: true)
        }
        if let o = other {
            for (i, t) in templates[o].tokens.enumerated() where t.wildcard { toks[i] = t }
        }
        return append(toks, line: line)
    }

    /// A template with exactly these tokens, as if mining had made it (for tests that need
    /// templates mining makes only on long inputs).
    func appendTemplateForTesting(_ toks: [Token]) -> Int {
        mutations &+= 1
        return append(toks, line: toks.map(\.id))
    }

    /// Adds a template and indexes it for the search (`line`: the stored ids it was made from).
    private func append(_ toks: [Token], line: [Int32]) -> Int {
        let t = Template(index: templates.count, tokens: toks)
        templates.append(t)
        templateRefs.append(Unmanaged.passUnretained(t))
        while byLength.count <= line.count {
            byLength.append([])
            constantFree.append([])
        }
        byLength[line.count].append(t.index)
        var constantsSeen = false
        for (i, tok) in toks.enumerated() where !tok.wildcard {
            let key = Self.postingKey(line.count, i, tok.id)
            if let list = postings[key] {
                postingLists[list].append(t.index)
            } else {
                postings[key] = postingLists.count
                postingLists.append([t.index])
            }
            constantsSeen = true
        }
        if !constantsSeen { constantFree[line.count].append(t.index) }
        let head = t.tailStart(tokens)
        if head < toks.count, head > 0 { byHead[Self.hash(Array(line[0..<head])), default: []].append(t.index) }
        return t.index
    }

    /// Makes template `t` match `line` (but at `skip`); whether a token changed.
    @discardableResult
    private func generalise(_ t: Int, with line: [Int32], except skip: [Int] = []) -> Bool {
        let tpl = templates[t]
        var changed = false
        for i in 0..<line.count where !tokenMatches(tpl.tokens[i], line[i]) && !skip.contains(i) {
            tpl.tokens[i] = wildcard(for: tpl.tokens[i], line[i])
            changed = true
        }
        return changed
    }

    /// Whether a live candidate of the last search taken before `best` could match a line of
    /// `line`'s shape in full with other text in its provisional tokens: it matches the stored
    /// tokens, has wildcards where the provisional ones stand, and a prefix wildcard (`user=<*>`)
    /// among them, whose match the text decides.
    private func earlierCandidateMayMatch(_ line: [Int32], before best: Int) -> Bool {
        for t in candidateScratch where t < best && templates[t].survivor == nil {
            let tokens = templates[t].tokens
            var prefixAtProvisional = false
            var possible = true
            for i in line.indices {
                if TokenTable.isProvisional(line[i]) {
                    guard tokens[i].wildcard else {
                        possible = false
                        break
                    }
                    if tokens[i].id >= 0 { prefixAtProvisional = true }
                } else if !tokenMatches(tokens[i], line[i]) {
                    possible = false
                    break
                }
            }
            if possible, prefixAtProvisional { return true }
        }
        return false
    }

    /// `<*>`, or the shared prefix up to its last `=`, `:`, `.` or `/` and `<*>`: `user=<*>`,
    /// `org.apache.hadoop.mapreduce.<*>`.
    private func wildcard(for t: Token, _ l: Int32) -> Token {
        let a = t.wildcard ? (t.id >= 0 ? tokens.text(t.id) : []) : tokens.text(t.id)
        let b = tokens.text(l)
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        var cut = 0
        for i in 0..<common where a[i] == 0x3D || a[i] == 0x3A || a[i] == 0x2E || a[i] == 0x2F { cut = i + 1 }
        if t.wildcard, t.id >= 0, cut < a.count { cut = 0 }  // an existing prefix must be kept whole
        guard cut > 0 else { return .any }
        let prefix = Array(a[0..<cut])
        return Token(id: prefix.withUnsafeBytes { tokens.id($0) }, wildcard: true)
    }

    /// Records that `t` differs from `sibling` only by a word at `position`; merges the group once
    /// it has `siblingsToMerge` members. Returns the merges done.
    private func registerSibling(_ t: Int, of sibling: Int, at position: Int) -> [(Int, Int)] {
        var shape = templates[t].tokens
        shape[position] = .any
        // The rest of the shape must carry the statement: at least half of the other positions
        // constant (else "generating <*>", "store <*>", "auxiliary <*>" would merge into "<*> <*>").
        let others = shape.count - 1
        let constantOthers = shape.enumerated().filter { $0.offset != position && !$0.element.wildcard }.count
        guard others > 0, constantOthers * 2 >= others, constantOthers >= 1 else { return [] }
        var h = Self.hash(shape.map { $0.wildcard ? -2 - $0.id : $0.id })
        h ^= UInt64(position) &* 0x9E37_79B9_7F4A_7C15
        var group = siblings[h] ?? [sibling]
        group = group.map(resolve)
        if !group.contains(t) { group.append(t) }
        group = Array(Set(group)).sorted()
        siblings[h] = group
        // Three or more words in one position make it a variable — unless each has been seen so
        // often that they look like an enumeration (TIME_TICK, SCREEN_ON, SCREEN_OFF): a variable's
        // distinct values keep growing with its count, an enumeration's do not.
        let seen = group.reduce(0) { $0 + templates[$1].count } + 1
        guard group.count >= Self.siblingsToMerge, Double(group.count) * 2 >= Double(seen).squareRoot() else { return [] }
        let survivor = group[0]
        // Keep what the words share before a `=`, `:`, `.` or `/` (`user=<*>`).
        var merged = templates[survivor].tokens[position]
        for other in group.dropFirst() {
            let o = templates[other].tokens[position]
            merged = o.wildcard ? (o.id < 0 ? .any : merged) : wildcard(for: merged, o.id)
        }
        templates[survivor].tokens[position] = merged.wildcard ? merged : .any
        var merges: [(Int, Int)] = []
        for other in group.dropFirst() {
            templates[other].survivor = survivor
            templates[survivor].count += templates[other].count
            templates[survivor].variadic = templates[survivor].variadic || templates[other].variadic
            merges.append((other, survivor))
        }
        siblings[h] = [survivor]
        return merges
    }

    static func hash(_ ids: [Int32]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(ids.count)
        for id in ids {
            h ^= UInt64(UInt32(bitPattern: id))
            h &*= 0x0000_0100_0000_01b3
            h ^= h >> 29
        }
        return h
    }
}
