/// Encodes `Encodable` values as JSON with sorted keys and unescaped slashes, pretty-printed or on
/// one line: byte for byte what Foundation's `JSONEncoder` writes with `.sortedKeys`,
/// `.withoutEscapingSlashes` (and `.prettyPrinted`), at several times its speed — a report with a
/// few hundred clusters is written after every analysis and every `--every` interval.
/// (`JSONTreeEncoderTests` compares the two on real reports and on every kind of value.)
enum JSONTreeEncoder {
    static func encode<T: Encodable>(_ value: T, pretty: Bool) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(try node(value), pretty: pretty, indent: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - The tree

    indirect enum Node {
        case object(ObjectBox)
        case array(ArrayBox)
        case string(String)
        /// Already formatted.
        case number(String)
        case bool(Bool)
        case null
        /// A value a `superEncoder` fills in after it was attached.
        case later(LaterBox)
    }

    final class LaterBox {
        var node: Node?
    }

    /// Members and items live in boxes: a nested container fills its box after it was attached.
    final class ObjectBox {
        var members: [(key: String, value: Node)] = []
    }

    final class ArrayBox {
        var items: [Node] = []
    }

    /// (Coding paths are not tracked — building one per value costs more than the rest: an error
    /// names the value, not where it sits.)
    static func node<T: Encodable>(_ value: T) throws -> Node {
        // Arrays' elements come through the generic `encode`: compare metatypes (cheap) before
        // any dynamic cast (not cheap).
        if T.self == String.self { return .string(value as! String) }
        if T.self == Int.self { return .number(String(value as! Int)) }
        if T.self == Double.self { return try number(value as! Double) }
        if T.self == Bool.self { return .bool(value as! Bool) }
        if T.self == Float.self { return try number(value as! Float) }
        // (Other integer widths reach here through the containers' generic `encode`: handled
        // here, or their own `encode(to:)` would come back through it forever.)
        if otherIntegers.contains(where: { $0 == T.self }) { return .number(String(describing: value)) }
        let e = TreeEncoder()
        try value.encode(to: e)
        return e.node ?? .object(ObjectBox())
    }

    private static let otherIntegers: [Any.Type] = [
        Int8.self, Int16.self, Int32.self, Int64.self, UInt.self, UInt8.self, UInt16.self, UInt32.self, UInt64.self,
    ]

    /// Foundation's form: the shortest representation that reads back, without a trailing `.0`.
    static func number<F: BinaryFloatingPoint & CustomStringConvertible>(_ d: F) throws -> Node {
        guard d.isFinite else {
            throw EncodingError.invalidValue(d, .init(codingPath: [], debugDescription: "\(d) is not valid JSON"))
        }
        var s = d.description
        if s.hasSuffix(".0") { s.removeLast(2) }
        return .number(s)
    }

    // MARK: - Writing

    static func write(_ n: Node, pretty: Bool, indent: Int, into out: inout [UInt8]) {
        switch n {
        case .string(let s): writeString(s, into: &out)
        case .number(let s): appendUTF8(s, &out)
        case .bool(let b): appendUTF8(b ? "true" : "false", &out)
        case .null: appendUTF8("null", &out)
        case .later(let box): write(box.node ?? .object(ObjectBox()), pretty: pretty, indent: indent, into: &out)
        case .array(let box):
            container(0x5B, 0x5D, box.items.count, pretty: pretty, indent: indent, into: &out) { k, out in
                write(box.items[k], pretty: pretty, indent: indent + 2, into: &out)
            }
        case .object(let box):
            writeObject(box, pretty: pretty, indent: indent, into: &out) { value, indent, out in
                write(value.value, pretty: pretty, indent: indent, into: &out)
            }
        }
    }

    /// An object: its members in key order, each key then its value, which `value` writes (at the
    /// indent it is given; `JSONReportPrinter` streams the clusters' array this way).
    static func writeObject(
        _ box: ObjectBox, pretty: Bool, indent: Int, into out: inout [UInt8],
        value: (_ member: (key: String, value: Node), _ indent: Int, _ out: inout [UInt8]) -> Void
    ) {
        let members = box.members.sorted { $0.key < $1.key }
        container(0x7B, 0x7D, members.count, pretty: pretty, indent: indent, into: &out) { k, out in
            writeString(members[k].key, into: &out)
            appendUTF8(pretty ? " : " : ":", &out)
            value(members[k], indent + 2, &out)
        }
    }

    /// `open`, the `count` elements `element` writes separated by commas (pretty: one per line,
    /// indented two more than the container; an empty one still gets its blank line), `close`.
    static func container(
        _ open: UInt8, _ close: UInt8, _ count: Int, pretty: Bool, indent: Int, into out: inout [UInt8],
        _ element: (Int, inout [UInt8]) -> Void
    ) {
        out.append(open)
        if pretty { out.append(0x0A) }
        for k in 0..<count {
            if k > 0 {
                out.append(0x2C)
                if pretty { out.append(0x0A) }
            }
            if pretty { out.append(contentsOf: repeatElement(0x20, count: indent + 2)) }
            element(k, &out)
        }
        if pretty {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: indent))
        }
        out.append(close)
    }

    /// Appends a string's bytes in one copy.
    private static func appendUTF8(_ s: String, _ out: inout [UInt8]) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Quotes and escapes: `"`, `\`, and control characters (named ones as `\n`, `\t`…, the others
    /// as `\u00XX`); everything else, '/' and non-ASCII included, as is. Runs of bytes that need no
    /// escape are copied in one append.
    private static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { b in
            var run = 0
            for i in 0..<b.count {
                let c = b[i]
                guard c < 0x20 || c == 0x22 || c == 0x5C else { continue }
                if i > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i])) }
                run = i + 1
                out.append(0x5C)
                switch c {
                case 0x22, 0x5C: out.append(c)
                case 0x0A: out.append(0x6E)
                case 0x0D: out.append(0x72)
                case 0x09: out.append(0x74)
                case 0x08: out.append(0x62)
                case 0x0C: out.append(0x66)
                default:
                    out.append(0x75)
                    out.append(0x30)
                    out.append(0x30)
                    out.append(hexDigit(c >> 4))
                    out.append(hexDigit(c & 0xF))
                }
            }
            if b.count > run { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run...])) }
        }
        out.append(0x22)
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}

/// The `Encoder` that builds a `JSONTreeEncoder.Node` for one value.
private final class TreeEncoder: Encoder {
    typealias Node = JSONTreeEncoder.Node
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// Where the value goes: a box of its own, or one a parent's `superEncoder` attached.
    private let box: JSONTreeEncoder.LaterBox
    var node: Node? {
        get { box.node }
        set { box.node = newValue }
    }

    init(filling box: JSONTreeEncoder.LaterBox = JSONTreeEncoder.LaterBox()) { self.box = box }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedContainer<Key>(box: objectBox()))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedContainer(box: arrayBox())
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueContainer(encoder: self) }

    /// The object this value is (asking twice gives the same one).
    func objectBox() -> JSONTreeEncoder.ObjectBox {
        if case .object(let b) = node { return b }
        let b = JSONTreeEncoder.ObjectBox()
        node = .object(b)
        return b
    }

    func arrayBox() -> JSONTreeEncoder.ArrayBox {
        if case .array(let b) = node { return b }
        let b = JSONTreeEncoder.ArrayBox()
        node = .array(b)
        return b
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONTreeEncoder.ObjectBox
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { box.members.append((key.stringValue, .null)) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { box.members.append((key.stringValue, .bool(value))) }
    mutating func encode(_ value: String, forKey key: Key) throws { box.members.append((key.stringValue, .string(value))) }
    mutating func encode(_ value: Int, forKey key: Key) throws { box.members.append((key.stringValue, .number(String(value)))) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        box.members.append((key.stringValue, try JSONTreeEncoder.number(value)))
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        box.members.append((key.stringValue, try JSONTreeEncoder.number(value)))
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.members.append((key.stringValue, try JSONTreeEncoder.node(value)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        let nested = JSONTreeEncoder.ObjectBox()
        box.members.append((key.stringValue, .object(nested)))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONTreeEncoder.ArrayBox()
        box.members.append((key.stringValue, .array(nested)))
        return UnkeyedContainer(box: nested)
    }

    mutating func superEncoder() -> any Encoder { superEncoder(named: "super") }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(named: key.stringValue) }

    private func superEncoder(named name: String) -> any Encoder {
        let later = JSONTreeEncoder.LaterBox()
        box.members.append((name, .later(later)))
        return TreeEncoder(filling: later)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: JSONTreeEncoder.ArrayBox
    var codingPath: [any CodingKey] { [] }
    var count: Int { box.items.count }

    mutating func encodeNil() throws { box.items.append(.null) }
    mutating func encode(_ value: Bool) throws { box.items.append(.bool(value)) }
    mutating func encode(_ value: String) throws { box.items.append(.string(value)) }
    mutating func encode(_ value: Int) throws { box.items.append(.number(String(value))) }
    mutating func encode(_ value: Double) throws { box.items.append(try JSONTreeEncoder.number(value)) }
    mutating func encode(_ value: Float) throws { box.items.append(try JSONTreeEncoder.number(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { box.items.append(try JSONTreeEncoder.node(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONTreeEncoder.ObjectBox()
        box.items.append(.object(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONTreeEncoder.ArrayBox()
        box.items.append(.array(nested))
        return UnkeyedContainer(box: nested)
    }

    mutating func superEncoder() -> any Encoder {
        let later = JSONTreeEncoder.LaterBox()
        box.items.append(.later(later))
        return TreeEncoder(filling: later)
    }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoder.node = .null }
    mutating func encode(_ value: Bool) throws { encoder.node = .bool(value) }
    mutating func encode(_ value: String) throws { encoder.node = .string(value) }
    mutating func encode(_ value: Int) throws { encoder.node = .number(String(value)) }
    mutating func encode(_ value: Double) throws { encoder.node = try JSONTreeEncoder.number(value) }
    mutating func encode(_ value: Float) throws { encoder.node = try JSONTreeEncoder.number(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.node = try JSONTreeEncoder.node(value) }
}
