/// 公开时限: a document must be published within N working days of being written (条例第二十六条:
/// 自该政府信息形成或者变更之日起 20 个工作日内予以公开). N is `checks: {deadline_working_days: N}`.
public struct DeadlineRule: ContentRule, DocumentRule {
    public static let userFileName = "holidays.yaml"

    public init() {}

    /// The shipped calendar extended by `content/holidays.yaml`, and that file's problems.
    public static func calendar(_ input: CheckInput) -> (HolidayCalendar, [Diagnostic]) {
        guard let file = input.source.dataFiles[userFileName] else { return (.shipped, []) }
        switch TextDecoding.decode(file.bytes) {
        case .success(let text):
            let (user, problems) = HolidayCalendar.parse(text, file: file.displayPath)
            return (HolidayCalendar.shipped.merging(user), problems)
        case .failure(let bad):
            return (.shipped, [RuleRegistry.info(.deadlineHolidaysInvalid).at(
                SourceLocation(file: file.displayPath, line: bad.line, column: bad.column), "节假日文件不是 UTF-8 编码。",
                suggestion: "以 UTF-8 编码另存此文件。")])
        }
    }

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    /// Reads the document's dates, the `checks:` settings and the holiday calendar (its file's
    /// problems come first).
    func scanner(_ input: CheckInput) -> TextScanner {
        let limit = input.settings.deadlineWorkingDays
        let (calendar, problems) = Self.calendar(input)
        return .document(leading: problems) { d in
            guard let written = d.written, written <= d.published else { return [] }
            switch calendar.workingDays(after: written, through: d.published, limit: limit) {
            case .days(let n) where n > limit:
                let due = calendar.workingDay(limit, after: written)
                return [RuleRegistry.info(.deadlineLate).at(d.location(of: .published),
                    "发布日期 \(d.published.iso) 超过公开时限：成文日期 \(written.iso) 后第 \(limit) 个工作日\(due.map { "为 \($0.iso)" } ?? "")，本文件晚于该日发布。",
                    suggestion: "政府信息应自形成之日起 \(limit) 个工作日内公开。请核对成文日期和发布日期；确因特殊原因延迟的，用 waive: {deadline.late: 理由} 说明。")]
            case .days:
                return []
            case .uncovered(let year):
                return [RuleRegistry.info(.deadlineCalendarMissing).at(d.location(of: .published),
                    "节假日日历没有 \(year) 年的安排，无法判断是否超过公开时限。",
                    suggestion: "在 content/\(Self.userFileName) 中补充 \(year) 年的放假和调休安排（格式见 gongkai 文档），例如：\n\"\(year)\":\n  holidays: [\(year)-01-01]\n  workdays: []")]
            }
        }
    }
}
