import Mustache

/// View models that answer template look-ups through a table of field readers instead of `Mirror`.
/// swift-mustache reflects every look-up (and every miss on the way up the context stack) with
/// `Mirror`, which dominated build time; the types rendered once per document or row use this.
/// Types without a table still render correctly through `Mirror`.
///
/// In debug builds a look-up of a stored property missing from the table stops with a message, so
/// a field added to a view model but not to its table cannot render silently empty in tests.
public protocol TemplateValue: MustacheParent {
    static var templateFields: TemplateFields<Self> { get }
}

extension TemplateValue {
    public func child(named name: String) -> Any? {
        if let field = Self.templateFields.fields[name] { return TemplateText.wrap(field(self)) ?? TemplateNull() }
        #if DEBUG
        if Mirror(reflecting: self).children.contains(where: { $0.label == name }) {
            fatalError("\(Self.self).templateFields lacks “\(name)”: add it in Pages/TemplateValues.swift")
        }
        #endif
        return nil
    }
}

/// A string or integer of a view model as swift-mustache receives it: the text it prints, ready.
/// swift-mustache prints a plain `String` or `Int` after a chain of dynamic casts (lambda, optional,
/// `String(describing:)`), and a section on one (`{{#url}}…{{url}}…{{/url}}`) pushes it onto the
/// context stack, where every look-up inside reflects it with `Mirror`. A `MustacheCustomRenderable`
/// is printed from `renderText` after one cast, and as a `MustacheParent` it answers look-ups with
/// nil at once. Output is the same: `renderText` is what `String(describing:)` gives, the value is
/// never null (sections and inverted sections treat it as the plain value), and transforms
/// (`{{lowercased(title)}}`) are the plain value's own.
///
/// One thing a plain string does that this cannot: name a partial (`{{>*name}}`), which
/// swift-mustache only accepts from a `String`. `Templates.load` turns wrapping off for the
/// process when a template might do that (`TemplateText.wrapping`).
/// It holds nothing but the string (16 bytes), so it fits in an `Any` without a heap box.
struct TemplateText: MustacheCustomRenderable, MustacheParent, MustacheTransformable {
    let renderText: String

    var isNull: Bool { false }
    func child(named: String) -> Any? { nil }
    func transform(_ name: String) -> Any? { renderText.transform(name) }

    /// Whether strings and integers are handed over wrapped. Set once, to false, by
    /// `Templates.load` before rendering with templates that may use dynamic partial names; never
    /// set back, so a process that ever loaded such templates stays on plain values (slower, same
    /// output).
    nonisolated(unsafe) static var wrapping = true

    @inline(__always)
    static func wrap(_ value: Any?) -> Any? {
        guard wrapping, let value else { return value }
        if let text = value as? String { return TemplateText(renderText: text) }
        if let number = value as? Int { return TemplateNumber(value: number) }
        return value
    }

    /// True when `template` (its source text) may name a partial dynamically (`{{>*name}}`,
    /// `{{<*name}}`, with any delimiters): a `>` or `<` followed by optional spaces and `*`.
    /// Errs towards true (plain HTML like `<*` turns wrapping off, which only costs time).
    static func mayUseDynamicPartial(_ template: String) -> Bool {
        var sawOpener = false
        for byte in template.utf8 {
            switch byte {
            case UInt8(ascii: ">"), UInt8(ascii: "<"): sawOpener = true
            case UInt8(ascii: "*"): if sawOpener { return true }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): break
            default: sawOpener = false
            }
        }
        return false
    }
}

/// An absent optional field as swift-mustache receives it. Given nil, swift-mustache would go on
/// looking the name up in the enclosing contexts, so a page's `{{#url}}` inside a breadcrumb without
/// one could print an enclosing view's `url`. The Mustache spec stops at the first context that has
/// the key, whatever its value; this value does that: it is null (sections skip it, inverted
/// sections show, `{{name}}` prints nothing, as for nil) and found where the field is. It also
/// saves the look-ups of every enclosing context, which swift-mustache makes dear.
struct TemplateNull: MustacheCustomRenderable, MustacheParent {
    var renderText: String { "" }
    var isNull: Bool { true }
    func child(named: String) -> Any? { nil }
}

