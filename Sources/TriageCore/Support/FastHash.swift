/// A 64-bit hash of bytes, eight at a time, for in-memory tables only (token interning, value
/// counters, the message cache). Byte-at-a-time FNV-1a costs a multiply per byte, on every token
/// and every variable value of every event; this costs one per eight bytes. Never persisted or
/// printed: cluster ids keep FNV-1a (`ClusterID`), whose values must not change.
///
/// Each step (xor a word, multiply by an odd constant, fold the high half down) is a bijection of
/// the state, and the length is mixed in first, so distinct inputs collide only by chance; the
/// result ends with the splitmix64 finaliser, so low and high bits are both usable.
@inlinable func fastHash64(_ b: UnsafeRawBufferPointer) -> UInt64 {
    let n = b.count
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ (UInt64(truncatingIfNeeded: n) &* 0xC2B2_AE3D_27D4_EB4F)
    guard n > 0, let base = b.baseAddress else { return finaliseHash(h) }
    var i = 0
    while i + 8 <= n {
        h = (h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
        i += 8
    }
    if i < n {
        // The last 1–7 bytes, read without a byte loop: the final eight bytes (overlapping ones
        // already mixed) when there are eight, else two overlapping halves or three single bytes.
        // Which bytes are read depends only on the length, which is mixed in above.
        let w: UInt64
        if n >= 8 {
            w = base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else if n >= 4 {
            w = UInt64(base.loadUnaligned(fromByteOffset: 0, as: UInt32.self)) << 32
                | UInt64(base.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
        } else {
            w = UInt64(base.load(fromByteOffset: 0, as: UInt8.self)) << 16
                | UInt64(base.load(fromByteOffset: n >> 1, as: UInt8.self)) << 8
                | UInt64(base.load(fromByteOffset: n - 1, as: UInt8.self))
        }
        h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 32
    }
    return finaliseHash(h)
}

/// splitmix64's finaliser: spreads every input bit over the whole word.
@inlinable func finaliseHash(_ x: UInt64) -> UInt64 {
    var h = x
    h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
}

func fastHash64(_ s: String) -> UInt64 {
    var copy = s
    return copy.withUTF8 { fastHash64(UnsafeRawBufferPointer($0)) }
}
