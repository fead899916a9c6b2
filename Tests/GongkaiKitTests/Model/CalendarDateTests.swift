import Testing
@testable import GongkaiKit

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test func parsesOnlyRealDates() {
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2025-02-29") == nil)
        #expect(CalendarDate(iso: "2025-6-5") == nil)
        #expect(CalendarDate(iso: "2025-06-05T00:00:00Z") == nil)
        #expect(CalendarDate(iso: "２０２５-06-05") == nil)
    }

    @Test func lenientReadingForSuggestions() {
        #expect(CalendarDate.lenient("2025-6-5")?.iso == "2025-06-05")
        #expect(CalendarDate.lenient("2025年6月5日")?.iso == "2025-06-05")
        #expect(CalendarDate.lenient("２０２５/０６/０５")?.iso == "2025-06-05")
        #expect(CalendarDate.lenient("2025-13-01") == nil)
    }

    @Test func arithmeticAndWeekdays() {
        let d = CalendarDate(year: 2025, month: 6, day: 5)!
        #expect(d.adding(days: 30).iso == "2025-07-05")
        #expect(d.adding(days: -36500).iso == "1925-06-30")
        #expect(CalendarDate(iso: "2024-12-31")!.days(until: CalendarDate(iso: "2025-03-01")!) == 60)
        #expect(CalendarDate(iso: "2025-06-05")!.weekday == 4)  // Thursday
        #expect(CalendarDate(iso: "2024-02-04")!.weekday == 7)  // Sunday
        for n in stride(from: -800_000, to: 800_000, by: 997) {
            #expect(CalendarDate(dayNumber: n).dayNumber == n)
        }
    }

    @Test func todayIsChinasCalendarDay() {
        // 2025-06-04T16:30:00Z is already 2025-06-05 00:30 in Beijing.
        #expect(CalendarDate.inChina(unixTime: 1_749_054_600).iso == "2025-06-05")
        #expect(CalendarDate.inChina(unixTime: 1_749_054_600 - 3600).iso == "2025-06-04")
    }
}