/// An integer of a view model as swift-mustache receives it: see `TemplateText`.
struct TemplateNumber: MustacheCustomRenderable, MustacheParent, MustacheTransformable {
    let value: Int

    var renderText: String { String(value) }
    var isNull: Bool { false }
    func child(named: String) -> Any? { nil }
    func transform(_ name: String) -> Any? { value.transform(name) }
}

/// A view model's table: template key → the field's value, written as a dictionary literal of
/// closures (`"title": { $0.title }`). A closure reads its field directly; an absent optional comes
/// back as nil (the conversion to `Any?` unwraps it), as Mirror-based look-up does. Key paths read
/// through `PartialKeyPath` cost a generic metadata look-up and a cast at every look-up.
public struct TemplateFields<Root>: ExpressibleByDictionaryLiteral, @unchecked Sendable {
    public typealias Getter = (Root) -> Any?

    let fields: [String: Getter]
    /// The fields sorted by name (byte order), for `PageKey`: a dictionary's order changes from one
    /// process to the next, a page's key must not.
    let ordered: [(name: String, read: Getter)]
    /// A hash of the type's name and its field names, in `PageKey` before the fields' values.
    let shape: UInt64

    public init(dictionaryLiteral elements: (String, Getter)...) {
        var fields: [String: Getter] = [:]
        fields.reserveCapacity(elements.count)
        for (name, getter) in elements { fields[name] = getter }
        self.fields = fields
        ordered = fields.map { (name: $0.key, read: $0.value) }.sorted { ByteOrder.less($0.name, $1.name) }
        var shape = HashAccumulator()
        shape.add(String(reflecting: Root.self))
        for (name, _) in ordered { shape.add(name) }
        self.shape = shape.digest
    }
}

extension PageChrome: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "lang": { $0.lang },
        "root": { $0.root },
        "siteTitle": { $0.siteTitle },
        "agency": { $0.agency },
        "pageTitle": { $0.pageTitle },
        "canonical": { $0.canonical },
        "homeURL": { $0.homeURL },
        "searchURL": { $0.searchURL },
        "interpretationIndexURL": { $0.interpretationIndexURL },
        "assetsURL": { $0.assetsURL },
        "feedURL": { $0.feedURL },
        "nav": { $0.nav },
        "breadcrumbs": { $0.breadcrumbs },
        "hasBreadcrumbs": { $0.hasBreadcrumbs },
        "buildDate": { $0.buildDate },
        "buildDateChinese": { $0.buildDateChinese },
        "description": { $0.description },
        "siteHeader": { $0.fragment("siteHeader") },
        "siteFooter": { $0.fragment("siteFooter") },
    ]
}

extension SharedChrome: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "lang": { $0.lang },
        "root": { $0.root },
        "siteTitle": { $0.siteTitle },
        "agency": { $0.agency },
        "homeURL": { $0.homeURL },
        "searchURL": { $0.searchURL },
        "interpretationIndexURL": { $0.interpretationIndexURL },
        "assetsURL": { $0.assetsURL },
        "feedURL": { $0.feedURL },
        "nav": { $0.nav },
        "buildDate": { $0.buildDate },
        "buildDateChinese": { $0.buildDateChinese },
    ]
}

extension NavLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "url": { $0.url },
        "current": { $0.current },
    ]
}

extension Crumb: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "url": { $0.url },
    ]
}

extension DocumentRow: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "title": { $0.title },
        "url": { $0.url },
        "indexNo": { $0.indexNo },
        "docNo": { $0.docNo },
        "issuer": { $0.issuer },
        "published": { $0.published },
        "validity": { $0.validity },
        "validityClass": { $0.validityClass },
        "isCurrent": { $0.isCurrent },
        "rowHTML": { $0.rowHTML },
    ]
}

