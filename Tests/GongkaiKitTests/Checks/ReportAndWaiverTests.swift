import Foundation
import Testing
@testable import GongkaiKit

@Suite struct WaiverTests {
    let body = "咨询电话13812345678。\n已布署。\n"

    @Test func waiverMovesTheFindingToTheWaivedList() throws {
        let s = try site(["zcwj/gfxwj/2025-00001.md": policy("2025-00001", extra: "waive: {pii.phone: 12345热线为公开服务号码}", body: body)])
        let outcome = try s.check()
        #expect(findings(outcome, "pii.").isEmpty)
        #expect(outcome.waived.map(\.diagnostic.code) == [.piiPhone])
        #expect(outcome.waived.first?.reason == "12345热线为公开服务号码")
        let text = CheckReporting.waiversText(outcome.waived)
        #expect(text.contains("已豁免 1 项"))
        #expect(text.contains("豁免理由：12345热线为公开服务号码"))
    }

    @Test func waiverWithoutReasonIsAnError() throws {
        let s = try site(["zcwj/gfxwj/2025-00001.md": policy("2025-00001", extra: "waive: {pii.phone: }", body: body)])
        let outcome = try s.check()
        #expect(places(findings(outcome, "meta.waiver-without-reason")) == ["meta.waiver-without-reason zcwj/gfxwj/2025-00001.md:9:9"])
        #expect(outcome.diagnostics.hasErrors)
    }

    @Test func waiverOfAnUnknownRuleWarns() throws {
        let s = try site(["zcwj/gfxwj/2025-00001.md": policy("2025-00001", extra: "waive: {pii.phones: 热线}", body: body)])
        let found = findings(try s.check(), "meta.waiver-unknown-rule")
        #expect(places(found) == ["meta.waiver-unknown-rule zcwj/gfxwj/2025-00001.md:9:9"])
        #expect(found[0].suggestion == "是否应为“pii.phone”？")
    }

    @Test func catalogueChangesSeverityOrTurnsRulesOff() throws {
        let s = try site(["zcwj/gfxwj/2025-00001.md": policy("2025-00001", body: body)],
                         extraCatalogue: "rules:\n  wording.typo: error\n  pii.phone: off\n  wording.typos: warning\n")
        let outcome = try s.check()
        #expect(findings(outcome, "pii.").isEmpty)
        #expect(findings(outcome, "wording.typo").map(\.severity) == [.error])
        #expect(places(findings(outcome, "catalogue.unknown-rule")) == ["catalogue.unknown-rule catalogue.yaml:15:3"])
    }

    @Test func exitStatus() {
        let warning = Diagnostic.warning(.wordingTypo, at: SourceLocation(file: "a.md", line: 1), "x")
        let error = Diagnostic.error(.piiPhone, at: SourceLocation(file: "a.md", line: 1), "x")
        #expect(CheckReporting.exitStatus([], strict: false) == 0)
        #expect(CheckReporting.exitStatus([warning], strict: false) == 0)
        #expect(CheckReporting.exitStatus([warning], strict: true) == 1)
        #expect(CheckReporting.exitStatus([warning, error], strict: false) == 1)
    }
}

@Suite struct ReportFormatTests {
    let diagnostics = [
        Diagnostic.error(.piiPhone, at: SourceLocation(file: "content/a.md", line: 12, column: 5), "正文中出现手机号码（138****5678）。",
                         suggestion: "改为办公电话。"),
        Diagnostic.warning(.wordingTypo, at: SourceLocation(file: "content/a.md", line: 3, column: 1), "“布署”应为“部署”。"),
    ]

    @Test func jsonIsAnArrayOfFindings() throws {
        let text = DiagnosticReport.render(diagnostics, format: .json)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(array.count == 2)
        for object in array {
            #expect(Set(object.keys) == ["file", "line", "column", "severity", "code", "message", "suggestion"])
        }
        #expect(array[0]["line"] as? Int == 3)
        #expect(array[0]["suggestion"] is NSNull)
        #expect(array[1]["file"] as? String == "content/a.md")
        #expect(array[1]["column"] as? Int == 5)
        #expect(array[1]["severity"] as? String == "error")
        #expect(array[1]["code"] as? String == "pii.phone")
        #expect(array[1]["suggestion"] as? String == "改为办公电话。")
        #expect(DiagnosticReport.render([], format: .json) == "[\n]\n")
    }

