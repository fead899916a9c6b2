import Foundation
import Testing
@testable import GongkaiKit

@Suite("Diagnostic reports")
struct DiagnosticReportTests {
    let findings: [Diagnostic] = [
        .warning("wording.typo", at: SourceLocation(file: "content/b.md", line: 9, column: 3), "“布署”应为“部署”。", suggestion: "改为“部署”。"),
        .error(.unknownField, at: SourceLocation(file: "content/a.md", line: 5, column: 1), "未知字段“isuer”。", suggestion: "是否应为“issuer”？"),
    ]

    @Test func textIsChineseSortedAndSummarised() {
        let text = DiagnosticReport.render(findings, format: .text)
        #expect(text == """
            content/a.md:5:1: 错误 [meta.unknown-field] 未知字段“isuer”。
                建议：是否应为“issuer”？
            content/b.md:9:3: 警告 [wording.typo] “布署”应为“部署”。
                建议：改为“部署”。
            检查完成：共 1 个错误，1 个警告。

            """)
        #expect(!text.contains("\u{1B}["))
        #expect(DiagnosticReport.render(findings, format: .text, colour: true).contains("\u{1B}[1;31m错误"))
    }

    /// What the command line writes (`renderBytes`) is the report's text, byte for byte, in every format.
    @Test(arguments: [DiagnosticFormat.text, .json, .github], [false, true])
    func bytesAreTheReportsText(format: DiagnosticFormat, colour: Bool) {
        #expect(DiagnosticReport.renderBytes(findings, format: format, colour: colour)
                == Array(DiagnosticReport.render(findings, format: format, colour: colour).utf8))
    }

    /// `sortedForReport` sorts positions and returns a sorted list as it is: the order must be
    /// the plain stable sort's, ties (same place, code and message) kept in the order found.
    @Test func reportOrderIsThePlainStableSort() {
        var random = SystemRandomNumberGenerator()
        for round in 0..<40 {
            // The last two are equal as strings (one composed, one not): the same file to the order.
            let files = ["content/a.md", "content/b.md", "content/文件.md", "content/a.md.bak", "b.md",
                         "content/caf\u{E9}.md", "content/cafe\u{301}.md"]
            var list: [Diagnostic] = []
            for k in 0..<Int.random(in: 0...60, using: &random) {
                list.append(Diagnostic(Bool.random(using: &random) ? .error : .warning,
                                       DiagnosticCode(rawValue: ["a.x", "b.y", "a.x2"].randomElement(using: &random)!),
                                       at: SourceLocation(file: files.randomElement(using: &random)!, line: Int.random(in: 1...3, using: &random),
                                                          column: Int.random(in: 1...2, using: &random)),
                                       ["甲", "乙", "a"].randomElement(using: &random)!, suggestion: "\(round).\(k)"))
            }
            if round % 4 == 0 { list = list.sortedForReport() }
            let expected = list.sorted { a, b in
                if a.location != b.location { return a.location < b.location }
                if a.code != b.code { return a.code.rawValue < b.code.rawValue }
                return a.message < b.message
            }
            #expect(list.sortedForReport() == expected)
            var text = ""
            for d in expected {
                text += "\(d.location): \(d.severity.chineseName) [\(d.code)] \(d.message)\n"
                if let s = d.suggestion { text += "    建议：\(s)\n" }
            }
            #expect(DiagnosticReport.render(list, format: .text) == text + DiagnosticReport.summary(expected) + "\n")
        }
    }

    @Test func jsonIsAnArrayOfObjects() throws {
        let json = DiagnosticReport.render(findings + [.error("x.y", at: SourceLocation(file: "c\"<.md", line: 1), "引号\"与<标签>")], format: .json)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(parsed.count == 3)
        #expect(parsed[0]["file"] as? String == "c\"<.md")
        #expect(parsed[0]["suggestion"] is NSNull)
        #expect(parsed[1]["code"] as? String == "meta.unknown-field")
        #expect(parsed[1]["line"] as? Int == 5)
        #expect(parsed[2]["severity"] as? String == "warning")
        #expect(!json.contains("<"), "safe to embed in HTML")
    }

    @Test func githubAnnotations() {
        let out = DiagnosticReport.render(findings, format: .github)
        #expect(out == """
            ::error file=content/a.md,line=5,col=1,title=meta.unknown-field::[meta.unknown-field] 未知字段“isuer”。 建议：是否应为“issuer”？
            ::warning file=content/b.md,line=9,col=3,title=wording.typo::[wording.typo] “布署”应为“部署”。 建议：改为“部署”。

            """)
    }

    @Test func nearestSpellings() {
        #expect(Suggestions.nearest(to: "isuer", in: Field.allCases.map(\.rawValue)) == ["issuer"])
        #expect(Suggestions.nearest(to: "publised", in: Field.allCases.map(\.rawValue)).first == "published")
        #expect(Suggestions.nearest(to: "indexno", in: Field.allCases.map(\.rawValue)).first == "index_no")
        #expect(Suggestions.nearest(to: "zzzzzz", in: Field.allCases.map(\.rawValue)).isEmpty)
    }
}
