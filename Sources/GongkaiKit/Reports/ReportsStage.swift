import Foundation

/// Where the report pages and files live in the site.
public enum ReportPaths {
    public static let index = "reports/index.html"
    public static func year(_ y: Int) -> String { "reports/\(y)/index.html" }
    public static func list(_ y: Int, _ g: AnnualStatistics.Group, _ m: AnnualStatistics.Metric) -> String {
        "reports/\(y)/\(g.rawValue)-\(m.rawValue)/index.html"
    }
    public static func annualReport(_ y: Int) -> String { "reports/\(y)/annual-report/index.html" }
    public static func csv(_ y: Int) -> String { "reports/\(y)/statistics.csv" }
    public static func json(_ y: Int) -> String { "reports/\(y)/statistics.json" }
}

/// The reports stage: per year the statistics of 规章 / 行政规范性文件 (page, CSV, JSON, a list page
/// behind every number), the disclosure indicators with charts, the whole annual report when a data
/// file exists, and an index of every year.
public struct ReportsStage: Sendable {
    public let model: SiteModel
    public let annual: [AnnualData]
    public let templates: Templates
    public let days: any WorkingDayCounting
    let context: PageContext
    let timeline: ValidityTimeline
    /// With a build cache: pages whose key the previous site has are kept, not rendered.
    var memo: PageMemo? = nil
    /// With a page memo: the digest of everything the reports are made from (`inputs(model:…)`),
    /// recorded with each of their files so that the next build can keep them all unmade.
    var inputs: UInt64? = nil

    public init(model: SiteModel, annual: [AnnualData], templates: Templates, days: any WorkingDayCounting = WeekdayCalendar()) {
        self.model = model
        self.annual = annual
        self.templates = templates
        self.days = days
        self.context = PageContext(model: model, templates: templates)
        self.timeline = ValidityTimeline(model: model)
    }

    public var years: [Int] { AnnualStatistics.years(model: model, dataYears: annual.map(\.year)) }

    public func statistics(_ year: Int) -> AnnualStatistics { AnnualStatistics.compute(year: year, model: model, timeline: timeline) }

    public func indicators(_ year: Int) -> Indicators { Indicators.compute(year: year, model: model, timeline: timeline, days: days) }

    /// The digest of what the reports show: every document's record (`PageInputs`: the statistics
    /// count documents by their metadata and validity, never their bodies), the catalogue and the
    /// build date (in `site`), the annual report data files and the data files beside the catalogue
    /// (the holiday calendar the working days are counted with).
    static func inputs(model: SiteModel, _ pageInputs: PageInputs, annual: [SourceFile], dataFiles: [String: SourceFile]) -> UInt64 {
        var digest = PageInputs.Digest(pageInputs, "reports")
        pageInputs.add(model.documents.indices, to: &digest)
        digest.add(annual.count)
        for file in annual {
            digest.add(file.contentPath)
            digest.add(FastHash.hash(file.bytes))
        }
        for name in dataFiles.keys.sorted(by: ByteOrder.less) {
            digest.add(name)
            digest.add(FastHash.hash(dataFiles[name]!.bytes))
        }
        return digest.value
    }

    static let templateNames = ["report-year", "report-list", "annual-report", "reports"]
    /// Stands for a template in the recorded inputs of the CSV and JSON files.
    static let dataFiles = "report data"

    /// True when every file the previous build made here was made from the same `inputs`, and all
    /// of them are kept as published: the reports would come out the same, so nothing is made.
    static func keepPrevious(inputs: UInt64, memo: PageMemo) -> Bool {
        let expected = Set((templateNames + [dataFiles]).map { memo.inputs(inputs, template: $0) })
        let previous = memo.writer.previousEntries(under: "reports/")
        guard !previous.isEmpty, previous.allSatisfy({ expected.contains($0.inputs) }) else { return false }
        return memo.writer.keepAll(previous)
    }

    #if DEBUG
    /// After `keepPrevious`: makes every file anyway and stops unless exactly the kept files come
    /// out, with the kept bytes (the digest missed something the reports show).
    func auditKept(_ writer: SiteWriter) throws {
        var stage = self
        stage.memo = nil
        let kept = Set(writer.previousEntries(under: "reports/").map(\.path))
        var made: [String: Bool] = [:]  // path → made with the kept bytes
        let lock = NSLock()
        try stage.render { item in
            guard case .file(let path, let bytes) = item else { return }
            let same = writer.recordedHash(path) == FastHash.hash(bytes)
            lock.withLock { made[path] = same }
        }
        if Set(made.keys) != kept || made.values.contains(false) {
            fatalError("ReportsStage.inputs missed something the reports show: add it (Reports/ReportsStage.swift)")
        }
    }
    #endif

