import Foundation

/// A file of the finished site.
public enum OutputItem: Sendable {
    /// Bytes to write at a site path.
    case file(path: String, bytes: [UInt8])
    /// A content file (attachment) to copy to a site path.
    case copy(path: String, contentPath: String)
}

/// Renders every page of the site through the templates, handing each file to `emit` as soon as it
/// is ready so that a large site is never held in memory at once.
public struct SitePages {
    public let context: PageContext
    public let templates: Templates
    public let renderer: any MarkdownRendering
    public let fileSizes: [String: Int]
    /// Categories with a 现行有效 list (see `hasCurrentTexts`), worked out once.
    let currentTextCategories: Set<CategoryPath>
    /// With a build cache: pages whose key the previous site has are kept, not rendered (`emitPage`).
    var memo: PageMemo? = nil
    /// With a build cache: the revision comparisons of the last build, for bodies that did not change.
    var diffs: DiffReuse? = nil
    /// With a page memo: the digests of pages' inputs, so that a page whose inputs did not change is
    /// kept without building its view model (`PageInputs`).
    var inputs: PageInputs? = nil

    public init(model: SiteModel, templates: Templates, renderer: any MarkdownRendering, fileSizes: [String: Int]) {
        self.context = PageContext(model: model, templates: templates)
        self.templates = templates
        self.renderer = renderer
        self.fileSizes = fileSizes
        self.currentTextCategories = Self.currentTextCategories(model.catalogue)
    }

    var model: SiteModel { context.model }

    /// Every page except document pages (home, categories, 404, and the linkage pages), on all
    /// cores: each page is a job of its own, handed to `emit` (which must be thread-safe) when done.
    public func renderListings(_ emit: (OutputItem) throws -> Void) throws {
        let jobs = listingJobs()
        _ = try Parallel.map(jobs.count, grain: 1) { try jobs[$0](emit) }
    }

    /// Renders one page (or a few small files) and hands it to `emit`.
    typealias PageJob = ((OutputItem) throws -> Void) throws -> Void

    func listingJobs() -> [PageJob] {
        var jobs: [PageJob] = [
            { emit in try emitPage(inputs: inputs.map(homeInputs), home(), with: "home", at: SitePaths.home, emit) },
            { emit in try emitPage(notFound(), with: "404", at: SitePaths.notFound, emit) },
        ]
        for path in model.catalogue.ordered {
            for page in 1...categoryPageCount(path) {
                jobs.append { emit in try renderCategoryPage(path, page: page, emit) }
            }
        }
        jobs += linkageJobs()
        return jobs
    }

    /// Renders `view` with `template` and hands the page to `emit` — unless the memo keeps the
    /// previous build's page at `sitePath` (same key), in which case nothing is rendered or written.
    func emitPage<View: TemplateValue>(_ view: View, with template: String, at sitePath: String,
                                       _ emit: (OutputItem) throws -> Void) throws {
        try templates.emitPage(view, with: template, at: sitePath, memo: memo, emit)
    }

    /// `emitPage` for a page whose inputs' digest is known (nil: none): the view model is built only
    /// when the previous build did not record the page under the same inputs.
    func emitPage<View: TemplateValue>(inputs: UInt64?, _ view: @autoclosure () -> View, with template: String,
                                       at sitePath: String, _ emit: (OutputItem) throws -> Void) throws {
        try templates.emitPage(inputs: inputs, view, with: template, at: sitePath, memo: memo, emit)
    }

    func home() -> HomePage {
        let sitePath = SitePaths.home
        let root = ""
        let latest = model.documents.indices.prefix(model.catalogue.site.latestCount).map { context.row($0, root: root) }
        var page = HomePage(
            chrome: context.chrome(at: sitePath, title: nil, crumbs: []),
            catalogue: context.tree(model.catalogue.roots, root: root), latest: latest,
            documentCount: model.documents.count, categoryCount: model.catalogue.ordered.count)
        page.browseLinks = browseLinks(root: root)
        return page
    }

