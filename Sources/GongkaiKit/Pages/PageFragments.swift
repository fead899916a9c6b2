import Foundation

/// Parts of pages that are alike on many pages, rendered once through their partials and handed
/// to the templates as finished HTML:
/// - the site header with its search box and main navigation, and the footer
///   (`{{{siteHeader}}}`, `{{{siteFooter}}}` in the layout): every page of a build has one of a few
///   dozen, one per depth of its path and highlighted section;
/// - a document's row in the document tables (`{{{rowHTML}}}`): each document is listed in its
///   category, its parent category, its topics, its issuer and its year, most of them at the same
///   depth.
///
/// swift-mustache spends about 13,000 instructions on each name it looks up (it splits the name and
/// casts each context on the stack); the navigation's thirty-odd look-ups on each of 100,000 pages
/// and the seven of each listed row were a fifth of a clean build.
///
/// The output is the same as rendering the partial in place. The header and footer partials see
/// only `SharedChrome`, made from the page's own chrome at look-up time, so a chrome changed after
/// it was made (`PageContext.rebase`, for the 404 page) cannot get a stale header. A row is a pure
/// function of the document and the page's depth (`PageContext.row`), its key.
final class PageFragments: TemplateInvisible, @unchecked Sendable {
    /// Template field → the partial it renders.
    static let partials = [
        "siteHeader": "partials/site-header", "siteFooter": "partials/site-footer", "rowHTML": "partials/document-row",
    ]
    /// Renders every fragment empty: for chrome made without templates (paths only).
    static let none = PageFragments(templates: nil)

    let templates: Templates?
    private let lock = NSLock()
    /// Partial name and shared chrome → the rendered HTML. Keyed by the whole `SharedChrome`
    /// (synthesized `Hashable`, so a field added to it is part of the key).
    private var chrome: [ChromeKey: String] = [:]
    /// Document and root → its row.
    private var rows: [RowKey: String] = [:]

    private struct ChromeKey: Hashable {
        let partial: String
        let chrome: SharedChrome
    }

    private struct RowKey: Hashable {
        let id: SiteModel.DocumentID
        let root: String
    }

    init(templates: Templates?) { self.templates = templates }

    /// `partial` rendered with the shared part of `chrome`; empty when the templates lack it (a
    /// layout that names a fragment whose partial is missing is an error of `Templates.load`).
    func html(_ partial: String, for page: PageChrome) -> String {
        let view = SharedChrome(page)
        return cached(\.chrome, ChromeKey(partial: partial, chrome: view)) { render(partial, view) }
    }

    /// The row of document `id` on a page at `root`, made by `row` when not rendered yet.
    func rowHTML(_ id: SiteModel.DocumentID, root: String, _ row: () -> DocumentRow) -> String {
        guard templates != nil else { return "" }
        return cached(\.rows, RowKey(id: id, root: root)) { render("partials/document-row", row()) }
    }

    /// Drops the rendered rows (made again if asked for).
    func forgetRows() { lock.withLock { rows = [:] } }

    /// The HTML `table` holds for `key`, made (outside the lock: pages render on all cores) and
    /// stored when missing. Two threads may make the same fragment at once; both make the same bytes.
    private func cached<Key: Hashable>(_ table: ReferenceWritableKeyPath<PageFragments, [Key: String]>, _ key: Key,
                                       _ make: () -> String) -> String {
        if let known = lock.withLock({ self[keyPath: table][key] }) { return known }
        let html = make()
        lock.withLock { self[keyPath: table][key] = html }
        return html
    }

    /// The partial's last line break is left to the template, which puts the field on a line of its
    /// own (`{{{siteHeader}}}` then a line break), as it would a partial's text written in place.
    private func render<View: TemplateValue>(_ partial: String, _ view: View) -> String {
        guard let templates, templates.has(partial), var html = try? templates.render(view, with: partial) else { return "" }
        if html.utf8.last == UInt8(ascii: "\n") { html.removeLast() }
        return html
    }
}

/// What the header and footer partials can see: the chrome without the page's own title,
/// description, canonical address and breadcrumbs.
public struct SharedChrome: Sendable, Hashable {
    public var lang: String
    public var root: String
    public var siteTitle: String
    public var agency: String
    public var homeURL: String
    public var searchURL: String
    public var interpretationIndexURL: String
    public var assetsURL: String
    public var feedURL: String
    public var nav: [NavLink]
    public var buildDate: String
    public var buildDateChinese: String

    init(_ c: PageChrome) {
        lang = c.lang
        root = c.root
        siteTitle = c.siteTitle
        agency = c.agency
        homeURL = c.homeURL
        searchURL = c.searchURL
        interpretationIndexURL = c.interpretationIndexURL
        assetsURL = c.assetsURL
        feedURL = c.feedURL
        nav = c.nav
        buildDate = c.buildDate
        buildDateChinese = c.buildDateChinese
    }
}

/// A stored property of a view model that is not data for the templates but a means of making it
/// (`PageChrome.fragments`): the debug audit of field tables (`TemplateFieldsAudit`) skips it.
protocol TemplateInvisible: AnyObject {}
