/// Citable articles: in a policy's rendered body every paragraph that opens with an article number
/// (`第十二条　…`, also after `**…**`) gets a stable id (`art-12`) and a visible link to itself a
/// reader can copy; numbered items inside an article (`（三）…`) get `art-12-3`.
///
/// Works on cmark-gfm's output: in safe mode raw HTML is omitted, so every `<p>` in it is a
/// Markdown paragraph and carries no attributes.
public enum ArticleAnchors {
    /// One anchored article or item.
    public struct Anchor: Hashable, Sendable {
        public var id: String
        /// `第十二条`, `第十二条第（三）项`
        public var label: String
    }

    public static func apply(to html: String, reserved: Set<String> = []) -> (html: String, anchors: [Anchor]) {
        // Over the UTF-8 bytes (memchr for the tags): a policy body is long and most paragraphs are
        // copied as they are; only those that may open an article are read as characters.
        var source = html
        let anchored: (html: String, anchors: [Anchor])? = source.withUTF8 { bytes in
            guard var open = ByteSearch.find(openTag, in: bytes) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + 256)
            var anchors: [Anchor] = []
            var used = reserved
            var article: Int? = nil
            var rest = 0  // the first byte not copied yet
            while true {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[rest..<open]))
                let start = open + openTag.count
                guard let close = ByteSearch.find(closeTag, in: bytes, from: start) else {
                    out.append(contentsOf: openTag)
                    rest = start
                    break
                }
                let content = UnsafeBufferPointer(rebasing: bytes[start..<close])
                var anchor: Anchor? = nil
                if mayOpenArticleOrItem(content) {
                    let text = leadingText(String(decoding: content, as: UTF8.self)[...])
                    if let number = articleNumber(text) {
                        article = number
                        anchor = Anchor(id: "art-\(number)", label: "第\(ChineseNumerals.format(number))条")
                    } else if let a = article, let item = itemNumber(text) {
                        anchor = Anchor(id: "art-\(a)-\(item)", label: "第\(ChineseNumerals.format(a))条第（\(ChineseNumerals.format(item))）项")
                    }
                }
                if var anchor {
                    var id = anchor.id
                    var n = 2
                    while used.contains(id) {
                        id = "\(anchor.id)_\(n)"
                        n += 1
                    }
                    used.insert(id)
                    anchor.id = id
                    anchors.append(anchor)
                    out.append(contentsOf: "<p id=\"\(id)\" class=\"article\">".utf8)
                    out.append(contentsOf: content)
                    out.append(contentsOf: "<a class=\"article-link\" href=\"#\(id)\" aria-label=\"\(anchor.label)的链接\">¶</a></p>".utf8)
                } else {
                    out.append(contentsOf: openTag)
                    out.append(contentsOf: content)
                    out.append(contentsOf: closeTag)
                }
                rest = close + closeTag.count
                guard let next = ByteSearch.find(openTag, in: bytes, from: rest) else { break }
                open = next
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[rest...]))
            return (String(decoding: out, as: UTF8.self), anchors)
        }
        return anchored ?? (html, [])
    }

    private static let openTag = Array("<p>".utf8)
    private static let closeTag = Array("</p>".utf8)

    /// A quick look at the bytes: whether the paragraph, after leading spaces and inline tags, opens
    /// with `第`, `（` or `(` — the only paragraphs `articleNumber` or `itemNumber` can accept.
    static func mayOpenArticleOrItem(_ content: UnsafeBufferPointer<UInt8>) -> Bool {
        let u = UnsafeBufferPointer(rebasing: content.prefix(64))
        var i = 0
        while i < u.count {
            if u[i] == 0x20 { i += 1; continue }
            if u[i] == 0xE3, i + 2 < u.count, u[i + 1] == 0x80, u[i + 2] == 0x80 { i += 3; continue }  // U+3000
            if u[i] == 0xC2, i + 1 < u.count, u[i + 1] == 0xA0 { i += 2; continue }  // U+00A0
            if u[i] == UInt8(ascii: "<") {
                if u[i...].starts(with: "<strong>".utf8) { i += 8; continue }
                if u[i...].starts(with: "<em>".utf8) { i += 4; continue }
                return false
            }
            break
        }
        // Out of the first 64 bytes while still skipping: let the exact path decide.
        if i + 3 > u.count { return true }
        return u[i] == UInt8(ascii: "(") || (u[i] == 0xE7 && u[i + 1] == 0xAC && u[i + 2] == 0xAC)  // 第
            || (u[i] == 0xEF && u[i + 1] == 0xBC && u[i + 2] == 0x88)  // （
    }

    /// The paragraph's text with leading inline tags (`<strong>`, `<em>`) and spaces skipped.
    static func leadingText(_ content: Substring) -> Substring {
        var s = content
        while true {
            s = s.drop { $0 == " " || $0 == "\u{3000}" || $0 == "\u{00A0}" }
            if s.hasPrefix("<strong>") { s = s.dropFirst(8) } else if s.hasPrefix("<em>") { s = s.dropFirst(4) } else { break }
        }
        return s
    }

    /// `第十二条` followed by a space, a closing inline tag or the end of the paragraph.
    static func articleNumber(_ text: Substring) -> Int? {
        guard text.hasPrefix("第") else { return nil }
        let body = text.dropFirst()
        let numeral = body.prefix { ChineseNumerals.isNumeral($0) || ($0.isASCII && $0.isNumber) }
        guard !numeral.isEmpty, numeral.count <= 8 else { return nil }
        let after = body.dropFirst(numeral.count)
        guard after.hasPrefix("条") else { return nil }
        guard endsToken(after.dropFirst()) else { return nil }
        if numeral.allSatisfy({ $0.isASCII }) { return Int(numeral).flatMap { $0 > 0 ? $0 : nil } }
        return ChineseNumerals.parse(numeral)
    }

    /// `（三）` or `(三)` opening an item.
    static func itemNumber(_ text: Substring) -> Int? {
        guard let first = text.first, first == "（" || first == "(" else { return nil }
        let body = text.dropFirst()
        let numeral = body.prefix { ChineseNumerals.isNumeral($0) }
        guard !numeral.isEmpty, numeral.count <= 4 else { return nil }
        let after = body.dropFirst(numeral.count)
        guard after.hasPrefix("）") || after.hasPrefix(")") else { return nil }
        return ChineseNumerals.parse(numeral)
    }

    static func endsToken(_ s: Substring) -> Bool {
        guard let c = s.first else { return true }
        return c == " " || c == "\u{3000}" || c == "\u{00A0}" || c == "\t" || s.hasPrefix("</")
    }
}

