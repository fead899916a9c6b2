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
        // Only the calls into cmark-gfm hold the lock; copying its output, the heading slugs, link
        // columns and the HTML post-processing run outside it, so two threads overlap everything but
        // cmark-gfm itself.
        var spent: UInt64 = 0
        let parsed = Self.parse(markdown, shiftHeadings: true, spent: &spent)
        let started = BuildProfile.start()
        var replacements: [(node: OpaquePointer, url: String)] = []
        for link in parsed.links {
            if let replacement = rewrite(link.destination) { replacements.append((link.node, replacement)) }
        }
        BuildProfile.accumulate(since: started, into: &spent)

        Self.lock.lock()
        let locked = BuildProfile.start()
        for (node, url) in replacements { cmark_node_set_url(node, url) }
        let rendering = BuildProfile.start()
        let htmlPointer = cmark_render_html(parsed.document, Self.options, cmark_parser_get_syntax_extensions(parsed.parser))
        let plainPointer = cmark_render_plaintext(parsed.document, Self.options, 0)
        BuildProfile.add(.cmark, since: rendering)
        cmark_node_free(parsed.document)
        cmark_parser_free(parsed.parser)
        BuildProfile.accumulate(since: locked, into: &spent)
        Self.lock.unlock()

        let finishing = BuildProfile.start()
        defer {
            BuildProfile.accumulate(since: finishing, into: &spent)
            BuildProfile.add(.markdown, nanoseconds: spent)
        }
        let headings = Self.headings(parsed.headingTexts)
        let html = Self.finishHTML(htmlPointer, headings: headings)
        let plain = Self.take(plainPointer)
        return RenderedBody(html: html, plainText: plain, headings: headings, links: Self.bodyLinks(parsed.links, in: markdown))
    }

    /// The links and images of a body, from a parse alone (no HTML is rendered): what the link check needs.
    public func links(in markdown: String) -> [BodyLink] {
        var spent: UInt64 = 0
        let parsed = Self.parse(markdown, shiftHeadings: false, spent: &spent)
        Self.lock.lock()
        let locked = BuildProfile.start()
        cmark_node_free(parsed.document)
        cmark_parser_free(parsed.parser)
        BuildProfile.accumulate(since: locked, into: &spent)
        Self.lock.unlock()
        let finishing = BuildProfile.start()
        defer {
            BuildProfile.accumulate(since: finishing, into: &spent)
            BuildProfile.add(.markdown, nanoseconds: spent)
        }
        return Self.bodyLinks(parsed.links, in: markdown)
    }

    /// A parsed body: the tree (freed by the caller, under the lock), its headings' texts and levels
    /// (after the shift), and its links as written.
    private struct Parsed {
        var parser: OpaquePointer
        var document: OpaquePointer
        var headingTexts: [(level: Int, text: String)]
        var links: [RawLink]
    }

    private struct RawLink {
        var node: OpaquePointer
        var destination: String
        var line: Int
        var byteColumn: Int
        var isImage: Bool
    }

    /// Parses `markdown` and walks the tree once, under the lock.
    private static func parse(_ markdown: String, shiftHeadings: Bool, spent: inout UInt64) -> Parsed {
        lock.lock()
        defer { lock.unlock() }
        let started = BuildProfile.start()
        defer { BuildProfile.accumulate(since: started, into: &spent) }
        let extensions = Self.extensions
        guard let parser = cmark_parser_new(Self.options) else { fatalError("cmark-gfm: out of memory") }
        for ext in extensions { cmark_parser_attach_syntax_extension(parser, ext) }
        var text = markdown
        let parsing = BuildProfile.start()
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                cmark_parser_feed(parser, chars.baseAddress, chars.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else { fatalError("cmark-gfm: out of memory") }
        BuildProfile.add(.cmark, since: parsing)

        var headings: [(level: Int, text: String)] = []
        var links: [RawLink] = []
        // The page's h1 is the title: the body's top heading level becomes h2, whether the editor
        // wrote `#` or `##` for it, so that heading levels never skip one (WCAG 1.3.1).
        let shift = shiftHeadings ? 2 - Self.topHeadingLevel(document) : 0
        if let iterator = cmark_iter_new(document) {
            defer { cmark_iter_free(iterator) }
            while case let event = cmark_iter_next(iterator), event != CMARK_EVENT_DONE {
                guard event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) else { continue }
                switch cmark_node_get_type(node) {
                case CMARK_NODE_HEADING:
                    guard shiftHeadings else { continue }
                    let level = Int(cmark_node_get_heading_level(node))
                    let newLevel = min(max(level + shift, 2), 6)
                    cmark_node_set_heading_level(node, Int32(newLevel))
                    headings.append((newLevel, Self.plainText(of: node)))
                case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                    links.append(RawLink(
                        node: node, destination: cmark_node_get_url(node).map { String(cString: $0) } ?? "",
                        line: Int(cmark_node_get_start_line(node)), byteColumn: Int(cmark_node_get_start_column(node)),
                        isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE))
                default:
                    break
                }
            }
        }
        return Parsed(parser: parser, document: document, headingTexts: headings, links: links)
    }

    private static func headings(_ texts: [(level: Int, text: String)]) -> [Heading] {
        var used: Set<String> = []
        return texts.map { raw in
            let text = raw.text.trimmingCharacters(in: .whitespaces)
            return Heading(level: raw.level, text: text, anchor: Anchors.unique(Anchors.slug(text), &used))
        }
    }

    private static func bodyLinks(_ raw: [RawLink], in markdown: String) -> [BodyLink] {
        guard !raw.isEmpty else { return [] }
        let lines = LineIndex(markdown)
        return raw.map { link in
            BodyLink(destination: link.destination, line: link.line,
                     column: lines.characterColumn(line: link.line, byteColumn: link.byteColumn), isImage: link.isImage)
        }
    }

    /// cmark's HTML, post-processed in one pass over its bytes (see `RenderedHTML`), and freed.
    private static func finishHTML(_ pointer: UnsafeMutablePointer<CChar>?, headings: [Heading]) -> String {
        guard let pointer else { return "" }
        defer { free(pointer) }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
        return RenderedHTML.finish(bytes, headings: headings)
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
