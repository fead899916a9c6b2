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
