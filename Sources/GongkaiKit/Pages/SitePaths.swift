/// Where each page lives in the site. Paths are relative to the site root, use `/`, and name the
/// file (`documents/X/2025-00012/index.html`); links between pages are relative, so the site works
/// from any folder of any web server and when opened from disk.
public enum SitePaths {
    public static let home = "index.html"
    public static let notFound = "404.html"
    public static let assets = "assets/"

    /// Permalink of a document: derived from its 索引号 only.
    public static func document(_ indexNo: IndexNumber) -> String { "documents/\(indexNo.rawValue)/index.html" }

    public static func attachment(_ indexNo: IndexNumber, _ fileName: String) -> String {
        "documents/\(indexNo.rawValue)/\(fileName)"
    }

    /// A category's listing; page 1 is `index.html`, page n is `index_n.html` (the usual form on
    /// government portals).
    public static func category(_ path: CategoryPath, page: Int = 1) -> String {
        "catalogue/" + path.components.joined(separator: "/") + (page <= 1 ? "/index.html" : "/index_\(page).html")
    }

    /// Number of folders above `sitePath` (`a/b/index.html` → 2).
    public static func depth(of sitePath: String) -> Int { sitePath.utf8.filter { $0 == UInt8(ascii: "/") }.count }

    /// The prefix that leads from the folder of `sitePath` back to the site root (`../../`).
    public static func root(from sitePath: String) -> String {
        String(repeating: "../", count: depth(of: sitePath))
    }

    /// The public URL of a page: base URL + path, with a trailing `index.html` dropped.
    public static func canonical(_ sitePath: String, baseURL: String) -> String {
        var p = sitePath
        if p == "index.html" { p = "" } else if p.hasSuffix("/index.html") { p.removeLast("index.html".count) }
        return baseURL + percentEncodePath(p)
    }

    /// Percent-encodes what a URL path cannot carry as is (non-ASCII, spaces …); `/` stays.
    public static func percentEncodePath(_ p: String) -> String {
        @inline(__always) func keeps(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "~")
                || b == UInt8(ascii: "/")
        }
        var p = p
        // Most paths (索引号 are ASCII) have nothing to encode: then `p` is returned as it is.
        let encoded: String? = p.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: { !keeps($0) }) else { return nil }
            let hex = Array("0123456789ABCDEF".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count * 3)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            for b in UnsafeBufferPointer(rebasing: bytes[first...]) {
                if keeps(b) {
                    out.append(b)
                } else {
                    out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]])
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        return encoded ?? p
    }
}
