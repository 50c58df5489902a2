#if canImport(Glibc)
    import Glibc
#endif

/// The tests behind findings (docs/findings.md): exact conditional binomial tails for two Poisson
/// counts, and Benjamini–Hochberg across templates.
enum Statistics {
    /// ln C(n, k) + k ln p + (n−k) ln(1−p).
    static func logBinomialPMF(_ k: Int, _ n: Int, _ p: Double) -> Double {
        let lc = lgamma(Double(n) + 1) - lgamma(Double(k) + 1) - lgamma(Double(n - k) + 1)
        let a = k == 0 ? 0 : Double(k) * log(p)
        let b = n - k == 0 ? 0 : Double(n - k) * log1p(-p)
        return lc + a + b
    }

    /// P[X ≥ k] for X ~ Binomial(n, p): exact up to n = 20 000, normal approximation beyond.
    static func upperTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
        if k <= 0 { return 1 }
        if k > n { return 0 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        if n > 20_000 {
            let mu = Double(n) * p, sd = (Double(n) * p * (1 - p)).squareRoot()
            return 0.5 * erfc((Double(k) - 0.5 - mu) / (sd * 2.0.squareRoot()))
        }
        return logSumExp((k...n).map { logBinomialPMF($0, n, p) })
    }

    /// P[X ≤ k].
    static func lowerTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
        if k < 0 { return 0 }
        if k >= n { return 1 }
        return min(1, max(0, 1 - upperTail(k + 1, n, p)))
    }

    private static func logSumExp(_ xs: [Double]) -> Double {
        guard let m = xs.max(), m > -Double.infinity else { return 0 }
        return min(1, exp(m) * xs.reduce(0) { $0 + exp($1 - m) })
    }

    /// Benjamini–Hochberg adjusted p-values (q-values), in the input order.
    static func benjaminiHochberg(_ p: [Double]) -> [Double] {
        let m = Double(p.count)
        let order = p.indices.sorted { p[$0] < p[$1] }
        var q = [Double](repeating: 1, count: p.count)
        var running = 1.0
        for (rank, i) in order.enumerated().reversed() {
            running = min(running, p[i] * m / Double(rank + 1))
            q[i] = min(1, running)
        }
        return q
    }

    static func median(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func quantile(_ xs: [Double], _ q: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, max(0, Int((Double(s.count - 1) * q).rounded())))]
    }
}