    @Test func githubAnnotations() {
        let text = DiagnosticReport.render(diagnostics, format: .github)
        #expect(text.split(separator: "\n") == [
            "::warning file=content/a.md,line=3,col=1,title=wording.typo::[wording.typo] “布署”应为“部署”。",
            "::error file=content/a.md,line=12,col=5,title=pii.phone::[pii.phone] 正文中出现手机号码（138****5678）。 建议：改为办公电话。",
        ])
    }

    @Test func textForPeople() {
        let plain = DiagnosticReport.render(diagnostics, format: .text, colour: false)
        #expect(plain.contains("content/a.md:12:5: 错误 [pii.phone] 正文中出现手机号码（138****5678）。\n    建议：改为办公电话。\n"))
        #expect(plain.hasSuffix("检查完成：共 1 个错误，1 个警告。\n"))
        #expect(!plain.contains("\u{1B}["))
        #expect(DiagnosticReport.render(diagnostics, format: .text, colour: true).contains("\u{1B}[1;31m错误\u{1B}[0m"))
    }

    @Test func ruleListing() throws {
        let text = CheckReporting.rulesList(format: .text)
        for family in ["meta.", "deadline.", "pii.", "secret.", "wording.", "link.", "stale.", "catalogue."] {
            #expect(text.contains("\(family)*"), "\(family)")
        }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(CheckReporting.rulesList(format: .json).utf8)) as? [[String: String]])
        #expect(json.count == RuleRegistry.all.count)
        #expect(Set(RuleRegistry.all.map(\.code)).count == RuleRegistry.all.count)
        // Every rule the standard rules can report is registered.
        for code: DiagnosticCode in [.piiIDNumber, .deadlineLate, .linkAnchor, .catalogueEmpty, .staleRetention, .waiverWithoutReason] {
            #expect(RuleRegistry[code] != nil)
        }
    }

    @Test func htmlReport() throws {
        let s = try site(["zcwj/gfxwj/2025-00001.md": policy("2025-00001", extra: "waive: {pii.phone: 引用原文}",
                                                              body: "咨询电话13812345678。\n已布署<b>。\n")])
        let outcome = try s.check()
        let reportPath = s.root.appendingPathComponent("reports/巡查报告.html").path
        let html = InspectionReport.html(outcome, today: CalendarDate(iso: "2026-11-21")!, reportPath: reportPath)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<td><code>wording.typo</code></td><td>常见错别字</td><td class=\"warning\">警告</td><td class=\"n\">1</td>"))
        #expect(html.contains("<tr><td>政策文件 › 行政规范性文件</td><td class=\"n\">0</td><td class=\"n\">1</td></tr>"))
        #expect(html.contains("href=\"../content/zcwj/gfxwj/2025-00001.md#L12\""))
        #expect(html.contains("href=\"../content/zcwj/gfxwj/2025-00001.md#L11\""))  // the waived finding
        #expect(html.contains("&lt;b&gt;"))
        #expect(html.contains("引用原文"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("13812345678"))
        #expect(!html.contains("<link") && !html.contains("<script"))
    }

    @Test func reportIsNeverWrittenIntoTheSite() {
        #expect(throws: BuildError.self) { try InspectionReport.validate(reportPath: "site/report.html") }
        #expect(throws: BuildError.self) { try InspectionReport.validate(reportPath: "./site/x/report.html") }
        #expect(throws: BuildError.self) { try InspectionReport.validate(reportPath: "report.txt") }
        #expect(throws: Never.self) { try InspectionReport.validate(reportPath: "reports/巡查报告.html") }
        #expect(throws: Never.self) { try InspectionReport.validate(reportPath: "site-report.html") }
    }
}
