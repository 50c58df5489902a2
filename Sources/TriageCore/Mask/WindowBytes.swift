/// The punctuation in a search window that some built-in mask needs inside its match.
struct WindowBytes: OptionSet {
    let rawValue: Int
    static let colon = WindowBytes(rawValue: 1)
    static let at = WindowBytes(rawValue: 2)
    static let dash = WindowBytes(rawValue: 4)
    static let dot = WindowBytes(rawValue: 8)
    static let slash = WindowBytes(rawValue: 16)
    static let combinations = 32

    init(rawValue: Int) { self.rawValue = rawValue }

    init(_ b: UnsafeRawBufferPointer) {
        var v = 0
        for c in b {
            switch c {
            case 0x3A: v |= 1
            case 0x40: v |= 2
            case 0x2D: v |= 4
            case 0x2E: v |= 8
            case 0x2F: v |= 16
            default: break
            }
        }
        rawValue = v
    }

    /// What each built-in mask's every match contains (read off its pattern): `url` "://", `email`
    /// '@' and a '.' before its top-level domain, `objectref` a '.' and '@', `uuid` and `datetime`
    /// '-', `time` and `ipv6` ':', `mac` ':' or '-' (either: not required), `hostport` '/' or
    /// ':' (either), `ipv4` '.', `hex` and `number` nothing.
    static func required(byBuiltIn name: String) -> WindowBytes {
        switch name {
        case "url": [.colon, .slash]
        case "email", "objectref": [.at, .dot]
        case "uuid", "datetime": .dash
        case "time", "ipv6": .colon
        case "ipv4": .dot
        default: []
        }
    }
}