extension CategoryNode: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "url": { $0.url },
        "count": { $0.count },
        "isEmpty": { $0.isEmpty },
        "children": { $0.children },
        "hasChildren": { $0.hasChildren },
        "current": { $0.current },
    ]
}

extension Pagination: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "show": { $0.show },
        "current": { $0.current },
        "total": { $0.total },
        "previousURL": { $0.previousURL },
        "nextURL": { $0.nextURL },
        "pages": { $0.pages },
    ]
}

extension PageLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "number": { $0.number },
        "url": { $0.url },
        "current": { $0.current },
    ]
}

extension MetadataRow: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "label": { $0.label },
        "value": { $0.value },
        "url": { $0.url },
        "validityBadge": { $0.validityBadge },
    ]
}

extension AttachmentLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "title": { $0.title },
        "url": { $0.url },
        "fileName": { $0.fileName },
        "fileType": { $0.fileType },
        "size": { $0.size },
    ]
}

extension HomePage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "browseLinks": { $0.browseLinks },
        "catalogue": { $0.catalogue },
        "latest": { $0.latest },
        "documentCount": { $0.documentCount },
        "categoryCount": { $0.categoryCount },
    ]
}

extension CategoryPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "name": { $0.name },
        "description": { $0.description },
        "emptyReason": { $0.emptyReason },
        "isEmpty": { $0.isEmpty },
        "total": { $0.total },
        "subcategories": { $0.subcategories },
        "hasSubcategories": { $0.hasSubcategories },
        "rows": { $0.rows },
        "tableCaption": { $0.tableCaption },
        "pagination": { $0.pagination },
        "categoryFeedURL": { $0.categoryFeedURL },
        "currentTextsURL": { $0.currentTextsURL },
    ]
}

extension DocumentPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "title": { $0.title },
        "indexNo": { $0.indexNo },
        "metadata": { $0.metadata },
        "validity": { $0.validity },
        "validityClass": { $0.validityClass },
        "bodyHTML": { $0.bodyHTML },
        "attachments": { $0.attachments },
        "hasAttachments": { $0.hasAttachments },
        "categoryName": { $0.categoryName },
        "categoryURL": { $0.categoryURL },
        "extra": { $0.extra },
    ]
}

extension DocumentExtras: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "supersededNotice": { $0.supersededNotice },
        "repealNotice": { $0.repealNotice },
        "expiryNotice": { $0.expiryNotice },
        "interpretationLinks": { $0.interpretationLinks },
        "hasInterpretationLinks": { $0.hasInterpretationLinks },
        "awaitsInterpretation": { $0.awaitsInterpretation },
        "interpretedLinks": { $0.interpretedLinks },
        "hasInterpretedLinks": { $0.hasInterpretedLinks },
        "historyEntries": { $0.historyEntries },
        "hasHistory": { $0.hasHistory },
        "articleCount": { $0.articleCount },
    ]
}

extension SupersededNotice: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "currentTitle": { $0.currentTitle },
        "currentURL": { $0.currentURL },
        "currentDocNo": { $0.currentDocNo },
        "currentDate": { $0.currentDate },
        "currentValidity": { $0.currentValidity },
        "currentIsActive": { $0.currentIsActive },
        "hasCurrentVersion": { $0.hasCurrentVersion },
    ]
}

extension RepealNotice: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "repealerTitle": { $0.repealerTitle },
        "repealerURL": { $0.repealerURL },
        "repealerDocNo": { $0.repealerDocNo },
        "repealerDate": { $0.repealerDate },
    ]
}

extension ExpiryNotice: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "expiredOn": { $0.expiredOn },
    ]
}

extension InterpretationLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "interpretationTitle": { $0.interpretationTitle },
        "interpretationURL": { $0.interpretationURL },
        "formName": { $0.formName },
        "stageName": { $0.stageName },
        "interpretationDate": { $0.interpretationDate },
        "interpretationDateISO": { $0.interpretationDateISO },
        "lateNote": { $0.lateNote },
    ]
}

