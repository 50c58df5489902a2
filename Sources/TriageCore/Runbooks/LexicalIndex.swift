/// BM25 over runbook text (title, tags, keywords, examples), so an error phrased in a way no rule
/// foresaw can still find its runbook by wording.
struct LexicalIndex {
    private var docs: [[String: Int]] = []
    private var lengths: [Int] = []
    private var documentFrequency: [String: Int] = [:]
    private var averageLength = 1.0
    static let k1 = 1.2
    static let b = 0.75

    init(_ runbooks: [Runbook]) {
        for r in runbooks {
            var words: [String] = []
            words += Self.terms(r.title) + Self.terms(r.title)  // the title counts double
            words += r.tags.flatMap(Self.terms)
            for rule in r.match.any { if case .keywords(let k) = rule { words += k.flatMap(Self.terms) } }
            words += r.examples.flatMap(Self.terms)
            var tf: [String: Int] = [:]
            for w in words { tf[w, default: 0] += 1 }
            docs.append(tf)
            lengths.append(words.count)
            for w in tf.keys { documentFrequency[w, default: 0] += 1 }
        }
        averageLength = max(1, Double(lengths.reduce(0, +)) / Double(max(1, lengths.count)))
    }

    /// BM25 score of `query` against document `doc`, and the query terms it shares. `query` is
    /// best given as `uniqueTerms` (the caller scores one query against every document).
    func score(_ query: [String], doc: Int) -> (Double, [String]) {
        let n = Double(docs.count)
        var s = 0.0
        var matched: [String] = []
        // Sorted, so the floating-point sum (and every tie it decides) is the same in every run.
        for q in Self.uniqueTerms(query) {
            guard let tf = docs[doc][q], let df = documentFrequency[q] else { continue }
            let idf = max(0, ((n - Double(df) + 0.5) / (Double(df) + 0.5) + 1).naturalLog)
            let f = Double(tf)
            s += idf * f * (Self.k1 + 1) / (f + Self.k1 * (1 - Self.b + Self.b * Double(lengths[doc]) / averageLength))
            matched.append(q)
        }
        return (s, matched)
    }

    /// The distinct terms, sorted.
    static func uniqueTerms(_ terms: [String]) -> [String] {
        var sorted = terms.sorted()
        var w = 0
        for t in sorted where w == 0 || sorted[w - 1] != t {
            sorted[w] = t
            w += 1
        }
        sorted.removeLast(sorted.count - w)
        return sorted
    }

    static let stopwords: Set<String> = [
        "the", "and", "for", "with", "from", "was", "were", "not", "are", "has", "have", "had", "this", "that", "while",
        "into", "after", "before", "but", "all", "any", "can", "could", "will", "would", "been", "being", "its", "our",
        "you", "your", "they", "them", "their", "there", "then", "than", "when", "which", "what", "who", "how", "out",
        "too", "via", "per", "may", "more", "most", "some", "such", "only", "own", "same", "other", "ing", "info",
        "warn", "error", "debug", "trace", "fatal", "failed", "failure",
    ]

    /// Lower-case words of three letters or more, without stop words and variables.
    /// (Over UTF-8 bytes: words are runs of ASCII letters, so any other byte ends one.)
    static func terms(_ text: String) -> [String] {
        var out: [String] = []
        var text = text
        text.withUTF8 { b in
            var start = 0
            func flush(_ end: Int) {
                if end - start >= 3 {
                    let word = String(decoding: b[start..<end].lazy.map { $0 | 0x20 }, as: UTF8.self)
                    if !stopwords.contains(word) { out.append(word) }
                }
            }
            for i in 0..<b.count where !isAlpha(b[i]) {
                flush(i)
                start = i + 1
            }
            flush(b.count)
        }
        return out
    }
}

