/// Escaping for text placed into HTML outside templates (templates escape `{{ }}` themselves).
public enum HTML {
    public static func escape(_ s: String) -> String {
        var s = s
        return s.withUTF8 { bytes in
            // Most text has nothing to escape: find the first byte that needs it, else return `s` as is.
            guard let first = bytes.firstIndex(where: needsEscape) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            for b in UnsafeBufferPointer(rebasing: bytes[first...]) {
                switch b {
                case UInt8(ascii: "&"): out.append(contentsOf: amp)
                case UInt8(ascii: "<"): out.append(contentsOf: lt)
                case UInt8(ascii: ">"): out.append(contentsOf: gt)
                case UInt8(ascii: "\""): out.append(contentsOf: quot)
                case UInt8(ascii: "'"): out.append(contentsOf: apos)
                default: out.append(b)
                }
            }
            return String(decoding: out, as: UTF8.self)
        } ?? s
    }

    @inline(__always)
    static func needsEscape(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
    }

    private static let amp = Array("&amp;".utf8)
    private static let lt = Array("&lt;".utf8)
    private static let gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8)
    private static let apos = Array("&#39;".utf8)
}

import Mustache

/// Mustache's HTML escaping (`{{ }}`), over UTF-8 bytes: the same output as swift-mustache's own
/// `HTML` content type, which looks up every `Character` in a dictionary. Templates select it with
/// `Templates.contentTypePragma`, which `Templates.load` puts before each template.
struct TemplateHTMLContentType: MustacheContentType {
    static let name = "GONGKAI_HTML"

    func escapeText(_ text: String) -> String {
        var text = text
        let fast: String?? = text.withUTF8 { bytes -> String?? in
            guard let first = bytes.firstIndex(where: HTML.needsEscape) else { return .some(nil) }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 16)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<first]))
            var i = first
            while i < bytes.count {
                let b = bytes[i]
                if HTML.needsEscape(b) {
                    // swift-mustache escapes whole characters: `<` followed by a combining mark is
                    // another character and stays as it is. Such text takes the character path.
                    // The same holds after a prepended mark (Arabic number signs and the like).
                    if i + 1 < bytes.count && !CharacterBoundary.startsCharacter(bytes, at: i + 1) { return nil }
                    if i > 0 && bytes[i - 1] >= 0x80 {
                        var start = i - 1
                        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
                        if !CharacterBoundary.startsCharacter(bytes, at: start) { return nil }
                    }
                    switch b {
                    case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
                    case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
                    case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
                    case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
                    default: out.append(contentsOf: "&#39;".utf8)
                    }
                } else {
                    out.append(b)
                }
                i += 1
            }
            return .some(String(decoding: out, as: UTF8.self))
        }
        switch fast {
        case .some(.none): return text
        case .some(.some(let escaped)): return escaped
        case .none: return Self.byCharacter(text)
        }
    }

    /// swift-mustache's own escaping, character by character.
    static func byCharacter(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Registers the content type (once) and returns the pragma that selects it: a line of its own,
    /// which Mustache drops (so template errors are one line further down than in the file).
    static let pragma: String = {
        MustacheContentTypes.register(TemplateHTMLContentType(), named: name)
        return "{{% CONTENT_TYPE: \(name) }}\n"
    }()
}
