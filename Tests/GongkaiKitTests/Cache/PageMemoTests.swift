import Foundation
import Testing
@testable import GongkaiKit

/// Pages kept from the previous site without being rendered (`PageKey`, `SiteWriter.keep`): only
/// when nothing a template can read changed — including what reaches a page through other
/// documents, the catalogue, the templates or the build date.
@Suite("Page memo")
struct PageMemoTests {
    static func page(_ serial: String) -> String { "documents/11999900MB0000001X/\(serial)/index.html" }
    static let index = "11999900MB0000001X/"

    /// After one body edit, every page whose bytes did not change was kept without rendering (every
    /// HTML file of the site is rendered from a template), and the edited page was rendered.
    @Test func unchangedPagesAreNotRendered() throws {
        let s = try CachedSite()
        try s.build()
        let before = try TestSite.files(under: s.site.output)
        try s.site.write(CachedSite.path(3), CachedSite.document(3, body: "第一条 修改后的正文。\n"))
        let outcome = try s.build()
        try s.expectSameAsCleanBuild(outcome, "one body edited")
        let after = try TestSite.files(under: s.site.output)
        let pages = after.keys.filter { $0.hasSuffix(".html") }
        let unchanged = pages.filter { before[$0] == after[$0] }
        #expect(before[Self.page(CachedSite.serial(3))] != after[Self.page(CachedSite.serial(3))])
        #expect(outcome.pagesKept == unchanged.count, "\(pages.count) pages, \(unchanged.count) unchanged")
        #expect(outcome.pagesKept > pages.count / 2)
        #expect(outcome.filesReused >= outcome.pagesKept)
        // The next edit still finds the keys (kept pages carry theirs into the new manifest).
        try s.site.write(CachedSite.path(5), CachedSite.document(5, body: "第一条 又一次修改。\n"))
        let again = try s.build()
        try s.expectSameAsCleanBuild(again, "a second body edited")
        #expect(again.pagesKept == outcome.pagesKept)
        // Pages whose inputs did not change were kept without building their view model (debug
        // builds check each against its real key): every document page but the edited ones.
        let documentPages = pages.filter { $0.hasPrefix("documents/") }.count
        #expect(outcome.pagesKeptUnbuilt >= documentPages - 1 && outcome.pagesKeptUnbuilt <= outcome.pagesKept)
        #expect(again.pagesKeptUnbuilt >= documentPages - 2 && again.pagesKeptUnbuilt <= again.pagesKept)
    }

    /// Data files made from documents — each document's JSON, the whole catalogue as JSON and CSV,
    /// the feeds and the sitemap — are kept unmade when the documents they show did not change
    /// (debug builds make them anyway and stop on a difference), and made again when they did.
    @Test func dataFilesAreKeptUnmade() throws {
        let s = try CachedSite(generated: 8)
        try s.build()
        let documents = 8
        let json = "documents/11999900MB0000001X/\(CachedSite.serial(3))/index.json"
        try s.site.write(CachedSite.path(3), CachedSite.document(3, body: "第一条 修改后的正文。\n"))
        let body = try s.build()
        try s.expectSameAsCleanBuild(body, "one body edited")
        // Not pages: each document's JSON and search result, the catalogue twice, feeds, sitemap.
        #expect(body.filesKeptUnmade - body.pagesKept >= 2 * documents + 2 + 1 + 1)
        let before = try TestSite.files(under: s.site.output)
        try s.site.write(CachedSite.path(3), CachedSite.document(3, title: "测试市第3项工作办法（修订稿）", body: "第一条 修改后的正文。\n"))
        let title = try s.build()
        try s.expectSameAsCleanBuild(title, "one title edited")
        let after = try TestSite.files(under: s.site.output)
        for changed in [json, OpenDataStage.catalogueJSON, OpenDataStage.catalogueCSV, SiteFeeds.feed] {
            #expect(before[changed] != after[changed], "\(changed) unchanged after a title edit")
        }
        #expect(title.filesKeptUnmade - title.pagesKept >= 2 * (documents - 1))
    }

