#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Logarithms as properties, for the statistics (HyperLogLog, BM25, findings).
extension Double {
    var naturalLog: Double { log(self) }
    var log10: Double { Glibc.log10(self) }
}
