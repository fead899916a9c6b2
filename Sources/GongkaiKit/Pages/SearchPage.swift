/// The search page (`search/index.html`): a form, and the place the client fills with results.
public struct SearchPage: Sendable {
    public var chrome: PageChrome
    /// Link for browsers without JavaScript: the catalogue (home page).
    public var browseURL: String
    /// Where the index lives, relative to the page (`./`).
    public var indexURL: String
}

extension SitePages {
    public static let searchPath = "search/index.html"

    /// Renders `search/index.html` from `templates/search.mustache`.
    public func renderSearchPage(_ emit: (OutputItem) throws -> Void) throws {
        let sitePath = Self.searchPath
        let root = SitePaths.root(from: sitePath)
        let page = SearchPage(
            chrome: context.chrome(at: sitePath, title: "搜索", crumbs: [Crumb(name: "搜索", url: nil)]),
            browseURL: root + SitePaths.home, indexURL: "./")
        try emitPage(page, with: "search", at: sitePath, emit)
    }
}
