import Foundation
import Testing
@testable import GongkaiKit

/// A site whose statistics are counted by hand below. Build date 2026-11-21.
///
/// 规章 (zcwj.gz): R1 2023-00001 (2023-03-01) → revised by R2 2024-00001 (2024-05-10) → revised by
/// R3 2025-00001 (2025-06-01); R4 2023-00002 (2023-07-01) repealed by D1 2025-00002 (qtwj, 2025-02-10).
/// 行政规范性文件 (zcwj.gfxwj): N1 2024-00002 (2024-01-15, expires 2024-12-31); N2 2024-00003
/// (2024-03-01, expires 2025-06-30); N5 2024-00004 (2024-06-01, repealed, nothing dates it);
/// N3 2025-00003 (2025-04-01, written 2025-03-01: late); N4 2025-00004 (2025-09-01) repealed by
/// D2 2026-00001 (qtwj, 2026-03-01). Interpretations: I1 of N4 on 2025-09-03 (in step, delay 3 days),
/// I2 of N3 on 2025-04-10 (not in step).
enum ReportFixture {
    static let catalogue = """
        site:
          title: 测试市人民政府信息公开
          base_url: https://www.example.gov.cn/
          agency: 测试市人民政府办公室
        reports:
          regulations: [zcwj.gz]
          normative: [zcwj.gfxwj]
          deadline_working_days: 20
        catalogue:
          - id: zcwj
            name: 政策文件
            children:
              - id: gz
                name: 政府规章
              - id: gfxwj
                name: 行政规范性文件
                interpretation: recommended
                interpretation_delay_days: 3
              - id: qtwj
                name: 其他文件
          - id: zcjd
            name: 政策解读
            children:
              - id: wzjd
                name: 文字解读

        """

    static func doc(_ serial: String, _ category: String, published: String, written: String? = nil, extra: String = "") -> String {
        let p = CalendarDate(iso: published)!
        let number = Int(serial.split(separator: "-").last!)!
        return policy(serial, category: category, published: published, written: written ?? p.adding(days: -2).iso,
                      docNo: "测政办发〔\(p.year)〕\(number)号", extra: extra)
    }

    static func interpretation(_ serial: String, of target: String, published: String) -> String {
        """
        ---
        title: 解读\(serial)
        index_no: 11999900MB0000001X/\(serial)
        category: zcjd.wzjd
        issuer: 测试市人民政府办公室
        published: \(published)
        form: 文字解读
        stage: 发布
        interprets: [11999900MB0000001X/\(target)]
        ---
        解读正文。
        """
    }

    static var files: [String: String] {
        [
            "gz/r1.md": doc("2023-00001", "zcwj.gz", published: "2023-03-01"),
            "gz/r2.md": doc("2024-00001", "zcwj.gz", published: "2024-05-10", extra: "revises: 11999900MB0000001X/2023-00001"),
            "gz/r3.md": doc("2025-00001", "zcwj.gz", published: "2025-06-01", extra: "revises: 11999900MB0000001X/2024-00001"),
            "gz/r4.md": doc("2023-00002", "zcwj.gz", published: "2023-07-01",
                            extra: "status: repealed\nrepealed_by: 11999900MB0000001X/2025-00002"),
            "qt/d1.md": doc("2025-00002", "zcwj.qtwj", published: "2025-02-10"),
            "qt/d2.md": doc("2026-00001", "zcwj.qtwj", published: "2026-03-01"),
            "gf/n1.md": doc("2024-00002", "zcwj.gfxwj", published: "2024-01-15", extra: "expires: 2024-12-31"),
            "gf/n2.md": doc("2024-00003", "zcwj.gfxwj", published: "2024-03-01", extra: "expires: 2025-06-30"),
            "gf/n5.md": doc("2024-00004", "zcwj.gfxwj", published: "2024-06-01", extra: "status: repealed"),
            "gf/n3.md": doc("2025-00003", "zcwj.gfxwj", published: "2025-04-01", written: "2025-03-01",
                            extra: "waive: {deadline.late: 测试用的逾期文件}"),
            "gf/n4.md": doc("2025-00004", "zcwj.gfxwj", published: "2025-09-01",
                            extra: "status: repealed\nrepealed_by: 11999900MB0000001X/2026-00001"),
            "jd/i1.md": interpretation("2025-00005", of: "2025-00004", published: "2025-09-03"),
            "jd/i2.md": interpretation("2025-00006", of: "2025-00003", published: "2025-04-10"),
        ]
    }

