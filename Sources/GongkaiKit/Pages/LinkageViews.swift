/// View models of the linkage pages and of the linkage sections of document pages. Field names are
/// chosen not to repeat those of enclosing contexts (see `DocumentExtras`).

public struct SupersededNotice: Sendable {
    /// The newest version of the chain.
    public var currentTitle: String
    public var currentURL: String
    public var currentDocNo: String?
    public var currentDate: String
    /// 现行有效 unless the newest version is itself repealed or expired.
    public var currentValidity: String
    public var currentIsActive: Bool
    /// False when `status: amended` was declared but no newer version is on the site.
    public var hasCurrentVersion: Bool
}

public struct RepealNotice: Sendable {
    public var repealerTitle: String?
    public var repealerURL: String?
    public var repealerDocNo: String?
    public var repealerDate: String?
}

public struct ExpiryNotice: Sendable {
    /// `2025年6月30日`, nil when `status: expired` was declared without `expires`.
    public var expiredOn: String?
}

/// One interpretation listed on its policy's page (相关解读).
public struct InterpretationLink: Sendable {
    public var interpretationTitle: String
    public var interpretationURL: String
    public var formName: String?
    public var stageName: String?
    public var interpretationDate: String
    public var interpretationDateISO: String
    /// `晚于政策文件 5 日发布` when at stage 发布 and later than allowed.
    public var lateNote: String?
}

/// One document an interpretation interprets (解读对象).
public struct InterpretedLink: Sendable {
    public var targetTitle: String
    public var targetURL: String
    public var targetDocNo: String?
    public var targetIssuer: String?
    public var targetDate: String
    public var targetDateISO: String
    public var targetValidity: String
    public var targetValidityClass: String
}

/// One version in the 历史沿革 timeline.
public struct HistoryEntry: Sendable {
    public var versionTitle: String
    public var versionURL: String
    public var versionDocNo: String?
    public var versionDate: String
    public var versionDateISO: String
    public var versionValidity: String
    public var versionValidityClass: String
    /// The page being viewed (aria-current="page").
    public var isViewed: Bool
    /// The newest version of the chain.
    public var isNewest: Bool
    /// The comparison with the version before, for every version but the oldest.
    public var compareURL: String?
}

// MARK: - Comparison page

public struct VersionSummary: Sendable {
    public var title: String
    public var url: String
    public var docNo: String?
    public var date: String
    public var dateISO: String
}

public struct DiffSegmentView: Sendable {
    public var text: String
    public var isInserted: Bool
    public var isDeleted: Bool
    public var isEqual: Bool
}

public struct DiffParagraphView: Sendable {
    /// `added`, `removed`, `changed`, `unchanged`: for styling.
    public var kind: String
    /// 新增 / 删除 / 修改 / 未修改: shown as text, not by colour alone.
    public var kindName: String
    public var isChanged: Bool
    public var segments: [DiffSegmentView]
    /// For changed paragraphs: both texts in full.
    public var oldText: String
    public var newText: String
}

/// Paragraphs in order; runs of unchanged paragraphs are grouped so they can be folded.
public struct DiffBlockView: Sendable {
    public var isUnchangedRun: Bool
    public var unchangedCount: Int
    public var paragraphs: [DiffParagraphView]
}

public struct ComparePage: Sendable {
    public var chrome: PageChrome
    public var heading: String
    public var older: VersionSummary
    public var newer: VersionSummary
    public var addedCount: Int
    public var removedCount: Int
    public var changedCount: Int
    public var unchangedCount: Int
    public var hasDifferences: Bool
    public var blocks: [DiffBlockView]
}

// MARK: - Interpretation index

public struct InterpretationIndexEntry: Sendable {
    public var policyTitle: String
    public var policyURL: String
    public var policyDocNo: String?
    public var policyDate: String
    public var policyDateISO: String
    public var policyValidity: String
    public var policyValidityClass: String
    public var isRequired: Bool
    public var entryInterpretations: [InterpretationLink]
    public var hasEntryInterpretations: Bool
    /// No interpretation: 缺少解读 (required) or 暂无解读 (recommended).
    public var missingNote: String?
    /// Some interpretation at stage 发布 came out late.
    public var hasLate: Bool
}

public struct InterpretationCategoryGroup: Sendable {
    public var categoryName: String
    public var categoryURL: String
    /// 要求同步解读 / 建议解读
    public var policyName: String
    public var entries: [InterpretationIndexEntry]
}

public struct InterpretationYearGroup: Sendable {
    public var year: Int
    public var yearAnchor: String
    public var policyTotal: Int
    public var categories: [InterpretationCategoryGroup]
}

public struct InterpretationIndexPage: Sendable {
    public var chrome: PageChrome
    public var policyTotal: Int
    public var interpretedTotal: Int
    public var missingTotal: Int
    public var lateTotal: Int
    public var years: [InterpretationYearGroup]
    public var isEmpty: Bool
}

// MARK: - Browsing (topics, issuers, years, current texts)

public struct BrowseListPage: Sendable {
    public var chrome: PageChrome
    public var heading: String
    public var lead: String?
    public var total: Int
    public var rows: [DocumentRow]
    public var tableCaption: String
    public var pagination: Pagination
    public var isEmpty: Bool
    public var upName: String
    public var upURL: String
}

public struct BrowseIndexItem: Sendable {
    public var name: String
    public var url: String
    public var count: Int
}

public struct BrowseIndexPage: Sendable {
    public var chrome: PageChrome
    public var heading: String
    public var lead: String
    public var items: [BrowseIndexItem]
    public var isEmpty: Bool
    /// The other facets.
    public var otherFacets: [NavLink]
}
