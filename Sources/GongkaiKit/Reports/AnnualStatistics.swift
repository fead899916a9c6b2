/// The table of part two of the annual report for 规章 and 行政规范性文件 (第二十条第（一）项), counted
/// from the content for one year, with the documents behind every number.
///
/// - 本年制发件数: documents of the group published in the year (a new version of a revised text is
///   a document issued that year and counts here).
/// - 本年废止件数: documents that became 已废止 or 已失效 in the year (see `ValidityTimeline`).
///   A version superseded by a revision is **not** counted: the national template counts 废止 only,
///   and the text stays in force in its revised form. Such versions are counted separately as
///   `amended` (本年被修订件数, shown as a note) so that the numbers reconcile:
///   现行有效(上年末) + 制发 − 废止 − 被修订 = 现行有效(本年末).
/// - 现行有效件数: documents of the group 现行有效 at the end of the year (31 December; for the
///   current year, the build date).
public struct AnnualStatistics: Sendable {
    public enum Group: String, Sendable, CaseIterable {
        case regulations, normative
        public var chineseName: String {
            switch self {
            case .regulations: "规章"
            case .normative: "行政规范性文件"
            }
        }
    }

    public enum Metric: String, Sendable, CaseIterable {
        case published, repealed, valid, amended
        public var chineseName: String {
            switch self {
            case .published: "本年制发件数"
            case .repealed: "本年废止件数"
            case .valid: "现行有效件数"
            case .amended: "本年被修订件数"
            }
        }
    }

    public struct Row: Sendable {
        public var group: Group
        public var categories: [CategoryPath]
        /// Documents per metric, ordered by 索引号.
        public var documents: [Metric: [SiteModel.DocumentID]]
        public func count(_ m: Metric) -> Int { documents[m]?.count ?? 0 }
    }

    public var year: Int
    /// The date 现行有效 is judged at: 31 December, or the build date during the current year.
    public var asOf: CalendarDate
    public var isPartialYear: Bool
    public var rows: [Row]
    /// Documents counted as 已废止/已失效 with no date in the content (the build date was used).
    public var undated: [SiteModel.DocumentID]

    public static func compute(year: Int, model: SiteModel, timeline: ValidityTimeline) -> AnnualStatistics {
        let endOfYear = CalendarDate(year: year, month: 12, day: 31)!
        let asOf = min(endOfYear, model.today)
        var rows: [Row] = []
        var undated: Set<Int> = []
        let settings = model.catalogue.reports
        for group in Group.allCases {
            let categories = group == .regulations ? settings.regulations : settings.normative
            let members = AnnualStatistics.members(of: categories, in: model)
            var docs: [Metric: [Int]] = [:]
            for m in Metric.allCases { docs[m] = [] }
            for id in members {
                let d = model[id]
                if d.published.year == year { docs[.published]!.append(id) }
                if timeline.validity(of: id, asOf: asOf) == .active { docs[.valid]!.append(id) }
                if let end = timeline.endYear(of: id), end.year == year {
                    switch end.validity {
                    case .repealed, .expired:
                        docs[.repealed]!.append(id)
                        if end.undated { undated.insert(id) }
                    case .amended:
                        docs[.amended]!.append(id)
                    case .active: break
                    }
                }
            }
            for m in Metric.allCases { docs[m]!.sort { model[$0].indexNo < model[$1].indexNo } }
            rows.append(Row(group: group, categories: categories, documents: docs))
        }
        return AnnualStatistics(
            year: year, asOf: asOf, isPartialYear: asOf < endOfYear, rows: rows,
            undated: undated.sorted { model[$0].indexNo < model[$1].indexNo })
    }

    /// Documents in any of `categories` or their descendants, interpretations excluded.
    static func members(of categories: [CategoryPath], in model: SiteModel) -> [SiteModel.DocumentID] {
        var seen: Set<Int> = []
        var out: [Int] = []
        for c in categories {
            for id in model.listing[c] ?? [] where !model[id].isInterpretation && seen.insert(id).inserted { out.append(id) }
        }
        return out.sorted { model[$0].indexNo < model[$1].indexNo }
    }

    /// Every year that has documents, plus the years given (those with an annual data file), ascending.
    public static func years(model: SiteModel, dataYears: [Int]) -> [Int] {
        Set(model.documents.map(\.published.year)).union(dataYears).sorted()
    }
}
