/// A category's dotted path in the catalogue (`zcwj.gfxwj`).
public struct CategoryPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let components: [String]

    public init(_ components: [String]) { self.components = components }

    public init?(dotted: String) {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.allSatisfy(CategoryPath.isValidID) else { return nil }
        self.components = parts
    }

    public var dotted: String { components.joined(separator: ".") }
    public var description: String { dotted }
    public var parent: CategoryPath? { components.count > 1 ? CategoryPath(Array(components.dropLast())) : nil }
    public var depth: Int { components.count }

    /// Itself and every ancestor, root first.
    public var lineage: [CategoryPath] {
        (1...components.count).map { CategoryPath(Array(components.prefix($0))) }
    }

    public func isAncestor(of other: CategoryPath) -> Bool {
        other.components.count > components.count && Array(other.components.prefix(components.count)) == components
    }

    public static func < (a: Self, b: Self) -> Bool { a.components.lexicographicallyPrecedes(b.components) }

    /// Category ids are ASCII lowercase letters, digits, `-` and `_`, starting with a letter.
    public static func isValidID(_ s: String) -> Bool {
        guard let first = s.utf8.first, (0x61...0x7A).contains(first) else { return false }
        return s.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }
}

/// One category of the disclosure catalogue (主动公开事项目录).
public struct Category: Sendable {
    public var path: CategoryPath
    public var name: String
    public var description: String?
    /// Fields mandatory here, including those inherited from ancestors.
    public var requires: [Field]
    public var interpretation: InterpretationPolicy
    /// How many days after its policy an interpretation at stage 发布 may be published (default 0).
    public var interpretationDelayDays: Int
    /// Why the category intentionally has no documents (shown as 本栏目暂无信息).
    public var emptyReason: String?
    /// Longest time in days between updates before a warning (0: no limit).
    public var updatePeriodDays: Int?
    /// Years after which documents are listed for cleanup (定期清理).
    public var retentionYears: Int?
    public var children: [CategoryPath]
    public var location: SourceLocation

    public var isLeaf: Bool { children.isEmpty }
}

/// Site-wide settings from the `site:` section of the catalogue file.
public struct SiteSettings: Sendable {
    public var title: String
    /// Always ends with `/`.
    public var baseURL: String
    public var agency: String
    /// The agency's 18-character code, used to number new 索引号.
    public var agencyCode: String?
    public var pageSize: Int
    /// Number of documents on the home page's "latest" list.
    public var latestCount: Int
}

/// The catalogue: site settings and the category tree, in the order the file gives.
public struct Catalogue: Sendable {
    public var site: SiteSettings
    public var roots: [CategoryPath]
    /// Every category, depth-first in file order.
    public var ordered: [CategoryPath]
    public var categories: [CategoryPath: Category]
    /// Per-rule severity overrides (`rules: {wording.typo: error}`), validated by the check stage.
    public var ruleSeverities: [DiagnosticCode: RuleSetting]
    /// Free-form settings for checks (`checks:` section), by key.
    public var settings: [String: String]
    /// The `reports:` section: categories counted as 规章 / 行政规范性文件, 公开时限.
    public var reports: ReportSettings = .default
    public var location: SourceLocation

    public subscript(path: CategoryPath) -> Category? { categories[path] }

    public var leaves: [CategoryPath] { ordered.filter { categories[$0]!.isLeaf } }

    /// `政策文件 › 行政规范性文件`
    public func names(along path: CategoryPath) -> [String] {
        path.lineage.compactMap { categories[$0]?.name }
    }
}

/// What the catalogue says about one rule: a new severity, or off.
public enum RuleSetting: Hashable, Sendable {
    case severity(Severity)
    case off
}
