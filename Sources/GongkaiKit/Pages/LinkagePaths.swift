/// Addresses of the linkage and browsing pages (see `SitePaths` for the scheme).
extension SitePaths {
    /// 政策解读关联索引
    public static let interpretationIndex = "interpretations/index.html"

    /// The comparison of a version with the one it revises, next to the newer version's page.
    public static func compare(_ newer: IndexNumber) -> String { "documents/\(newer.rawValue)/compare/index.html" }

    /// 现行有效 documents of a category. `current.html` sits beside the category's `index.html`; a
    /// category id cannot contain a dot, so no subcategory folder can take the name.
    public static func currentTexts(_ path: CategoryPath, page: Int = 1) -> String {
        "catalogue/" + path.components.joined(separator: "/") + (page <= 1 ? "/current.html" : "/current_\(page).html")
    }

    /// A way of browsing documents: by topic (主题分类), by issuer (发文机关), by year.
    public enum Facet: String, Sendable, CaseIterable {
        case topics, issuers, years

        public var chineseName: String {
            switch self {
            case .topics: "主题分类"
            case .issuers: "发文机关"
            case .years: "发布年份"
            }
        }
    }

    public static func facetIndex(_ facet: Facet) -> String { "\(facet.rawValue)/index.html" }

    /// `topics/<fnv1a64 of the topic>/index.html`, `years/2025/index_2.html`.
    public static func facet(_ facet: Facet, key: String, page: Int = 1) -> String {
        let folder = facet == .years ? key : StableSlug.slug(key)
        return "\(facet.rawValue)/\(folder)/" + (page <= 1 ? "index.html" : "index_\(page).html")
    }
}
