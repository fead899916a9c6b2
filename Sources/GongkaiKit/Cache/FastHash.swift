/// A fast non-cryptographic 64-bit hash of bytes (in the manner of wyhash: 64×64→128-bit multiplies
/// folded to 64 bits), used by the build cache to tell whether a file's content changed. Not a
/// defence against someone crafting collisions on purpose — only against chance, at 2⁻⁶⁴.
///
/// Each step is a bijection of the running state for fixed data (xor, then multiply by an odd
/// constant, rotate), so no input block can wipe out what came before it. Two lanes run side by
/// side so that the multiplier is kept busy. The result is part of the cache format: changing this
/// function needs a new `BuildCache.formatVersion`.
public enum FastHash {
    static let p0: UInt64 = 0xa076_1d64_78bd_642f
    static let p1: UInt64 = 0xe703_7ed1_a0b4_28db
    static let p2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    static let p3: UInt64 = 0x5899_65cc_7537_4cc3

    @inline(__always) static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    @inline(__always) static func step(_ state: UInt64, _ a: UInt64, _ b: UInt64) -> UInt64 {
        let s = (state ^ fold(a ^ p1, b ^ p2)) &* p3
        return (s << 29) | (s >> 35)
    }

    /// Murmur3's 64-bit finaliser (a bijection that spreads every bit over the whole word).
    @inline(__always) static func avalanche(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33; h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33; h = h &* 0xc4ce_b9fe_1a85_ec53
        h ^= h >> 33
        return h
    }

    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let n = bytes.count
        var h1 = seed ^ p0
        var h2 = (seed &+ UInt64(n)) ^ p3
        var i = 0
        while i + 32 <= n {
            h1 = step(h1, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self),
                      bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self))
            h2 = step(h2, bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self),
                      bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self))
            i += 32
        }
        while i + 8 <= n {
            h1 = step(h1, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self), UInt64(i))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            for k in 0..<(n - i) { tail |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
            h1 = step(h1, tail, UInt64(n - i) | 0x100)
        }
        return avalanche((h1 &* p1) ^ ((h2 << 31) | (h2 >> 33)) ^ UInt64(n))
    }

    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    public static func hash(_ string: String, seed: UInt64 = 0) -> UInt64 {
        var s = string
        return s.withUTF8 { hash(UnsafeRawBufferPointer($0), seed: seed) }
    }
}

/// Combines values in order into one 64-bit digest (for fingerprints made of many parts).
struct HashAccumulator {
    /// Room for a typical page's inputs from the start: a rebuild makes several of these for each
    /// of a large site's files, and growing the buffer eight bytes at a time reallocated it often.
    private var bytes: [UInt8] = {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        return bytes
    }()

    mutating func add(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func add(_ string: String) {
        add(UInt64(string.utf8.count))
        bytes.append(contentsOf: string.utf8)
    }

    var digest: UInt64 { FastHash.hash(bytes) }
}
