import Mustache

/// View models that answer template look-ups through a table of key paths instead of `Mirror`.
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
        if let field = Self.templateFields.fields[name] {
            let value = self[keyPath: field.path]
            // Only optional fields pay for the cast that unwraps them.
            if field.isOptional, let optional = value as? any OptionalTemplateValue { return optional.wrappedTemplateValue }
            return value
        }
        #if DEBUG
        if Mirror(reflecting: self).children.contains(where: { $0.label == name }) {
            fatalError("\(Self.self).templateFields lacks “\(name)”: add it in Pages/TemplateValues.swift")
        }
        #endif
        return nil
    }
}

/// A view model's table: template key → key path, written as a dictionary literal. Whether a
/// field is optional is worked out once here, not at every look-up.
public struct TemplateFields<Root>: ExpressibleByDictionaryLiteral, @unchecked Sendable {
    struct Field {
        let path: PartialKeyPath<Root>
        let isOptional: Bool
    }

    let fields: [String: Field]

    public init(dictionaryLiteral elements: (String, PartialKeyPath<Root>)...) {
        var fields: [String: Field] = [:]
        fields.reserveCapacity(elements.count)
        for (name, path) in elements {
            fields[name] = Field(path: path, isOptional: type(of: path).valueType is any OptionalTemplateValue.Type)
        }
        self.fields = fields
    }
}

/// Lets `child(named:)` return nil for an absent optional, as Mirror-based look-up does.
public protocol OptionalTemplateValue {
    var wrappedTemplateValue: Any? { get }
}

extension Optional: OptionalTemplateValue {
    public var wrappedTemplateValue: Any? {
        switch self {
        case .some(let v): v
        case .none: nil
        }
    }
}

extension PageChrome: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "lang": \.lang,
        "root": \.root,
        "siteTitle": \.siteTitle,
        "agency": \.agency,
        "pageTitle": \.pageTitle,
        "canonical": \.canonical,
        "homeURL": \.homeURL,
        "searchURL": \.searchURL,
        "interpretationIndexURL": \.interpretationIndexURL,
        "assetsURL": \.assetsURL,
        "feedURL": \.feedURL,
        "nav": \.nav,
        "breadcrumbs": \.breadcrumbs,
        "hasBreadcrumbs": \.hasBreadcrumbs,
        "buildDate": \.buildDate,
        "buildDateChinese": \.buildDateChinese,
        "description": \.description,
    ]
}

extension NavLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": \.name,
        "url": \.url,
        "current": \.current,
    ]
}

extension Crumb: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": \.name,
        "url": \.url,
    ]
}

extension DocumentRow: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "title": \.title,
        "url": \.url,
        "indexNo": \.indexNo,
        "docNo": \.docNo,
        "issuer": \.issuer,
        "published": \.published,
        "validity": \.validity,
        "validityClass": \.validityClass,
        "isCurrent": \.isCurrent,
    ]
}

extension CategoryNode: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": \.name,
        "url": \.url,
        "count": \.count,
        "isEmpty": \.isEmpty,
        "children": \.children,
        "hasChildren": \.hasChildren,
        "current": \.current,
    ]
}

extension Pagination: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "show": \.show,
        "current": \.current,
        "total": \.total,
        "previousURL": \.previousURL,
        "nextURL": \.nextURL,
        "pages": \.pages,
    ]
}

extension PageLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "number": \.number,
        "url": \.url,
        "current": \.current,
    ]
}

extension MetadataRow: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "label": \.label,
        "value": \.value,
        "url": \.url,
        "validityBadge": \.validityBadge,
    ]
}

extension AttachmentLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "title": \.title,
        "url": \.url,
        "fileName": \.fileName,
        "fileType": \.fileType,
        "size": \.size,
    ]
}

extension HomePage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "browseLinks": \.browseLinks,
        "catalogue": \.catalogue,
        "latest": \.latest,
        "documentCount": \.documentCount,
        "categoryCount": \.categoryCount,
    ]
}

extension CategoryPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "name": \.name,
        "description": \.description,
        "emptyReason": \.emptyReason,
        "isEmpty": \.isEmpty,
        "total": \.total,
        "subcategories": \.subcategories,
        "hasSubcategories": \.hasSubcategories,
        "rows": \.rows,
        "tableCaption": \.tableCaption,
        "pagination": \.pagination,
        "categoryFeedURL": \.categoryFeedURL,
        "currentTextsURL": \.currentTextsURL,
    ]
}

