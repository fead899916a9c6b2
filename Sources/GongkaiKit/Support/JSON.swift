/// Minimal JSON writing for output whose bytes must be stable (search index, data exports,
/// diagnostics). Foundation's encoder is avoided on purpose: its key order and escaping are not part
/// of its contract.
public enum JSON {
    /// A JSON string literal. Escapes `<`, `>`, `&` and U+2028/2029 as well, so the text is safe to
    /// embed anywhere, including inside an HTML `<script>` element.
    public static func string(_ s: String) -> String {
        var out: [UInt8] = []
        appendString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `string(s)`'s bytes appended to `out` (for output made as bytes: no String in between).
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        // Byte by byte over the UTF-8: every escaped character is ASCII except U+2028/2029
        // (E2 80 A8 / E2 80 A9); all other bytes are copied.
        var text = s
        text.withUTF8 { bytes in
            out.reserveCapacity(out.count + bytes.count + 2)
            out.append(UInt8(ascii: "\""))
            func escape(_ e: StaticString) {
                e.withUTF8Buffer { out.append(contentsOf: $0) }
            }
            // Bytes that need no escape are copied a run at a time (most of a body is one run).
            var i = 0, run = 0
            func flush() {
                if run < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i])) }
            }
            while i < bytes.count {
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "\""): flush(); escape("\\\"")
                case UInt8(ascii: "\\"): flush(); escape("\\\\")
                case UInt8(ascii: "\n"): flush(); escape("\\n")
                case UInt8(ascii: "\r"): flush(); escape("\\r")
                case UInt8(ascii: "\t"): flush(); escape("\\t")
                case UInt8(ascii: "<"): flush(); escape("\\u003c")
                case UInt8(ascii: ">"): flush(); escape("\\u003e")
                case UInt8(ascii: "&"): flush(); escape("\\u0026")
                case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    flush()
                    escape(bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                    i += 3
                    run = i
                    continue
                case 0..<0x20:
                    flush()
                    escape("\\u00")
                    for digit in [b >> 4, b & 0xF] { out.append(digit < 10 ? 0x30 + digit : 0x57 + digit) }
                default:
                    i += 1
                    continue
                }
                i += 1
                run = i
            }
            flush()
            out.append(UInt8(ascii: "\""))
        }
    }

    public static func array(_ items: [String]) -> String {
        "[" + items.joined(separator: ",") + "]"
    }

    /// An object from ordered key/value pairs (values already encoded).
    public static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// The bytes of `object` of string values (`fields`' values are escaped here), written
    /// directly: no String per field (a search result file holds a document's whole text).
    public static func objectBytes(_ fields: [(key: String, value: String)]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(16) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        out.append(UInt8(ascii: "{"))
        for (k, field) in fields.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            appendString(field.key, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(field.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}
