/// JSON output: the `AnalysisReport` as documented in docs/json-output.md, keys sorted so that
/// output is byte-for-byte reproducible (`JSONTreeEncoder`: Foundation's format, faster).
public enum JSONReportPrinter {
    public static func render(_ report: AnalysisReport) -> String {
        // Only a non-finite number could fail; the report holds none.
        ((try? JSONTreeEncoder.encode(report, pretty: true)) ?? "{}") + "\n"
    }

    /// One document on one line (JSON lines), for periodic output while following.
    public static func renderLine(_ report: AnalysisReport) -> String {
        ((try? JSONTreeEncoder.encode(report, pretty: false)) ?? "{}") + "\n"
    }
}