extension DocumentPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "title": \.title,
        "indexNo": \.indexNo,
        "metadata": \.metadata,
        "validity": \.validity,
        "validityClass": \.validityClass,
        "bodyHTML": \.bodyHTML,
        "attachments": \.attachments,
        "hasAttachments": \.hasAttachments,
        "categoryName": \.categoryName,
        "categoryURL": \.categoryURL,
        "extra": \.extra,
    ]
}

extension DocumentExtras: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "supersededNotice": \.supersededNotice,
        "repealNotice": \.repealNotice,
        "expiryNotice": \.expiryNotice,
        "interpretationLinks": \.interpretationLinks,
        "hasInterpretationLinks": \.hasInterpretationLinks,
        "awaitsInterpretation": \.awaitsInterpretation,
        "interpretedLinks": \.interpretedLinks,
        "hasInterpretedLinks": \.hasInterpretedLinks,
        "historyEntries": \.historyEntries,
        "hasHistory": \.hasHistory,
        "articleCount": \.articleCount,
    ]
}

extension SupersededNotice: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "currentTitle": \.currentTitle,
        "currentURL": \.currentURL,
        "currentDocNo": \.currentDocNo,
        "currentDate": \.currentDate,
        "currentValidity": \.currentValidity,
        "currentIsActive": \.currentIsActive,
        "hasCurrentVersion": \.hasCurrentVersion,
    ]
}

extension RepealNotice: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "repealerTitle": \.repealerTitle,
        "repealerURL": \.repealerURL,
        "repealerDocNo": \.repealerDocNo,
        "repealerDate": \.repealerDate,
    ]
}

extension ExpiryNotice: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "expiredOn": \.expiredOn,
    ]
}

extension InterpretationLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "interpretationTitle": \.interpretationTitle,
        "interpretationURL": \.interpretationURL,
        "formName": \.formName,
        "stageName": \.stageName,
        "interpretationDate": \.interpretationDate,
        "interpretationDateISO": \.interpretationDateISO,
        "lateNote": \.lateNote,
    ]
}

extension InterpretedLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "targetTitle": \.targetTitle,
        "targetURL": \.targetURL,
        "targetDocNo": \.targetDocNo,
        "targetIssuer": \.targetIssuer,
        "targetDate": \.targetDate,
        "targetDateISO": \.targetDateISO,
        "targetValidity": \.targetValidity,
        "targetValidityClass": \.targetValidityClass,
    ]
}

extension HistoryEntry: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "versionTitle": \.versionTitle,
        "versionURL": \.versionURL,
        "versionDocNo": \.versionDocNo,
        "versionDate": \.versionDate,
        "versionDateISO": \.versionDateISO,
        "versionValidity": \.versionValidity,
        "versionValidityClass": \.versionValidityClass,
        "isViewed": \.isViewed,
        "isNewest": \.isNewest,
        "compareURL": \.compareURL,
    ]
}

extension BrowseListPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "heading": \.heading,
        "lead": \.lead,
        "total": \.total,
        "rows": \.rows,
        "tableCaption": \.tableCaption,
        "pagination": \.pagination,
        "isEmpty": \.isEmpty,
        "upName": \.upName,
        "upURL": \.upURL,
    ]
}

// MARK: - Linkage, browsing, reports and open data pages

extension NotFoundPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "catalogue": \.catalogue,
    ]
}

extension VersionSummary: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "title": \.title,
        "url": \.url,
        "docNo": \.docNo,
        "date": \.date,
        "dateISO": \.dateISO,
    ]
}

extension DiffSegmentView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "text": \.text,
        "isInserted": \.isInserted,
        "isDeleted": \.isDeleted,
        "isEqual": \.isEqual,
    ]
}

extension DiffParagraphView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "kind": \.kind,
        "kindName": \.kindName,
        "isChanged": \.isChanged,
        "segments": \.segments,
        "oldText": \.oldText,
        "newText": \.newText,
    ]
}

extension DiffBlockView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "isUnchangedRun": \.isUnchangedRun,
        "unchangedCount": \.unchangedCount,
        "paragraphs": \.paragraphs,
    ]
}

extension ComparePage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "heading": \.heading,
        "older": \.older,
        "newer": \.newer,
        "addedCount": \.addedCount,
        "removedCount": \.removedCount,
        "changedCount": \.changedCount,
        "unchangedCount": \.unchangedCount,
        "hasDifferences": \.hasDifferences,
        "blocks": \.blocks,
    ]
}