    /// `change` reaches `pages` only through something else; they must be rendered again (their
    /// bytes change) and the site must equal a clean build's.
    func expectRerendered(_ s: CachedSite, _ pages: [String], today: String = "2026-11-21", _ what: String,
                          sourceLocation: Testing.SourceLocation = #_sourceLocation,
                          change: () throws -> Void) throws -> BuildOutcome {
        let before = try TestSite.files(under: s.site.output)
        try change()
        let outcome = try s.build(today: today)
        #expect(!outcome.replayed, sourceLocation: sourceLocation)
        try s.expectSameAsCleanBuild(outcome, today: today, what, sourceLocation: sourceLocation)
        let after = try TestSite.files(under: s.site.output)
        for page in pages {
            #expect(after[page] != nil && before[page] != after[page], "\(what): \(page) unchanged", sourceLocation: sourceLocation)
        }
        return outcome
    }

    @Test func interpretationTitleReachesItsPolicy() throws {
        let s = try CachedSite(generated: 6)
        let policy = CachedSite.serial(1)
        func interpretation(_ title: String) -> String {
            GongkaiKitTests.policy("2024-09001", title: title, category: "zcjd",
                                   extra: "interprets: [\(Self.index)\(policy)]\nform: 文字解读\nstage: 发布")
        }
        try s.site.write("zcjd/2024-09001.md", interpretation("关于第1项工作的政策解读"))
        try s.build()
        let outcome = try expectRerendered(s, [Self.page(policy)], "interpretation retitled") {
            try s.site.write("zcjd/2024-09001.md", interpretation("图解第1项工作"))
        }
        #expect(outcome.pagesKept > 0)
        #expect(try s.site.page(Self.page(policy)).contains("图解第1项工作"))
    }

    @Test func revisionChainReachesEveryVersion() throws {
        let s = try CachedSite(generated: 6)
        let oldest = CachedSite.serial(2)
        func revision(_ serial: String, of older: String, title: String) -> String {
            GongkaiKitTests.policy(serial, title: title, published: "2025-07-02", extra: "revises: \(Self.index)\(older)")
        }
        try s.site.write("zcwj/gfxwj/2025-09002.md", revision("2025-09002", of: oldest, title: "测试市第2项工作办法（修订）"))
        try s.build()
        _ = try expectRerendered(s, [Self.page(oldest)], "newer version retitled") {
            try s.site.write("zcwj/gfxwj/2025-09002.md", revision("2025-09002", of: oldest, title: "测试市第2项工作办法（2025年修订）"))
        }
        #expect(try s.site.page(Self.page(oldest)).contains("2025年修订"))
        // A third version: both older pages now point at it.
        _ = try expectRerendered(s, [Self.page(oldest), Self.page("2025-09002")], "third version") {
            try s.site.write("zcwj/gfxwj/2025-09003.md", revision("2025-09003", of: "2025-09002", title: "测试市第2项工作办法（再次修订）"))
        }
    }

    @Test func categoryRenameReachesItsDocuments() throws {
        let s = try CachedSite(generated: 6)
        try s.build()
        let catalogue = s.site.content.appendingPathComponent("catalogue.yaml")
        let text = try String(contentsOf: catalogue, encoding: .utf8)
        #expect(text.contains("name: 行政规范性文件"))
        let outcome = try expectRerendered(s, [Self.page(CachedSite.serial(4)), "catalogue/zcwj/gfxwj/index.html"], "category renamed") {
            try s.site.write("catalogue.yaml", text.replacingOccurrences(of: "name: 行政规范性文件", with: "name: 规范性文件库"))
        }
        #expect(try s.site.page(Self.page(CachedSite.serial(4))).contains("规范性文件库"))
        // Pages outside the category that do not show its name are kept.
        #expect(outcome.pagesKept > 0)
    }

    @Test func partialTemplateEditRendersEveryPage() throws {
        let s = try CachedSite(generated: 6)
        try s.build()
        let partial = s.templates + "/partials/document-table.mustache"
        let outcome = try expectRerendered(s, ["catalogue/zcwj/gfxwj/index.html"], "partial edited") {
            try (String(contentsOfFile: partial, encoding: .utf8) + "<!-- 表格 -->\n").write(toFile: partial, atomically: false, encoding: .utf8)
        }
        #expect(outcome.pagesKept == 0, "a template is part of every page's key")
    }

