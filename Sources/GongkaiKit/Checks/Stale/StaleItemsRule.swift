/// 定期清理: documents whose `expires` has passed but still say `status: active`, and documents older
/// than their category's `retention_years` (the nearest category up the tree that sets it).
public struct StaleItemsRule: ContentRule, DocumentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    /// Reads the document, the build date and the catalogue.
    func scanner(_ input: CheckInput) -> TextScanner {
        let catalogue = input.model.catalogue
        let today = input.model.today
        return .document { d in
            var out: [Diagnostic] = []
            if let e = d.expires, e < today, d.declaredStatus == .active {
                out.append(RuleRegistry.info(.staleExpiredActive).at(d.location(of: .status),
                    "有效期至 \(e.iso) 已过，但有效性仍标注为 active（现行有效）。",
                    suggestion: "核实文件是否已延续有效：已失效的改为 status: expired；已延期的更新 expires。"))
            }
            let years = d.category.lineage.reversed().lazy.compactMap { catalogue[$0]?.retentionYears }.first
            if let years, years > 0 {
                let until = Self.adding(years: years, to: d.published)
                if until < today {
                    out.append(RuleRegistry.info(.staleRetention).at(d.location(of: .published),
                        "本文件 \(d.published.iso) 发布，已超过栏目规定的 \(years) 年保留期限（\(until.iso) 到期）。",
                        suggestion: "列入定期清理：按规定归档后从栏目中撤下，或在 catalogue.yaml 中调整 retention_years。"))
                }
            }
            return out
        }
    }

    /// The same day `years` later (29 February → 28 February).
    static func adding(years: Int, to date: CalendarDate) -> CalendarDate {
        let y = date.year + years
        return CalendarDate(year: y, month: date.month, day: min(date.day, CalendarDate.daysIn(month: date.month, year: y)))!
    }
}
