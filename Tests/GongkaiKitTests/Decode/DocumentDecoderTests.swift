import Foundation
import Testing
@testable import GongkaiKit

@Suite("Front matter and documents")
struct DocumentDecoderTests {
    func decode(_ text: String, path: String = "zcwj/gfxwj/a.md", files: Set<String> = [], bytes: [UInt8]? = nil)
        throws -> (Document?, [Diagnostic])
    {
        let site = try TestSite()
        let catalogue = try #require(try site.check().model?.catalogue)
        let decoder = DocumentDecoder(catalogue: catalogue, contentFiles: files)
        return decoder.decode(SourceFile(contentPath: path, displayPath: "content/" + path, bytes: bytes ?? Array(text.utf8)))
    }

    @Test func readsTypedValues() throws {
        let (doc, diagnostics) = try decode(policy("2025-00012", extra: """
            effective: 2025-07-01
            expires: 2027-06-30
            status: active
            topics: [政务公开, 营商环境]
            revises: 11999900MB0000001X/2023-00031
            """))
        #expect(diagnostics.isEmpty)
        let d = try #require(doc)
        #expect(d.indexNo == IndexNumber(rawValue: "11999900MB0000001X/2025-00012"))
        #expect(d.category == CategoryPath(dotted: "zcwj.gfxwj"))
        #expect(d.written == CalendarDate(year: 2025, month: 6, day: 5))
        #expect(d.published == CalendarDate(year: 2025, month: 6, day: 6))
        #expect(d.effective == CalendarDate(year: 2025, month: 7, day: 1))
        #expect(d.expires == CalendarDate(year: 2027, month: 6, day: 30))
        #expect(d.declaredStatus == .active)
        #expect(d.topics == ["政务公开", "营商环境"])
        #expect(d.revises?.rawValue == "11999900MB0000001X/2023-00031")
        #expect(d.docNo?.rawValue == "测政办发〔2025〕12号")
        #expect(d.body == "第一条 为了测试，制定本办法。\n")
        #expect(d.bodyLine == 15)
        #expect(d.location(of: .published).line == 8)
    }

    @Test func yamlBooleanLookalikesStayText() throws {
        // YAML 1.1 would read `no` as false and the dates as instants; gongkai reads what was typed.
        let (doc, diagnostics) = try decode(policy("2025-00001", title: "no", extra: "topics: [yes, on]"))
        #expect(diagnostics.isEmpty)
        #expect(doc?.title == "no")
        #expect(doc?.topics == ["yes", "on"])
    }

