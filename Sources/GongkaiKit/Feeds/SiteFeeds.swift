/// The machine-readable files of the site: the Atom feed of the whole portal (`feed.xml`), one per
/// category (`catalogue/<path>/feed.xml`), `sitemap.xml` and `robots.txt`.
///
/// Everything is derived from the model and the list of pages the build wrote, so two builds of the
/// same content give the same bytes: the feeds' `updated` is the newest entry's date, never the clock.
public struct SiteFeeds: Sendable {
    public let model: SiteModel
    /// Entries per feed, newest first.
    public var entryLimit: Int

    public static let feed = "feed.xml"
    public static let sitemap = "sitemap.xml"
    public static let robots = "robots.txt"

    public init(model: SiteModel, entryLimit: Int = 50) {
        self.model = model
        self.entryLimit = entryLimit
    }

    var site: SiteSettings { model.catalogue.site }

    /// Site path of a category's feed, beside its listing.
    public static func categoryFeed(_ path: CategoryPath) -> String {
        "catalogue/" + path.components.joined(separator: "/") + "/feed.xml"
    }

    func absolute(_ sitePath: String) -> String { SitePaths.canonical(sitePath, baseURL: site.baseURL) }

    /// `pages`: site paths of the HTML pages written (any order); all but 404.html go into the sitemap.
    public func items(pages: [String]) -> [OutputItem] {
        files(pages: pages, inputs: nil).map { .file(path: $0.path, bytes: $0.make()) }
    }

    /// A file of `items`, made on demand, with the digest of what it is made from when `inputs`
    /// are known (see `PageInputs`): a build with a cache keeps the file unmade when the previous
    /// site has it under the same digest.
    struct File {
        var path: String
        var inputs: UInt64?
        var make: () -> [UInt8]
    }

    func files(pages: [String], inputs: PageInputs?) -> [File] {
        // A feed shows the catalogue (in `site`) and its entries' documents.
        func entries(_ ids: some Collection<SiteModel.DocumentID>) -> UInt64? {
            guard let inputs else { return nil }
            var digest = PageInputs.Digest(inputs, "feed")
            inputs.add(ids, to: &digest)
            return digest.value
        }
        var files = [File(path: Self.feed, inputs: entries(model.documents.indices.prefix(entryLimit))) {
            Array(portalFeed().render().utf8)
        }]
        for path in model.catalogue.ordered {
            files.append(File(path: Self.categoryFeed(path), inputs: entries((model.listing[path] ?? []).prefix(entryLimit))) {
                Array(categoryFeed(path).render().utf8)
            })
        }
        files.append(File(path: Self.sitemap, inputs: inputs.map { sitemapInputs(pages: pages, $0) }) {
            Array(sitemap(pages: pages).render().utf8)
        })
        files.append(File(path: Self.robots, inputs: nil) { Array(Robots.render(sitemapURL: absolute(Self.sitemap)).utf8) })
        return files
    }

    /// The sitemap shows the set of pages (in an order of its own) and the documents' publication
    /// dates (in their records). The set is digested without sorting it: two sums, over differently
    /// seeded hashes of its paths, with its size.
    func sitemapInputs(pages: [String], _ inputs: PageInputs) -> UInt64 {
        var digest = PageInputs.Digest(inputs, "sitemap")
        inputs.add(model.documents.indices, to: &digest)
        // A path written twice counts once. The pages are told apart by their two hashes, sorted,
        // rather than by a set of the paths: a set of a large site's ~130,000 page paths cost most
        // of the feeds stage of a one-edit rebuild.
        var hashes: [(UInt64, UInt64)] = []
        hashes.reserveCapacity(pages.count)
        for page in pages where page.hasSuffix(".html") && page != SitePaths.notFound {
            hashes.append((FastHash.hash(page, seed: 0x5173), FastHash.hash(page, seed: 0x9e37_79b9)))
        }
        hashes.sort { $0 < $1 }
        var (count, sum0, sum1) = (0, UInt64(0), UInt64(0))
        for (k, h) in hashes.enumerated() where k == 0 || hashes[k - 1] != h {
            count += 1
            sum0 &+= h.0
            sum1 &+= h.1
        }
        digest.add(count)
        digest.add(sum0)
        digest.add(sum1)
        return digest.value
    }

    public func portalFeed() -> AtomFeed {
        AtomFeed(
            id: absolute(Self.feed), title: site.title, subtitle: "\(site.agency)主动公开的政府信息",
            selfURL: absolute(Self.feed), pageURL: absolute(SitePaths.home), author: site.agency,
            fallbackUpdated: model.today, entries: model.documents.indices.prefix(entryLimit).map(entry))
    }

    public func categoryFeed(_ path: CategoryPath) -> AtomFeed {
        let category = model.catalogue[path]!
        let ids = model.listing[path] ?? []
        return AtomFeed(
            id: absolute(Self.categoryFeed(path)), title: "\(category.name) - \(site.title)",
            subtitle: category.description,
            selfURL: absolute(Self.categoryFeed(path)), pageURL: absolute(SitePaths.category(path)),
            author: site.agency, fallbackUpdated: model.today, entries: ids.prefix(entryLimit).map(entry))
    }

    func entry(_ id: SiteModel.DocumentID) -> AtomFeed.Entry {
        let d = model[id]
        let url = absolute(SitePaths.document(d.indexNo))
        var facts = ["索引号：\(d.indexNo.rawValue)"]
        if let docNo = d.docNo { facts.append("发文字号：\(docNo.rawValue)") }
        if let issuer = d.issuer { facts.append("发文机关：\(issuer)") }
        facts.append("发布日期：\(d.published.chinese)")
        facts.append("有效性：\(model.validity[id].chineseName)")
        let category = model.catalogue[d.category]!
        return AtomFeed.Entry(
            id: url, title: d.title, link: url, updated: d.published, published: d.published,
            summary: facts.joined(separator: "；"), categories: [(d.category.dotted, category.name)])
    }

    /// Home first, then every other page by path; document pages carry their publication date.
    public func sitemap(pages: [String]) -> Sitemap {
        var published: [String: CalendarDate] = [:]
        for d in model.documents { published[SitePaths.document(d.indexNo)] = d.published }
        let listed = Set(pages.filter { $0.hasSuffix(".html") && $0 != SitePaths.notFound })
        let ordered = listed.sorted { a, b in
            if (a == SitePaths.home) != (b == SitePaths.home) { return a == SitePaths.home }
            return a < b
        }
        return Sitemap(urls: ordered.map { Sitemap.URLEntry(location: absolute($0), lastModified: published[$0]) })
    }
}
