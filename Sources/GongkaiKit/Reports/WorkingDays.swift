/// Counts working days between two dates, for the 公开时限 indicator. The report stage only ever asks
/// this protocol, so a holiday-aware calendar (法定节假日 and 调休上班日) can replace `WeekdayCalendar`
/// without touching the statistics.
public protocol WorkingDayCounting: Sendable {
    /// Working days after `start` up to and including `end` (0 when `end` is not after `start`).
    /// A document written on a Friday and published the next Monday took 1 working day.
    func workingDays(from start: CalendarDate, to end: CalendarDate) -> Int
    /// One sentence for the report pages saying how days are counted.
    var explanation: String { get }
}

/// Monday to Friday are working days; public holidays and make-up working weekends are not known.
public struct WeekdayCalendar: WorkingDayCounting {
    public init() {}

    public func workingDays(from start: CalendarDate, to end: CalendarDate) -> Int {
        let total = start.days(until: end)
        guard total > 0 else { return 0 }
        let weeks = total / 7
        var count = weeks * 5
        var day = start.adding(days: weeks * 7)
        for _ in 0..<(total % 7) {
            day = day.adding(days: 1)
            if day.weekday <= 5 { count += 1 }
        }
        return count
    }

    public var explanation: String {
        "工作日按周一至周五计算，暂未扣除法定节假日、也未计入调休上班的周末；节假日日历接入后将按实际工作日计算。"
    }
}

/// Working days from the holiday calendar the 公开时限 check uses (`HolidayCalendar`: the shipped
/// calendar extended by `content/holidays.yaml`): holidays are skipped and 调休 weekends count. Years
/// the calendar does not cover fall back to Monday–Friday, so a report always has a number.
public struct HolidayWorkingDays: WorkingDayCounting {
    public let calendar: HolidayCalendar

    public init(calendar: HolidayCalendar) { self.calendar = calendar }

    public func workingDays(from start: CalendarDate, to end: CalendarDate) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var n = start.dayNumber + 1
        while n <= end.dayNumber {
            let d = CalendarDate(dayNumber: n)
            if calendar.isWorkingDay(d) ?? (d.weekday <= 5) { count += 1 }
            n += 1
        }
        return count
    }

    public var explanation: String {
        let years = calendar.coveredYears
        let range = years.isEmpty ? "" : "（节假日日历覆盖 \(years.first!)–\(years.last!) 年）"
        return "工作日按国务院办公厅公布的节假日安排计算，扣除法定节假日，计入调休上班的周末\(range)；日历未覆盖的年份按周一至周五计算。"
    }
}