extension InterpretedLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "targetTitle": { $0.targetTitle },
        "targetURL": { $0.targetURL },
        "targetDocNo": { $0.targetDocNo },
        "targetIssuer": { $0.targetIssuer },
        "targetDate": { $0.targetDate },
        "targetDateISO": { $0.targetDateISO },
        "targetValidity": { $0.targetValidity },
        "targetValidityClass": { $0.targetValidityClass },
    ]
}

extension HistoryEntry: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "versionTitle": { $0.versionTitle },
        "versionURL": { $0.versionURL },
        "versionDocNo": { $0.versionDocNo },
        "versionDate": { $0.versionDate },
        "versionDateISO": { $0.versionDateISO },
        "versionValidity": { $0.versionValidity },
        "versionValidityClass": { $0.versionValidityClass },
        "isViewed": { $0.isViewed },
        "isNewest": { $0.isNewest },
        "compareURL": { $0.compareURL },
    ]
}

extension BrowseListPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "heading": { $0.heading },
        "lead": { $0.lead },
        "total": { $0.total },
        "rows": { $0.rows },
        "tableCaption": { $0.tableCaption },
        "pagination": { $0.pagination },
        "isEmpty": { $0.isEmpty },
        "upName": { $0.upName },
        "upURL": { $0.upURL },
    ]
}

// MARK: - Linkage, browsing, reports and open data pages

extension SearchPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "browseURL": { $0.browseURL },
        "indexURL": { $0.indexURL },
    ]
}

extension NotFoundPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "catalogue": { $0.catalogue },
    ]
}

extension VersionSummary: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "title": { $0.title },
        "url": { $0.url },
        "docNo": { $0.docNo },
        "date": { $0.date },
        "dateISO": { $0.dateISO },
    ]
}

extension DiffSegmentView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "text": { $0.text },
        "isInserted": { $0.isInserted },
        "isDeleted": { $0.isDeleted },
        "isEqual": { $0.isEqual },
    ]
}

extension DiffParagraphView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "kind": { $0.kind },
        "kindName": { $0.kindName },
        "isChanged": { $0.isChanged },
        "segments": { $0.segments },
        "oldText": { $0.oldText },
        "newText": { $0.newText },
    ]
}

extension DiffBlockView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "isUnchangedRun": { $0.isUnchangedRun },
        "unchangedCount": { $0.unchangedCount },
        "paragraphs": { $0.paragraphs },
    ]
}

extension ComparePage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "heading": { $0.heading },
        "older": { $0.older },
        "newer": { $0.newer },
        "addedCount": { $0.addedCount },
        "removedCount": { $0.removedCount },
        "changedCount": { $0.changedCount },
        "unchangedCount": { $0.unchangedCount },
        "hasDifferences": { $0.hasDifferences },
        "blocks": { $0.blocks },
    ]
}

extension InterpretationIndexEntry: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "policyTitle": { $0.policyTitle },
        "policyURL": { $0.policyURL },
        "policyDocNo": { $0.policyDocNo },
        "policyDate": { $0.policyDate },
        "policyDateISO": { $0.policyDateISO },
        "policyValidity": { $0.policyValidity },
        "policyValidityClass": { $0.policyValidityClass },
        "isRequired": { $0.isRequired },
        "entryInterpretations": { $0.entryInterpretations },
        "hasEntryInterpretations": { $0.hasEntryInterpretations },
        "missingNote": { $0.missingNote },
        "hasLate": { $0.hasLate },
    ]
}

extension InterpretationCategoryGroup: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "categoryName": { $0.categoryName },
        "categoryURL": { $0.categoryURL },
        "policyName": { $0.policyName },
        "entries": { $0.entries },
    ]
}

extension InterpretationYearGroup: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "year": { $0.year },
        "yearAnchor": { $0.yearAnchor },
        "policyTotal": { $0.policyTotal },
        "categories": { $0.categories },
    ]
}