    /// A page of the reports, kept when its key is the previous build's.
    func emitPage<View: TemplateValue>(_ view: View, with name: String, at path: String, _ emit: (OutputItem) throws -> Void) throws {
        let recorded = inputs.flatMap { inputs in memo.map { $0.inputs(inputs, template: name) } }
        try templates.emitPage(view, with: name, at: path, memo: memo, recording: recorded, emit)
    }

    /// A data file of the reports, left as it is when the previous site has the same bytes.
    func emitData(_ path: String, _ bytes: [UInt8], _ emit: (OutputItem) throws -> Void) throws {
        if let memo, let inputs {
            let hash = FastHash.hash(bytes)
            if memo.writer.keptHash(path, key: hash == 0 ? 1 : hash, inputs: memo.inputs(inputs, template: Self.dataFiles)) != nil { return }
        }
        try emit(.file(path: path, bytes: bytes))
    }

    /// `emit` must be thread-safe: the pages are rendered on all cores.
    public func render(_ emit: (OutputItem) throws -> Void) throws {
        let years = self.years
        let summaries: [(Int, AnnualStatistics, Indicators)] = Parallel.map(years.count, grain: 1) { k in
            (years[k], statistics(years[k]), indicators(years[k]))
        }
        typealias Job = ((OutputItem) throws -> Void) throws -> Void
        var jobs: [Job] = []
        for (year, stats, ind) in summaries {
            let data = annual.first { $0.year == year }
            jobs.append { emit in
                try emitPage(yearPage(stats, ind, hasReport: data != nil), with: "report-year", at: ReportPaths.year(year), emit)
            }
            for row in stats.rows {
                for metric in AnnualStatistics.Metric.allCases {
                    jobs.append { emit in
                        try emitPage(listPage(stats, row, metric), with: "report-list", at: ReportPaths.list(year, row.group, metric), emit)
                    }
                }
            }
            jobs.append { emit in
                try emitData(ReportPaths.csv(year), statisticsCSV(stats), emit)
                try emitData(ReportPaths.json(year), Array(statisticsJSON(stats, ind).utf8), emit)
            }
            if let data {
                jobs.append { emit in
                    try emitPage(annualReportPage(data, stats), with: "annual-report", at: ReportPaths.annualReport(year), emit)
                }
            }
        }
        jobs.append { emit in try emitPage(indexPage(summaries), with: "reports", at: ReportPaths.index, emit) }
        _ = try Parallel.map(jobs.count, grain: 1) { try jobs[$0](emit) }
    }

    // MARK: Notes

    var notes: [String] {
        let deadline = model.catalogue.reports.deadlineWorkingDays
        return [
            "公开时限：自成文日期次日起至发布日期（含）计算工作日数，不超过 \(deadline) 个工作日的为按时公开；未填写成文日期的文件不参与计算。\(days.explanation)",
            "政策解读：政策指所属栏目要求或建议解读的文件；“同步”指解读与政策同日发布，或在栏目设定的 interpretation_delay_days 天内发布。",
            "本年废止件数统计当年成为“已废止”或“已失效”的文件：废止日期取废止文件（repealed_by）的发布日期，失效日期为有效期至的次日。被新版本修订替代的旧版本不计入废止（全国统一格式只统计废止），单独列为“本年被修订件数”。",
            "现行有效件数按当年12月31日（当年尚未结束的，按本站更新日期）的有效性统计。",
        ]
    }

    // MARK: Statistics

    func statisticsTable(_ stats: AnnualStatistics, root: String, caption: String, firstColumn: String) -> TableView {
        let metrics: [AnnualStatistics.Metric] = [.published, .repealed, .valid]
        let header = TableRowView(cells: [CellView(text: firstColumn, header: true, scope: "col")]
            + metrics.map { CellView(text: $0.chineseName, header: true, scope: "col") })
        let body = stats.rows.map { row in
            TableRowView(cells: [CellView(text: row.group.chineseName, header: true, scope: "row")]
                + metrics.map { m in
                    CellView(text: String(row.count(m)), href: root + ReportPaths.list(stats.year, row.group, m), cls: "num")
                })
        }
        return TableView(caption: caption, headerRows: [header], bodyRows: body, wide: false)
    }

