import Foundation
import Testing
@testable import GongkaiKit

/// A small site with documents in two categories, one empty category, and a title that needs escaping.
private func feedSite(extraFiles: [String: String] = [:]) throws -> TestSite {
    var files: [String: String] = [
        "zcwj/gz/2025-00001.md": policy("2025-00001", title: "测试市政府规章管理办法", category: "zcwj.gz", published: "2025-03-01", written: "2025-02-20"),
        "zcwj/gfxwj/2025-00002.md": policy("2025-00002", title: "关于“<新>”标准 & 'A'类事项的通知", published: "2025-06-06"),
        "zcwj/gfxwj/2025-00003.md": policy("2025-00003", title: "测试市促进就业若干措施", published: "2025-09-30", written: "2025-09-20"),
    ]
    for (k, v) in extraFiles { files[k] = v }
    return try TestSite(files: files)
}

@Suite("Feeds")
struct FeedTests {
    @Test("every feed, the sitemap and robots.txt are written and are well-formed XML")
    func wellFormed() throws {
        let site = try feedSite()
        let outcome = try site.build()
        #expect(outcome.published)
        var feeds = ["feed.xml"]
        for path in ["zcwj", "zcwj/gz", "zcwj/gfxwj", "zcwj/qtwj", "zcjd", "zcjd/wzjd"] { feeds.append("catalogue/\(path)/feed.xml") }
        for path in feeds {
            #expect(site.exists(path), "\(path) missing")
            let root = try XMLTree.parse(try site.page(path))
            #expect(root.name == "feed")
            #expect(root.namespace == "http://www.w3.org/2005/Atom")
            // Atom requires id, title, updated, and an author at feed level when entries have none.
            for required in ["id", "title", "updated", "author"] { #expect(root.first(required) != nil, "\(path): no \(required)") }
            for entry in root.all("entry") {
                for required in ["id", "title", "updated", "link"] { #expect(entry.first(required) != nil, "\(path): entry without \(required)") }
            }
        }
        let sitemap = try XMLTree.parse(try site.page("sitemap.xml"))
        #expect(sitemap.name == "urlset")
        #expect(sitemap.namespace == "http://www.sitemaps.org/schemas/sitemap/0.9")
        #expect(try site.page("robots.txt") == "User-agent: *\nAllow: /\n\nSitemap: https://www.example.gov.cn/sitemap.xml\n")
    }

    @Test("entries: newest first, ids and links from base_url + permalink, dates at China midnight")
    func entries() throws {
        let site = try feedSite()
        try site.build()
        let root = try XMLTree.parse(try site.page("feed.xml"))
        let entries = root.all("entry")
        #expect(entries.map { $0.first("id")!.text } == [
            "https://www.example.gov.cn/documents/11999900MB0000001X/2025-00003/",
            "https://www.example.gov.cn/documents/11999900MB0000001X/2025-00002/",
            "https://www.example.gov.cn/documents/11999900MB0000001X/2025-00001/",
        ])
        #expect(entries.map { $0.first("link")!.attributes["href"]! } == entries.map { $0.first("id")!.text })
        #expect(entries.map { $0.first("updated")!.text } == ["2025-09-30T00:00:00+08:00", "2025-06-06T00:00:00+08:00", "2025-03-01T00:00:00+08:00"])
        // The feed changes when an entry does, not when the build runs.
        #expect(root.first("updated")!.text == "2025-09-30T00:00:00+08:00")
        #expect(root.first("id")!.text == "https://www.example.gov.cn/feed.xml")
        #expect(root.all("link").map { $0.attributes["rel"]! } == ["self", "alternate"])
        #expect(entries[0].first("category")!.attributes == ["term": "zcwj.gfxwj", "label": "行政规范性文件"])

        let gz = try XMLTree.parse(try site.page("catalogue/zcwj/gz/feed.xml"))
        #expect(gz.all("entry").map { $0.first("title")!.text } == ["测试市政府规章管理办法"])
        #expect(gz.all("link").first { $0.attributes["rel"] == "alternate" }!.attributes["href"] == "https://www.example.gov.cn/catalogue/zcwj/gz/")
        // A parent category's feed includes its descendants.
        #expect(try XMLTree.parse(try site.page("catalogue/zcwj/feed.xml")).all("entry").count == 3)
        // An empty category still has a valid feed, dated the build day.
        let empty = try XMLTree.parse(try site.page("catalogue/zcwj/qtwj/feed.xml"))
        #expect(empty.all("entry").isEmpty)
        #expect(empty.first("updated")!.text == "2026-11-21T00:00:00+08:00")
    }

    @Test("text from content is escaped and reads back unchanged")
    func escaping() throws {
        let site = try feedSite()
        try site.build()
        let text = try site.page("feed.xml")
        #expect(text.contains("关于“&lt;新&gt;”标准 &amp; &apos;A&apos;类事项的通知"))
        let root = try XMLTree.parse(text)
        #expect(root.all("entry").map { $0.first("title")!.text }.contains("关于“<新>”标准 & 'A'类事项的通知"))
    }

