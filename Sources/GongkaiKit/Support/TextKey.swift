import Foundation

/// A string as a dictionary key by its UTF-8 bytes: hashed and compared as bytes.
///
/// Swift hashes a `String` that is not all ASCII by its normalised form (NFC), computed on every
/// hash: for the Chinese names and numbers the build groups every document by (主题分类, 发文机关,
/// 发文字号), a lookup cost over a thousand instructions, several hundred thousand times per build at
/// 100,000 documents. Keys here come from the content as written (or normalised already, like the
/// search index's 发文字号 keys), so telling them apart by their bytes is what the site shows anyway.
struct TextKey: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The order names keyed this way are shown in: as strings compare, and names equal as strings
    /// but not as bytes (one composed, one not) by their bytes, so that it never depends on the
    /// order a dictionary gives them in.
    static func shownBefore(_ a: String, _ b: String) -> Bool {
        a != b ? a < b : ByteOrder.less(a, b)
    }

    static func == (a: TextKey, b: TextKey) -> Bool {
        var (x, y) = (a.text, b.text)
        return x.withUTF8 { p in y.withUTF8 { q in p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) } }
    }
}
