import Testing
@testable import GongkaiKit

@Suite struct HolidayCalendarTests {
    let calendar = HolidayCalendar.shipped

    func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }

    @Test func coversTheAnnouncedYears() {
        #expect(calendar.coveredYears == Array(2015...2026))
    }

    @Test(arguments: [
        ("2024-02-04", true),   // Sunday worked before 春节
        ("2024-02-18", true),   // Sunday worked after 春节
        ("2024-02-12", false),  // Monday in 春节
        ("2024-10-01", false), ("2024-10-04", false), ("2024-10-07", false),
        ("2024-10-08", true),
        ("2024-10-12", true),   // Saturday worked
        ("2024-09-29", true),   // Sunday worked
        ("2024-10-13", false),  // ordinary Sunday
        ("2025-01-26", true),   // Sunday worked
        ("2025-01-28", false),  // 除夕, now a holiday
        ("2025-02-08", true),
        ("2025-10-01", false), ("2025-10-08", false),
        ("2025-10-09", true),
        ("2025-09-28", true), ("2025-10-11", true),
        ("2025-04-27", true),
        ("2020-02-01", false),  // Saturday no longer worked: 春节 extended to 2 February 2020
        ("2020-01-31", false),
        ("2020-02-03", true),
        ("2015-09-03", false),  // 抗战胜利70周年纪念日
        ("2015-09-06", true),
        ("2019-05-02", false), ("2019-05-05", true),  // 劳动节 as amended in March 2019
        ("2018-12-29", true), ("2018-12-31", false),  // from the 2019 notice
        ("2026-02-14", true), ("2026-02-23", false), ("2026-02-28", true),
        ("2026-09-20", true), ("2026-10-10", true), ("2026-10-07", false), ("2026-01-04", true),
        ("2025-06-03", true),   // ordinary Tuesday
    ])
    func knownDays(_ date: String, _ working: Bool) {
        #expect(calendar.isWorkingDay(day(date)) == working, "\(date)")
    }

    @Test func uncoveredYearIsUnknownNeverGuessed() {
        #expect(calendar.isWorkingDay(day("2027-01-04")) == nil)
        #expect(calendar.isWorkingDay(day("2014-06-03")) == nil)
        #expect(calendar.workingDays(after: day("2026-12-20"), through: day("2027-01-15")) == .uncovered(year: 2027))
    }

    @Test func everyShippedWorkdayIsAWeekendAndNoDayIsBoth() {
        for (year, plan) in calendar.years {
            for n in plan.workdays {
                let d = CalendarDate(dayNumber: n)
                #expect(d.weekday >= 6, "\(d.iso) listed as a worked weekend day")
                #expect(d.year == year)
            }
            #expect(plan.workdays.isDisjoint(with: plan.holidays), "\(year)")
        }
    }

    @Test func countsWorkingDaysAcrossGoldenWeek() {
        // 2025-09-26 (Fri) → 2025-10-15: 28 Sep (Sun, worked), 29, 30 Sep, 9, 10, 11 (Sat, worked), 13, 14, 15 Oct.
        #expect(calendar.workingDays(after: day("2025-09-26"), through: day("2025-10-15")) == .days(9))
        #expect(calendar.workingDay(9, after: day("2025-09-26")) == day("2025-10-15"))
        // Spring Festival 2024: 2024-02-05 (Mon) → 2024-02-19 (Mon): 6–9 Feb, 18 (Sun, worked), 19.
        #expect(calendar.workingDays(after: day("2024-02-05"), through: day("2024-02-19")) == .days(6))
        // 20 working days from 2024-09-20 end on 2024-10-23 (National Day in between, two worked weekend days).
        #expect(calendar.workingDay(20, after: day("2024-09-20")) == day("2024-10-23"))
    }

    @Test func userFileAddsAndReplacesYears() {
        let text = """
            "2027":
              holidays:
                - 2027-01-01
                - 2027-02-06..2027-02-12
              workdays: [2027-02-20]
            "2025":
              holidays: [2025-06-03]
              workdays: []
            """
        let (user, problems) = HolidayCalendar.parse(text, file: "content/holidays.yaml")
        #expect(problems.isEmpty)
        let merged = calendar.merging(user)
        #expect(merged.isWorkingDay(day("2027-02-08")) == false)
        #expect(merged.isWorkingDay(day("2027-02-20")) == true)
        #expect(merged.isWorkingDay(day("2027-03-01")) == true)
        #expect(merged.isWorkingDay(day("2025-06-03")) == false)
        #expect(merged.isWorkingDay(day("2025-10-08")) == true)  // the replaced year no longer has 国庆
        #expect(merged.coveredYears.last == 2027)
    }

    @Test func userFileProblemsHaveLines() {
        let text = """
            "2027":
              holidays: [2027-02-30, 2028-01-01]
              workdays: [2027-03-01]
              extra: 1
            twenty: {}
            """
        let (_, problems) = HolidayCalendar.parse(text, file: "content/holidays.yaml")
        #expect(problems.map(\.code).allSatisfy { $0 == .deadlineHolidaysInvalid })
        #expect(problems.map(\.location.line) == [2, 2, 3, 4, 5])
    }
}