    func statisticsCSV(_ stats: AnnualStatistics) -> [UInt8] {
        var records = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "本年被修订件数（不计入废止）"]]
        for row in stats.rows {
            records.append([row.group.chineseName] + [.published, .repealed, .valid, .amended].map { String(row.count($0)) })
        }
        return CSV.file(records)
    }

    func statisticsJSON(_ stats: AnnualStatistics, _ ind: Indicators) -> String {
        func metric(_ ids: [Int]) -> String {
            JSON.sortedObject(["count": String(ids.count), "documents": JSON.strings(ids.map { model[$0].indexNo.rawValue })])
        }
        let groups = stats.rows.map { row in
            JSON.sortedObject([
                "group": JSON.string(row.group.rawValue), "name": JSON.string(row.group.chineseName),
                "categories": JSON.strings(row.categories.map(\.dotted)),
                "published": metric(row.documents[.published]!), "repealed": metric(row.documents[.repealed]!),
                "valid": metric(row.documents[.valid]!), "amended": metric(row.documents[.amended]!),
            ])
        }
        func indicator(_ r: Indicators.Row) -> String {
            JSON.sortedObject([
                "issuer": JSON.optional(r.issuer),
                "timely_eligible": String(r.timelyEligible.count), "timely": String(r.timely.count),
                "timely_share": Share(r.timely.count, of: r.timelyEligible.count).jsonValue,
                "policies": String(r.policies.count), "interpreted": String(r.interpreted.count),
                "interpreted_share": Share(r.interpreted.count, of: r.policies.count).jsonValue,
                "in_step": String(r.inStep.count), "in_step_share": Share(r.inStep.count, of: r.policies.count).jsonValue,
                "ended": String(r.ended.count),
            ])
        }
        return JSON.sortedObject([
            "year": String(stats.year), "as_of": JSON.string(stats.asOf.iso), "complete_year": stats.isPartialYear ? "false" : "true",
            "deadline_working_days": String(ind.deadlineWorkingDays),
            "statistics": JSON.array(groups),
            "undated": JSON.strings(stats.undated.map { model[$0].indexNo.rawValue }),
            "indicators": JSON.sortedObject(["total": indicator(ind.total), "by_issuer": JSON.array(ind.byIssuer.map(indicator))]),
        ]) + "\n"
    }

    // MARK: Indicators

    func indicatorsTable(_ ind: Indicators) -> TableView {
        let labels = ["发文机关", "有成文日期的文件", "按时公开", "按时公开率", "政策文件", "有解读", "解读率", "同步解读", "同步率", "失效废止"]
        let header = TableRowView(cells: labels.map { CellView(text: $0, header: true, scope: "col") })
        func row(_ r: Indicators.Row, name: String) -> TableRowView {
            TableRowView(cells: [CellView(text: name, header: true, scope: "row")] + [
                String(r.timelyEligible.count), String(r.timely.count), Share(r.timely.count, of: r.timelyEligible.count).percentText,
                String(r.policies.count), String(r.interpreted.count), Share(r.interpreted.count, of: r.policies.count).percentText,
                String(r.inStep.count), Share(r.inStep.count, of: r.policies.count).percentText, String(r.ended.count),
            ].map { CellView(text: $0, cls: "num") })
        }
        return TableView(caption: "\(ind.year)年公开指标（按发文机关）",
                         headerRows: [header],
                         bodyRows: ind.byIssuer.map { row($0, name: $0.issuer ?? Indicators.noIssuer) } + [row(ind.total, name: "合计")],
                         wide: true)
    }

    func yearPage(_ stats: AnnualStatistics, _ ind: Indicators, hasReport: Bool) -> ReportYearPage {
        let year = stats.year
        let sitePath = ReportPaths.year(year)
        let root = SitePaths.root(from: sitePath)
        let chrome = context.chrome(at: sitePath, title: "\(year)年政府信息公开统计",
                                    crumbs: [Crumb(name: "年度报告与统计", url: root + ReportPaths.index), Crumb(name: "\(year)年", url: nil)])
        let amended = stats.rows.map { row in
            CountLink(name: row.group.chineseName, count: row.count(.amended), href: root + ReportPaths.list(year, row.group, .amended))
        }
        let timelyBars = ind.byIssuer.map { r in
            BarChart.Bar(label: r.issuer ?? Indicators.noIssuer, permille: Share(r.timely.count, of: r.timelyEligible.count).permille,
                         valueText: Share(r.timely.count, of: r.timelyEligible.count).percentText)
        }
        let stepBars = ind.byIssuer.filter { !$0.policies.isEmpty }.map { r in
            BarChart.Bar(label: r.issuer ?? Indicators.noIssuer, permille: Share(r.inStep.count, of: r.policies.count).permille,
                         valueText: Share(r.inStep.count, of: r.policies.count).percentText)
        }
        var charts = [ChartView(BarChart(
            id: "chart-\(year)-timely", title: "\(year)年各发文机关按时公开率",
            description: "按时公开率（\(ind.deadlineWorkingDays)个工作日内公开的文件占有成文日期文件的比例），数字见下表。",
            bars: timelyBars))]
        if !stepBars.isEmpty {
            charts.append(ChartView(BarChart(
                id: "chart-\(year)-in-step", title: "\(year)年各发文机关政策同步解读率",
                description: "同步解读的政策占政策文件的比例，数字见下表。", bars: stepBars)))
        }
        let page = ReportYearPage(
            chrome: chrome, year: year, asOfText: stats.asOf.chinese, isPartialYear: stats.isPartialYear,
            statistics: statisticsTable(stats, root: root, caption: "\(year)年主动公开规章和行政规范性文件情况", firstColumn: "信息内容"),
            amended: amended,
            undated: stats.undated.map { context.row($0, root: root) }, hasUndated: !stats.undated.isEmpty,
            hasReport: hasReport, reportURL: root + ReportPaths.annualReport(year),
            downloads: [DownloadLink(name: "统计表", href: "statistics.csv", format: "CSV"),
                        DownloadLink(name: "统计与指标", href: "statistics.json", format: "JSON")],
            indicators: indicatorsTable(ind), charts: charts, notes: notes)
        return page
    }

    func listPage(_ stats: AnnualStatistics, _ row: AnnualStatistics.Row, _ metric: AnnualStatistics.Metric) -> ReportListPage {
        let year = stats.year
        let sitePath = ReportPaths.list(year, row.group, metric)
        let root = SitePaths.root(from: sitePath)
        let heading = "\(year)年\(row.group.chineseName)：\(metric.chineseName)"
        let ids = row.documents[metric] ?? []
        let explanation: String
        switch metric {
        case .published: explanation = "\(year)年发布的\(row.group.chineseName)（含修订后重新发布的版本）。"
        case .repealed: explanation = "\(year)年成为“已废止”或“已失效”的\(row.group.chineseName)。"
        case .valid: explanation = "截至\(stats.asOf.chinese)现行有效的\(row.group.chineseName)。"
        case .amended: explanation = "\(year)年被新版本修订替代的\(row.group.chineseName)（不计入废止）。"
        }
        let chrome = context.chrome(at: sitePath, title: heading, crumbs: [
            Crumb(name: "年度报告与统计", url: root + ReportPaths.index), Crumb(name: "\(year)年", url: root + ReportPaths.year(year)),
            Crumb(name: "\(row.group.chineseName)\(metric.chineseName)", url: nil),
        ])
        let page = ReportListPage(
            chrome: chrome, heading: heading, explanation: explanation, total: ids.count, isEmpty: ids.isEmpty,
            rows: ids.map { context.row($0, root: root) }, tableCaption: heading, yearURL: root + ReportPaths.year(year))
        return page
    }

    // MARK: Index

    func indexPage(_ summaries: [(Int, AnnualStatistics, Indicators)]) -> ReportsIndexPage {
        let sitePath = ReportPaths.index
        let root = SitePaths.root(from: sitePath)
        let chrome = context.chrome(at: sitePath, title: "年度报告与统计", crumbs: [Crumb(name: "年度报告与统计", url: nil)])
        let dataYears = Set(annual.map(\.year))
        let years = summaries.reversed().map { (year, _, _) in
            YearLinkView(year: year, href: root + ReportPaths.year(year), hasReport: dataYears.contains(year),
                         reportHref: root + ReportPaths.annualReport(year))
        }
        let labels = ["年度", "规章制发", "规章废止", "现行有效规章", "规范性文件制发", "规范性文件废止", "现行有效规范性文件", "按时公开率", "解读率", "同步解读率", "失效废止"]
        let header = TableRowView(cells: labels.map { CellView(text: $0, header: true, scope: "col") })
        let body = summaries.map { (year, stats, ind) -> TableRowView in
            var cells = [CellView(text: "\(year)年", href: root + ReportPaths.year(year), header: true, scope: "row")]
            for row in stats.rows {
                for m in [AnnualStatistics.Metric.published, .repealed, .valid] {
                    cells.append(CellView(text: String(row.count(m)), href: root + ReportPaths.list(year, row.group, m), cls: "num"))
                }
            }
            let t = ind.total
            cells += [Share(t.timely.count, of: t.timelyEligible.count).percentText, Share(t.interpreted.count, of: t.policies.count).percentText,
                      Share(t.inStep.count, of: t.policies.count).percentText, String(t.ended.count)].map { CellView(text: $0, cls: "num") }
            return TableRowView(cells: cells)
        }
        func bars(_ share: (Indicators.Row) -> Share) -> [BarChart.Bar] {
            summaries.map { (year, _, ind) in
                BarChart.Bar(label: "\(year)年", permille: share(ind.total).permille, valueText: share(ind.total).percentText)
            }
        }
        let charts = [
            ChartView(BarChart(id: "chart-timely", title: "历年按时公开率", description: "各年度按时公开的文件占有成文日期文件的比例，数字见下表。",
                                    bars: bars { Share($0.timely.count, of: $0.timelyEligible.count) })),
            ChartView(BarChart(id: "chart-in-step", title: "历年政策同步解读率", description: "各年度同步解读的政策占政策文件的比例，数字见下表。",
                                    bars: bars { Share($0.inStep.count, of: $0.policies.count) })),
        ]
        let page = ReportsIndexPage(
            chrome: chrome, years: years, hasYears: !years.isEmpty,
            summary: TableView(caption: "历年主动公开统计与公开指标", headerRows: [header], bodyRows: body, wide: true),
            charts: charts, notes: notes)
        return page
    }

    // MARK: The annual report

    func annualReportPage(_ data: AnnualData, _ stats: AnnualStatistics) -> AnnualReportPage {
        let year = data.year
        let sitePath = ReportPaths.annualReport(year)
        let root = SitePaths.root(from: sitePath)
        let title = "\(model.catalogue.site.agency)\(year)年政府信息公开工作年度报告"
        let chrome = context.chrome(at: sitePath, title: title, crumbs: [
            Crumb(name: "年度报告与统计", url: root + ReportPaths.index), Crumb(name: "\(year)年", url: root + ReportPaths.year(year)),
            Crumb(name: "年度报告", url: nil),
        ])
        let sections = data.template.sections.map { section in
            ReportSectionView(heading: section.heading, parts: section.parts.map { part in
                switch part {
                case .text(let key, _):
                    let paragraphs = Self.paragraphs(data.texts[key] ?? "")
                    return ReportPartView(paragraphs: paragraphs, hasParagraphs: !paragraphs.isEmpty, table: [])
                case .derivedStatistics(let caption, let first):
                    return ReportPartView(paragraphs: [], hasParagraphs: false,
                                          table: [statisticsTable(stats, root: root, caption: caption, firstColumn: first)])
                case .table(let t):
                    return ReportPartView(paragraphs: [], hasParagraphs: false, table: [Self.table(t, data)])
                }
            })
        }
        let page = AnnualReportPage(
            chrome: chrome, reportTitle: title, agency: model.catalogue.site.agency, templateName: data.template.name,
            sections: sections, yearURL: root + ReportPaths.year(year), dataFile: data.file)
        return page
    }

    static func paragraphs(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined() }
            .filter { !$0.isEmpty }
    }

    /// A table of the template filled with the data file's numbers, laid out as the template does.
    static func table(_ t: ReportTable, _ data: AnnualData) -> TableView {
        func value(_ path: String, _ c: Int) -> String {
            guard let row = data.values[t.dataKey + "." + path] else { return "" }
            return AnnualDataDecoder.format(row[c], kind: t.kind)
        }
        func headerRows() -> [TableRowView] {
            t.header.map { cells in
                TableRowView(cells: cells.map {
                    CellView(text: $0.label, header: true, scope: $0.colspan > 1 ? "colgroup" : "col", colspan: $0.colspan, rowspan: $0.rowspan)
                })
            }
        }
        switch t.layout {
        case .rows:
            var header = headerRows()
            if !header.isEmpty {
                header[0].cells.insert(CellView(text: t.corner, header: true, scope: "col", rowspan: header.count), at: 0)
            }
            let body = t.valueRows.map { (path, row, depth) -> TableRowView in
                let label = CellView(text: row.label, header: true, scope: "row", cls: "level-\(depth)")
                if !row.hasValue {
                    return TableRowView(cells: [label, CellView(text: "", colspan: t.columns.count)])
                }
                return TableRowView(cells: [label] + t.columns.indices.map { CellView(text: value(path, $0), cls: "num") })
            }
            return TableView(caption: t.caption, headerRows: header, bodyRows: body, wide: t.columns.count > 2)
        case .singleLine:
            let cells = t.valueRows.flatMap { (path, _, _) in t.columns.indices.map { CellView(text: value(path, $0), cls: "num") } }
            return TableView(caption: t.caption, headerRows: headerRows(), bodyRows: [TableRowView(cells: cells)], wide: true)
        }
    }
}
