import Foundation
import Testing
@testable import GongkaiKit

/// The linkage fixture (`Fixtures/linkage`): a three-version chain of 规章 with two interpretations
/// (one late), a repealed and an expired 规范性文件, a 其他文件 without interpretation. The `<main>`
/// of each page type is compared with `Fixtures/linkage/expected/`.
@Suite("Linkage pages", .serialized)
final class LinkagePagesTests {
    static let expected = TestSite.fixtures.appendingPathComponent("linkage/expected")
    let site: TestSite
    let outcome: BuildOutcome

    init() throws {
        site = try TestSite(fixture: "linkage")
        outcome = try site.build(today: "2026-11-21")
    }

    static let v1 = "documents/11999900MB0000001X/2023-00001/index.html"
    static let v2 = "documents/11999900MB0000001X/2024-00002/index.html"
    static let v3 = "documents/11999900MB0000001X/2025-00003/index.html"
    static let interpretation = "documents/11999900MB0000001X/2025-00004/index.html"
    static let graphic = "documents/11999900MB0000001X/2025-00005/index.html"
    static let repealed = "documents/11999900MB0000001X/2024-00006/index.html"
    static let expired = "documents/11999900MB0000001X/2023-00008/index.html"
    static let compare = "documents/11999900MB0000001X/2025-00003/compare/index.html"

    /// One page of every new page type, and the document pages of every linkage case.
    static let goldenPages = [
        v1, v2, v3, interpretation, graphic, repealed, expired, compare,
        "documents/11999900MB0000001X/2024-00002/compare/index.html",
        SitePaths.interpretationIndex, "catalogue/zcwj/current.html", "catalogue/zcwj/current_2.html",
        "catalogue/zcwj/index.html",
        "topics/index.html", SitePaths.facet(.topics, key: "城市管理"), "issuers/index.html",
        SitePaths.facet(.issuers, key: "测试市公安局"), "years/index.html", "years/2025/index.html", "years/2025/index_2.html",
        "index.html",
    ]

    @Test func buildsWithTheExpectedWarnings() throws {
        #expect(outcome.published)
        #expect(summary(outcome.diagnostics) == [
            "warning interp.late content/zcjd/2025-00005.md:6",
            "warning interp.recommended-missing content/zcwj/qtwj/2025-00009.md:4",
        ])
        #expect(outcome.waived.map(\.diagnostic.code) == Array(repeating: .interpretationMissing, count: 4))
    }

    @Test func pagesMatchTheirGoldenFiles() throws {
        for page in Self.goldenPages {
            #expect(site.exists(page), "\(page) was not written")
            guard site.exists(page) else { continue }
            try Golden.check(Golden.main(of: try site.page(page)), folder: Self.expected, name: page)
        }
        // A golden file no page produces any more is stale: it must go.
        let unexpected = Set(Golden.files(under: Self.expected)).subtracting(Self.goldenPages)
        #expect(unexpected.isEmpty, "golden files for pages not checked: \(unexpected.sorted())")
    }

    @Test func everySupersededVersionLinksToTheCurrentOne() throws {
        for page in [Self.v1, Self.v2] {
            let html = try site.page(page)
            #expect(html.contains("<strong class=\"banner-label\">已修订</strong>"))
            #expect(html.contains("现行版本：<a href=\"../../../documents/11999900MB0000001X/2025-00003/index.html\">"))
        }
        #expect(!(try site.page(Self.v3)).contains("validity-banner"))
    }

    @Test func timelineMarksThisPageAndTheNewestOnEveryVersion() throws {
        for page in [Self.v1, Self.v2, Self.v3] {
            let html = try site.page(page)
            #expect(html.components(separatedBy: "class=\"timeline-item").count == 4)
            #expect(html.components(separatedBy: "aria-current=\"page\"").count == 3)  // breadcrumb + timeline
            #expect(html.contains("<a href=\"../../../\(page)\" aria-current=\"page\">"))
            #expect(html.contains("最新版本（现行有效）"))
        }
    }

    @Test func repealedLinksTheRepealingDocumentAndExpiredSaysSo() throws {
        let repealed = try site.page(Self.repealed)
        #expect(repealed.contains("已废止"))
        #expect(repealed.contains("废止文件：<a href=\"../../../documents/11999900MB0000001X/2025-00007/index.html\">"))
        #expect(try site.page(Self.expired).contains("本文件有效期至2025年4月30日，已失效"))
    }

    @Test func interpretationLinksKeepTheArticleFragment() throws {
        let html = try site.page(Self.interpretation)
        #expect(html.contains("href=\"../../../documents/11999900MB0000001X/2025-00003/index.html#art-4\""))
        #expect(try site.page(Self.v3).contains("<p id=\"art-4\" class=\"article\">"))
    }

    @Test func theInterpretationIndexMarksMissingAndLateInText() throws {
        let html = try site.page(SitePaths.interpretationIndex)
        #expect(html.contains("<strong>暂无解读</strong>"))
        #expect(html.contains("晚于政策文件 3 日发布"))
        // The 规范性文件 allows two days: the same interpretation is on time for it.
        #expect(!html.contains("晚于政策文件 2 日发布"))
    }

    @Test func currentTextsListOnlyCurrentPolicies() throws {
        let first = try site.page("catalogue/zcwj/current.html") + (try site.page("catalogue/zcwj/current_2.html"))
        #expect(first.contains("2025-00003/index.html"))
        #expect(!first.contains("2024-00002/index.html"))
        #expect(!first.contains("2024-00006/index.html"))
        #expect(!first.contains("2023-00008/index.html"))
        #expect(!site.exists("catalogue/zcjd/current.html"))
        #expect(try site.page("catalogue/zcwj/gz/index.html").contains("href=\"../../../catalogue/zcwj/gz/current.html\""))
    }

    @Test func homeLinksEveryWayOfBrowsing() throws {
        let html = try site.page("index.html")
        for link in ["topics/index.html", "issuers/index.html", "years/index.html", "interpretations/index.html", "catalogue/zcwj/current.html"] {
            #expect(html.contains("href=\"\(link)\""), "\(link)")
        }
    }

    @Test func facetSlugsAreStableHashes() {
        #expect(StableSlug.slug("") == "cbf29ce484222325")
        #expect(StableSlug.slug("a") == "af63dc4c8601ec8c")  // FNV-1a 64 test vector
        #expect(SitePaths.facet(.topics, key: "城市管理") == "topics/\(StableSlug.slug("城市管理"))/index.html")
        #expect(SitePaths.facet(.years, key: "2025", page: 2) == "years/2025/index_2.html")
    }

    @Test func twoBuildsAreIdentical() throws {
        let first = try site.siteFiles()
        try site.build(today: "2026-11-21")
        #expect(try site.siteFiles() == first)
    }
}
