/// A map from 64-bit keys to small non-negative integers with open addressing: the miner looks
/// keys up for every token of many events, and a Swift Dictionary hashes each key with SipHash.
/// Keys are mixed with a multiplicative hash, so structured keys (packed fields) spread well.
struct HashIndex: Sendable {
    private var keys: [UInt64]
    /// -1: empty slot.
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    subscript(key: UInt64) -> Int? {
        get {
            let mask = values.count - 1
            var i = slot(key)
            while true {
                let v = values[i]
                if v < 0 { return nil }
                if keys[i] == key { return Int(v) }
                i = (i + 1) & mask
            }
        }
        set {
            guard let newValue else { preconditionFailure("HashIndex does not remove single keys") }
            let mask = values.count - 1
            var i = slot(key)
            while values[i] >= 0, keys[i] != key { i = (i + 1) & mask }
            if values[i] < 0 {
                count += 1
                keys[i] = key
            }
            values[i] = Int32(newValue)
            if count * 2 > values.count { grow() }
        }
    }

    mutating func removeAll() {
        for i in values.indices { values[i] = -1 }
        count = 0
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        let size = values.count * 2
        keys = [UInt64](repeating: 0, count: size)
        values = [Int32](repeating: -1, count: size)
        shift -= 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where v >= 0 { self[k] = Int(v) }
    }
}
