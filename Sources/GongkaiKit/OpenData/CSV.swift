/// CSV as Excel reads it: UTF-8 with a byte-order mark (so Chinese text is not garbled), CRLF line
/// ends, and RFC 4180 quoting (a field with a comma, quote, CR or LF is quoted, quotes doubled).
public enum CSV {
    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public static func field(_ s: String) -> String {
        let needsQuotes = s.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard needsQuotes else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The whole file: BOM, then every record ended by CRLF. Built as bytes: the catalogue of a
    /// large site has millions of fields, and most have nothing to quote.
    public static func file(_ records: [[String]]) -> [UInt8] {
        var out = byteOrderMark
        for r in records { append(r, to: &out) }
        return out
    }

    /// Appends one record and its CRLF to a file's bytes (a large file is built row by row, never
    /// held as rows of strings and as text besides).
    public static func append(_ record: [String], to out: inout [UInt8]) {
        for (k, value) in record.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            appendField(value, to: &out)
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    /// `field(s)`'s bytes: a field without any of the four special bytes is copied as it is (no
    /// character of it can be one of them); the others take `field`, which works on characters.
    static func appendField(_ s: String, to out: inout [UInt8]) {
        var s = s
        let plain = s.withUTF8 { bytes -> Bool in
            if bytes.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }) {
                return false
            }
            out.append(contentsOf: bytes)
            return true
        }
        if !plain { out.append(contentsOf: field(s).utf8) }
    }
}

extension JSON {
    /// An object with its keys in byte order, whatever order they were given in.
    public static func sortedObject(_ pairs: [String: String]) -> String {
        object(pairs.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) })
    }

    public static func optional(_ s: String?) -> String { s.map(string) ?? "null" }

    public static func strings(_ items: [String]) -> String { array(items.map(string)) }
}
