/// Disclosure indicators for one year, for the whole site and per 发文机关:
/// - 公开时限: of the documents published in the year that give a 成文日期, how many were published
///   within `deadline_working_days` working days of it (counted by a `WorkingDayCounting`);
/// - 政策解读: of the policies published in the year (documents of categories whose
///   `interpretation` is required or recommended), how many have an interpretation, and how many
///   have one published in step: on the same day or within the category's
///   `interpretation_delay_days` after it (三同步);
/// - 失效废止: documents of any category that became 已废止 or 已失效 in the year.
public struct Indicators: Sendable {
    public struct Row: Sendable {
        /// nil for the row of the whole site.
        public var issuer: String?
        public var timelyEligible: [SiteModel.DocumentID] = []
        public var timely: [SiteModel.DocumentID] = []
        public var policies: [SiteModel.DocumentID] = []
        public var interpreted: [SiteModel.DocumentID] = []
        public var inStep: [SiteModel.DocumentID] = []
        public var ended: [SiteModel.DocumentID] = []

        public var late: [SiteModel.DocumentID] { timelyEligible.filter { !timely.contains($0) } }
    }

    public var year: Int
    public var deadlineWorkingDays: Int
    public var total: Row
    /// By issuer name (Unicode order); documents without an issuer under “未填写发文机关”.
    public var byIssuer: [Row]

    public static let noIssuer = "未填写发文机关"

    public static func compute(year: Int, model: SiteModel, timeline: ValidityTimeline, days: any WorkingDayCounting) -> Indicators {
        let deadline = model.catalogue.reports.deadlineWorkingDays
        var total = Row(issuer: nil)
        var rows: [String: Row] = [:]
        func update(_ issuer: String?, _ change: (inout Row) -> Void) {
            change(&total)
            let name = issuer ?? noIssuer
            change(&rows[name, default: Row(issuer: name)])
        }
        for id in model.documents.indices.sorted(by: { model[$0].indexNo < model[$1].indexNo }) {
            let d = model[id]
            if d.published.year == year {
                if let written = d.written {
                    let within = days.workingDays(from: written, to: d.published) <= deadline
                    update(d.issuer) { r in
                        r.timelyEligible.append(id)
                        if within { r.timely.append(id) }
                    }
                }
                if let category = model.catalogue[d.category], category.interpretation != .none, !d.isInterpretation {
                    let interpretations = model.interpretations[id]
                    let inStep = interpretations.contains { i in
                        let lag = d.published.days(until: model[i].published)
                        return lag >= 0 && lag <= category.interpretationDelayDays
                    }
                    update(d.issuer) { r in
                        r.policies.append(id)
                        if !interpretations.isEmpty { r.interpreted.append(id) }
                        if inStep { r.inStep.append(id) }
                    }
                }
            }
            if let end = timeline.endYear(of: id), end.year == year, end.validity == .repealed || end.validity == .expired {
                update(d.issuer) { $0.ended.append(id) }
            }
        }
        return Indicators(year: year, deadlineWorkingDays: deadline, total: total,
                          byIssuer: rows.keys.sorted().map { rows[$0]! })
    }
}

/// A share written for people: `87.5%`, or `—` when there is nothing to divide.
public struct Share: Sendable, Equatable {
    public var part: Int
    public var whole: Int

    public init(_ part: Int, of whole: Int) {
        self.part = part
        self.whole = whole
    }

    /// Tenths of a percent, rounded half up; nil when `whole` is 0.
    public var permille: Int? { whole == 0 ? nil : (part * 1000 * 2 + whole) / (whole * 2) }

    public var percentText: String {
        guard let p = permille else { return "—" }
        return "\(p / 10).\(p % 10)%"
    }

    /// `0.875` with at most four decimals, for JSON; `null` when there is nothing to divide.
    public var jsonValue: String {
        guard whole > 0 else { return "null" }
        let tenThousandths = (part * 10000 * 2 + whole) / (whole * 2)
        if tenThousandths == 10000 { return "1" }
        if tenThousandths == 0 { return "0" }
        var frac = String(tenThousandths)
        frac = String(repeating: "0", count: 4 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return "0." + frac
    }
}
