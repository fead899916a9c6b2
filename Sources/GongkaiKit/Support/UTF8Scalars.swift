/// Unicode scalars to and from UTF-8 on hot paths (search grams, text checks), without the
/// standard library's per-scalar iterators.
enum UTF8Scalars {
    /// The scalar of well-formed UTF-8 (a String's bytes) starting at `i`, which moves past it.
    @inline(__always)
    static func next(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32 {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 {
            i += 1
            return b0
        } else if b0 < 0xE0 {
            defer { i += 2 }
            return (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
        } else if b0 < 0xF0 {
            defer { i += 3 }
            return (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
        } else {
            defer { i += 4 }
            return (b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
                | UInt32(bytes[i + 3] & 0x3F)
        }
    }

    /// UTF-8 of a single scalar, as the search index spells its grams (refusing what is no scalar).
    @inline(__always)
    static func append(_ c: UInt32, to out: inout [UInt8]) throws {
        switch c {
        case 0..<0x80:
            out.append(UInt8(c))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | c >> 6)); out.append(UInt8(0x80 | c & 0x3F))
        case 0x800..<0xD800, 0xE000..<0x10000:
            out.append(UInt8(0xE0 | c >> 12)); out.append(UInt8(0x80 | (c >> 6) & 0x3F)); out.append(UInt8(0x80 | c & 0x3F))
        case 0x10000..<0x110000:
            out.append(UInt8(0xF0 | c >> 18)); out.append(UInt8(0x80 | (c >> 12) & 0x3F))
            out.append(UInt8(0x80 | (c >> 6) & 0x3F)); out.append(UInt8(0x80 | c & 0x3F))
        default:
            throw CacheReader.Corrupt()
        }
    }

    /// Code points in UTF-8 `bytes` (which tells a shard entry's kind).
    static func count(_ bytes: UnsafeRawBufferPointer) -> Int {
        var n = 0
        for b in bytes where b & 0xC0 != 0x80 { n += 1 }
        return n
    }
}
