import Foundation

/// Links and images in bodies: relative links must name a document or one of the document's own
/// attachments, anchors must name a heading of the target, external links must be well formed
/// (http, https, mailto, tel; no network access) and never run script. Links come from the site's
/// renderer's own parse; a body is rendered here only when a link names one of its anchors, so
/// headings get exactly the anchors the pages will have.
public struct LinkRule: ContentRule {
    /// Ids the document page itself has besides the body's headings (layout and document templates).
    public static let pageAnchors: Set<String> = [
        "main", "site-search-q", "attachments-heading", "history-heading", "interpretations-heading", "interpreted-heading",
    ]

    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] {
        let model = input.model
        let context = PageContext(model: model)
        // Only bodies that can hold a link are parsed for their links ([text](…), <…>, footnotes,
        // autolinked URLs), on all cores, without rendering HTML; a target's anchors are rendered
        // when a link asks for them.
        let candidates = model.documents.indices.filter { model[$0].withBodyUTF8(Self.mayHaveLinks) }
        let linksOf = Parallel.map(candidates.count) { k in
            input.renderer.links(of: model[candidates[k]])
        }
        var anchorCache: [Int: Set<String>] = [:]
        // Headings, and the citable articles the page gives ids to (`#art-12`, `#art-12-3`).
        func anchors(_ id: Int) -> Set<String> {
            if let a = anchorCache[id] { return a }
            let a = Self.anchors(of: input.renderer.render(model[id].body, rewrite: { _ in nil }))
            anchorCache[id] = a
            return a
        }
        var out: [Diagnostic] = []
        for (k, id) in candidates.enumerated() {
            let d = model[id]
            for link in linksOf[k] {
                let at = Self.location(of: link, in: d)
                let what = link.isImage ? "图片" : "链接"
                let dest = link.destination
                switch BodyLinks.classify(dest, in: d, context: context) {
                case .external:
                    if let problem = Self.externalProblem(dest) { out.append(problem.diagnostic(at, what, dest)) }
                case .anchor(let a):
                    if !Self.has(a, anchors(id)) {
                        out.append(RuleRegistry.info(.linkAnchor).at(at, "\(what)“\(dest)”指向的标题在本文中不存在。",
                            suggestion: Self.anchorHint(a, anchors(id))))
                    }
                case .document(let target, let fragment):
                    if let f = fragment, !Self.has(f, anchors(target)) {
                        out.append(RuleRegistry.info(.linkAnchor).at(at, "\(what)“\(dest)”指向的标题在《\(model[target].title)》中不存在。",
                            suggestion: Self.anchorHint(f, anchors(target))))
                    }
                case .attachment:
                    break
                case .broken(let path):
                    if let path, input.source.allFiles.contains(path) {
                        out.append(RuleRegistry.info(.linkBroken).at(at, "\(what)“\(dest)”指向的文件 \(path) 没有列为本文件的附件，发布后无法访问。",
                            suggestion: "在文件头的 attachments 中加入：- {title: 附件名称, file: \(dest)}"))
                    } else {
                        let near = Suggestions.nearest(to: path ?? dest, in: Array(context.documentByContentPath.keys).sorted(), limit: 1)
                        out.append(RuleRegistry.info(.linkBroken).at(at, "\(what)“\(dest)”指向的文件不存在\(path.map { "（\($0)）" } ?? "")。",
                            suggestion: near.isEmpty ? "链接写成相对于本文件的路径，如 ../gz/2025-00012.md；检查文件名和大小写。"
                                : "是否应为“\(Self.relative(near[0], from: d.contentPath))”？链接写成相对于本文件的路径。"))
                    }
                }
            }
        }
        return out
    }

    /// What a link into a document may name after `#`: its body's headings (`rendered` as the
    /// renderer gave it) and the citable articles the page gives ids to (`#art-12`, `#art-12-3`).
    static func anchors(of rendered: RenderedBody) -> Set<String> {
        let headings = Set(rendered.headings.map(\.anchor))
        return headings.union(ArticleAnchors.apply(to: rendered.html, reserved: headings).anchors.map(\.id))
    }

    /// `zcwj/gz/a.md` as written from `zcwj/gfxwj/b.md`: `../gz/a.md`.
    static func relative(_ target: String, from contentPath: String) -> String {
        let t = target.split(separator: "/").map(String.init)
        let base = ContentPaths.folder(of: contentPath)
        var i = 0
        while i < base.count && i < t.count - 1 && t[i] == base[i] { i += 1 }
        return (Array(repeating: "..", count: base.count - i) + t[i...]).joined(separator: "/")
    }

    /// Whether cmark could find a link or image in `body`.
    /// A byte search: most Chinese bodies have none of these ASCII characters, and Foundation's
    /// `contains("www.")` (NSString, character clusters) was most of this rule's time. Bytes find
    /// every "www." it finds (ASCII has no other canonical form), which is all a pre-filter needs.
    /// Each byte is looked for with `memchr` (vectorised), one pass per byte: a byte-by-byte loop over
    /// every body (250 MB at 100,000 documents) was most of this rule's time.
    static func mayHaveLinks(_ body: String) -> Bool {
        var body = body
        return body.withUTF8 { mayHaveLinks(UnsafeRawBufferPointer($0)) }
    }

    /// `mayHaveLinks` of a body's UTF-8 bytes.
    static func mayHaveLinks(_ b: UnsafeRawBufferPointer) -> Bool {
        guard let base = b.baseAddress, !b.isEmpty else { return false }
        for c in [UInt8(ascii: "["), UInt8(ascii: "<"), UInt8(ascii: ":"), UInt8(ascii: "@")]
        where memchr(base, Int32(c), b.count) != nil {
            return true
        }
        return ByteSearch.find(Array("www.".utf8), in: b.assumingMemoryBound(to: UInt8.self)) != nil
    }

    static func has(_ anchor: String, _ anchors: Set<String>) -> Bool {
        let a = anchor.removingPercentEncodingIfPossible
        return a.isEmpty || anchors.contains(a) || pageAnchors.contains(a) || a.hasPrefix("fn-") || a.hasPrefix("fnref-")
    }

    static func anchorHint(_ anchor: String, _ anchors: Set<String>) -> String {
        let near = Suggestions.nearest(to: anchor.removingPercentEncodingIfPossible, in: anchors.sorted())
        if !near.isEmpty { return "是否应为\(near.map { "“#\($0)”" }.joined(separator: "、"))？" }
        return anchors.isEmpty ? "目标文件没有小标题或条文编号；删除“#”及其后的部分。"
            : "锚点由标题文字生成（如“## 第一章 总则”的锚点是“#第一章-总则”），条文的锚点是“#art-条号”（如第十二条为“#art-12”）。"
    }

    /// The file location of a link (the renderer gives the body line and the character column).
    static func location(of link: BodyLink, in d: Document) -> SourceLocation {
        d.bodyLocation(line: max(0, link.line - 1), column: link.column)
    }

    enum ExternalProblem {
        case unsafe(String)
        case malformed(String)

        func diagnostic(_ at: SourceLocation, _ what: String, _ dest: String) -> Diagnostic {
            switch self {
            case .unsafe(let scheme):
                RuleRegistry.info(.linkUnsafe).at(at, "\(what)“\(dest)”使用了 \(scheme): 协议，会在读者浏览器中执行脚本。",
                    suggestion: "删除此链接；政府网站页面不得包含脚本链接。")
            case .malformed(let why):
                RuleRegistry.info(.linkMalformed).at(at, "\(what)“\(dest)”格式不正确：\(why)。",
                    suggestion: "外部链接写完整网址，如 https://www.gov.cn/；邮件写 mailto:name@example.gov.cn。")
            }
        }
    }

    /// Form-only check of an external destination.
    static func externalProblem(_ dest: String) -> ExternalProblem? {
        let trimmed = dest.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("//") {
            return trimmed.count > 2 ? nil : .malformed("缺少网站地址")
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return .malformed("缺少协议") }
        let scheme = trimmed[..<colon].lowercased()
        let rest = trimmed[trimmed.index(after: colon)...]
        switch scheme {
        case "javascript", "vbscript", "data":
            return .unsafe(scheme)
        case "http", "https":
            guard rest.hasPrefix("//") else { return .malformed("“\(scheme):”后应为“//”") }
            let afterSlashes = rest.dropFirst(2)
            let host = afterSlashes.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
            let hostName = host.split(separator: "@").last.map { $0.split(separator: ":").first ?? "" } ?? ""
            if hostName.isEmpty { return .malformed("缺少网站地址") }
            if !hostName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "[" || $0 == "]" }) {
                return .malformed("网站地址“\(hostName)”含有不允许的字符")
            }
            if hostName.hasPrefix(".") || hostName.hasSuffix("..") || hostName.contains("..") {
                return .malformed("网站地址“\(hostName)”不完整")
            }
            if trimmed.contains(" ") { return .malformed("网址中不能有空格") }
            return nil
        case "mailto":
            let address = rest.prefix(while: { $0 != "?" })
            let parts = address.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !address.contains(" ") else {
                return .malformed("邮件地址“\(address)”不完整")
            }
            return nil
        case "tel":
            guard !rest.isEmpty, rest.allSatisfy({ $0.isNumber || "+-() ".contains($0) }) else { return .malformed("电话号码“\(rest)”含有不允许的字符") }
            return nil
        default:
            return .malformed("不支持“\(scheme):”协议（只允许 http、https、mailto、tel）")
        }
    }
}

extension String {
    fileprivate var removingPercentEncodingIfPossible: String { removingPercentEncoding ?? self }
}
