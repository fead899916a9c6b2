import Foundation
import Testing
@testable import GongkaiKit

@Suite("Markdown rendering (cmark-gfm)")
struct RendererTests {
    let renderer = CMarkGFMRenderer()

    func html(_ markdown: String) -> String { renderer.render(markdown) { _ in nil }.html }

    @Test func tablesStrikethroughFootnotesAutolinks() {
        let out = html("""
            | 项目 | 金额（万元） |
            |---|---:|
            | 教育 | 1,200 |

            ~~旧条款~~ 与 1~3月

            详见 https://www.example.gov.cn/zwgk 。

            注释[^1]

            [^1]: 说明文字。
            """)
        #expect(out.contains("<table>"))
        #expect(out.contains("<th class=\"align-right\">金额（万元）</th>"), "alignment as a class: the align attribute is obsolete HTML")
        #expect(out.contains("<del>旧条款</del>"))
        #expect(out.contains("1~3月"), "a single tilde is a range in Chinese text, not strikethrough")
        #expect(out.contains("<a href=\"https://www.example.gov.cn/zwgk\">"))
        #expect(out.contains("class=\"footnotes\""))
        #expect(out.contains("aria-label=\"返回正文\""))
    }

    @Test func safeModeDropsRawHTMLAndScriptLinks() {
        let out = html("""
            <script>alert(1)</script>

            正文<img src=x onerror=alert(2)> [点我](javascript:alert(3)) [再点](JAVASCRIPT:alert(4)) ![图](vbscript:x)

            <iframe src="https://evil.example"></iframe>
            """)
        #expect(!out.contains("<script"))
        #expect(!out.contains("<img src=x"))
        #expect(!out.contains("<iframe"))
        #expect(!out.lowercased().contains("javascript:"))
        #expect(!out.contains("vbscript:"))
        #expect(out.contains("raw HTML omitted"))
    }

    @Test func headingsShiftBelowTheTitleAndGetStableAnchors() {
        let body = renderer.render("# 第一章 总则\n\n## 一、工作目标\n\n# 第一章 总则\n\n### Section A\n") { _ in nil }
        #expect(body.headings.map(\.anchor) == ["第一章-总则", "一-工作目标", "第一章-总则-2", "section-a"])
        #expect(body.headings.map(\.level) == [2, 3, 2, 4])
        #expect(body.html.contains("<h2 id=\"第一章-总则\">第一章 总则</h2>"))
        #expect(body.html.contains("<h3 id=\"一-工作目标\">"))
        #expect(!body.html.contains("<h1"))
    }

    @Test func plainTextAndLinksComeFromTheSameTree() {
        let body = renderer.render("第一条 **重点**工作。\n\n见[通知](../gz/a.md#art-3)。\n") { url in
            url.hasSuffix(".md#art-3") ? "../x/index.html#art-3" : nil
        }
        #expect(body.plainText.contains("第一条 重点工作。"))
        #expect(!body.plainText.contains("**"))
        #expect(body.links == [BodyLink(destination: "../gz/a.md#art-3", line: 3, column: 2, isImage: false)])
        #expect(body.html.contains("href=\"../x/index.html#art-3\""))
    }

    @Test func concurrentRenderingMatchesSerial() async {
        // cmark-gfm switches extension characters in a process-wide table on every parse; renders from
        // several threads must still give exactly the serial output.
        let inputs = (0..<400).map { i in "第\(i)条 ~~旧条款\(i)~~ 与 **新条款** https://www.example.gov.cn/\(i)\n\n| a | b |\n|---|---|\n| \(i) | ~~x~~ |\n" }
        let serial = inputs.map { html($0) }
        let renderer = self.renderer
        let concurrent = await withTaskGroup(of: (Int, String).self) { group in
            for (i, input) in inputs.enumerated() {
                group.addTask { (i, renderer.render(input) { _ in nil }.html) }
            }
            var out = Array(repeating: "", count: inputs.count)
            for await (i, h) in group { out[i] = h }
            return out
        }
        #expect(concurrent == serial)
        #expect(serial.allSatisfy { $0.contains("<del>") })
    }

    @Test func anchorSlugs() {
        #expect(Anchors.slug("第三章　监督管理") == "第三章-监督管理")
        #expect(Anchors.slug("（一）总体要求") == "一-总体要求")
        #expect(Anchors.slug("2025 年 Plan B") == "2025-年-plan-b")
        #expect(Anchors.slug("！！") == "section")
    }
}
