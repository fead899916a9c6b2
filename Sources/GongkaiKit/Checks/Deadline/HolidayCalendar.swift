import Yams

/// Working days in China: Monday to Friday, minus the announced holidays, plus the weekend days
/// worked in exchange (调休). Only years the calendar covers can be judged; for any other year the
/// answer is "unknown", never a guess.
///
/// The calendar shipped with gongkai (`ChinaHolidays`) covers 2015–2026. A portal may add years or
/// correct one in `content/holidays.yaml`, in the same format; a year listed there replaces the
/// shipped year entirely:
///
///     "2027":
///       holidays:
///         - 2027-01-01               # 元旦（单日）
///         - 2027-02-06..2027-02-14   # 春节（首日..末日）
///       workdays: [2027-02-20]        # 调休上班的周六、周日
public struct HolidayCalendar: Sendable {
    public struct Year: Sendable, Equatable {
        public var holidays: Set<Int> = []  // day numbers
        public var workdays: Set<Int> = []
    }

    public private(set) var years: [Int: Year]

    public init(years: [Int: Year] = [:]) { self.years = years }

    /// The calendar shipped with gongkai.
    public static let shipped: HolidayCalendar = {
        let (calendar, problems) = parse(ChinaHolidays.yaml, file: "ChinaHolidays.swift")
        precondition(problems.isEmpty, "shipped holiday calendar is invalid: \(problems)")
        return calendar
    }()

    public var coveredYears: [Int] { years.keys.sorted() }

    /// This calendar with `other`'s years added (replacing the same years).
    public func merging(_ other: HolidayCalendar) -> HolidayCalendar {
        var merged = self
        for (y, plan) in other.years { merged.years[y] = plan }
        return merged
    }

    /// nil when the year is not covered.
    public func isWorkingDay(_ date: CalendarDate) -> Bool? {
        guard let plan = years[date.year] else { return nil }
        let n = date.dayNumber
        if plan.workdays.contains(n) { return true }
        if plan.holidays.contains(n) { return false }
        return date.weekday <= 5
    }

    public enum Count: Equatable, Sendable {
        case days(Int)
        case uncovered(year: Int)
    }

    /// Working days d with `start` < d ≤ `end`; counting stops once it exceeds `limit`.
    public func workingDays(after start: CalendarDate, through end: CalendarDate, limit: Int = .max) -> Count {
        var count = 0
        var n = start.dayNumber + 1
        while n <= end.dayNumber {
            let d = CalendarDate(dayNumber: n)
            guard let working = isWorkingDay(d) else { return .uncovered(year: d.year) }
            if working {
                count += 1
                if count > limit { return .days(count) }
            }
            n += 1
        }
        return .days(count)
    }

    /// The `n`th working day after `start`, or nil when the calendar runs out first.
    public func workingDay(_ n: Int, after start: CalendarDate) -> CalendarDate? {
        var count = 0
        var d = start
        while count < n {
            d = d.adding(days: 1)
            guard let working = isWorkingDay(d) else { return nil }
            if working { count += 1 }
        }
        return d
    }

    /// Reads a calendar in the format above; problems are `deadline.holidays-invalid` at file:line.
    public static func parse(_ text: String, file: String) -> (HolidayCalendar, [Diagnostic]) {
        let reader = YAMLReader(file: file, lineOffset: 0)
        let rule = RuleRegistry.info(.deadlineHolidaysInvalid)
        let example = "例如：\n\"2027\":\n  holidays: [2027-01-01, 2027-02-06..2027-02-14]\n  workdays: [2027-02-20]"
        let (root, syntax) = reader.compose(text)
        if var syntax {
            syntax.code = .deadlineHolidaysInvalid
            return (HolidayCalendar(), [syntax])
        }
        guard let root else { return (HolidayCalendar(), []) }
        guard case .mapping(let top) = root else {
            return (HolidayCalendar(), [rule.at(reader.location(of: root), "节假日文件应按年份书写。", suggestion: example)])
        }
        var problems: [Diagnostic] = []
        var years: [Int: Year] = [:]
        for (keyNode, value) in top {
            guard let key = YAMLReader.text(keyNode), key.count == 4, let year = Int(key), (1949...2200).contains(year) else {
                problems.append(rule.at(reader.location(of: keyNode), "“\(YAMLReader.text(keyNode) ?? "")”不是年份。", suggestion: example))
                continue
            }
            guard case .mapping(let m) = value else {
                problems.append(rule.at(reader.location(of: value), "\(year) 年应包含 holidays 和 workdays。", suggestion: example))
                continue
            }
            var plan = Year()
            for (k, v) in m {
                let name = YAMLReader.text(k) ?? ""
                guard name == "holidays" || name == "workdays" else {
                    problems.append(rule.at(reader.location(of: k), "未知设置“\(name)”。", suggestion: "每年只有 holidays（放假日）和 workdays（调休上班日）两项。"))
                    continue
                }
                let items: [Node]
                switch v {
                case .sequence(let s): items = Array(s)
                case .scalar: items = YAMLReader.isNull(v) ? [] : [v]
                default:
                    problems.append(rule.at(reader.location(of: v), "\(name) 应为日期列表。", suggestion: example))
                    continue
                }
                for item in items {
                    guard let s = YAMLReader.text(item) else {
                        problems.append(rule.at(reader.location(of: item), "\(name) 的每一项应为日期或日期范围。", suggestion: example))
                        continue
                    }
                    let ends = s.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
                    guard (1...2).contains(ends.count), let first = CalendarDate(iso: ends[0]), let last = CalendarDate(iso: ends[ends.count - 1]),
                        first <= last
                    else {
                        problems.append(rule.at(reader.location(of: item), "“\(s)”不是有效的日期或日期范围。", suggestion: "写成 2027-01-01 或 2027-02-06..2027-02-14。"))
                        continue
                    }
                    guard first.year == year, last.year == year else {
                        problems.append(rule.at(reader.location(of: item), "“\(s)”不在 \(year) 年内。", suggestion: "每个日期写在它所属年份的条目下。"))
                        continue
                    }
                    if name == "workdays" {
                        for n in first.dayNumber...last.dayNumber {
                            let d = CalendarDate(dayNumber: n)
                            if d.weekday <= 5 {
                                problems.append(rule.at(reader.location(of: item), "\(d.iso) 是星期\(["一", "二", "三", "四", "五"][d.weekday - 1])，本来就是工作日。",
                                                        suggestion: "workdays 只列调休上班的星期六、星期日。"))
                            }
                            plan.workdays.insert(n)
                        }
                    } else {
                        for n in first.dayNumber...last.dayNumber { plan.holidays.insert(n) }
                    }
                }
            }
            for n in plan.workdays.intersection(plan.holidays).sorted() {
                problems.append(rule.at(reader.location(of: value), "\(CalendarDate(dayNumber: n).iso) 同时列为放假日和上班日。", suggestion: "从其中一项中删除该日期。"))
            }
            years[year] = plan
        }
        return (HolidayCalendar(years: years), problems)
    }
}