/// Chinese numerals as used to number articles (一 … 九十九, 一百零三, 一千二百).
public enum ChineseNumerals {
    static let digits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    static let units: [Character: Int] = ["十": 10, "百": 100, "千": 1000]

    static func isNumeral(_ c: Character) -> Bool { digits[c] != nil || units[c] != nil }

    /// `十二` → 12, `一百零三` → 103, `二十` → 20; nil for anything that is not a well-formed numeral below 10000.
    public static func parse<S: StringProtocol>(_ text: S) -> Int? {
        guard !text.isEmpty else { return nil }
        var total = 0
        var pending: Int? = nil
        var lastUnit = 10000
        var zero = false
        for c in text {
            if c == "零" || c == "〇" {
                guard pending == nil, total > 0 else { return nil }  // 零 only marks a gap (一百零三)
                zero = true
                continue
            }
            zero = false
            if let d = digits[c] {
                if pending != nil { return nil }  // two digits in a row (一二)
                pending = d
            } else if let u = units[c] {
                guard u < lastUnit else { return nil }
                let d = pending ?? (u == 10 && total == 0 ? 1 : -1)  // 十二 = 12; 百 alone is malformed
                guard d > 0 else { return nil }
                total += d * u
                pending = nil
                lastUnit = u
            } else {
                return nil
            }
        }
        total += pending ?? 0
        return total > 0 && !zero ? total : nil
    }

    /// 12 → `十二`, 103 → `一百零三`, 110 → `一百一十`.
    public static func format(_ n: Int) -> String {
        guard n > 0, n < 10000 else { return String(n) }
        let names: [String] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        let unitNames = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
        var out = ""
        var zero = false
        for (value, unit) in unitNames {
            let d = (n / value) % 10
            if d == 0 {
                if !out.isEmpty { zero = true }
                continue
            }
            if zero { out += "零"; zero = false }
            if !(d == 1 && value == 10 && out.isEmpty) { out += names[d] }
            out += unit
        }
        return out
    }
}