    static func site() throws -> TestSite { try TestSite(catalogue: catalogue, files: files) }
}

@Suite("Reports: annual statistics and indicators")
struct ReportsTests {
    func stage(_ site: TestSite) throws -> ReportsStage {
        let checked = try site.check()
        // Linkage checks warn about the policies without interpretations (gfxwj: recommended); no errors.
        #expect(!checked.diagnostics.hasErrors, "\(checked.diagnostics)")
        let (templates, _) = try Templates.load(from: TestSite.templates)
        return ReportsStage(model: checked.model!, annual: checked.annual, templates: templates!)
    }

    /// [规章: 制发, 废止, 现行有效, 被修订], [规范性文件: …]
    func counts(_ s: AnnualStatistics) -> [[Int]] {
        s.rows.map { r in [r.count(.published), r.count(.repealed), r.count(.valid), r.count(.amended)] }
    }

    func serials(_ stage: ReportsStage, _ ids: [Int]?) -> [String] {
        (ids ?? []).map { String(stage.model[$0].indexNo.rawValue.split(separator: "/").last!) }
    }

    @Test func goldenStatisticsCountedByHand() throws {
        let site = try ReportFixture.site()
        let stage = try stage(site)
        #expect(stage.years == [2023, 2024, 2025, 2026])
        // 2023: R1, R4 published and in force; nothing normative yet.
        #expect(counts(stage.statistics(2023)) == [[2, 0, 2, 0], [0, 0, 0, 0]])
        // 2024: R2 revises R1 (被修订, not 废止); N1 (expires 12-31: still valid on 12-31), N2, N5.
        #expect(counts(stage.statistics(2024)) == [[1, 0, 2, 1], [3, 0, 3, 0]])
        // 2025: R3 revises R2; R4 repealed by D1 (2025-02-10); N1 expired 2025-01-01, N2 2025-07-01;
        // N3, N4 published; N4 repealed only in 2026.
        let s2025 = stage.statistics(2025)
        #expect(counts(s2025) == [[1, 1, 1, 1], [2, 2, 3, 0]])
        #expect(serials(stage, s2025.rows[0].documents[.repealed]) == ["2023-00002"])
        #expect(serials(stage, s2025.rows[0].documents[.valid]) == ["2025-00001"])
        #expect(serials(stage, s2025.rows[1].documents[.repealed]) == ["2024-00002", "2024-00003"])
        #expect(serials(stage, s2025.rows[1].documents[.valid]) == ["2024-00004", "2025-00003", "2025-00004"])
        #expect(s2025.asOf == CalendarDate(iso: "2025-12-31"))
        #expect(!s2025.isPartialYear)
        // 2026 (up to the build date): N4 repealed by D2; N5 has no date and is counted at the build date.
        let s2026 = stage.statistics(2026)
        #expect(counts(s2026) == [[0, 0, 1, 0], [0, 2, 1, 0]])
        #expect(s2026.isPartialYear && s2026.asOf == CalendarDate(iso: "2026-11-21"))
        #expect(serials(stage, s2026.undated) == ["2024-00004"])
        // The numbers reconcile: last year's 现行有效 + 制发 − 废止 − 被修订 = this year's.
        for year in [2024, 2025, 2026] {
            let (before, now) = (counts(stage.statistics(year - 1)), counts(stage.statistics(year)))
            for g in 0..<2 { #expect(before[g][2] + now[g][0] - now[g][1] - now[g][3] == now[g][2], "\(year) group \(g)") }
        }
    }

    @Test func validityAsOfADate() throws {
        let site = try ReportFixture.site()
        let model = try site.check().model!
        let timeline = ValidityTimeline(model: model)
        func v(_ serial: String, _ date: String) -> Validity? {
            timeline.validity(of: model.byIndexNo[IndexNumber(rawValue: "11999900MB0000001X/" + serial)]!, asOf: CalendarDate(iso: date)!)
        }
        #expect(v("2023-00001", "2023-02-28") == nil)
        #expect(v("2023-00001", "2024-05-09") == .active)
        #expect(v("2023-00001", "2024-05-10") == .amended)
        #expect(v("2024-00002", "2024-12-31") == .active)
        #expect(v("2024-00002", "2025-01-01") == .expired)
        #expect(v("2023-00002", "2025-02-09") == .active)
        #expect(v("2023-00002", "2025-02-10") == .repealed)
        #expect(v("2024-00004", "2026-11-20") == .active)
        #expect(v("2024-00004", "2026-11-21") == .repealed)
    }

    @Test func indicatorsCountedByHand() throws {
        let site = try ReportFixture.site()
        let stage = try stage(site)
        let i = stage.indicators(2025)
        // Published in 2025 with a 成文日期: R3, D1, N3, N4 (interpretations have none); N3 took 22 working days.
        #expect(serials(stage, i.total.timelyEligible) == ["2025-00001", "2025-00002", "2025-00003", "2025-00004"])
        #expect(serials(stage, i.total.late) == ["2025-00003"])
        // Policies (gfxwj recommends interpretation): N3, N4; both interpreted, only N4 within 3 days.
        #expect(serials(stage, i.total.policies) == ["2025-00003", "2025-00004"])
        #expect(serials(stage, i.total.interpreted) == ["2025-00003", "2025-00004"])
        #expect(serials(stage, i.total.inStep) == ["2025-00004"])
        // Became 已废止/已失效 in 2025: R4, N1, N2.
        #expect(serials(stage, i.total.ended) == ["2023-00002", "2024-00002", "2024-00003"])
        #expect(i.byIssuer.map(\.issuer) == ["测试市人民政府办公室"])
        #expect(Share(3, of: 4).percentText == "75.0%")
        #expect(Share(2, of: 3).percentText == "66.7%")
        #expect(Share(0, of: 0).percentText == "—")
        #expect(Share(2, of: 3).jsonValue == "0.6667")
    }

    @Test func weekdaysAreWorkingDays() {
        let c = WeekdayCalendar()
        func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
        #expect(c.workingDays(from: d("2025-06-06"), to: d("2025-06-09")) == 1)  // Fri → Mon
        #expect(c.workingDays(from: d("2025-06-05"), to: d("2025-07-03")) == 20)
        #expect(c.workingDays(from: d("2025-06-05"), to: d("2025-07-04")) == 21)
        #expect(c.workingDays(from: d("2025-03-01"), to: d("2025-04-01")) == 22)
        #expect(c.workingDays(from: d("2025-06-05"), to: d("2025-06-05")) == 0)
        #expect(c.workingDays(from: d("2025-06-09"), to: d("2025-06-05")) == 0)
        // Same as counting day by day over a long range.
        var count = 0
        var day = d("2024-01-01")
        while day < d("2024-12-31") { day = day.adding(days: 1); if day.weekday <= 5 { count += 1 } }
        #expect(c.workingDays(from: d("2024-01-01"), to: d("2024-12-31")) == count)
    }

    @Test func holidaysAreNotWorkingDays() {
        func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
        let holidays = HolidayWorkingDays(calendar: .shipped)
        // 2025 National Day: 10-01..10-08 off. After 09-30 through 10-09: only 10-09 is worked.
        #expect(holidays.workingDays(from: d("2025-09-30"), to: d("2025-10-09")) == 1)
        #expect(WeekdayCalendar().workingDays(from: d("2025-09-30"), to: d("2025-10-09")) == 7)
        // 2025-10-11 (Saturday) was a 调休 working day.
        #expect(holidays.workingDays(from: d("2025-10-10"), to: d("2025-10-11")) == 1)
        // A year the calendar does not cover: Monday to Friday.
        #expect(holidays.workingDays(from: d("2040-06-01"), to: d("2040-06-08")) == 5)
    }

    @Test func pagesCSVAndJSON() throws {
        let site = try ReportFixture.site()
        let outcome = try site.build()
        #expect(outcome.published, "\(outcome.diagnostics)")
        let year = try site.page("reports/2025/index.html")
        #expect(year.contains("<a href=\"../../reports/2025/normative-repealed/index.html\">2</a>"))
        #expect(year.contains("role=\"img\""))
        #expect(year.contains("<title id=\"chart-2025-timely-title\">"))
        #expect(year.contains("扣除法定节假日"), "the build counts working days with the holiday calendar")
        let list = try site.page("reports/2025/normative-repealed/index.html")
        #expect(list.contains("documents/11999900MB0000001X/2024-00002/index.html"))
        #expect(list.contains("documents/11999900MB0000001X/2024-00003/index.html"))
        #expect(!list.contains("documents/11999900MB0000001X/2025-00004/index.html"))
        let index = try site.page("reports/index.html")
        for y in 2023...2026 { #expect(index.contains("href=\"../reports/\(y)/index.html\"")) }
        #expect(!site.exists("reports/2025/annual-report/index.html"), "no data file, no annual report")

        let csv = try Data(contentsOf: site.output.appendingPathComponent("reports/2025/statistics.csv"))
        #expect(Array(csv.prefix(3)) == CSV.byteOrderMark)
        #expect(String(decoding: csv.dropFirst(3), as: UTF8.self)
                == "信息内容,本年制发件数,本年废止件数,现行有效件数,本年被修订件数（不计入废止）\r\n规章,1,1,1,1\r\n行政规范性文件,2,2,3,0\r\n")

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: site.output.appendingPathComponent("reports/2025/statistics.json"))) as! [String: Any]
        #expect(json["year"] as? Int == 2025)
        let groups = json["statistics"] as! [[String: Any]]
        #expect((groups[1]["repealed"] as! [String: Any])["documents"] as? [String]
                == ["11999900MB0000001X/2024-00002", "11999900MB0000001X/2024-00003"])
        let total = (json["indicators"] as! [String: Any])["total"] as! [String: Any]
        #expect(total["timely_share"] as? Double == 0.75)
        #expect(total["in_step_share"] as? Double == 0.5)
    }

    @Test func reportsAreDeterministic() throws {
        let a = try ReportFixture.site()
        let b = try ReportFixture.site()
        try a.write("annual/2025.yaml", try AnnualDataTests.example())
        try b.write("annual/2025.yaml", try AnnualDataTests.example())
        try a.build()
        try b.build()
        let first = try a.siteFiles()
        #expect(first.keys.contains("reports/2025/annual-report/index.html"))
        #expect(first == (try b.siteFiles()))
    }

    @Test func reportSettingsErrors() throws {
        let bad = ReportFixture.catalogue
            .replacingOccurrences(of: "normative: [zcwj.gfxwj]", with: "normative: [zcwj.gfwj]")
            .replacingOccurrences(of: "deadline_working_days: 20", with: "deadline_workdays: 20")
        let site = try TestSite(catalogue: bad, files: [:])
        let d = try site.check().diagnostics
        #expect(d.map(\.code) == [.unknownCategory, .catalogueUnknownKey])
        #expect(d.map(\.location.line) == [7, 8])
        #expect(d[0].suggestion?.contains("zcwj.gfxwj") == true)
        #expect(d[1].suggestion?.contains("deadline_working_days") == true)
    }

    /// One 公开时限: set under `checks:`, the report counts with it too; set in both places, the two
    /// must agree.
    @Test(arguments: [("checks", 15, 15, false), ("both-same", 15, 15, false), ("both-differ", 15, 20, true), ("neither", 0, 20, false)])
    func oneDeadlineForChecksAndReports(where place: String, checks: Int, reported: Int, conflict: Bool) throws {
        var catalogue = ReportFixture.catalogue
        switch place {
        case "checks":
            catalogue = catalogue.replacingOccurrences(of: "  deadline_working_days: 20\n", with: "")
                + "checks:\n  deadline_working_days: \(checks)\n"
        case "both-same":
            catalogue = catalogue.replacingOccurrences(of: "deadline_working_days: 20", with: "deadline_working_days: \(checks)")
                + "checks:\n  deadline_working_days: \(checks)\n"
        case "both-differ":
            catalogue += "checks:\n  deadline_working_days: \(checks)\n"
        default:
            catalogue = catalogue.replacingOccurrences(of: "  deadline_working_days: 20\n", with: "")
        }
        let site = try TestSite(catalogue: catalogue, files: [:])
        let (decoded, diagnostics) = CatalogueDecoder.decode(
            SourceFile(contentPath: "catalogue.yaml", displayPath: "content/catalogue.yaml", bytes: Array(catalogue.utf8)), contentRoot: site.content.path)
        if conflict {
            #expect(decoded == nil)
            #expect(diagnostics.map(\.code) == [.catalogueInvalid])
            #expect(diagnostics.first?.location.line == 8, "at reports.deadline_working_days")
            #expect(diagnostics.first?.message.contains("checks 中为 15 个工作日，reports 中为 20 个工作日") == true)
            #expect(try site.check().diagnostics.contains { $0.code == .catalogueInvalid })
        } else {
            #expect(diagnostics.isEmpty, "\(diagnostics)")
            #expect(decoded?.reports.deadlineWorkingDays == reported)
        }
    }

    @Test func dataFileYearsAreReported() throws {
        let site = try ReportFixture.site()
        try site.write("annual/2022.yaml", try AnnualDataTests.example())
        let stage = try stage(site)
        #expect(stage.years == [2022, 2023, 2024, 2025, 2026])
    }
}