extension InterpretationIndexEntry: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "policyTitle": \.policyTitle,
        "policyURL": \.policyURL,
        "policyDocNo": \.policyDocNo,
        "policyDate": \.policyDate,
        "policyDateISO": \.policyDateISO,
        "policyValidity": \.policyValidity,
        "policyValidityClass": \.policyValidityClass,
        "isRequired": \.isRequired,
        "entryInterpretations": \.entryInterpretations,
        "hasEntryInterpretations": \.hasEntryInterpretations,
        "missingNote": \.missingNote,
        "hasLate": \.hasLate,
    ]
}

extension InterpretationCategoryGroup: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "categoryName": \.categoryName,
        "categoryURL": \.categoryURL,
        "policyName": \.policyName,
        "entries": \.entries,
    ]
}

extension InterpretationYearGroup: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "year": \.year,
        "yearAnchor": \.yearAnchor,
        "policyTotal": \.policyTotal,
        "categories": \.categories,
    ]
}

extension InterpretationIndexPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "policyTotal": \.policyTotal,
        "interpretedTotal": \.interpretedTotal,
        "missingTotal": \.missingTotal,
        "lateTotal": \.lateTotal,
        "years": \.years,
        "isEmpty": \.isEmpty,
    ]
}

extension BrowseIndexItem: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": \.name,
        "url": \.url,
        "count": \.count,
    ]
}

extension BrowseIndexPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "heading": \.heading,
        "lead": \.lead,
        "items": \.items,
        "isEmpty": \.isEmpty,
        "otherFacets": \.otherFacets,
    ]
}

extension CellView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "text": \.text,
        "href": \.href,
        "header": \.header,
        "scope": \.scope,
        "colspan": \.colspan,
        "rowspan": \.rowspan,
        "cls": \.cls,
        "hasHref": \.hasHref,
        "hasScope": \.hasScope,
        "hasColspan": \.hasColspan,
        "hasRowspan": \.hasRowspan,
    ]
}

extension TableRowView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "cells": \.cells,
    ]
}

extension TableView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "caption": \.caption,
        "headerRows": \.headerRows,
        "bodyRows": \.bodyRows,
        "wide": \.wide,
    ]
}

extension ChartView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "caption": \.caption,
        "svg": \.svg,
    ]
}

extension ReportPartView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "paragraphs": \.paragraphs,
        "hasParagraphs": \.hasParagraphs,
        "table": \.table,
    ]
}

extension ReportSectionView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "heading": \.heading,
        "parts": \.parts,
    ]
}

extension AnnualReportPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "reportTitle": \.reportTitle,
        "agency": \.agency,
        "templateName": \.templateName,
        "sections": \.sections,
        "yearURL": \.yearURL,
        "dataFile": \.dataFile,
    ]
}

extension DownloadLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": \.name,
        "href": \.href,
        "format": \.format,
    ]
}

extension ReportYearPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "year": \.year,
        "asOfText": \.asOfText,
        "isPartialYear": \.isPartialYear,
        "statistics": \.statistics,
        "amended": \.amended,
        "undated": \.undated,
        "hasUndated": \.hasUndated,
        "hasReport": \.hasReport,
        "reportURL": \.reportURL,
        "downloads": \.downloads,
        "indicators": \.indicators,
        "charts": \.charts,
        "notes": \.notes,
    ]
}

extension ReportListPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "heading": \.heading,
        "explanation": \.explanation,
        "total": \.total,
        "isEmpty": \.isEmpty,
        "rows": \.rows,
        "tableCaption": \.tableCaption,
        "yearURL": \.yearURL,
    ]
}

extension YearLinkView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "year": \.year,
        "href": \.href,
        "hasReport": \.hasReport,
        "reportHref": \.reportHref,
    ]
}

extension ReportsIndexPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "years": \.years,
        "hasYears": \.hasYears,
        "summary": \.summary,
        "charts": \.charts,
        "notes": \.notes,
    ]
}

extension CountLink: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": \.name,
        "count": \.count,
        "href": \.href,
    ]
}

extension OpenDataFile: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "name": \.name,
        "href": \.href,
        "format": \.format,
        "meaning": \.meaning,
    ]
}

extension OpenDataFieldView: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "key": \.key,
        "label": \.label,
        "meaning": \.meaning,
    ]
}

extension OpenDataPage: TemplateValue {
    public static let templateFields: TemplateFields<Self> = [
        "chrome": \.chrome,
        "files": \.files,
        "fields": \.fields,
        "documentCount": \.documentCount,
        "generated": \.generated,
        "reportsURL": \.reportsURL,
    ]
}
