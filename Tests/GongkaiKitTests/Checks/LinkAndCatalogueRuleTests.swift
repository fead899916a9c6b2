import Testing
@testable import GongkaiKit

@Suite struct LinkRuleTests {
    @Test func bodyLinks() throws {
        let body = """
            ## 第一章 总则
            见[本文第二章](#第二章-附则)和[总则](#第一章-总则)。
            参照[另一文件](2025-00002.md#第一条)、[另一文件的缺失条](2025-00002.md#第九条)。[第二条](2025-00002.md#art-2)
            [缺失文件](2025-00099.md)、[附件](files/a.csv)、[未列附件](files/b.csv)
            [脚本](javascript:alert(1)) [坏网址](http:/example.com) [邮件](mailto:abc) [不明](ftp://x.example.com/a)
            [政府网](https://www.gov.cn/) [热线](tel:12345) [信箱](mailto:xx@example.gov.cn) <https://www.example.gov.cn/>
            ![图片](images/x.png)
            """
        let s = try site([
            "zcwj/gfxwj/2025-00001.md": policy("2025-00001", extra: "attachments:\n  - {title: 附件, file: files/a.csv}", body: body),
            "zcwj/gfxwj/2025-00002.md": policy("2025-00002", body: "## 第一条\n内容。\n\n第二条 本办法所称……\n"),
            "zcwj/gfxwj/files/a.csv": "a", "zcwj/gfxwj/files/b.csv": "b",
        ])
        let found = findings(try s.check(), "link.")
        #expect(places(found) == [
            "link.anchor zcwj/gfxwj/2025-00001.md:13:2",
            "link.anchor zcwj/gfxwj/2025-00001.md:14:29",
            "link.broken zcwj/gfxwj/2025-00001.md:15:1",
            "link.broken zcwj/gfxwj/2025-00001.md:15:41",
            "link.unsafe zcwj/gfxwj/2025-00001.md:16:1",
            "link.malformed zcwj/gfxwj/2025-00001.md:16:27",
            "link.malformed zcwj/gfxwj/2025-00001.md:16:52",
            "link.malformed zcwj/gfxwj/2025-00001.md:16:69",
            "link.broken zcwj/gfxwj/2025-00001.md:18:1",
        ])
        #expect(found.allSatisfy { $0.severity == .error })
        #expect(found[3].suggestion == "在文件头的 attachments 中加入：- {title: 附件名称, file: files/b.csv}")
        #expect(found[8].message.hasPrefix("图片"))
        #expect(found[2].suggestion == "是否应为“2025-00001.md”？链接写成相对于本文件的路径。")
        #expect(LinkRule.relative("zcwj/gz/a.md", from: "zcwj/gfxwj/b.md") == "../gz/a.md")
        #expect(LinkRule.relative("zcjd/wzjd/a.md", from: "zdxzjc/jcygk/b.md") == "../../zcjd/wzjd/a.md")
    }
}

@Suite struct CatalogueAndStaleRuleTests {
    let catalogue = """
        site:
          title: 测试市人民政府信息公开
          base_url: https://www.example.gov.cn/
          agency: 测试市人民政府办公室
        catalogue:
          - id: zcwj
            name: 政策文件
            children:
              - id: gfxwj
                name: 行政规范性文件
                requires: [issuer, doc_no, written]
                update_period_days: 30
                retention_years: 1
              - id: gz
                name: 政府规章
              - id: qtwj
                name: 其他文件
                empty_reason: 本机关不制定此类文件。
                update_period_days: 30
          - id: zcjd
            name: 政策解读
            update_period_days: 400

        """

    /// The pre-filter never drops a body that holds a link, even a bare “www.” address among
    /// Chinese punctuation only.
    @Test(arguments: [("详见www.example.gov.cn。", true), ("访问 https：//无", false), ("见附件[1]", true),
                      ("联系邮箱 a@b.cn", true), ("第一条　本办法自发布之日起施行。", false), ("ｗｗｗ．全角", false)])
    func linkPreFilter(body: String, expected: Bool) {
        #expect(LinkRule.mayHaveLinks(body) == expected)
    }

    @Test func emptyAndStaleCategories() throws {
        let s = try TestSite(catalogue: catalogue, files: ["zcwj/gfxwj/2025-00001.md": policy("2025-00001")])
        let outcome = try s.check()
        #expect(places(findings(outcome, "catalogue.")) == [
            "catalogue.stale catalogue.yaml:9:13",
            "catalogue.empty catalogue.yaml:14:13",
            "catalogue.empty catalogue.yaml:20:9",
            "catalogue.stale catalogue.yaml:20:9",
        ])
        #expect(findings(outcome, "catalogue.stale").allSatisfy { $0.severity == .warning })
        #expect(findings(outcome, "catalogue.empty").allSatisfy { $0.severity == .error })
        // Within the period: no warning.
        #expect(findings(try s.check(today: "2025-07-01"), "catalogue.stale").count == 1)
    }

    @Test func emptyReasonIsShownOnTheCategoryPage() throws {
        let s = try TestSite(catalogue: catalogue, files: ["zcwj/gfxwj/2025-00001.md": policy("2025-00001")])
        try s.write("zcwj/gz/2025-00002.md", policy("2025-00002", category: "zcwj.gz"))
        try s.write("zcjd/2025-00003.md", policy("2025-00003", category: "zcjd"))
        let outcome = try s.build(today: "2025-07-01")
        #expect(outcome.published, "\(outcome.diagnostics)")
        let page = try s.page("catalogue/zcwj/qtwj/index.html")
        #expect(page.contains("本栏目暂无信息"))
        #expect(page.contains("本机关不制定此类文件。"))
    }

    @Test func staleItems() throws {
        let s = try TestSite(catalogue: catalogue, files: [
            "zcwj/gfxwj/2025-00001.md": policy("2025-00001", extra: "status: active\nexpires: 2026-06-30"),
            "zcwj/gfxwj/2025-00002.md": policy("2025-00002", extra: "expires: 2026-06-30"),
            "zcwj/gfxwj/2025-00003.md": policy("2025-00003", published: "2025-12-01", written: "2025-11-28", extra: "status: active\nexpires: 2026-12-31"),
        ])
        let found = findings(try s.check(), "stale.")
        #expect(places(found) == [
            "stale.retention zcwj/gfxwj/2025-00001.md:8:1",
            "stale.expired-active zcwj/gfxwj/2025-00001.md:9:1",
            "stale.retention zcwj/gfxwj/2025-00002.md:8:1",
        ])
        #expect(found.allSatisfy { $0.severity == .warning })
    }
}
