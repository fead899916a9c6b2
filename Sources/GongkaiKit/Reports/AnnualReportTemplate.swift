/// The structure of the annual report (政府信息公开工作年度报告): its sections, tables, rows, columns
/// and the consistency rules between its numbers. A template is a value: the decoder, the rule
/// checker and the page are all driven by it, so a future national template is a new conforming type
/// (`AnnualReportTemplate2026`), chosen by `template:` in the data file, with no other change.
public protocol AnnualReportTemplate: Sendable {
    /// The value of `template:` in a data file that selects this template (`"2021"`).
    var version: String { get }
    /// Shown on the report page: where the format comes from.
    var name: String { get }
    var sections: [ReportSection] { get }
    var rules: [ReportRule] { get }
}

public struct ReportSection: Sendable {
    public var heading: String
    public var parts: [ReportPart]
}

public enum ReportPart: Sendable {
    /// Free text from the data file (`overview: |`), paragraphs separated by blank lines.
    case text(key: String, label: String)
    /// The table of 规章 / 行政规范性文件 counted from the content (`AnnualStatistics`).
    case derivedStatistics(caption: String, firstColumn: String)
    /// A table whose numbers come from the data file.
    case table(ReportTable)
}

public enum ValueKind: Sendable, Equatable {
    /// A non-negative integer (件数, 人次).
    case count
    /// A non-negative amount with up to four decimals (万元), stored in ten-thousandths.
    case amount
}

public struct ReportColumn: Sendable {
    public var key: String
    public var label: String
}

/// One cell of a table's header, as laid out in the national template.
public struct HeaderCell: Sendable {
    public var label: String
    public var colspan: Int = 1
    public var rowspan: Int = 1
}

/// A row of a table. A row with children holds its own numbers under `subtotal:` next to its
/// children's; a row with `hasValue == false` is a heading only (“三、本年度办理结果”).
public struct ReportRow: Sendable {
    public var key: String
    public var label: String
    public var hasValue: Bool = true
    public var children: [ReportRow] = []

    public init(_ key: String, _ label: String, hasValue: Bool = true, children: [ReportRow] = []) {
        self.key = key
        self.label = label
        self.hasValue = hasValue
        self.children = children
    }
}

public struct ReportTable: Sendable {
    public enum Layout: Sendable {
        /// One line per row, one column per column (申请情况).
        case rows
        /// All rows side by side on a single line under a grouped header (复议诉讼).
        case singleLine
    }

    /// The data file's mapping this table's rows are read from (several tables may share one).
    public var dataKey: String
    public var caption: String
    /// Heading of the row-label column(s).
    public var corner: String
    public var columns: [ReportColumn]
    /// The header as laid out in the template; for `.rows`, after the corner cell.
    public var header: [[HeaderCell]]
    public var rows: [ReportRow]
    public var kind: ValueKind = .count
    public var layout: Layout = .rows

    /// Every row with numbers, depth first, with its dotted path (`results.withheld`) and depth.
    public var valueRows: [(path: String, row: ReportRow, depth: Int)] {
        var out: [(String, ReportRow, Int)] = []
        func walk(_ rows: [ReportRow], prefix: String, depth: Int) {
            for r in rows {
                let path = prefix.isEmpty ? r.key : prefix + "." + r.key
                out.append((path, r, depth))
                walk(r.children, prefix: path, depth: depth + 1)
            }
        }
        walk(rows, prefix: "", depth: 0)
        return out
    }
}

/// A consistency rule of the template, checked per column. Row paths are `dataKey.row.child`.
public enum ReportRule: Sendable {
    /// In every row of `table` (a dataKey), `total` = sum of the other columns.
    case columnTotal(code: DiagnosticCode, dataKey: String, total: String)
    /// `total` = sum of `parts`, per column.
    case sum(code: DiagnosticCode, total: String, parts: [String])
    /// sum of `left` = sum of `right`, per column (一 + 二 = 三（七） + 四).
    case balance(code: DiagnosticCode, left: [String], right: [String])
}

/// The 2021 national template (国务院办公厅政府信息与政务公开办公室《关于印发〈中华人民共和国政府
/// 信息公开工作年度报告格式〉的通知》，国办公开办函〔2021〕30号).
public struct AnnualReportTemplate2021: AnnualReportTemplate {
    public init() {}

    public let version = "2021"
    public let name = "按照《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）编制"

