import Foundation
import Testing
@testable import GongkaiKit

@Suite struct ScaffoldTests {
    static let catalogue = TestSite.defaultCatalogue.replacingOccurrences(
        of: "  agency: 测试市人民政府办公室\n", with: "  agency: 测试市人民政府办公室\n  agency_code: \"11999900MB0000001X\"\n")

    func request(_ category: String = "zcwj.gfxwj", title: String? = "测试市人民政府办公室关于新工作的通知",
                 today: String = "2025-07-01", kind: ScaffoldKind = .document, interprets: String? = nil,
                 issuer: String? = nil, file: String? = nil) -> ScaffoldRequest {
        ScaffoldRequest(category: category, title: title, kind: kind, interprets: interprets, issuer: issuer,
                        today: CalendarDate(iso: today)!, file: file)
    }

    func plan(_ site: TestSite, _ request: ScaffoldRequest) throws -> ScaffoldPlan {
        try Scaffold.plan(request, contentFolder: site.content.path)
    }

    /// Writes the plan into the site and returns its content-relative path.
    @discardableResult
    func write(_ site: TestSite, _ plan: ScaffoldPlan) throws -> String {
        try Scaffold.write(plan)
        return String(plan.path.dropFirst(site.content.path.count + 1))
    }

    /// 1-based line of the first line of `text` that starts with `prefix`.
    func line(_ text: String, _ prefix: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix(prefix) }! + 1
    }

    @Test func fillsTheFrontMatterAndLeavesTheRestForTheChecker() throws {
        let site = try TestSite(catalogue: Self.catalogue, files: ["zcwj/gfxwj/2025-00001.md": policy("2025-00001")])
        let p = try plan(site, request())
        #expect(p.indexNo == IndexNumber(rawValue: "11999900MB0000001X/2025-00002"))
        #expect(p.path == site.content.path + "/zcwj/gfxwj/2025-00002.md")
        let text = p.text
        #expect(text.hasPrefix("---\ntitle: 测试市人民政府办公室关于新工作的通知   # 标题（必填）"))
        #expect(text.contains("\nindex_no: 11999900MB0000001X/2025-00002   # 索引号（必填）"))
        #expect(text.contains("\ncategory: zcwj.gfxwj   # 所属栏目（必填）：政策文件 › 行政规范性文件\n"))
        #expect(text.contains("\nissuer: 测试市人民政府办公室   # 发文机关（本栏目必填）"))
        #expect(text.contains("\ndoc_no:   # 发文字号（本栏目必填）"))
        #expect(text.contains("\nwritten:   # 成文日期（本栏目必填）"))
        #expect(text.contains("\npublished: 2025-07-01   # 发布日期（必填）"))
        // Every line of the front matter carries a Chinese comment.
        let frontMatter = text.split(separator: "\n").dropFirst().prefix { $0 != "---" }
        #expect(frontMatter.allSatisfy { $0.contains("   # ") })

        let path = try write(site, p)
        let display = site.content.path + "/" + path
        let found = try site.check(today: "2025-07-01").diagnostics
        #expect(found == [
            .error(.missingField, at: SourceLocation(file: display, line: line(text, "doc_no:")),
                   "缺少必填字段“doc_no”（发文字号）（栏目“行政规范性文件”要求）。", suggestion: "在文件头中加入一行：doc_no: 示政办发〔2025〕2号"),
            .error(.missingField, at: SourceLocation(file: display, line: line(text, "written:")),
                   "缺少必填字段“written”（成文日期）（栏目“行政规范性文件”要求）。", suggestion: "在文件头中加入一行：written: 2025-06-05"),
        ])

        // Filled in, the file decodes; the body's placeholder is what remains.
        let filled = text.replacingOccurrences(of: "\ndoc_no:   #", with: "\ndoc_no: 测政办发〔2025〕9号   #")
            .replacingOccurrences(of: "\nwritten:   #", with: "\nwritten: 2025-06-30   #")
        try site.write(path, filled)
        let bodyLine = line(filled, Scaffold.bodyPlaceholder)
        #expect(try site.check(today: "2025-07-01").diagnostics.map(\.code) == [.scaffoldUnfilled])
        #expect(try site.check(today: "2025-07-01").diagnostics.map(\.location) == [SourceLocation(file: display, line: bodyLine)])

        try site.write(path, filled.replacing(#/【待填写】.*\n/#, with: "第一条 为了做好新工作，制定本通知。\n"))
        #expect(try site.check(today: "2025-07-01").diagnostics == [])
        let built = try site.build(today: "2025-07-01")
        #expect(built.published)
    }

    @Test func aTitleLeftOutIsReportedAsMissing() throws {
        let site = try TestSite(catalogue: Self.catalogue)
        let p = try plan(site, request("zcwj.qtwj", title: nil))
        #expect(p.text.hasPrefix("---\ntitle:   # 标题（必填）"))
        // A category that does not require doc_no offers it as a commented line.
        #expect(p.text.contains("\n# doc_no: 示政办发〔2025〕2号   # 发文字号（选填）"))
        try write(site, p)
        #expect(try site.check().diagnostics.map(\.code) == [.missingField])
        #expect(try site.check().diagnostics.map(\.location.line) == [2])
    }

    @Test func numbersAfterTheHighestSerialOfTheAgencyAndYear() throws {
        let site = try TestSite(catalogue: Self.catalogue, files: [
            "zcwj/gfxwj/2025-00001.md": policy("2025-00001"),
            // A gap at 2: serials are never reused.
            "zcwj/gfxwj/2025-00003.md": policy("2025-00003"),
            // Other years and other agencies do not count.
            "zcwj/gfxwj/2024-00050.md": policy("2024-00050"),
            "zcwj/qtwj/other.md": policy("2025-00001", category: "zcwj.qtwj").replacingOccurrences(
                of: "11999900MB0000001X/2025-00001", with: "11999900MB0000007K/2025-00090"),
        ])
        #expect(try plan(site, request()).indexNo.rawValue == "11999900MB0000001X/2025-00004")
        #expect(try plan(site, request(today: "2024-12-31")).indexNo.rawValue == "11999900MB0000001X/2024-00051")
        #expect(try plan(site, request(today: "2026-01-01")).indexNo.rawValue == "11999900MB0000001X/2026-00001")

        // A scaffold not filled in yet (no title, so it does not decode) still holds its number.
        let first = try plan(site, request(title: nil))
        try write(site, first)
        #expect(first.indexNo.rawValue == "11999900MB0000001X/2025-00004")
        #expect(try plan(site, request()).indexNo.rawValue == "11999900MB0000001X/2025-00005")
    }

    @Test func serialArithmetic() {
        let existing = ["A/2025-00009", "A/2025-00010", "A/2025-7", "B/2025-00099", "A/2024-00100", "not-an-index", "A/2025-x"]
        #expect(IndexNumbering.next(agencyCode: "A", year: 2025, existing: existing).indexNo.rawValue == "A/2025-00011")
        #expect(IndexNumbering.next(agencyCode: "A", year: 2023, existing: existing).indexNo.rawValue == "A/2023-00001")
        #expect(IndexNumbering.next(agencyCode: "C", year: 2025, existing: existing).indexNo.rawValue == "C/2025-00001")
        #expect(IndexNumbering.next(agencyCode: "A", year: 2025, existing: ["A/2025-99999"]).indexNo.rawValue == "A/2025-100000")
        #expect(IndexNumberParts("A/2025-00012") == IndexNumberParts(agencyCode: "A", year: 2025, serial: 12, width: 5))
        #expect(IndexNumberParts("A/25-00012") == nil)
        #expect(IndexNumberParts("/2025-00012") == nil)
    }

    @Test func theAgencyCodeComesFromTheIssuersDocuments() throws {
        let other = policy("2025-00001").replacingOccurrences(of: "11999900MB0000001X/2025-00001", with: "11999900MB0000007K/2025-00041")
            .replacingOccurrences(of: "issuer: 测试市人民政府办公室", with: "issuer: 测试市人力资源和社会保障局")
        let site = try TestSite(catalogue: Self.catalogue, files: ["zcwj/gfxwj/rs.md": other])
        let p = try plan(site, request(issuer: "测试市人力资源和社会保障局"))
        #expect(p.indexNo.rawValue == "11999900MB0000007K/2025-00042")
        #expect(p.text.contains("\nissuer: 测试市人力资源和社会保障局   #"))
        // An issuer with no documents yet gets the site's code.
        #expect(try plan(site, request(issuer: "测试市财政局")).indexNo.rawValue == "11999900MB0000001X/2025-00001")

        // Without site.agency_code the site's own agency's documents give the code …
        let noCode = try TestSite(files: ["zcwj/gfxwj/a.md": policy("2025-00007")])
        #expect(try plan(noCode, request()).indexNo.rawValue == "11999900MB0000001X/2025-00008")
        // … and with neither, `new` refuses and says what to add.
        let empty = try TestSite()
        #expect(throws: ScaffoldError.noAgencyCode) { try plan(empty, request()) }
    }

    @Test func neverOverwritesAFile() throws {
        let site = try TestSite(catalogue: Self.catalogue)
        let p = try plan(site, request())
        try Scaffold.write(p)
        let before = try Data(contentsOf: URL(fileURLWithPath: p.path))
        var other = p
        other.text = "changed"
        #expect(throws: ScaffoldError.fileExists(p.path)) { try Scaffold.write(other) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: p.path)) == before)
        #expect(ScaffoldError.fileExists(p.path).description.contains("不会覆盖已有文件"))

        // --file names the path; it must stay inside the content folder and end in .md.
        let named = try plan(site, request(file: site.content.path + "/zcwj/gfxwj/新文件.md"))
        #expect(named.path == site.content.path + "/zcwj/gfxwj/新文件.md")
        #expect(throws: ScaffoldError.self) { try plan(site, request(file: site.root.path + "/elsewhere.md")) }
        #expect(throws: ScaffoldError.self) { try plan(site, request(file: site.content.path + "/a.txt")) }
    }

    @Test func interpretations() throws {
        let site = try TestSite(catalogue: Self.catalogue, files: [
            "zcwj/gfxwj/2025-00001.md": policy("2025-00001", title: "测试市人民政府办公室关于印发《测试市补贴办法》的通知"),
        ])
        // Published the same day as the policy, as the rules want.
        let p = try plan(site, request("zcjd.wzjd", title: nil, today: "2025-06-06", kind: .interpretation,
                                       interprets: "11999900MB0000001X/2025-00001"))
        #expect(p.text.hasPrefix("---\ntitle: 《测试市补贴办法》解读   #"))
        #expect(p.text.contains("\ninterprets: [11999900MB0000001X/2025-00001]   # 解读对象（必填）：被解读文件的索引号：测试市人民政府办公室关于印发《测试市补贴办法》的通知\n"))
        #expect(p.text.contains("\nform: 文字解读   #"))
        #expect(p.text.contains("\nstage: 发布   #"))
        #expect(p.indexNo.rawValue == "11999900MB0000001X/2025-00002")
        let path = try write(site, p)
        try site.write(path, p.text.replacing(#/【待填写】.*\n/#, with: "一、背景\n"))
        let outcome = try site.check(today: "2025-07-01")
        #expect(outcome.diagnostics == [])
        let model = try #require(outcome.model)
        let interpretation = try #require(model.byIndexNo[p.indexNo])
        #expect(model.interpreted[interpretation] == [model.byIndexNo[IndexNumber(rawValue: "11999900MB0000001X/2025-00001")]!])

        #expect(throws: ScaffoldError.interpretsMissing) { try plan(site, request("zcjd.wzjd", kind: .interpretation)) }
        #expect(throws: ScaffoldError.interpretsUnknown("11999900MB0000001X/2025-00011", suggestions: ["11999900MB0000001X/2025-00001", "11999900MB0000001X/2025-00002"])) {
            try plan(site, request("zcjd.wzjd", interprets: "11999900MB0000001X/2025-00011"))
        }
    }

    @Test func categoriesAreChecked() throws {
        let site = try TestSite(catalogue: Self.catalogue)
        #expect(throws: ScaffoldError.unknownCategory("zcwj.gfxj", suggestions: ["zcwj.gfxwj", "zcwj.gz", "zcwj.qtwj"])) { try plan(site, request("zcwj.gfxj")) }
        #expect(throws: ScaffoldError.notLeaf("zcwj", children: ["zcwj.gz（政府规章）", "zcwj.gfxwj（行政规范性文件）", "zcwj.qtwj（其他文件）"])) {
            try plan(site, request("zcwj"))
        }
        // The Chinese name of a category is accepted too.
        #expect(try plan(site, request("行政规范性文件")).text.contains("\ncategory: zcwj.gfxwj   #"))
    }

    @Test func titlesAreQuotedWhenYAMLWouldReadThemDifferently() throws {
        let site = try TestSite(catalogue: Self.catalogue)
        for title in ["关于 # 号的说明", "通知: 第二批", "[重要] 通知", "yes", "“引号”与\"英文引号\"和\\反斜杠"] {
            let p = try plan(site, request("zcwj.qtwj", title: title, file: site.content.path + "/t/\(UUID().uuidString).md"))
            let scanned = ContentScanner.scan(SourceFile(contentPath: "x.md", displayPath: "x.md", bytes: Array(p.text.utf8)))
            #expect(scanned.title == title)
            #expect(scanned.indexNo == p.indexNo.rawValue)
        }
        #expect(throws: ScaffoldError.self) { try plan(site, request(title: "两行\n标题")) }
    }
}
