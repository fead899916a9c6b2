import Foundation
import Testing
@testable import GongkaiKit

@Suite("Building a site")
struct BuildTests {
    /// The whole output of the `basic` fixture against `Fixtures/basic/expected/`: every file byte for
    /// byte, and no file more or less. `GONGKAI_UPDATE_GOLDEN=1 swift test` rewrites the golden tree.
    /// `assets/` is compared with `templates/assets/` itself: the site must carry those files
    /// unchanged, and a copy of them in the golden tree would only have to follow every edit.
    @Test func goldenSite() throws {
        let site = try TestSite(fixture: "basic")
        let outcome = try site.build()
        #expect(outcome.diagnostics.isEmpty, "\(outcome.diagnostics)")
        #expect(outcome.published)
        let built = try site.siteFiles()
        let actual = built.filter { !$0.key.hasPrefix(SitePaths.assets) }
        let expectedFolder = TestSite.fixtures.appendingPathComponent("basic/expected")
        if ProcessInfo.processInfo.environment["GONGKAI_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.removeItem(at: expectedFolder)
            for (path, data) in actual {
                let url = expectedFolder.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
        }
        var expected = try TestSite.files(under: expectedFolder)
        for (path, data) in try TestSite.files(under: URL(fileURLWithPath: TestSite.templates).appendingPathComponent("assets")) {
            expected[SitePaths.assets + path] = data
        }
        #expect(Set(built.keys) == Set(expected.keys), "unexpected or missing files")
        for path in built.keys.sorted() where expected[path] != built[path] {
            Issue.record("\(path) differs from the golden file (GONGKAI_UPDATE_GOLDEN=1 to accept)")
        }
    }

    @Test func pagesOfTheBasicSite() throws {
        let site = try TestSite(fixture: "basic")
        try site.build()
        let home = try site.page("index.html")
        #expect(home.contains("<a href=\"catalogue/zcwj/index.html\">政策文件</a> <span class=\"count\">（3）</span>"))
        #expect(home.contains("documents/11999900MB0000001X/2025-00012/index.html"))

        // Pagination: 3 documents, 2 per page, newest first.
        let first = try site.page("catalogue/zcwj/gfxwj/index.html")
        let second = try site.page("catalogue/zcwj/gfxwj/index_2.html")
        #expect(first.range(of: "2025-00012")!.lowerBound < first.range(of: "2025-00020")!.lowerBound)
        #expect(!first.contains("2023-00031/index.html"))
        #expect(second.contains("2023-00031/index.html"))
        #expect(second.contains("rel=\"prev\""))

        // Document page: breadcrumbs, metadata in the standard order, escaped title, validity.
        let doc = try site.page("documents/11999900MB0000001X/2025-00012/index.html")
        let labels = ["索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期", "有效性"]
        let positions = labels.map { doc.range(of: "<th scope=\"row\">\($0)</th>")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(doc.contains("<a href=\"../../../catalogue/zcwj/gfxwj/index.html\">行政规范性文件</a>"))
        #expect(doc.contains("href=\"../../../documents/11999900MB0000001X/2025-00020/index.html\""), "relative .md links become permalinks")
        #expect(doc.contains("<a href=\"sbb.csv\" download>附件1 申报表</a>"))
        #expect(site.exists("documents/11999900MB0000001X/2025-00012/sbb.csv"))
        #expect(doc.contains("<link rel=\"canonical\" href=\"https://www.example.gov.cn/documents/11999900MB0000001X/2025-00012/\">"))

        let repealed = try site.page("documents/11999900MB0000001X/2025-00020/index.html")
        #expect(repealed.contains("测试市人民政府关于&lt;废止&gt;部分规范性文件的决定"))
        #expect(!repealed.contains("<废止>"))
        #expect(repealed.contains("已废止"))
        let expired = try site.page("documents/11999900MB0000001X/2023-00031/index.html")
        #expect(expired.contains("已失效"))
        #expect(!expired.contains("<th scope=\"row\">成文日期</th><td></td>"))

        let empty = try site.page("catalogue/zcwj/qtwj/index.html")
        #expect(empty.contains("本栏目暂无信息"))
        #expect(empty.contains("本年度暂无其他文件。"))
        #expect(try site.page("404.html").contains("href=\"/index.html\""))
    }

    @Test func permalinksDependOnTheIndexNumberOnly() throws {
        let site = try TestSite(files: ["a/b/c.md": policy("2025-00001", title: "旧标题")])
        try site.build()
        #expect(site.exists("documents/11999900MB0000001X/2025-00001/index.html"))
        try site.remove("a/b/c.md")
        try site.write("elsewhere/renamed.md", policy("2025-00001", title: "新标题"))
        try site.build()
        #expect(try site.page("documents/11999900MB0000001X/2025-00001/index.html").contains("新标题"))
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let a = try TestSite(fixture: "basic")
        let b = try TestSite(fixture: "basic")
        try a.build()
        try b.build()
        let first = try a.siteFiles()
        #expect(!first.isEmpty)
        #expect(first == (try b.siteFiles()))
        try a.build()
        #expect(first == (try a.siteFiles()))
    }

    @Test func aFailedBuildLeavesThePreviousSiteUntouched() throws {
        let site = try TestSite(fixture: "basic")
        #expect(try site.build().published)
        let before = try site.siteFiles()
        try site.write("zcwj/gfxwj/broken.md", policy("2025-00099", category: "zcwj.nope"))
        try site.write("zcwj/gfxwj/dup.md", policy("2025-00012"))
        let outcome = try site.build()
        #expect(!outcome.published)
        #expect(Set(outcome.diagnostics.map(\.code)) == [.unknownCategory, .duplicateIndexNumber])
        #expect(try site.siteFiles() == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "the staging folder is removed")
    }

    @Test func duplicateIndexNumbersNameBothFiles() throws {
        let site = try TestSite(files: [
            "zcwj/gfxwj/a.md": policy("2025-00001"),
            "zcwj/gfxwj/b.md": policy("2025-00001", docNo: "测政办发〔2025〕9号"),
        ])
        let d = try site.check().diagnostics
        #expect(d.count == 1)
        #expect(d.first?.code == .duplicateIndexNumber)
        #expect(d.first?.location.file.hasSuffix("content/zcwj/gfxwj/b.md") == true)
        #expect(d.first?.location.line == 3)
        #expect(d.first?.message.contains("zcwj/gfxwj/a.md:3") == true)
    }

    @Test func templateErrorsAreReportedWithTheirFile() throws {
        let site = try TestSite(files: ["zcwj/gfxwj/a.md": policy("2025-00001")])
        let templates = site.root.appendingPathComponent("templates")
        try FileManager.default.copyItem(atPath: TestSite.templates, toPath: templates.path)
        try "{{#rows}}\n<p>{{title}}</p>\n".write(to: templates.appendingPathComponent("category.mustache"), atomically: true, encoding: .utf8)
        let outcome = try Pipeline.build(site.options(templates: templates.path))
        #expect(!outcome.published)
        #expect(outcome.diagnostics.map(\.code.rawValue) == ["template.syntax"], "a broken template is not reported missing too")
        #expect(outcome.diagnostics.first?.location.file.hasSuffix("category.mustache") == true)
    }
}
