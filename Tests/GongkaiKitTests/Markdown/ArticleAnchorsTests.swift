import Testing
@testable import GongkaiKit

@Suite("Citable articles")
struct ArticleAnchorsTests {
    @Test(arguments: [
        ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十一", 21), ("一百", 100), ("一百零三", 103),
        ("一百一十", 110), ("一千零五", 1005), ("两百", 200),
    ])
    func parsesNumerals(_ text: String, _ value: Int) {
        #expect(ChineseNumerals.parse(text) == value)
        if !text.hasPrefix("两") { #expect(ChineseNumerals.format(value) == text) }
    }

    @Test func rejectsMalformedNumerals() {
        for text in ["", "一二", "零", "百", "十十", "一百零", "条"] {
            #expect(ChineseNumerals.parse(text) == nil, "\(text)")
        }
    }

    @Test func anchorsArticlesAndItems() {
        let html = "<h2 id=\"总则\">总则</h2>\n<p>第一条　为了规范。</p>\n<p><strong>第十二条</strong> 备案材料：</p>\n<p>（三）管理规约；</p>\n<p>前款规定的信息。</p>\n<p>第一百零三条 附则。</p>\n"
        let (out, anchors) = ArticleAnchors.apply(to: html)
        #expect(anchors.map(\.id) == ["art-1", "art-12", "art-12-3", "art-103"])
        #expect(anchors.map(\.label) == ["第一条", "第十二条", "第十二条第（三）项", "第一百零三条"])
        #expect(out.contains("<p id=\"art-12\" class=\"article\"><strong>第十二条</strong> 备案材料：<a class=\"article-link\" href=\"#art-12\" aria-label=\"第十二条的链接\">¶</a></p>"))
        #expect(out.contains("<p>前款规定的信息。</p>"))
        #expect(out.hasPrefix("<h2 id=\"总则\">总则</h2>\n"))
    }

    @Test func referencesAndItemsOutsideArticlesAreNotAnchored() {
        let html = "<p>（一）没有所属条文的项。</p>\n<p>第三条规定的情形除外。</p>\n<p>第三章 附则</p>\n<p>根据第五条 制定。</p>\n"
        let (out, anchors) = ArticleAnchors.apply(to: html)
        #expect(anchors.isEmpty)
        #expect(out == html)
    }

    @Test func duplicateArticleNumbersStayUnique() {
        let (_, anchors) = ArticleAnchors.apply(to: "<p>第一条 原文。</p><p>第一条 修改后。</p>", reserved: ["art-1"])
        #expect(anchors.map(\.id) == ["art-1_2", "art-1_3"])
    }

    @Test func renderedBodyGetsAnchors() {
        let body = CMarkGFMRenderer().render("第二条　本办法适用于全市。\n\n**第三条**　职责分工。\n") { _ in nil }
        let (html, anchors) = ArticleAnchors.apply(to: body.html)
        #expect(anchors.map(\.id) == ["art-2", "art-3"])
        #expect(html.contains("id=\"art-3\""))
    }
}