    static let applicantColumns = [
        ReportColumn(key: "natural", label: "自然人"),
        ReportColumn(key: "commercial", label: "法人或其他组织·商业企业"),
        ReportColumn(key: "research", label: "法人或其他组织·科研机构"),
        ReportColumn(key: "nonprofit", label: "法人或其他组织·社会公益组织"),
        ReportColumn(key: "legal", label: "法人或其他组织·法律服务机构"),
        ReportColumn(key: "other", label: "法人或其他组织·其他"),
        ReportColumn(key: "total", label: "总计"),
    ]

    static let applicationRows: [ReportRow] = [
        ReportRow("new", "一、本年新收政府信息公开申请数量"),
        ReportRow("carried_over", "二、上年结转政府信息公开申请数量"),
        ReportRow("results", "三、本年度办理结果", hasValue: false, children: [
            ReportRow("disclosed", "（一）予以公开"),
            ReportRow("partly_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            ReportRow("withheld", "（三）不予公开", children: [
                ReportRow("state_secret", "1.属于国家秘密"),
                ReportRow("prohibited_by_law", "2.其他法律行政法规禁止公开"),
                ReportRow("security_stability", "3.危及“三安全一稳定”"),
                ReportRow("third_party", "4.保护第三方合法权益"),
                ReportRow("internal_affairs", "5.属于三类内部事务信息"),
                ReportRow("process_info", "6.属于四类过程性信息"),
                ReportRow("enforcement_files", "7.属于行政执法案卷"),
                ReportRow("query_matters", "8.属于行政查询事项"),
            ]),
            ReportRow("unavailable", "（四）无法提供", children: [
                ReportRow("not_held", "1.本机关不掌握相关政府信息"),
                ReportRow("needs_creation", "2.没有现成信息需要另行制作"),
                ReportRow("still_unclear", "3.补正后申请内容仍不明确"),
            ]),
            ReportRow("not_processed", "（五）不予处理", children: [
                ReportRow("petitions", "1.信访举报投诉类申请"),
                ReportRow("repeated", "2.重复申请"),
                ReportRow("publications", "3.要求提供公开出版物"),
                ReportRow("excessive", "4.无正当理由大量反复申请"),
                ReportRow("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
            ]),
            ReportRow("other", "（六）其他处理", children: [
                ReportRow("not_supplemented", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
                ReportRow("fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
                ReportRow("others", "3.其他"),
            ]),
            ReportRow("total", "（七）总计"),
        ]),
        ReportRow("carried_forward", "四、结转下年度继续办理"),
    ]

    static let appealColumns = [
        ReportColumn(key: "upheld", label: "结果维持"),
        ReportColumn(key: "corrected", label: "结果纠正"),
        ReportColumn(key: "other", label: "其他结果"),
        ReportColumn(key: "pending", label: "尚未审结"),
        ReportColumn(key: "total", label: "总计"),
    ]

    public var sections: [ReportSection] {
        let decisions = [ReportColumn(key: "decisions", label: "本年处理决定数量")]
        let applicantHeader: [[HeaderCell]] = [
            [HeaderCell(label: "申请人情况", colspan: 7)],
            [HeaderCell(label: "自然人", rowspan: 2), HeaderCell(label: "法人或其他组织", colspan: 5), HeaderCell(label: "总计", rowspan: 2)],
            [HeaderCell(label: "商业企业"), HeaderCell(label: "科研机构"), HeaderCell(label: "社会公益组织"),
             HeaderCell(label: "法律服务机构"), HeaderCell(label: "其他")],
        ]
        let appealLeaves = Self.appealColumns.map { HeaderCell(label: $0.label) }
        let appealHeader: [[HeaderCell]] = [
            [HeaderCell(label: "行政复议", colspan: 5), HeaderCell(label: "行政诉讼", colspan: 10)],
            appealLeaves.map { HeaderCell(label: $0.label, rowspan: 2) }
                + [HeaderCell(label: "未经复议直接起诉", colspan: 5), HeaderCell(label: "复议后起诉", colspan: 5)],
            appealLeaves + appealLeaves,
        ]
        return [
            ReportSection(heading: "一、总体情况", parts: [.text(key: "overview", label: "总体情况")]),
            ReportSection(heading: "二、主动公开政府信息情况", parts: [
                .derivedStatistics(caption: "第二十条第（一）项", firstColumn: "信息内容"),
                .table(ReportTable(
                    dataKey: "proactive", caption: "第二十条第（五）项", corner: "信息内容", columns: decisions,
                    header: [[HeaderCell(label: "本年处理决定数量")]], rows: [ReportRow("licensing", "行政许可")])),
                .table(ReportTable(
                    dataKey: "proactive", caption: "第二十条第（六）项", corner: "信息内容", columns: decisions,
                    header: [[HeaderCell(label: "本年处理决定数量")]],
                    rows: [ReportRow("punishment", "行政处罚"), ReportRow("coercion", "行政强制")])),
                .table(ReportTable(
                    dataKey: "proactive", caption: "第二十条第（八）项", corner: "信息内容",
                    columns: [ReportColumn(key: "amount", label: "本年收费金额（单位：万元）")],
                    header: [[HeaderCell(label: "本年收费金额（单位：万元）")]],
                    rows: [ReportRow("fees", "行政事业性收费")], kind: .amount)),
            ]),
            ReportSection(heading: "三、收到和处理政府信息公开申请情况", parts: [
                .table(ReportTable(
                    dataKey: "applications", caption: "收到和处理政府信息公开申请情况",
                    corner: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    columns: Self.applicantColumns, header: applicantHeader, rows: Self.applicationRows)),
            ]),
            ReportSection(heading: "四、政府信息公开行政复议、行政诉讼情况", parts: [
                .table(ReportTable(
                    dataKey: "appeals", caption: "政府信息公开行政复议、行政诉讼情况", corner: "",
                    columns: Self.appealColumns, header: appealHeader,
                    rows: [ReportRow("review", "行政复议"), ReportRow("litigation_direct", "行政诉讼：未经复议直接起诉"),
                           ReportRow("litigation_after_review", "行政诉讼：复议后起诉")],
                    layout: .singleLine)),
            ]),
            ReportSection(heading: "五、存在的主要问题及改进情况", parts: [.text(key: "problems", label: "存在的主要问题及改进情况")]),
            ReportSection(heading: "六、其他需要报告的事项", parts: [.text(key: "other_matters", label: "其他需要报告的事项")]),
        ]
    }

    public var rules: [ReportRule] {
        let r = "applications.results."
        func children(_ key: String) -> [String] {
            let row = Self.applicationRows[2].children.first { $0.key == key }!
            return row.children.map { r + key + "." + $0.key }
        }
        return [
            .columnTotal(code: .annualColumnTotal, dataKey: "applications", total: "total"),
            .columnTotal(code: .annualColumnTotal, dataKey: "appeals", total: "total"),
            .sum(code: .annualSubtotal, total: r + "withheld", parts: children("withheld")),
            .sum(code: .annualSubtotal, total: r + "unavailable", parts: children("unavailable")),
            .sum(code: .annualSubtotal, total: r + "not_processed", parts: children("not_processed")),
            .sum(code: .annualSubtotal, total: r + "other", parts: children("other")),
            .sum(code: .annualResultsTotal, total: r + "total",
                 parts: ["disclosed", "partly_disclosed", "withheld", "unavailable", "not_processed", "other"].map { r + $0 }),
            .balance(code: .annualBalance, left: ["applications.new", "applications.carried_over"],
                     right: [r + "total", "applications.carried_forward"]),
        ]
    }
}

/// The templates gongkai knows, newest last; a data file without `template:` uses the newest.
public enum AnnualReportTemplates {
    public static let all: [any AnnualReportTemplate] = [AnnualReportTemplate2021()]
    public static var current: any AnnualReportTemplate { all.last! }
    public static func named(_ version: String) -> (any AnnualReportTemplate)? { all.first { $0.version == version } }
}

extension DiagnosticCode {
    // annual.*: the annual report data files (content/annual/<year>.yaml)
    public static let annualFileName: Self = "annual.file-name"
    public static let annualInvalid: Self = "annual.invalid"
    public static let annualUnknownKey: Self = "annual.unknown-key"
    public static let annualMissing: Self = "annual.missing"
    public static let annualTemplate: Self = "annual.template"
    public static let annualNumber: Self = "annual.number"
    public static let annualRowLength: Self = "annual.row-length"
    public static let annualColumnTotal: Self = "annual.column-total"
    public static let annualSubtotal: Self = "annual.subtotal"
    public static let annualResultsTotal: Self = "annual.results-total"
    public static let annualBalance: Self = "annual.balance"
}
