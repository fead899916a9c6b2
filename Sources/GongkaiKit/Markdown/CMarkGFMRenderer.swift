import CMarkGFM
import Foundation

/// Markdown rendering by cmark-gfm: GitHub extensions (table, strikethrough, autolink, tagfilter),
/// footnotes, safe mode (raw HTML omitted, `javascript:` and similar links dropped).
///
/// cmark-gfm is not safe to call from several threads at once (parsing toggles special characters
/// in a process-wide table), so every call is serialised by one lock. Parallel builds render in
/// worker processes instead.
public struct CMarkGFMRenderer: MarkdownRendering {
    public init() {}

    private static let lock = NSLock()

    /// The extensions every parse attaches; a missing one is a broken installation, not a content error.
    nonisolated(unsafe) private static let extensions: [OpaquePointer] = {
        cmark_gfm_core_extensions_ensure_registered()
        return ["table", "strikethrough", "autolink", "tagfilter"].map { name in
            guard let ext = cmark_find_syntax_extension(name) else {
                fatalError("cmark-gfm extension “\(name)” is not available: reinstall libcmark-gfm-extensions")
            }
            return ext
        }
    }()

    /// Only `~~x~~` strikes through: Chinese texts write ranges with a single `~` (1~3月).
    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE

    public func render(_ markdown: String, rewrite: (String) -> String?) -> RenderedBody {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        let started = BuildProfile.start()
        defer { BuildProfile.add(.markdown, since: started) }
        let extensions = Self.extensions
        guard let parser = cmark_parser_new(Self.options) else { fatalError("cmark-gfm: out of memory") }
        defer { cmark_parser_free(parser) }
        for ext in extensions { cmark_parser_attach_syntax_extension(parser, ext) }
        var text = markdown
        let parsing = BuildProfile.start()
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { fatalError("cmark-gfm: out of memory") }
        defer { cmark_node_free(document) }
        BuildProfile.add(.cmark, since: parsing)

        let lines = LineIndex(text)
        var headings: [Heading] = []
        var links: [BodyLink] = []
        var used: Set<String> = []
        // The page's h1 is the title: the body's top heading level becomes h2, whether the editor
        // wrote `#` or `##` for it, so that heading levels never skip one (WCAG 1.3.1).
        let shift = 2 - Self.topHeadingLevel(document)
        if let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                switch cmark_node_get_type(node) {
                case CMARK_NODE_HEADING:
                    let level = Int(cmark_node_get_heading_level(node))
                    let newLevel = min(max(level + shift, 2), 6)
                    cmark_node_set_heading_level(node, Int32(newLevel))
                    let text = Self.plainText(of: node)
                    headings.append(Heading(level: newLevel, text: text, anchor: Anchors.unique(Anchors.slug(text), &used)))
                case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                    let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                    let line = Int(cmark_node_get_start_line(node))
                    links.append(BodyLink(
                        destination: url, line: line,
                        column: lines.characterColumn(line: line, byteColumn: Int(cmark_node_get_start_column(node))),
                        isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE))
                    if let replacement = rewrite(url) { cmark_node_set_url(node, replacement) }
                default:
                    break
                }
            }
        }

        let rendering = BuildProfile.start()
        let html = Self.take(cmark_render_html(document, Self.options, cmark_parser_get_syntax_extensions(parser)))
        let plain = Self.take(cmark_render_plaintext(document, Self.options, 0))
        BuildProfile.add(.cmark, since: rendering)
        let localized = html.contains("footnote-backref")
            ? html.replacingOccurrences(of: "aria-label=\"Back to content\"", with: "aria-label=\"返回正文\"") : html
        return RenderedBody(html: Self.addAnchors(Self.scrollableTables(Self.alignmentClasses(localized)), headings), plainText: plain,
                            headings: headings, links: links)
    }

    /// The smallest heading level used in the document (1 when it has no heading).
    private static func topHeadingLevel(_ document: OpaquePointer) -> Int {
        var top = 6
        var any = false
        guard let iterator = cmark_iter_new(document) else { return 1 }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator),
                  cmark_node_get_type(node) == CMARK_NODE_HEADING else { continue }
            any = true
            top = min(top, Int(cmark_node_get_heading_level(node)))
        }
        return any ? top : 1
    }

    /// cmark-gfm writes table column alignment as `align="right"`, which HTML5 made obsolete (the Nu
    /// checker reports an error); its style-attribute option would need `'unsafe-inline'` styles in a
    /// Content-Security-Policy. So alignment becomes a class (`align-right`) the stylesheet styles.
    /// In safe mode these exact tags come only from tables: raw HTML is omitted and text is escaped.
    static func alignmentClasses(_ html: String) -> String {
        guard html.contains(" align=\"") else { return html }
        var out = html
        for cell in ["td", "th"] {
            for side in ["left", "center", "right"] {
                out = out.replacingOccurrences(of: "<\(cell) align=\"\(side)\">", with: "<\(cell) class=\"align-\(side)\">")
            }
        }
        return out
    }

    /// A wide table scrolls inside its own box instead of making the page scroll sideways on a
    /// phone (WCAG 1.4.10); the box can take keyboard focus so it can be scrolled without a mouse.
    static func scrollableTables(_ html: String) -> String {
        guard html.contains("<table>") else { return html }
        return html
            .replacingOccurrences(of: "<table>", with: "<div class=\"table-scroll\" role=\"region\" aria-label=\"表格\" tabindex=\"0\"><table>")
            .replacingOccurrences(of: "</table>", with: "</table></div>")
    }

    /// Copies a string cmark allocated and frees it.
    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    private static func plainText(of node: OpaquePointer) -> String {
        var out = ""
        guard let iterator = cmark_iter_new(node) else { return "" }
        defer { cmark_iter_free(iterator) }
        while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
            guard event == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(iterator) else { continue }
            switch cmark_node_get_type(n) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if let literal = cmark_node_get_literal(n) { out += String(cString: literal) }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                out += " "
            default: break
            }
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// Gives each `<hN>` the id of its heading, in document order. In safe mode the only `<hN>` tags in
    /// cmark's output are headings (raw HTML is omitted and code is escaped).
    static func addAnchors(_ html: String, _ headings: [Heading]) -> String {
        guard !headings.isEmpty else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count + headings.count * 24)
        var rest = html[...]
        for heading in headings {
            let tag = "<h\(heading.level)>"
            guard let r = rest.firstByteRange(of: tag) else { break }
            out += rest[..<r.lowerBound]
            out += "<h\(heading.level) id=\"\(HTML.escape(heading.anchor))\">"
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}

/// Converts cmark's byte columns into the character columns editors see.
struct LineIndex {
    private let utf8: [UInt8]
    private var starts: [Int] = [0]

    init(_ text: String) {
        utf8 = Array(text.utf8)
        for (i, b) in utf8.enumerated() where b == 0x0A { starts.append(i + 1) }
    }

    /// 1-based line and byte column → 1-based character column.
    func characterColumn(line: Int, byteColumn: Int) -> Int {
        guard line >= 1, line <= starts.count, byteColumn > 1 else { return max(byteColumn, 1) }
        let start = starts[line - 1]
        let end = min(start + byteColumn - 1, utf8.count)
        return String(decoding: utf8[start..<end], as: UTF8.self).count + 1
    }
}
