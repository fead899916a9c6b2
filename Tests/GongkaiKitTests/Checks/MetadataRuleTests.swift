import Foundation
import Testing
@testable import GongkaiKit

@Suite struct DocumentNumberShapeTests {
    /// The byte shortcut for well-written numbers gives exactly what the regular expressions give,
    /// and leaves everything it is not sure of to them.
    @Test(arguments: [
        "示政办发〔2025〕2号", "示政办发〔2025〕12号", "示政办发〔2025〕0号", "示政办发〔0999〕3号", "国发〔2024〕123456789号",
        "ABC〔2025〕2号", "示政办发〔2025〕02号", "示政办发〔25〕2号", "示政办发〔2025〕第2号", "示1办发〔2025〕2号",
        "示政办发[2025]2号", "示政 办发〔2025〕2号", "〔2025〕2号", "示政办发〔2025〕号", "示政办发〔2025〕2", "示政令〔2025〕2号",
        "示政办发〔２０２５〕2号", "示政办发〔2025〕2号\n", "示\n政〔2025〕2号", "示政办发〔2025〕1234567890123456789号",
        "示例市人民政府令第12号", "示例市市场监管局公告2025年第3号", "示政办发〔2025〕〔2025〕2号", "é〔2025〕2号",
    ])
    func shortcutAgreesWithExpressions(raw: String) {
        let slow = DocumentNumberShape(expressions: raw, writtenYear: 2025)
        if let fast = DocumentNumberShape.plainYearBracket(raw) { #expect(fast == slow, "\(raw)") }
        #expect(DocumentNumberShape(raw, writtenYear: 2025) == slow, "\(raw)")
    }

    @Test func indexNumberShortcutAgreesWithDefaultPattern() throws {
        let pattern = try NSRegularExpression(pattern: CheckSettings.defaultIndexNoPattern)
        for raw in ["11999900MB0000001X/2025-00012", "11999900mb0000001X/2025-00012", "11999900MB0000001X/2025-0012",
                    "11999900MB0000001X/2025-000120", "11999900MB0000001X-2025-00012", "11999900MB0000001X/2025-00012\n",
                    "11999900MB0000001X/２０２５-00012", "11999900MB0000001Ⅹ/2025-00012", ""] {
            let ns = raw as NSString
            let m = pattern.firstMatch(in: raw, range: NSRange(location: 0, length: ns.length))
            let full = m.map { $0.range.location == 0 && $0.range.length == ns.length } ?? false
            if IndexNumberFormatRule.matchesDefaultPattern(raw) { #expect(full, "\(raw)") }
        }
        #expect(IndexNumberFormatRule.matchesDefaultPattern("11999900MB0000001X/2025-00012"))
    }

    @Test(arguments: [
        ("示政办发〔2025〕2号", nil as String?),
        ("示政办发[2025]2号", "示政办发〔2025〕2号"),
        ("示政办发(2025)2号", "示政办发〔2025〕2号"),
        ("示政办发（2025）2号", "示政办发〔2025〕2号"),
        ("示政办发【2025】2号", "示政办发〔2025〕2号"),
        ("示政办发﹝2025﹞2号", "示政办发〔2025〕2号"),
        ("示政办发〔２０２５〕２号", "示政办发〔2025〕2号"),
        ("示政办发〔2025〕第2号", "示政办发〔2025〕2号"),
        ("示政办发〔2025〕02号", "示政办发〔2025〕2号"),
        ("示政办发 〔2025〕 2号", "示政办发〔2025〕2号"),
        ("示政办发〔25〕2号", "示政办发〔2025〕2号"),
        ("示例市人民政府令第12号", nil),
        ("示例市人民政府令12号", "示例市人民政府令第12号"),
        ("示例市人民政府令第０１２号", "示例市人民政府令第12号"),
        ("示例市市场监管局公告2025年第3号", nil),
    ])
    func corrections(_ raw: String, _ corrected: String?) {
        let shape = DocumentNumberShape(raw, writtenYear: 2025)
        #expect(shape.kind != .unrecognised, "\(raw)")
        #expect(shape.corrected == corrected, "\(raw): \(shape.problems)")
    }

    @Test func unrecognisedShapes() {
        for raw in ["2025年2号", "示政办发2025-2", "无", "示政办发〔2025〕"] {
            #expect(DocumentNumberShape(raw).kind == .unrecognised, "\(raw)")
        }
    }

    @Test func canonicalFormJoinsSpellings() {
        #expect(DocumentNumberShape("示政办发[2025]2号").canonical == DocumentNumberShape("示政办发〔2025〕2号").canonical)
    }
}

@Suite struct MetadataRuleTests {
    @Test func documentNumberFormAndYearWithCorrectedSuggestion() throws {
        let s = try site([
            "zcwj/gfxwj/2025-00001.md": policy("2025-00001", docNo: "测政办发[2025]1号"),
            "zcwj/gfxwj/2025-00002.md": policy("2025-00002", docNo: "测政办发〔2024〕2号"),
            "zcwj/gfxwj/2025-00003.md": policy("2025-00003", docNo: "测政办发〔２０２５〕3号"),
            "zcwj/gfxwj/2025-00004.md": policy("2025-00004", docNo: "测政办发〔2025〕4号"),
            "zcwj/gfxwj/2025-00005.md": policy("2025-00005", docNo: "第五号文件"),
        ])
        let found = try s.check().diagnostics.filter { $0.code.rawValue.hasPrefix("meta.doc-no-") }
        #expect(places(found) == [
            "meta.doc-no-format zcwj/gfxwj/2025-00001.md:6:1",
            "meta.doc-no-year zcwj/gfxwj/2025-00002.md:6:1",
            "meta.doc-no-format zcwj/gfxwj/2025-00003.md:6:1",
            "meta.doc-no-format zcwj/gfxwj/2025-00005.md:6:1",
        ])
        #expect(found[0].suggestion == "改为 doc_no: 测政办发〔2025〕1号")
        #expect(found[0].severity == .error)
        #expect(found[1].suggestion?.contains("测政办发〔2025〕2号") == true)
        #expect(found[2].message.contains("全角数字"))
    }

