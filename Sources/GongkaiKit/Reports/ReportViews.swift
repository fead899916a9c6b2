/// Typed values the report templates render (`reports`, `report-year`, `report-list`, `annual-report`).

public struct CellView: Sendable {
    public var text: String
    /// Where the number links to (its list of documents); empty for none.
    public var href: String
    public var header: Bool
    /// `col`, `row`, `colgroup` or empty.
    public var scope: String
    public var colspan: Int
    public var rowspan: Int
    /// CSS class (`level-2`, `num`).
    public var cls: String
    // Stored, not computed: templates see stored properties only.
    public var hasHref: Bool
    public var hasScope: Bool
    public var hasColspan: Bool
    public var hasRowspan: Bool

    public init(text: String, href: String = "", header: Bool = false, scope: String = "", colspan: Int = 1, rowspan: Int = 1, cls: String = "") {
        self.text = text
        self.href = href
        self.header = header
        self.scope = scope
        self.colspan = colspan
        self.rowspan = rowspan
        self.cls = cls
        self.hasHref = !href.isEmpty
        self.hasScope = !scope.isEmpty
        self.hasColspan = colspan > 1
        self.hasRowspan = rowspan > 1
    }
}

public struct TableRowView: Sendable {
    public var cells: [CellView]
}

public struct TableView: Sendable {
    public var caption: String
    public var headerRows: [TableRowView]
    public var bodyRows: [TableRowView]
    public var wide: Bool
}

public struct ChartView: Sendable {
    public var caption: String
    public var svg: String

    public init(_ chart: BarChart) {
        self.caption = chart.title
        self.svg = chart.svg
    }
}

public struct ReportPartView: Sendable {
    public var paragraphs: [String]
    public var hasParagraphs: Bool
    public var table: [TableView]
}

public struct ReportSectionView: Sendable {
    public var heading: String
    public var parts: [ReportPartView]
}

public struct AnnualReportPage: Sendable {
    public var chrome: PageChrome
    public var reportTitle: String
    public var agency: String
    public var templateName: String
    public var sections: [ReportSectionView]
    public var yearURL: String
    public var dataFile: String
}

public struct DownloadLink: Sendable {
    public var name: String
    public var href: String
    public var format: String
}

public struct ReportYearPage: Sendable {
    public var chrome: PageChrome
    public var year: Int
    public var asOfText: String
    public var isPartialYear: Bool
    public var statistics: TableView
    /// 本年被修订件数 per group, linking to its list.
    public var amended: [CountLink]
    public var undated: [DocumentRow]
    public var hasUndated: Bool
    public var hasReport: Bool
    public var reportURL: String
    public var downloads: [DownloadLink]
    public var indicators: TableView
    public var charts: [ChartView]
    public var notes: [String]
}

public struct ReportListPage: Sendable {
    public var chrome: PageChrome
    public var heading: String
    public var explanation: String
    public var total: Int
    public var isEmpty: Bool
    public var rows: [DocumentRow]
    public var tableCaption: String
    public var yearURL: String
}

public struct YearLinkView: Sendable {
    public var year: Int
    public var href: String
    public var hasReport: Bool
    public var reportHref: String
}

public struct ReportsIndexPage: Sendable {
    public var chrome: PageChrome
    public var years: [YearLinkView]
    public var hasYears: Bool
    public var summary: TableView
    public var charts: [ChartView]
    public var notes: [String]
}

/// A named count linking to the documents it counts (`规章 1 件`).
public struct CountLink: Sendable {
    public var name: String
    public var count: Int
    public var href: String
}