extension InterpretationIndexPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "policyTotal": { $0.policyTotal },
        "interpretedTotal": { $0.interpretedTotal },
        "missingTotal": { $0.missingTotal },
        "lateTotal": { $0.lateTotal },
        "years": { $0.years },
        "isEmpty": { $0.isEmpty },
    ]
}

extension BrowseIndexItem: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "url": { $0.url },
        "count": { $0.count },
    ]
}

extension BrowseIndexPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "heading": { $0.heading },
        "lead": { $0.lead },
        "items": { $0.items },
        "isEmpty": { $0.isEmpty },
        "otherFacets": { $0.otherFacets },
    ]
}

extension CellView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "text": { $0.text },
        "href": { $0.href },
        "header": { $0.header },
        "scope": { $0.scope },
        "colspan": { $0.colspan },
        "rowspan": { $0.rowspan },
        "cls": { $0.cls },
        "hasHref": { $0.hasHref },
        "hasScope": { $0.hasScope },
        "hasColspan": { $0.hasColspan },
        "hasRowspan": { $0.hasRowspan },
    ]
}

extension TableRowView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "cells": { $0.cells },
    ]
}

extension TableView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "caption": { $0.caption },
        "headerRows": { $0.headerRows },
        "bodyRows": { $0.bodyRows },
        "wide": { $0.wide },
    ]
}

extension ChartView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "caption": { $0.caption },
        "svg": { $0.svg },
    ]
}

extension ReportPartView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "paragraphs": { $0.paragraphs },
        "hasParagraphs": { $0.hasParagraphs },
        "table": { $0.table },
    ]
}

extension ReportSectionView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "heading": { $0.heading },
        "parts": { $0.parts },
    ]
}

extension AnnualReportPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "reportTitle": { $0.reportTitle },
        "agency": { $0.agency },
        "templateName": { $0.templateName },
        "sections": { $0.sections },
        "yearURL": { $0.yearURL },
        "dataFile": { $0.dataFile },
    ]
}

extension DownloadLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "href": { $0.href },
        "format": { $0.format },
    ]
}

extension ReportYearPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "year": { $0.year },
        "asOfText": { $0.asOfText },
        "isPartialYear": { $0.isPartialYear },
        "statistics": { $0.statistics },
        "amended": { $0.amended },
        "undated": { $0.undated },
        "hasUndated": { $0.hasUndated },
        "hasReport": { $0.hasReport },
        "reportURL": { $0.reportURL },
        "downloads": { $0.downloads },
        "indicators": { $0.indicators },
        "charts": { $0.charts },
        "notes": { $0.notes },
    ]
}

extension ReportListPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "heading": { $0.heading },
        "explanation": { $0.explanation },
        "total": { $0.total },
        "isEmpty": { $0.isEmpty },
        "rows": { $0.rows },
        "tableCaption": { $0.tableCaption },
        "yearURL": { $0.yearURL },
    ]
}

extension YearLinkView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "year": { $0.year },
        "href": { $0.href },
        "hasReport": { $0.hasReport },
        "reportHref": { $0.reportHref },
    ]
}

extension ReportsIndexPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "years": { $0.years },
        "hasYears": { $0.hasYears },
        "summary": { $0.summary },
        "charts": { $0.charts },
        "notes": { $0.notes },
    ]
}

extension CountLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "count": { $0.count },
        "href": { $0.href },
    ]
}

extension OpenDataFile: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "href": { $0.href },
        "format": { $0.format },
        "meaning": { $0.meaning },
    ]
}

extension OpenDataFieldView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "key": { $0.key },
        "label": { $0.label },
        "meaning": { $0.meaning },
    ]
}

extension OpenDataPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": { $0.chrome },
        "files": { $0.files },
        "fields": { $0.fields },
        "documentCount": { $0.documentCount },
        "generated": { $0.generated },
        "reportsURL": { $0.reportsURL },
    ]
}