    func notFound() -> NotFoundPage {
        // Served for any missing path, so its links cannot be relative: they start at the site root
        // as given by base_url's path.
        let basePath = Self.path(of: model.catalogue.site.baseURL)
        var chrome = context.chrome(at: SitePaths.notFound, title: "页面未找到", crumbs: [Crumb(name: "页面未找到", url: nil)])
        chrome = PageContext.rebase(chrome, root: basePath)
        return NotFoundPage(chrome: chrome, catalogue: context.tree(model.catalogue.roots, root: basePath, depth: 1))
    }

    /// `/` for `https://host/`, `/gk/` for `https://host/gk/`.
    static func path(of baseURL: String) -> String {
        guard let schemeEnd = baseURL.range(of: "://") else { return "/" }
        let rest = baseURL[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return "/" }
        return String(rest[slash...])
    }

    func categoryPageCount(_ path: CategoryPath) -> Int {
        let size = model.catalogue.site.pageSize
        return max(1, ((model.listing[path]?.count ?? 0) + size - 1) / size)
    }

    func renderCategory(_ path: CategoryPath, _ emit: (OutputItem) throws -> Void) throws {
        for page in 1...categoryPageCount(path) {
            try renderCategoryPage(path, page: page, emit)
        }
    }

    func renderCategoryPage(_ path: CategoryPath, page: Int, _ emit: (OutputItem) throws -> Void) throws {
        let size = model.catalogue.site.pageSize
        let sitePath = SitePaths.category(path, page: page)
        let slice = (model.listing[path] ?? []).dropFirst((page - 1) * size).prefix(size)
        try emitPage(inputs: inputs.map { categoryInputs(path, page: page, slice: slice, $0) },
                     categoryPage(path, page: page, slice: slice), with: "category", at: sitePath, emit)
    }

    func categoryPage(_ path: CategoryPath, page: Int, slice: ArraySlice<SiteModel.DocumentID>) -> CategoryPage {
        let category = model.catalogue[path]!
        let ids = model.listing[path] ?? []
        let pageCount = categoryPageCount(path)
        let sitePath = SitePaths.category(path, page: page)
        let root = SitePaths.root(from: sitePath)
        let title = page == 1 ? category.name : "\(category.name)（第\(page)页）"
        return CategoryPage(
            chrome: context.chrome(
                at: sitePath, title: title, crumbs: context.crumbs(for: path, from: sitePath, linkLast: page > 1),
                section: path, description: category.description),
            name: category.name, description: category.description, emptyReason: category.emptyReason,
            isEmpty: ids.isEmpty, total: ids.count,
            subcategories: context.tree(category.children, root: root, depth: 1),
            hasSubcategories: !category.children.isEmpty,
            rows: slice.map { context.row($0, root: root) },
            tableCaption: "栏目“\(category.name)”的文件列表" + (pageCount > 1 ? "（第\(page)页，共\(pageCount)页）" : ""),
            pagination: pagination(page: page, of: pageCount, root: root) { SitePaths.category(path, page: $0) },
            categoryFeedURL: root + SiteFeeds.categoryFeed(path),
            currentTextsURL: hasCurrentTexts(path) ? root + SitePaths.currentTexts(path) : nil)
    }

    func pagination(page: Int, of total: Int, root: String, path: (Int) -> String) -> Pagination {
        // At most 9 numbered links around the current page.
        let low = max(1, min(page - 4, total - 8))
        let high = min(total, low + 8)
        return Pagination(
            show: total > 1, current: page, total: total,
            previousURL: page > 1 ? root + path(page - 1) : nil,
            nextURL: page < total ? root + path(page + 1) : nil,
            pages: (low...high).map { PageLink(number: $0, url: root + path($0), current: $0 == page) })
    }

    /// The page of one document, and its attachments. Returns the rendered body for later stages.
    public func renderDocument(_ id: SiteModel.DocumentID, _ emit: (OutputItem) throws -> Void) throws -> RenderedBody {
        try renderDocument(id, emit, remembering: nil).body.rendered
    }

