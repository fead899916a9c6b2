import Testing
@testable import GongkaiKit

/// Body headings start at h2 under the page's h1, whatever level the editor started at.
@Suite("Body heading levels")
struct HeadingLevelTests {
    func levels(_ markdown: String) -> [Int] {
        CMarkGFMRenderer().render(markdown) { _ in nil }.headings.map(\.level)
    }

    @Test("## as the top level becomes h2, ### h3")
    func fromTwo() {
        #expect(levels("## 一、总则\n\n正文\n\n### （一）适用范围\n\n## 二、附则\n") == [2, 3, 2])
        #expect(CMarkGFMRenderer().render("## 一、总则\n") { _ in nil }.html.contains("<h2 id="))
    }

    @Test("# as the top level becomes h2, ## h3")
    func fromOne() {
        #expect(levels("# 第一章\n\n## 第一节\n") == [2, 3])
    }

    @Test("deep levels stop at h6; a body without headings has none")
    func bounds() {
        #expect(levels("### 甲\n\n###### 乙\n") == [2, 5])
        #expect(levels("# a\n\n###### b\n") == [2, 6])
        #expect(levels("正文。\n").isEmpty)
    }
}

@Suite("Body tables")
struct BodyTableTests {
    @Test("column alignment is a class, not the obsolete align attribute")
    func alignment() {
        let html = CMarkGFMRenderer().render("| 项目 | 金额 | 说明 |\n|:--|--:|:-:|\n| 甲 | 1 | 乙 |\n") { _ in nil }.html
        #expect(!html.contains("align=\""))
        #expect(html.contains("<th class=\"align-left\">项目</th>"))
        #expect(html.contains("<td class=\"align-right\">1</td>"))
        #expect(html.contains("<td class=\"align-center\">乙</td>"))
        // Text that looks like the attribute stays text.
        let text = CMarkGFMRenderer().render("写成 <td align=\"right\"> 的代码\n") { _ in nil }.html
        #expect(!text.contains("class=\"align-right\""))
    }

    @Test("a body table scrolls in its own focusable box")
    func scrollBox() {
        let html = CMarkGFMRenderer().render("| 项目 | 金额 |\n|---|---|\n| 甲 | 1 |\n") { _ in nil }.html
        #expect(html.hasPrefix("<div class=\"table-scroll\" role=\"region\" aria-label=\"表格\" tabindex=\"0\"><table>"))
        #expect(html.hasSuffix("</table></div>\n"))
        #expect(CMarkGFMRenderer().render("文字 <table> 不是表格\n") { _ in nil }.html.contains("table-scroll") == false)
    }
}
