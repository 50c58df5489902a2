/// Lines with no recognisable structure: the whole line is the message; the level is inferred.
struct PlainParser: LineParser {
    let format = LogFormat.plain

    func parse(_ b: UnsafeRawBufferPointer, into rec: inout ParsedLine, context: ParseContext) -> Bool {
        rec.setMessage(b, 0..<b.count)
        rec.level = LevelInference.infer(rec.message)
        return true
    }
}
