#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// The first occurrence of `needle`, compared byte by byte in UTF-8. For markup searches on hot
    /// paths (`<p>`, `<h2>`): Foundation's `range(of:)` bridges to NSString and costs far more.
    func firstByteRange(of needle: String) -> Range<String.Index>? {
        let n = Array(needle.utf8)
        guard let first = n.first else { return nil }
        let bytes = utf8
        var i = bytes.startIndex
        while i != bytes.endIndex {
            if bytes[i] == first {
                var j = bytes.index(after: i)
                var k = 1
                while k < n.count, j != bytes.endIndex, bytes[j] == n[k] {
                    j = bytes.index(after: j)
                    k += 1
                }
                if k == n.count { return i..<j }
            }
            i = bytes.index(after: i)
        }
        return nil
    }
}

/// Searches in UTF-8 bytes (memchr / memmem): for hot paths over rendered HTML and Markdown.
enum ByteSearch {
    /// The offset of the first `needle` in `haystack` at or after `from`.
    @inline(__always)
    static func find(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard let first = needle.first else { return nil }
        var i = from
        while let p = find(first, in: haystack, from: i) {
            if matches(needle, in: haystack, at: p) { return p }
            i = p + 1
        }
        return nil
    }

    /// The offset of the first `byte` in `haystack` at or after `from`.
    @inline(__always)
    static func find(_ byte: UInt8, in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard let base = haystack.baseAddress, from < haystack.count else { return nil }
        guard let found = memchr(base + from, Int32(byte), haystack.count - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Whether `haystack` holds `needle` at `offset`.
    @inline(__always)
    static func matches(_ needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard offset >= 0, offset + needle.count <= haystack.count else { return false }
        for k in 0..<needle.count where haystack[offset + k] != needle[k] { return false }
        return true
    }

    /// Whether `text` contains `needle`, compared as UTF-8 bytes.
    static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text
        return text.withUTF8 { find(Array(needle.utf8), in: $0) != nil }
    }
}

/// Character boundaries on hot paths that work on scalars or bytes.
enum CharacterBoundary {
    /// Whether `s` surely starts a new `Character` (it is not a combining mark, joiner or the like
    /// that joins the scalar before it): ASCII and the common CJK ranges. False means "not sure":
    /// callers then decide with `Character`s.
    @inline(__always)
    static func startsCharacter(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x7F, 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x3000...0x3029, 0xFF01...0xFF5E, 0x2010...0x2027,
             0xF900...0xFAFF, 0x20000...0x2FA1F: true
        default: false
        }
    }

    /// Whether the scalar starting at `offset` of well-formed UTF-8 surely starts a new `Character`.
    static func startsCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        let b0 = UInt32(bytes[offset])
        let v: UInt32
        if b0 < 0x80 {
            return true
        } else if b0 < 0xE0 {
            v = (b0 & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F)
        } else if b0 < 0xF0 {
            v = (b0 & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6 | UInt32(bytes[offset + 2] & 0x3F)
        } else {
            v = (b0 & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12 | UInt32(bytes[offset + 2] & 0x3F) << 6
                | UInt32(bytes[offset + 3] & 0x3F)
        }
        return Unicode.Scalar(v).map(startsCharacter) ?? false
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespaces)` without Foundation: the same set as CoreFoundation's
    /// (space, tab, the no-break and ideographic spaces, U+2000–U+200B …), trimmed by scalar.
    /// Front-matter values are trimmed one by one and Foundation's version went through NSString
    /// for each (a noticeable share of decoding).
    func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            switch s.value {
            case 0x20, 0x09, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
            default: false
            }
        }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }
}
