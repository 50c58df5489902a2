/// A set of byte values (256 bits): which bytes a text holds, or which a regex match needs
/// (`Regex.Requirement`).
public struct ByteSet: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The bytes of `text`.
    public init(_ text: UnsafeRawBufferPointer) {
        for b in text { insert(b) }
    }

    /// A code unit and, for an ASCII letter, its other case (PCRE2 does not say whether a literal
    /// is caseless). A unit outside ASCII gives nil (no requirement): its other case may begin
    /// with another byte.
    init?(eitherCaseOf unit: UInt32) {
        guard unit < 0x80 else { return nil }
        let c = UInt8(unit)
        insert(c)
        if isAlpha(c) { insert(c ^ 0x20) }
    }

    /// PCRE2's 32-byte table of possible first code units.
    init(bitmap: UnsafePointer<UInt8>) {
        for i in 0..<256 where bitmap[i >> 3] & (1 << UInt8(i & 7)) != 0 { insert(UInt8(i)) }
    }

    private mutating func insert(_ b: UInt8) {
        let bit = UInt64(1) << UInt64(b & 63)
        switch b >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    public func intersects(_ o: ByteSet) -> Bool {
        words.0 & o.words.0 != 0 || words.1 & o.words.1 != 0 || words.2 & o.words.2 != 0 || words.3 & o.words.3 != 0
    }
}