    @Test func duplicateDocumentNumberNamesBothFiles() throws {
        let s = try site([
            "zcwj/gfxwj/2025-00001.md": policy("2025-00001", docNo: "测政办发〔2025〕1号"),
            "zcwj/gfxwj/2025-00002.md": policy("2025-00002", docNo: "测政办发[2025]1号"),
            "zcwj/gfxwj/2025-00003.md": policy("2025-00003", docNo: "测政办发〔2025〕11号"),
        ])
        let found = findings(try s.check(), "meta.doc-no-duplicate")
        #expect(places(found) == ["meta.doc-no-duplicate zcwj/gfxwj/2025-00002.md:6:1"])
        #expect(found[0].message.contains("zcwj/gfxwj/2025-00001.md:6"))
    }

    @Test func indexNumberPatternDefaultAndCatalogueSetting() throws {
        let good = policy("2025-00001")
        let bad = policy("2025-00002").replacingOccurrences(of: "11999900MB0000001X/2025-00002", with: "11999900mb0000001x/2025-2")
        var s = try site(["zcwj/gfxwj/2025-00001.md": good, "zcwj/gfxwj/2025-00002.md": bad])
        var found = findings(try s.check(), "meta.index-no-format")
        #expect(places(found) == ["meta.index-no-format zcwj/gfxwj/2025-00002.md:3:1"])
        #expect(found[0].suggestion?.contains("11999900MB0000001X/2025-00002") == true)

        s = try site(["zcwj/gfxwj/2025-00001.md": good], checks: "  index_no_pattern: '^[0-9A-Z]{18}/\\d{4}-\\d{4}$'")
        found = findings(try s.check(), "meta.index-no-format")
        #expect(places(found) == ["meta.index-no-format zcwj/gfxwj/2025-00001.md:3:1"])

        s = try site(["zcwj/gfxwj/2025-00001.md": good], checks: "  index_no_pattern: '^[0-9'")
        let outcome = try s.check()
        #expect(findings(outcome, "meta.index-no-format").isEmpty)
        #expect(places(findings(outcome, "catalogue.check-setting")) == ["catalogue.check-setting catalogue.yaml:13:3"])
    }

    @Test func dateOrder() throws {
        let s = try site([
            "zcwj/gfxwj/2025-00001.md": policy("2025-00001", published: "2025-06-04", written: "2025-06-05"),
            "zcwj/gfxwj/2025-00002.md": policy("2025-00002", extra: "effective: 2025-07-01\nexpires: 2025-06-30"),
            "zcwj/gfxwj/2025-00003.md": policy("2025-00003", published: "2025-06-05", written: "2025-06-05",
                                             extra: "effective: 2025-07-01\nexpires: 2025-07-01"),
        ])
        #expect(places(findings(try s.check(), "meta.")) == [
            "meta.written-after-published zcwj/gfxwj/2025-00001.md:7:1",
            "meta.effective-after-expires zcwj/gfxwj/2025-00002.md:10:1",
        ])
    }
}
