/// Typed values the Mustache templates render. Every page gets `chrome` (header, navigation,
/// breadcrumbs, canonical link); templates only ever see these types, never the model.

public struct PageChrome: Sendable {
    public var lang = "zh-CN"
    /// Relative prefix back to the site root (`../../`, or empty at the top).
    public var root: String
    public var siteTitle: String
    public var agency: String
    /// Text of `<title>`.
    public var pageTitle: String
    public var canonical: String
    public var homeURL: String
    public var searchURL: String
    public var interpretationIndexURL: String
    public var assetsURL: String
    public var feedURL: String
    public var nav: [NavLink]
    public var breadcrumbs: [Crumb]
    public var hasBreadcrumbs: Bool
    public var buildDate: String
    public var buildDateChinese: String
    /// A short description for `<meta name="description">`.
    public var description: String
    /// Renders `siteHeader` and `siteFooter` (`PageFragments`); not data for the templates.
    var fragments = PageFragments.none

    /// The layout field `name` (`siteHeader`, `siteFooter`): its partial rendered with this chrome.
    func fragment(_ name: String) -> String {
        guard let partial = PageFragments.partials[name] else { return "" }
        return fragments.html(partial, for: self)
    }
}

public struct NavLink: Sendable, Hashable {
    public var name: String
    public var url: String
    public var current: Bool
}

public struct Crumb: Sendable {
    public var name: String
    /// nil for the current page (the last crumb).
    public var url: String?
}

/// One row of a document list (标题 / 发文字号 / 发布日期 / 有效性).
public struct DocumentRow: Sendable {
    public var title: String
    public var url: String
    public var indexNo: String
    public var docNo: String?
    public var issuer: String?
    public var published: String
    public var validity: String
    /// `active`, `amended`, `repealed`, `expired`: for styling.
    public var validityClass: String
    public var isCurrent: Bool
    /// The row rendered with `partials/document-row` (`PageFragments`); empty inside that partial.
    public var rowHTML = ""
}

/// A category in the catalogue tree, with its document count (descendants included).
public struct CategoryNode: Sendable {
    public var name: String
    public var url: String
    public var count: Int
    public var isEmpty: Bool
    public var children: [CategoryNode]
    public var hasChildren: Bool
    public var current: Bool
}

public struct Pagination: Sendable {
    public var show: Bool
    public var current: Int
    public var total: Int
    public var previousURL: String?
    public var nextURL: String?
    public var pages: [PageLink]
}

public struct PageLink: Sendable {
    public var number: Int
    public var url: String
    public var current: Bool
}

/// A row of the standard metadata block (索引号, 主题分类, 发文机关 …).
public struct MetadataRow: Sendable {
    public var label: String
    public var value: String
    /// Set when the value links somewhere (e.g. the category).
    public var url: String?
    public var validityBadge: String?
}

public struct AttachmentLink: Sendable {
    public var title: String
    public var url: String
    public var fileName: String
    public var fileType: String
    public var size: String
}

public struct HomePage: Sendable {
    public var chrome: PageChrome
    /// Other ways in: by topic, issuer, year, and the interpretation index.
    public var browseLinks: [NavLink] = []
    public var catalogue: [CategoryNode]
    public var latest: [DocumentRow]
    public var documentCount: Int
    public var categoryCount: Int
}

public struct CategoryPage: Sendable {
    public var chrome: PageChrome
    public var name: String
    public var description: String?
    public var emptyReason: String?
    public var isEmpty: Bool
    public var total: Int
    public var subcategories: [CategoryNode]
    public var hasSubcategories: Bool
    public var rows: [DocumentRow]
    /// Caption of the document table (read by screen readers).
    public var tableCaption: String
    public var pagination: Pagination
    /// This category's Atom feed. Not named `feedURL`: the `head` block renders inside `chrome`,
    /// whose `feedURL` (the portal's feed) would win.
    public var categoryFeedURL: String
    /// The category's 现行有效 list, for policy categories.
    public var currentTextsURL: String? = nil
}

public struct DocumentPage: Sendable {
    public var chrome: PageChrome
    public var title: String
    public var indexNo: String
    public var metadata: [MetadataRow]
    public var validity: String
    public var validityClass: String
    public var bodyHTML: String
    public var attachments: [AttachmentLink]
    public var hasAttachments: Bool
    public var categoryName: String
    public var categoryURL: String
    public var extra: DocumentExtras
}

/// Sections of the document page filled by the linkage stage (interpretations, revisions …).
/// Key names are unique across the page, so a template reads each one unambiguously (an absent value
/// never falls through to an enclosing context anyway: see `TemplateNull`).
public struct DocumentExtras: Sendable {
    /// 已修订: the banner of a superseded version, linking to the current version.
    public var supersededNotice: SupersededNotice?
    /// 已废止, with the repealing document when known.
    public var repealNotice: RepealNotice?
    /// 已失效
    public var expiryNotice: ExpiryNotice?
    /// 相关解读 (on a policy), oldest first.
    public var interpretationLinks: [InterpretationLink] = []
    public var hasInterpretationLinks = false
    /// True when the category asks for interpretations and none exists yet (shown as 暂无解读).
    public var awaitsInterpretation = false
    /// 解读对象 (on an interpretation).
    public var interpretedLinks: [InterpretedLink] = []
    public var hasInterpretedLinks = false
    /// 历史沿革: every version of the chain, oldest first (empty without revisions).
    public var historyEntries: [HistoryEntry] = []
    public var hasHistory = false
    /// Citable articles of the body, in order (`art-12`).
    public var articleCount = 0

    public init() {}
}

public struct NotFoundPage: Sendable {
    public var chrome: PageChrome
    public var catalogue: [CategoryNode]
}