    /// The same; with `bodies` (a build with a cache), the body is taken from the last build's memo
    /// when it remembers it (and read whole only if the page must be made), and the entry for the
    /// next memo is returned.
    func renderDocument(_ id: SiteModel.DocumentID, _ emit: (OutputItem) throws -> Void,
                        remembering bodies: BodyReuse?) throws -> (body: DocumentBody, entry: BodyMemoEntry?) {
        let d = model[id]
        let sitePath = SitePaths.document(d.indexNo)
        let root = SitePaths.root(from: sitePath)
        let (body, entry) = renderBody(d, root: root, remembering: bodies)
        try emitPage(inputs: inputs.map { documentInputs(id, htmlHash: body.htmlHash, articleCount: body.articleCount, $0) },
                     documentPage(id, body: body.rendered, articleCount: body.articleCount), with: "document", at: sitePath, emit)
        for a in d.attachments {
            try emit(.copy(path: SitePaths.attachment(d.indexNo, a.fileName), contentPath: a.contentPath))
        }
        return (body, entry)
    }

    func documentPage(_ id: SiteModel.DocumentID, body: RenderedBody, articleCount: Int) -> DocumentPage {
        let d = model[id]
        let sitePath = SitePaths.document(d.indexNo)
        let root = SitePaths.root(from: sitePath)
        let validity = model.validity[id]
        let category = model.catalogue[d.category]!
        return DocumentPage(
            chrome: context.chrome(
                at: sitePath, title: d.title, crumbs: context.crumbs(for: d.category, from: sitePath, linkLast: true) + [Crumb(name: d.title, url: nil)],
                section: d.category, description: d.title),
            title: d.title, indexNo: d.indexNo.rawValue,
            metadata: metadata(id, root: root), validity: validity.chineseName, validityClass: validity.rawValue,
            bodyHTML: body.html,
            attachments: d.attachments.map { a in
                AttachmentLink(
                    title: a.title, url: a.fileName, fileName: a.fileName,
                    fileType: Self.fileType(a.fileName), size: Self.humanSize(fileSizes[a.contentPath] ?? 0))
            },
            hasAttachments: !d.attachments.isEmpty,
            categoryName: category.name, categoryURL: root + SitePaths.category(d.category), extra: documentExtras(id, root: root, articleCount: articleCount))
    }

    /// The document's body as its page shows it (links rewritten, articles anchored except in
    /// interpretations), with how many articles were anchored; with `bodies`, the entry for the next
    /// memo. A body the memo remembers is not rendered: only its head is read (`DocumentBody`).
    func renderBody(_ d: Document, root: String, remembering bodies: BodyReuse?) -> (body: DocumentBody, entry: BodyMemoEntry?) {
        let rewrite = { (destination: String) in BodyLinks.rewrite(destination, in: d, root: root, context: context) }
        guard let bodies else {
            let (body, articleCount) = render(d, rewrite: rewrite)
            return (DocumentBody(body, articleCount: articleCount), nil)
        }
        // The hash and length of a body kept as bytes (`StoredText`) are had without reading it.
        let hash = d.bodyHash
        if let memo = bodies.previous,
           let (head, stored) = memo.head(bodyLength: d.bodyUTF8Count, hash: hash, isInterpretation: d.isInterpretation, rewrite: rewrite) {
            // The rest is read when a page or search file needs it; a damaged rest is rendered again
            // (the head, checked apart, already said what rendering gives).
            // The renderer alone is captured, not the whole of `self`: copying and later releasing
            // every field of `SitePages` for each of a large site's documents showed in profiles.
            let renderer = renderer
            let body = DocumentBody(head: head) { memo.remembered(stored, bodyLength: d.bodyUTF8Count) ?? Self.render(d, renderer: renderer, rewrite: rewrite).body }
            return (body, BodyMemoEntry(bodyHash: hash, payload: stored, remembered: true))
        }
        // Every destination the renderer asks about, once, with the answer: what the entry must find
        // again to be used (see `BodyMemo`).
        var asked: [(destination: String, url: String?)] = []
        var seen: Set<String> = []
        let (body, articleCount) = render(d) { destination in
            let url = rewrite(destination)
            if seen.insert(destination).inserted { asked.append((destination, url)) }
            return url
        }
        let rendered = DocumentBody(body, articleCount: articleCount)
        var w = CacheWriter()
        RememberedBody(body: body, articleCount: articleCount, isInterpretation: d.isInterpretation, rewrites: asked)
            .encode(bodyLength: d.bodyUTF8Count, htmlHash: rendered.htmlHash, textHash: rendered.textHash, into: &w)
        return (rendered, BodyMemoEntry(bodyHash: hash, payload: w.bytes, remembered: false))
    }