    @Test func newBuildDateFlipsValidity() throws {
        let s = try CachedSite(generated: 6)
        let serial = CachedSite.serial(2)
        try s.site.write(CachedSite.path(2), GongkaiKitTests.policy(serial, extra: "expires: 2026-12-31"))
        try s.build(today: "2026-11-21")
        #expect(try s.site.page(Self.page(serial)).contains("有效"))
        let outcome = try expectRerendered(s, [Self.page(serial), "catalogue/zcwj/gfxwj/index.html"], today: "2027-01-05", "today moved") {}
        #expect(try s.site.page(Self.page(serial)).contains("已失效"))
        #expect(outcome.pagesKept == 0, "the build date is on every page")
    }

    /// Every kind of page has a key (debug builds stop at a field the key cannot cover), the annual
    /// report's tables and charts included; an edit elsewhere keeps the report pages.
    @Test func reportPagesAreKeptToo() throws {
        let s = try CachedSite(generated: 4)
        try s.site.write("annual/2025.yaml", try AnnualDataTests.example())
        try s.build()
        let report = "reports/2025/annual-report/index.html"
        let before = try TestSite.files(under: s.site.output)
        #expect(before[report] != nil)
        try s.site.write(CachedSite.path(1), CachedSite.document(1, body: "第一条 修改后的正文。\n"))
        let outcome = try s.build()
        try s.expectSameAsCleanBuild(outcome, "body edited beside an annual report")
        let after = try TestSite.files(under: s.site.output)
        let unchanged = after.keys.filter { $0.hasSuffix(".html") && before[$0] == after[$0] }
        #expect(outcome.pagesKept == unchanged.count)
        #expect(unchanged.contains(report))
        // The reports count documents by their metadata and validity: a document that expired
        // in 2025 makes them again.
        let statistics = "reports/2025/statistics.json"
        #expect(after[statistics] != nil)
        try s.site.write(CachedSite.path(1), GongkaiKitTests.policy(CachedSite.serial(1), extra: "expires: 2025-06-30"))
        let expired = try s.build()
        try s.expectSameAsCleanBuild(expired, "a document in the reports expired")
        #expect(try TestSite.files(under: s.site.output)[statistics] != after[statistics])
    }

    /// The key covers the whole view model: a change to any field, at any depth, changes it; the
    /// same view gives the same key; an optional's absence differs from an empty string.
    @Test func keysCoverEveryField() {
        let chrome = PageChrome(
            root: "", siteTitle: "站", agency: "机关", pageTitle: "标题", canonical: "https://x/", homeURL: "index.html",
            searchURL: "search/index.html", interpretationIndexURL: "interpretations/index.html", assetsURL: "assets/",
            feedURL: "feed.xml", nav: [NavLink(name: "政策", url: "zcwj/index.html", current: false)], breadcrumbs: [],
            hasBreadcrumbs: false, buildDate: "2026-11-21", buildDateChinese: "2026年11月21日", description: "说明")
        var row = DocumentRow(title: "甲", url: "a.html", indexNo: "1", docNo: nil, issuer: "乙", published: "2025-01-01",
                              validity: "有效", validityClass: "active", isCurrent: true)
        func key(_ rows: [DocumentRow], epoch: UInt64 = 1, template: String = "browse") -> UInt64? {
            let view = BrowseListPage(chrome: chrome, heading: "列表", lead: nil, total: rows.count, rows: rows, tableCaption: "列表",
                                      pagination: Pagination(show: false, current: 1, total: 1, previousURL: nil, nextURL: nil, pages: []),
                                      isEmpty: rows.isEmpty, upName: "上", upURL: "../")
            return PageKey.of(view, template: template, epoch: epoch)
        }
        let base = key([row])
        #expect(base != nil && base == key([row]))
        #expect(base != key([row], epoch: 2))
        #expect(base != key([row], template: "category"))
        #expect(base != key([row, row]))
        row.docNo = ""
        #expect(base != key([row]), "nil and empty differ")
        row.docNo = nil
        row.isCurrent = false
        #expect(base != key([row]))
        row.isCurrent = true
        row.issuer = "乙 "
        #expect(base != key([row]))
    }
}
