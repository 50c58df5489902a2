/// JSON output: the `AnalysisReport` as documented in docs/json-output.md, keys sorted so that
/// output is byte-for-byte reproducible (`JSONTreeEncoder`: Foundation's format, faster).
public enum JSONReportPrinter {
    public static func render(_ report: AnalysisReport) -> String {
        var out: [UInt8] = []
        _ = write(report) { bytes in
            out.append(contentsOf: bytes)
            return true
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The pretty document, handed to `sink` about a mebibyte at a time. The clusters, nearly all of
    /// a large report, are encoded and written one by one, so the document is never whole in memory
    /// (a report of 20,000 clusters with stack-trace samples is tens of megabytes, and its tree
    /// several times that). The same bytes as encoding the report at once. False when `sink` fails.
    public static func write(_ report: AnalysisReport, to sink: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        var rest = report
        rest.clusters = []
        // Only a non-finite number could fail to encode; the report holds none.
        guard case .object(let box)? = try? JSONTreeEncoder.node(rest) else {
            return "{}\n".utf8.withContiguousStorageIfAvailable { sink(UnsafeRawBufferPointer($0)) } ?? false
        }
        var failed = false
        func flush(_ out: inout [UInt8], atLeast: Int) {
            guard out.count >= atLeast else { return }
            if !failed, !out.withUnsafeBytes(sink) { failed = true }
            out.removeAll(keepingCapacity: true)
        }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20 + 1 << 16)
        // The top object as `JSONTreeEncoder.write` writes it, the clusters' array written as it goes.
        JSONTreeEncoder.writeObject(box, pretty: true, indent: 0, into: &out) { member, indent, out in
            guard member.key == "clusters" else {
                JSONTreeEncoder.write(member.value, pretty: true, indent: indent, into: &out)
                return
            }
            JSONTreeEncoder.container(0x5B, 0x5D, report.clusters.count, pretty: true, indent: indent, into: &out) { c, out in
                let node = (try? JSONTreeEncoder.node(report.clusters[c])) ?? .null
                JSONTreeEncoder.write(node, pretty: true, indent: indent + 2, into: &out)
                flush(&out, atLeast: 1 << 20)
            }
        }
        out.append(0x0A)
        flush(&out, atLeast: 0)
        return !failed
    }

    /// One document on one line (JSON lines), for periodic output while following.
    public static func renderLine(_ report: AnalysisReport) -> String {
        ((try? JSONTreeEncoder.encode(report, pretty: false)) ?? "{}") + "\n"
    }
}