    @Test func byteOrderMarkAndCRLFAreFine() throws {
        let text = policy("2025-00002").replacingOccurrences(of: "\n", with: "\r\n")
        let (doc, diagnostics) = try decode("", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        #expect(diagnostics.isEmpty)
        #expect(doc?.title == "测试市人民政府办公室关于测试工作的通知")
        #expect(doc?.body.contains("\r") == false)
    }

    @Test func malformedYAMLIsReportedAtItsLine() throws {
        let (doc, diagnostics) = try decode("---\ntitle: 关于: 测试\nindex_no: x\n---\n正文\n")
        #expect(doc == nil)
        #expect(diagnostics.map(\.code) == [.yamlSyntax])
        #expect(diagnostics.first?.location.line == 2)
        #expect(diagnostics.first?.location.file == "content/zcwj/gfxwj/a.md")
        #expect(diagnostics.first?.suggestion?.contains("引号") == true)
    }

    @Test func everyProblemOfAFileIsReportedAtOnce() throws {
        let text = """
            ---
            title: 测试
            index_no: 11999900MB0000001X/2025-00003
            category: zcwj.gfxwj
            isuer: 测试市人民政府办公室
            written: 2025-6-5
            published: 2025-02-30
            status: 有效
            ---
            正文
            """
        let (doc, diagnostics) = try decode(text)
        #expect(doc == nil)
        let found = diagnostics.map { "\($0.code)@\($0.location.line)" }.sorted()
        #expect(found == [
            "meta.invalid-date@6", "meta.invalid-date@7", "meta.invalid-value@8", "meta.missing-field@1",
            "meta.missing-field@1", "meta.unknown-field@5",
        ])
        let unknown = try #require(diagnostics.first { $0.code == .unknownField })
        #expect(unknown.suggestion == "是否应为“issuer”？")
        #expect(unknown.location.column == 1)
        let written = try #require(diagnostics.first { $0.location.line == 6 })
        #expect(written.suggestion?.contains("written: 2025-06-05") == true)
        let missing = diagnostics.filter { $0.code == .missingField }.map(\.message).sorted()
        #expect(missing.count == 2)
        #expect(missing.contains { $0.contains("doc_no") })
        #expect(missing.contains { $0.contains("issuer") })
    }

    @Test func unknownCategorySuggestsCloseOnes() throws {
        let (_, byTypo) = try decode(policy("2025-00004", category: "zcwj.gfxwi"))
        #expect(byTypo.map(\.code) == [.unknownCategory])
        #expect(byTypo.first?.location.line == 4)
        #expect(byTypo.first?.suggestion?.contains("zcwj.gfxwj") == true)
        let (_, byName) = try decode(policy("2025-00004", category: "行政规范性文件"))
        #expect(byName.first?.suggestion?.contains("“zcwj.gfxwj”（政策文件 › 行政规范性文件）") == true)
        let (_, byLastPart) = try decode(policy("2025-00004", category: "gfxwj"))
        #expect(byLastPart.first?.suggestion?.contains("zcwj.gfxwj") == true)
    }

    @Test func invalidUTF8IsReportedWithItsLine() throws {
        var bytes = Array(policy("2025-00005").utf8)
        let bodyStart = bytes.count - Array("第一条 为了测试，制定本办法。\n".utf8).count
        bytes.insert(contentsOf: [0xB2, 0xE2], at: bodyStart + 3)  // GBK bytes inside the body
        let (doc, diagnostics) = try decode("", bytes: bytes)
        #expect(doc == nil)
        #expect(diagnostics.map(\.code) == [.invalidUTF8])
        #expect(diagnostics.first?.location.line == 11)
        #expect(diagnostics.first?.location.column == 2)
    }

    @Test func missingFrontMatter() throws {
        let (_, none) = try decode("正文\n")
        #expect(none.map(\.code) == [.missingFrontMatter])
        let (_, open) = try decode("---\ntitle: 测试\n")
        #expect(open.map(\.code) == [.unterminatedFrontMatter])
    }

    @Test func attachmentsResolveInsideContentOnly() throws {
        let text = policy("2025-00006", extra: """
            attachments:
              - {title: 附件1 申报表, file: files/a.docx}
              - {title: 附件2, file: ../../../etc/passwd}
              - {title: 附件3, file: files/missing.pdf}
            """)
        let (doc, diagnostics) = try decode(text, files: ["zcwj/gfxwj/files/a.docx"])
        #expect(doc == nil)
        #expect(diagnostics.map { "\($0.code)@\($0.location.line)" } == ["attachment.outside-content@11", "attachment.missing@12"])
        let (ok, none) = try decode(policy("2025-00006", extra: "attachments:\n  - {title: 附件1, file: ./files/a.docx}"),
                                    files: ["zcwj/gfxwj/files/a.docx"])
        #expect(none.isEmpty)
        #expect(ok?.attachments.first?.contentPath == "zcwj/gfxwj/files/a.docx")
        #expect(ok?.attachments.first?.fileName == "a.docx")
    }

    @Test func unsafeIndexNumbersAreRejected() throws {
        let (_, diagnostics) = try decode(policy("../../x"))
        #expect(diagnostics.map(\.code) == [.invalidIndexNumber])
        #expect(diagnostics.first?.location.line == 3)
    }

    @Test func waiverNeedsAReason() throws {
        let (_, diagnostics) = try decode(policy("2025-00007", extra: "waive: {pii.phone: }"))
        #expect(diagnostics.map(\.code.rawValue) == ["meta.waiver-without-reason"])
        let (doc, none) = try decode(policy("2025-00007", extra: "waive: {pii.phone: 12345热线为公开服务号码}"))
        #expect(none.isEmpty)
        #expect(doc?.waivers.first?.reason == "12345热线为公开服务号码")
    }
}
