/// Escaping for text and attribute values written into XML files (feeds, sitemap).
public enum XML {
    /// Escapes `& < > " '` and drops what XML 1.0 cannot carry at all (control characters other
    /// than tab, line feed and carriage return; lone surrogates cannot occur in a Swift `String`;
    /// U+FFFE and U+FFFF).
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension CalendarDate {
    /// Midnight of this day in China (UTC+8), as RFC 3339: `2025-06-05T00:00:00+08:00`.
    public var rfc3339ChinaMidnight: String { iso + "T00:00:00+08:00" }
}
