import Foundation
import Mustache
import Testing
@testable import GongkaiKit

/// The byte-level fast paths give exactly what the character-level code they replace gave.
@Suite("Byte-level text paths")
struct ByteLevelTextTests {
    static let samples = [
        "", "纯中文标题", "a < b & c > d", "他说\"你好\"和'再见'", "<\u{338} 不是小于号", "\u{600}<x", "x<\u{301}", "&",
        "第十二条　<strong>重点</strong>", "emoji 👍🏽 & 🇨🇳 <tag>", "\"", "'\u{300}'",
    ]

    @Test func templateEscapingMatchesSwiftMustache() throws {
        let template = try MustacheTemplate(string: "{{v}}")
        let ours = try MustacheTemplate(string: TemplateHTMLContentType.pragma + "{{v}}")
        for s in Self.samples {
            #expect(ours.render(["v": s]) == template.render(["v": s]), "\(s.debugDescription)")
        }
    }

    @Test func htmlEscapeMatchesScalarEscaping() {
        for s in Self.samples {
            var expected = ""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "&": expected += "&amp;"
                case "<": expected += "&lt;"
                case ">": expected += "&gt;"
                case "\"": expected += "&quot;"
                case "'": expected += "&#39;"
                default: expected.unicodeScalars.append(scalar)
                }
            }
            #expect(HTML.escape(s) == expected)
        }
    }

    @Test func lineShapesMatchCharacterSemantics() {
        let lines = ["```swift", "  ~~~", "    code", "\tcode", "   ", "", "``\u{301}`", "```\u{301}", " \u{301}```", "    \u{301}x",
                     "\t\u{301}", "中文```", "   ```", "~~~~", "  `` `"]
        for line in lines {
            let s = Array(line.unicodeScalars)
            let shape = LineShape(s)
            let trimmed = line.drop(while: { $0 == " " })
            #expect(shape.blank == trimmed.isEmpty, "\(line.debugDescription)")
            #expect(shape.fence == (trimmed.hasPrefix("```") ? "`" : trimmed.hasPrefix("~~~") ? "~" : nil), "\(line.debugDescription)")
            #expect(shape.indented == (line.hasPrefix("    ") || line.hasPrefix("\t")), "\(line.debugDescription)")
        }
    }

    @Test func scalarsDecodeLikeTheStandardLibrary() {
        for s in Self.samples + ["𠀀𪚥 mixed ASCII 和中文 é"] {
            var copy = s
            let decoded = copy.withUTF8 { TextPiece.scalars($0) }
            #expect(decoded == Array(s.unicodeScalars))
        }
    }

    @Test func renderedHTMLPostProcessing() {
        let r = CMarkGFMRenderer()
        let body = r.render("# 标题\n\n## 小节\n\n| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n\n注[^1]\n\n[^1]: 说明\n") { _ in nil }
        #expect(body.html.contains("<h2 id=\"标题\">标题</h2>"))
        #expect(body.html.contains("<h3 id=\"小节\">小节</h3>"))
        #expect(body.html.contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"表格\" tabindex=\"0\"><table>"))
        #expect(body.html.contains("</table></div>"))
        #expect(body.html.contains("<th class=\"align-left\">a</th>"))
        #expect(body.html.contains("<td class=\"align-center\">2</td>"))
        #expect(body.html.contains("<td class=\"align-right\">3</td>"))
        #expect(body.html.contains("aria-label=\"返回正文\""))
        #expect(!body.html.contains("Back to content"))
    }

    @Test func linksFromAParseEqualLinksFromARender() {
        let r = CMarkGFMRenderer()
        let md = "# 标\n\n见[通知](../gz/a.md#art-3)和![图](x.png)。\n\n第二行 <https://www.gov.cn/> 与 www.example.gov.cn\n"
        #expect(r.links(in: md) == r.render(md) { _ in nil }.links)
        #expect(r.links(in: md).count == 4)
    }
}