    @Test("XML escaping drops characters XML cannot carry")
    func escapeFunction() throws {
        #expect(XML.escape("a<b>&\"'\u{0}\u{1B}\t\n\u{FFFE}z") == "a&lt;b&gt;&amp;&quot;&apos;\t\nz")
        let feed = AtomFeed(
            id: "https://x/feed.xml", title: "控制符\u{7}标题", subtitle: nil, selfURL: "https://x/feed.xml?a=1&b=2",
            pageURL: "https://x/", author: "机关", fallbackUpdated: CalendarDate(iso: "2025-01-02")!, entries: [])
        let root = try XMLTree.parse(feed.render())
        #expect(root.first("title")!.text == "控制符标题")
        #expect(root.first("link")!.attributes["href"] == "https://x/feed.xml?a=1&b=2")
    }

    @Test("only the newest N entries are kept")
    func limit() throws {
        let site = try feedSite()
        let model = try #require(try site.check().model)
        let feeds = SiteFeeds(model: model, entryLimit: 2)
        #expect(feeds.portalFeed().entries.map(\.title) == ["测试市促进就业若干措施", "关于“<新>”标准 & 'A'类事项的通知"])
        #expect(feeds.categoryFeed(CategoryPath(["zcwj"])).entries.count == 2)
        #expect(SiteFeeds(model: model).portalFeed().entries.count == 3)
        #expect(SiteFeeds(model: model).entryLimit == 50)
    }

    @Test("the sitemap lists every page once, canonical, with pages of later pagination, but not 404.html")
    func sitemap() throws {
        let site = try feedSite()
        try site.build()
        let urls = try XMLTree.parse(try site.page("sitemap.xml")).all("url")
        let locations = urls.map { $0.first("loc")!.text }
        let pages = try site.siteFiles().keys.filter { $0.hasSuffix(".html") && $0 != "404.html" }
        #expect(locations.count == pages.count)
        #expect(Set(locations) == Set(pages.map { SitePaths.canonical($0, baseURL: "https://www.example.gov.cn/") }))
        #expect(locations.first == "https://www.example.gov.cn/")
        #expect(locations.contains("https://www.example.gov.cn/catalogue/zcwj/index_2.html"))   // page_size 2, 3 documents
        #expect(!locations.contains { $0.hasSuffix("404.html") })
        let doc = urls.first { $0.first("loc")!.text.hasSuffix("2025-00003/") }!
        #expect(doc.first("lastmod")?.text == "2025-09-30")
    }

    @Test("two builds give the same bytes")
    func deterministic() throws {
        let a = try feedSite()
        try a.build()
        let b = try feedSite()
        try b.build()
        for path in ["feed.xml", "catalogue/zcwj/feed.xml", "sitemap.xml", "robots.txt"] {
            #expect(try a.page(path) == b.page(path), "\(path) differs")
        }
    }

    @Test("golden files: feed, category feed, sitemap, robots.txt")
    func golden() throws {
        let site = try feedSite()
        try site.build()
        let expected = TestSite.fixtures.appendingPathComponent("feeds/expected")
        let update = ProcessInfo.processInfo.environment["GONGKAI_UPDATE_GOLDEN"] == "1"
        for path in ["feed.xml", "catalogue/zcwj/gfxwj/feed.xml", "catalogue/zcwj/qtwj/feed.xml", "sitemap.xml", "robots.txt"] {
            let actual = try site.page(path)
            let file = expected.appendingPathComponent(path)
            if update {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try actual.write(to: file, atomically: true, encoding: .utf8)
            }
            let golden = try String(contentsOf: file, encoding: .utf8)
            #expect(actual == golden, "\(path) differs from Fixtures/feeds/expected/\(path) (GONGKAI_UPDATE_GOLDEN=1 rewrites it)")
        }
    }

    @Test("pages link the feeds they have")
    func linked() throws {
        let site = try feedSite()
        try site.build()
        #expect(try site.page("index.html").contains(#"<link rel="alternate" type="application/atom+xml" title="测试市人民政府信息公开" href="feed.xml">"#))
        let category = try site.page("catalogue/zcwj/gz/index.html")
        #expect(category.contains(#"href="../../../feed.xml""#))
        #expect(category.contains(#"type="application/atom+xml" title="政府规章（栏目订阅）" href="../../../catalogue/zcwj/gz/feed.xml""#))
    }

    @Test("404.html links from the path of base_url, so it works at any depth")
    func notFoundPage() throws {
        let catalogue = TestSite.defaultCatalogue.replacingOccurrences(of: "https://www.example.gov.cn/", with: "https://www.example.gov.cn/gk/")
        let site = try TestSite(catalogue: catalogue, files: ["zcwj/gz/2025-00001.md": policy("2025-00001", category: "zcwj.gz")])
        try site.build()
        let page = try site.page("404.html")
        #expect(page.contains(#"href="/gk/assets/site.css""#))
        #expect(page.contains(#"href="/gk/index.html""#))
        #expect(page.contains(#"href="/gk/catalogue/zcwj/index.html""#))
        #expect(!page.contains(#"href="../"#))
        #expect(page.contains("<h1>页面未找到</h1>"))
        #expect(try site.page("robots.txt").contains("Sitemap: https://www.example.gov.cn/gk/sitemap.xml"))
    }
}