    private func render(_ d: Document, rewrite: (String) -> String?) -> (body: RenderedBody, articleCount: Int) {
        Self.render(d, renderer: renderer, rewrite: rewrite)
    }

    private static func render(_ d: Document, renderer: any MarkdownRendering,
                               rewrite: (String) -> String?) -> (body: RenderedBody, articleCount: Int) {
        pageBody(renderer.render(d.body, rewrite: rewrite), isInterpretation: d.isInterpretation)
    }

    /// A body as the renderer gave it, as the document's page shows it: articles anchored, except in
    /// interpretations; with how many articles were anchored.
    static func pageBody(_ rendered: RenderedBody, isInterpretation: Bool) -> (body: RenderedBody, articleCount: Int) {
        var body = rendered
        var articleCount = 0
        if !isInterpretation {
            let anchored = ArticleAnchors.apply(to: body.html, reserved: Set(body.headings.map(\.anchor)))
            body.html = anchored.html
            articleCount = anchored.anchors.count
        }
        return (body, articleCount)
    }

    /// The standard metadata block, in the standard order; empty rows are left out.
    func metadata(_ id: SiteModel.DocumentID, root: String) -> [MetadataRow] {
        let d = model[id]
        let validity = model.validity[id]
        var rows: [MetadataRow] = []
        func add(_ label: String, _ value: String?, url: String? = nil, validityClass: String? = nil) {
            guard let value, !value.isEmpty else { return }
            rows.append(MetadataRow(label: label, value: value, url: url, validityBadge: validityClass))
        }
        add("索引号", d.indexNo.rawValue)
        add("主题分类", d.topics.joined(separator: "、"))
        add("发文机关", d.issuer)
        add("成文日期", d.written?.chinese)
        add("标题", d.title)
        add("发文字号", d.docNo?.rawValue)
        add("发布日期", d.published.chinese)
        add("有效性", validity.chineseName, validityClass: validity.rawValue)
        add("施行日期", d.effective?.chinese)
        add("有效期至", d.expires?.chinese)
        return rows
    }

    static func fileType(_ name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "文件" }
        return String(name[name.index(after: dot)...]).uppercased()
    }

    static func humanSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\((bytes + 512) / 1024) KB" }
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}

extension PageContext {
    /// The same chrome with every link made absolute from `root` (for 404.html).
    static func rebase(_ chrome: PageChrome, root: String) -> PageChrome {
        var c = chrome
        func fix(_ url: String) -> String { root + url.replacingOccurrences(of: chrome.root, with: "", options: .anchored) }
        c.root = root
        c.homeURL = fix(c.homeURL)
        c.searchURL = fix(c.searchURL)
        c.interpretationIndexURL = fix(c.interpretationIndexURL)
        c.assetsURL = fix(c.assetsURL)
        c.feedURL = fix(c.feedURL)
        c.nav = c.nav.map { NavLink(name: $0.name, url: fix($0.url), current: false) }
        c.breadcrumbs = c.breadcrumbs.map { Crumb(name: $0.name, url: $0.url.map(fix)) }
        return c
    }
}
