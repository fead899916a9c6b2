/// What every page needs to know to link to the rest of the site: the model, and a way to build the
/// shared chrome for a page at a given path.
public struct PageContext: Sendable {
    public let model: SiteModel
    /// content path of a Markdown file → its document.
    public let documentByContentPath: [String: SiteModel.DocumentID]
    /// With templates: the site header and footer and the document-table rows, each rendered once
    /// and reused (`PageFragments`).
    let fragments: PageFragments

    public init(model: SiteModel, templates: Templates? = nil) {
        self.model = model
        self.fragments = PageFragments(templates: templates)
        var map: [String: Int] = [:]
        map.reserveCapacity(model.documents.count)
        for i in model.documents.indices { map[model.documents[i].contentPath] = i }
        self.documentByContentPath = map
    }

    public var site: SiteSettings { model.catalogue.site }

    public func chrome(at sitePath: String, title: String?, crumbs: [Crumb], section: CategoryPath? = nil,
                       description: String? = nil) -> PageChrome {
        let root = SitePaths.root(from: sitePath)
        let catalogue = model.catalogue
        let nav = catalogue.roots.map { path in
            NavLink(name: catalogue[path]!.name, url: root + SitePaths.category(path), current: section?.components.first == path.components.first)
        }
        var allCrumbs = [Crumb(name: "首页", url: sitePath == SitePaths.home ? nil : root + SitePaths.home)]
        if sitePath != SitePaths.home { allCrumbs += crumbs }
        return PageChrome(
            root: root, siteTitle: site.title, agency: site.agency,
            pageTitle: title.map { "\($0) - \(site.title)" } ?? site.title,
            canonical: SitePaths.canonical(sitePath, baseURL: site.baseURL),
            homeURL: root + SitePaths.home, searchURL: root + "search/index.html",
            interpretationIndexURL: root + "interpretations/index.html",
            assetsURL: root + SitePaths.assets, feedURL: root + "feed.xml",
            nav: nav, breadcrumbs: allCrumbs, hasBreadcrumbs: sitePath != SitePaths.home,
            buildDate: model.today.iso, buildDateChinese: model.today.chinese,
            description: description ?? "\(site.agency)政府信息公开：主动公开事项目录、政策文件及解读。",
            fragments: fragments)
    }

    /// Breadcrumbs along a category path; the last links too unless `linkLast` is false.
    public func crumbs(for path: CategoryPath, from sitePath: String, linkLast: Bool) -> [Crumb] {
        let root = SitePaths.root(from: sitePath)
        let lineage = path.lineage
        return lineage.enumerated().map { i, p in
            let isLast = i == lineage.count - 1
            return Crumb(name: model.catalogue[p]!.name, url: isLast && !linkLast ? nil : root + SitePaths.category(p))
        }
    }

    public func row(_ id: SiteModel.DocumentID, root: String) -> DocumentRow {
        let d = model[id]
        let validity = model.validity[id]
        var row = DocumentRow(
            title: d.title, url: root + SitePaths.document(d.indexNo), indexNo: d.indexNo.rawValue,
            docNo: d.docNo?.rawValue, issuer: d.issuer, published: d.published.iso,
            validity: validity.chineseName, validityClass: validity.rawValue, isCurrent: validity == .active)
        row.rowHTML = fragments.rowHTML(id, root: root) { row }
        return row
    }

    /// The catalogue tree with counts; `current` marks one category.
    public func tree(_ paths: [CategoryPath], root: String, current: CategoryPath? = nil, depth: Int = .max) -> [CategoryNode] {
        paths.map { path in
            let c = model.catalogue[path]!
            let children = depth > 1 ? tree(c.children, root: root, current: current, depth: depth - 1) : []
            let count = model.listing[path]?.count ?? 0
            return CategoryNode(
                name: c.name, url: root + SitePaths.category(path), count: count, isEmpty: count == 0,
                children: children, hasChildren: !children.isEmpty, current: path == current)
        }
    }
}
