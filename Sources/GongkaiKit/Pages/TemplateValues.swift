import Mustache

/// View models that answer template look-ups through a table of key paths instead of `Mirror`.
/// swift-mustache reflects every look-up (and every miss on the way up the context stack) with
/// `Mirror`, which dominated build time; the types rendered once per document or row use this.
/// Types without a table still render correctly through `Mirror`.
///
/// In debug builds a look-up of a stored property missing from the table stops with a message, so
/// a field added to a view model but not to its table cannot render silently empty in tests.
public protocol TemplateValue: MustacheParent {
    static var templateFields: [String: PartialKeyPath<Self>] { get }
}

extension TemplateValue {
    public func child(named name: String) -> Any? {
        if let path = Self.templateFields[name] {
            let value = self[keyPath: path]
            if let optional = value as? any OptionalTemplateValue { return optional.wrappedTemplateValue }
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
        "name": \.name,
        "url": \.url,
        "current": \.current,
    ]
}

extension Crumb: TemplateValue {
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
        "name": \.name,
        "url": \.url,
    ]
}

extension DocumentRow: TemplateValue {
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
        "show": \.show,
        "current": \.current,
        "total": \.total,
        "previousURL": \.previousURL,
        "nextURL": \.nextURL,
        "pages": \.pages,
    ]
}

extension PageLink: TemplateValue {
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
        "number": \.number,
        "url": \.url,
        "current": \.current,
    ]
}

extension MetadataRow: TemplateValue {
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
        "label": \.label,
        "value": \.value,
        "url": \.url,
        "validityBadge": \.validityBadge,
    ]
}

extension AttachmentLink: TemplateValue {
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
        "title": \.title,
        "url": \.url,
        "fileName": \.fileName,
        "fileType": \.fileType,
        "size": \.size,
    ]
}

extension HomePage: TemplateValue {
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
        "chrome": \.chrome,
        "browseLinks": \.browseLinks,
        "catalogue": \.catalogue,
        "latest": \.latest,
        "documentCount": \.documentCount,
        "categoryCount": \.categoryCount,
    ]
}

extension CategoryPage: TemplateValue {
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
        "repealerTitle": \.repealerTitle,
        "repealerURL": \.repealerURL,
        "repealerDocNo": \.repealerDocNo,
        "repealerDate": \.repealerDate,
    ]
}

extension ExpiryNotice: TemplateValue {
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
        "expiredOn": \.expiredOn,
    ]
}

extension InterpretationLink: TemplateValue {
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
    nonisolated(unsafe) public static let templateFields: [String: PartialKeyPath<Self>] = [
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
