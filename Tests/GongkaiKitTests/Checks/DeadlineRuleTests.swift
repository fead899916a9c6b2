import Testing
@testable import GongkaiKit

@Suite struct DeadlineRuleTests {
    func doc(_ serial: String, written: String, published: String) -> String {
        policy(serial, published: published, written: written, docNo: "测政办发〔\(written.prefix(4))〕\(Int(serial.suffix(5))!)号")
    }

    @Test func twentyWorkingDaysAcrossNationalDay() throws {
        let s = try site([
            "zcwj/gfxwj/2024-00001.md": doc("2024-00001", written: "2024-09-20", published: "2024-10-23"),  // the 20th working day
            "zcwj/gfxwj/2024-00002.md": doc("2024-00002", written: "2024-09-20", published: "2024-10-24"),  // the 21st
        ])
        let found = findings(try s.check(), "deadline.")
        #expect(places(found) == ["deadline.late zcwj/gfxwj/2024-00002.md:8:1"])
        #expect(found[0].severity == .error)
        #expect(found[0].message.contains("2024-10-23"))
    }

    @Test func limitIsACatalogueSetting() throws {
        let s = try site(["zcwj/gfxwj/2025-00001.md": doc("2025-00001", written: "2025-09-26", published: "2025-10-10")],
                         checks: "  deadline_working_days: 4")
        // 28 Sep (Sun, worked), 29, 30 Sep, 9 Oct are the four; 10 Oct is the fifth.
        let found = findings(try s.check(), "deadline.")
        #expect(places(found) == ["deadline.late zcwj/gfxwj/2025-00001.md:8:1"])
        #expect(found[0].message.contains("2025-10-09"))
    }

    @Test func uncoveredYearWarnsAndUserCalendarFixesIt() throws {
        let s = try site(["zcwj/gfxwj/2014-00001.md": doc("2014-00001", written: "2014-12-01", published: "2015-01-05")])
        var found = findings(try s.check(), "deadline.")
        #expect(places(found) == ["deadline.calendar-missing zcwj/gfxwj/2014-00001.md:8:1"])
        #expect(found[0].severity == .warning)
        #expect(found[0].message.contains("2014"))

        try s.write("holidays.yaml", "\"2014\":\n  holidays: [2014-10-01..2014-10-07]\n  workdays: [2014-10-11]\n")
        found = findings(try s.check(), "deadline.")
        #expect(places(found) == ["deadline.late zcwj/gfxwj/2014-00001.md:8:1"])

        try s.write("holidays.yaml", "\"2014\":\n  holidays: [2014-13-01]\n")
        #expect(places(findings(try s.check(), "deadline.holidays-invalid")) == ["deadline.holidays-invalid holidays.yaml:2:14"])
    }

    @Test func writtenAfterPublishedIsNotALateDocument() throws {
        let s = try site(["zcwj/gfxwj/2025-00001.md": doc("2025-00001", written: "2025-06-05", published: "2025-06-04")])
        #expect(findings(try s.check(), "deadline.").isEmpty)
    }
}
