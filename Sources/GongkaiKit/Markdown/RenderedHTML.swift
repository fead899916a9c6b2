/// What gongkai changes in cmark-gfm's HTML, done in one pass over its UTF-8 bytes. In safe mode raw
/// HTML is omitted and text is escaped (`<` becomes `&lt;`), so every tag matched here was written by
/// cmark-gfm itself:
///
/// - table alignment: cmark-gfm writes `align="right"`, which HTML5 made obsolete (the Nu checker
///   reports an error), and its style-attribute option would need `'unsafe-inline'` styles in a
///   Content-Security-Policy; so alignment becomes a class (`align-right`) the stylesheet styles;
/// - a wide table scrolls inside its own box instead of making the page scroll sideways on a phone
///   (WCAG 1.4.10); the box can take keyboard focus so it can be scrolled without a mouse;
/// - each `<hN>` gets the id of its heading, in document order;
/// - footnote back-links get a Chinese label.
enum RenderedHTML {
    private static let table = Array("<table>".utf8)
    private static let tableOpen = Array("<div class=\"table-scroll\" role=\"region\" aria-label=\"表格\" tabindex=\"0\"><table>".utf8)
    private static let tableEnd = Array("</table>".utf8)
    private static let tableClose = Array("</table></div>".utf8)
    private static let tdAlign = Array("<td align=\"".utf8)
    private static let thAlign = Array("<th align=\"".utf8)
    private static let sides = ["left", "center", "right"].map { (Array(($0 + "\">").utf8), Array($0.utf8)) }
    private static let classAlign = Array(" class=\"align-".utf8)
    private static let backref = Array("footnote-backref".utf8)
    private static let backLabel = Array("aria-label=\"Back to content\"".utf8)
    private static let backLabelChinese = Array("aria-label=\"返回正文\"".utf8)

    static func finish(_ html: UnsafeBufferPointer<UInt8>, headings: [Heading]) -> String {
        let table = Self.table, tableEnd = Self.tableEnd, tdAlign = Self.tdAlign, thAlign = Self.thAlign
        var out: [UInt8] = []
        out.reserveCapacity(html.count + 64 + headings.count * 32)
        var copied = 0
        var next = 0
        var heading = 0
        func flush(to end: Int) {
            if end > copied { out.append(contentsOf: UnsafeBufferPointer(rebasing: html[copied..<end])) }
        }
        while let p = ByteSearch.find(UInt8(ascii: "<"), in: html, from: next) {
            next = p + 1
            guard p + 1 < html.count else { break }
            switch html[p + 1] {
            case UInt8(ascii: "t"):
                if ByteSearch.matches(table, in: html, at: p) {
                    flush(to: p)
                    out.append(contentsOf: tableOpen)
                    copied = p + table.count
                    next = copied
                } else if ByteSearch.matches(tdAlign, in: html, at: p) || ByteSearch.matches(thAlign, in: html, at: p) {
                    let after = p + tdAlign.count
                    for (attribute, side) in sides where ByteSearch.matches(attribute, in: html, at: after) {
                        flush(to: p)
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: html[p..<p + 3]))  // `<td` or `<th`
                        out.append(contentsOf: classAlign)
                        out.append(contentsOf: side)
                        out.append(UInt8(ascii: "\""))
                        out.append(UInt8(ascii: ">"))
                        copied = after + attribute.count
                        next = copied
                        break
                    }
                }
            case UInt8(ascii: "/"):
                if ByteSearch.matches(tableEnd, in: html, at: p) {
                    flush(to: p)
                    out.append(contentsOf: tableClose)
                    copied = p + tableEnd.count
                    next = copied
                }
            case UInt8(ascii: "h"):
                // The next heading's own tag; headings stay unanchored after one whose tag is missing.
                guard heading < headings.count, p + 3 < html.count, html[p + 3] == UInt8(ascii: ">"),
                      html[p + 2] == UInt8(ascii: "0") + UInt8(truncatingIfNeeded: headings[heading].level) else { continue }
                flush(to: p)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: html[p..<p + 3]))  // `<hN`
                out.append(contentsOf: " id=\"".utf8)
                out.append(contentsOf: HTML.escape(headings[heading].anchor).utf8)
                out.append(contentsOf: "\">".utf8)
                copied = p + 4
                next = copied
                heading += 1
            default:
                continue
            }
        }
        flush(to: html.count)
        if out.withUnsafeBufferPointer({ ByteSearch.find(backref, in: $0) != nil }) {
            out = replacingAll(backLabel, with: backLabelChinese, in: out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `bytes` with every `pattern` replaced by `replacement`.
    static func replacingAll(_ pattern: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBufferPointer { buffer in
            var out: [UInt8] = []
            out.reserveCapacity(buffer.count)
            var copied = 0
            while let p = ByteSearch.find(pattern, in: buffer, from: copied) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied..<p]))
                out.append(contentsOf: replacement)
                copied = p + pattern.count
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[copied...]))
            return out
        }
    }
}
