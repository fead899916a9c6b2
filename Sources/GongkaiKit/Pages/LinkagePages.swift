/// The pages and page sections that show how documents relate: interpretations both ways, revision
/// history and comparisons, validity banners, the interpretation index, and browsing by current
/// texts, topic, issuer and year.
extension SitePages {
    // MARK: Document page sections

    func documentExtras(_ id: SiteModel.DocumentID, root: String, articleCount: Int) -> DocumentExtras {
        let d = model[id]
        var extras = DocumentExtras()
        extras.articleCount = articleCount

        switch model.validity[id] {
        case .amended:
            let newest = model.currentVersion(of: id)
            let n = model[newest]
            extras.supersededNotice = SupersededNotice(
                currentTitle: n.title, currentURL: root + SitePaths.document(n.indexNo), currentDocNo: n.docNo?.rawValue,
                currentDate: n.published.chinese, currentValidity: model.validity[newest].chineseName,
                currentIsActive: model.validity[newest] == .active, hasCurrentVersion: newest != id)
        case .repealed:
            let r = model.repealedBy[id].map { model[$0] }
            extras.repealNotice = RepealNotice(
                repealerTitle: r?.title, repealerURL: r.map { root + SitePaths.document($0.indexNo) },
                repealerDocNo: r?.docNo?.rawValue, repealerDate: r?.published.chinese)
        case .expired:
            extras.expiryNotice = ExpiryNotice(expiredOn: d.expires?.chinese)
        case .active:
            break
        }

        extras.interpretationLinks = model.interpretations[id].map { interpretationLink($0, of: id, root: root) }
        extras.hasInterpretationLinks = !extras.interpretationLinks.isEmpty
        extras.awaitsInterpretation = !d.isInterpretation && model.interpretations[id].isEmpty
            && model.interpretationPolicy(of: id) != .none

        extras.interpretedLinks = model.interpreted[id].map { t in
            let target = model[t]
            return InterpretedLink(
                targetTitle: target.title, targetURL: root + SitePaths.document(target.indexNo),
                targetDocNo: target.docNo?.rawValue, targetIssuer: target.issuer, targetDate: target.published.chinese,
                targetDateISO: target.published.iso, targetValidity: model.validity[t].chineseName,
                targetValidityClass: model.validity[t].rawValue)
        }
        extras.hasInterpretedLinks = !extras.interpretedLinks.isEmpty

        let chain = model.revisionChain[id]
        if chain.count > 1 {
            extras.historyEntries = chain.enumerated().map { position, v in
                let version = model[v]
                return HistoryEntry(
                    versionTitle: version.title, versionURL: root + SitePaths.document(version.indexNo),
                    versionDocNo: version.docNo?.rawValue, versionDate: version.published.chinese,
                    versionDateISO: version.published.iso, versionValidity: model.validity[v].chineseName,
                    versionValidityClass: model.validity[v].rawValue, isViewed: v == id, isNewest: position == chain.count - 1,
                    compareURL: position > 0 ? root + SitePaths.compare(version.indexNo) : nil)
            }
            extras.hasHistory = true
        }
        return extras
    }

    func interpretationLink(_ i: SiteModel.DocumentID, of policy: SiteModel.DocumentID, root: String) -> InterpretationLink {
        let interpretation = model[i]
        return InterpretationLink(
            interpretationTitle: interpretation.title, interpretationURL: root + SitePaths.document(interpretation.indexNo),
            formName: interpretation.form?.rawValue, stageName: interpretation.stage?.rawValue,
            interpretationDate: interpretation.published.chinese, interpretationDateISO: interpretation.published.iso,
            lateNote: model.daysLate(interpretation: i, of: policy).map { "晚于政策文件 \($0) 日发布" })
    }

    /// Every page of this file that is not a document page.
    func renderLinkagePages(_ emit: (OutputItem) throws -> Void) throws {
        for job in linkageJobs() { try job(emit) }
    }

    /// The pages of `renderLinkagePages`, one job per page.
    func linkageJobs() -> [PageJob] {
        var jobs: [PageJob] = [{ emit in
            try emitPage(inputs: inputs.map(interpretationIndexInputs), interpretationIndex(), with: "interpretations",
                         at: SitePaths.interpretationIndex, emit)
        }]
        for id in model.documents.indices {
            let chain = model.revisionChain[id]
            guard let position = chain.firstIndex(of: id), position > 0 else { continue }
            let older = chain[position - 1]
            jobs.append { emit in
                let path = SitePaths.compare(model[id].indexNo)
                try emitPage(inputs: inputs.map { comparisonInputs(older: older, newer: id, $0) },
                             comparison(older: older, newer: id), with: "compare", at: path, emit)
            }
        }
        for path in model.catalogue.ordered where hasCurrentTexts(path) {
            jobs += listJobs(currentTexts(path))
        }
        for facet in SitePaths.Facet.allCases {
            let groups = facetGroups(facet)
            jobs.append { emit in try renderFacetIndex(facet, groups: groups, emit) }
            for group in groups {
                jobs += listJobs(facetList(facet, group: group))
            }
        }
        return jobs
    }

    // MARK: Comparison

    func comparison(older o: SiteModel.DocumentID, newer n: SiteModel.DocumentID) -> ComparePage {
        let older = model[o]
        let newer = model[n]
        let sitePath = SitePaths.compare(newer.indexNo)
        let root = SitePaths.root(from: sitePath)
        let compare = {
            ParagraphDiff.diff(
                MarkdownBlocks.paragraphs(of: older.body, renderer: renderer),
                MarkdownBlocks.paragraphs(of: newer.body, renderer: renderer))
        }
        let changes = diffs?.changes(at: sitePath, older: older.body, newer: newer.body, compute: compare) ?? compare()
        var counts = (added: 0, removed: 0, changed: 0, unchanged: 0)
        var blocks: [DiffBlockView] = []
        for change in changes {
            let view: DiffParagraphView
            switch change {
            case .unchanged(let text):
                counts.unchanged += 1
                view = Self.paragraphView("unchanged", "未修改", [TextSegment(.equal, text)])
            case .added(let text):
                counts.added += 1
                view = Self.paragraphView("added", "新增段落", [TextSegment(.insert, text)])
            case .removed(let text):
                counts.removed += 1
                view = Self.paragraphView("removed", "删除段落", [TextSegment(.delete, text)])
            case .changed(let old, let new, let segments):
                counts.changed += 1
                var v = Self.paragraphView("changed", "修改段落", segments)
                v.oldText = old
                v.newText = new
                view = v
            }
            let unchanged = view.kind == "unchanged"
            if let last = blocks.last, last.isUnchangedRun == unchanged, unchanged {
                blocks[blocks.count - 1].paragraphs.append(view)
                blocks[blocks.count - 1].unchangedCount += 1
            } else {
                blocks.append(DiffBlockView(isUnchangedRun: unchanged, unchangedCount: unchanged ? 1 : 0, paragraphs: [view]))
            }
        }
        func summary(_ d: Document) -> VersionSummary {
            VersionSummary(title: d.title, url: root + SitePaths.document(d.indexNo), docNo: d.docNo?.rawValue,
                           date: d.published.chinese, dateISO: d.published.iso)
        }
        let heading = "修订对照：\(newer.title)"
        let view = ComparePage(
            chrome: context.chrome(
                at: sitePath, title: heading,
                crumbs: context.crumbs(for: newer.category, from: sitePath, linkLast: true)
                    + [Crumb(name: newer.title, url: root + SitePaths.document(newer.indexNo)), Crumb(name: "修订对照", url: nil)],
                section: newer.category, description: heading),
            heading: heading, older: summary(older), newer: summary(newer),
            addedCount: counts.added, removedCount: counts.removed, changedCount: counts.changed,
            unchangedCount: counts.unchanged, hasDifferences: counts.added + counts.removed + counts.changed > 0,
            blocks: blocks)
        return view
    }

    static func paragraphView(_ kind: String, _ name: String, _ segments: [TextSegment]) -> DiffParagraphView {
        DiffParagraphView(
            kind: kind, kindName: name, isChanged: kind == "changed",
            segments: segments.map { s in
                DiffSegmentView(text: s.text, isInserted: s.operation == .insert, isDeleted: s.operation == .delete,
                                isEqual: s.operation == .equal)
            },
            oldText: "", newText: "")
    }

    // MARK: Interpretation index

    func interpretationIndex() -> InterpretationIndexPage {
        let sitePath = SitePaths.interpretationIndex
        let root = SitePaths.root(from: sitePath)
        var byYear: [Int: [SiteModel.DocumentID]] = [:]
        for (id, d) in model.documents.enumerated() where !d.isInterpretation && model.interpretationPolicy(of: id) != .none {
            byYear[d.published.year, default: []].append(id)
        }
        var totals = (policies: 0, interpreted: 0, missing: 0, late: 0)
        let categoryOrder = Dictionary(uniqueKeysWithValues: model.catalogue.ordered.enumerated().map { ($1, $0) })
        let years: [InterpretationYearGroup] = byYear.keys.sorted(by: >).map { year in
            let ids = byYear[year]!  // newest first, as in model.documents
            var byCategory: [CategoryPath: [SiteModel.DocumentID]] = [:]
            for id in ids { byCategory[model[id].category, default: []].append(id) }
            let categories = byCategory.keys.sorted { categoryOrder[$0]! < categoryOrder[$1]! }.map { path in
                let category = model.catalogue[path]!
                let entries = byCategory[path]!.map { id in
                    let d = model[id]
                    let links = model.interpretations[id].map { interpretationLink($0, of: id, root: root) }
                    let required = category.interpretation == .required
                    let late = links.contains { $0.lateNote != nil }
                    totals.policies += 1
                    if links.isEmpty { totals.missing += 1 } else { totals.interpreted += 1 }
                    if late { totals.late += 1 }
                    return InterpretationIndexEntry(
                        policyTitle: d.title, policyURL: root + SitePaths.document(d.indexNo), policyDocNo: d.docNo?.rawValue,
                        policyDate: d.published.chinese, policyDateISO: d.published.iso,
                        policyValidity: model.validity[id].chineseName, policyValidityClass: model.validity[id].rawValue,
                        isRequired: required, entryInterpretations: links, hasEntryInterpretations: !links.isEmpty,
                        missingNote: links.isEmpty ? (required ? "缺少解读（应同步发布）" : "暂无解读") : nil, hasLate: late)
                }
                return InterpretationCategoryGroup(
                    categoryName: model.catalogue.names(along: path).joined(separator: " › "),
                    categoryURL: root + SitePaths.category(path),
                    policyName: category.interpretation == .required ? "要求同步解读" : "建议解读", entries: entries)
            }
            return InterpretationYearGroup(year: year, yearAnchor: "y\(year)", policyTotal: ids.count, categories: categories)
        }
        let view = InterpretationIndexPage(
            chrome: context.chrome(at: sitePath, title: "政策解读关联索引", crumbs: [Crumb(name: "政策解读关联索引", url: nil)],
                                   description: "政策文件与其解读的对应关系，按年份和栏目排列。"),
            policyTotal: totals.policies, interpretedTotal: totals.interpreted, missingTotal: totals.missing,
            lateTotal: totals.late, years: years, isEmpty: years.isEmpty)
        return view
    }

    // MARK: Current texts and facets

    /// A policy category: it or a category below it asks for interpretations.
    func hasCurrentTexts(_ path: CategoryPath) -> Bool { currentTextCategories.contains(path) }

    static func currentTextCategories(_ catalogue: Catalogue) -> Set<CategoryPath> {
        var paths: Set<CategoryPath> = []
        for p in catalogue.ordered where catalogue[p]!.interpretation != .none {
            paths.insert(p)
            for ancestor in p.lineage { paths.insert(ancestor) }
        }
        return paths
    }

    func renderCurrentTexts(_ path: CategoryPath, _ emit: (OutputItem) throws -> Void) throws {
        try renderList(currentTexts(path), emit)
    }

    func currentTexts(_ path: CategoryPath) -> DocumentList {
        let category = model.catalogue[path]!
        let ids = (model.listing[path] ?? []).filter { model.validity[$0] == .active && !model[$0].isInterpretation }
        return DocumentList(
            ids: ids, heading: "\(category.name)（现行有效）",
            lead: "本页只列出现行有效的文件；已修订、已废止、已失效的文件见栏目全部文件列表。",
            up: (category.name + "（全部文件）", SitePaths.category(path)),
            crumbs: { [context] sitePath, page in
                context.crumbs(for: path, from: sitePath, linkLast: true)
                    + [Crumb(name: "现行有效", url: page > 1 ? SitePaths.root(from: sitePath) + SitePaths.currentTexts(path) : nil)]
            },
            section: path, path: { SitePaths.currentTexts(path, page: $0) })
    }

    /// Documents grouped by a facet's keys, keys in display order.
    func facetGroups(_ facet: SitePaths.Facet) -> [(key: String, name: String, ids: [SiteModel.DocumentID])] {
        // Every document of the site is visited for each facet, on every build (the facet pages'
        // jobs are listed from the groups), so no set or string is made per document: a document's
        // few topics are told apart by a look back over them, years are grouped as numbers.
        if facet == .years {
            var years: [Int: [SiteModel.DocumentID]] = [:]
            for (id, d) in model.documents.enumerated() { years[d.published.year, default: []].append(id) }
            return years.keys.sorted(by: >).map { year in (String(year), "\(year)年", years[year]!) }
        }
        var groups: [TextKey: [SiteModel.DocumentID]] = [:]
        for (id, d) in model.documents.enumerated() {
            if facet == .issuers {
                if let issuer = d.issuer, !issuer.isEmpty { groups[TextKey(issuer), default: []].append(id) }
                continue
            }
            let topics = d.topics
            for (i, key) in topics.enumerated() where !key.isEmpty && !topics[..<i].contains(key) {
                groups[TextKey(key), default: []].append(id)
            }
        }
        // Ids are appended in order, so each list is sorted already.
        let counted = groups.map { (key: $0.key.text, ids: $0.value) }
        return counted.sorted { a, b in
            a.ids.count != b.ids.count ? a.ids.count > b.ids.count : TextKey.shownBefore(a.key, b.key)
        }
            .map { ($0.key, $0.key, $0.ids) }
    }

    func renderFacet(_ facet: SitePaths.Facet, _ emit: (OutputItem) throws -> Void) throws {
        let groups = facetGroups(facet)
        try renderFacetIndex(facet, groups: groups, emit)
        for group in groups {
            try renderList(facetList(facet, group: group), emit)
        }
    }

    func renderFacetIndex(
        _ facet: SitePaths.Facet, groups: [(key: String, name: String, ids: [SiteModel.DocumentID])],
        _ emit: (OutputItem) throws -> Void
    ) throws {
        let indexPath = SitePaths.facetIndex(facet)
        let root = SitePaths.root(from: indexPath)
        let title = "按\(facet.chineseName)浏览"
        let index = BrowseIndexPage(
            chrome: context.chrome(at: indexPath, title: title, crumbs: [Crumb(name: title, url: nil)]),
            heading: title, lead: "共 \(groups.count) 个\(facet.chineseName)，\(model.documents.count) 篇文件。",
            items: groups.map { BrowseIndexItem(name: $0.name, url: root + SitePaths.facet(facet, key: $0.key), count: $0.ids.count) },
            isEmpty: groups.isEmpty,
            otherFacets: facetLinks(root: root, except: facet))
        try emitPage(index, with: "browse-index", at: indexPath, emit)
    }

    func facetList(_ facet: SitePaths.Facet, group: (key: String, name: String, ids: [SiteModel.DocumentID])) -> DocumentList {
        let indexPath = SitePaths.facetIndex(facet)
        let title = "按\(facet.chineseName)浏览"
        return DocumentList(
            ids: group.ids, heading: "\(facet.chineseName)：\(group.name)", lead: nil,
            up: (title, indexPath),
            crumbs: { sitePath, page in
                let r = SitePaths.root(from: sitePath)
                return [Crumb(name: title, url: r + indexPath),
                        Crumb(name: group.name, url: page > 1 ? r + SitePaths.facet(facet, key: group.key) : nil)]
            },
            section: nil, path: { SitePaths.facet(facet, key: group.key, page: $0) })
    }

    func facetLinks(root: String, except: SitePaths.Facet? = nil) -> [NavLink] {
        SitePaths.Facet.allCases.filter { $0 != except }.map {
            NavLink(name: "按\($0.chineseName)浏览", url: root + SitePaths.facetIndex($0), current: false)
        }
    }

    /// Links on the home page to the ways of browsing besides the catalogue.
    func browseLinks(root: String) -> [NavLink] {
        facetLinks(root: root) + [NavLink(name: "政策解读关联索引", url: root + SitePaths.interpretationIndex, current: false)]
            + model.catalogue.ordered.filter { hasCurrentTexts($0) && $0.depth == 1 }.map {
                NavLink(name: "\(model.catalogue[$0]!.name)（现行有效）", url: root + SitePaths.currentTexts($0), current: false)
            }
    }

    /// A paginated list of documents (newest first) with the shared table: what it lists, and how
    /// its pages are titled, linked and placed.
    struct DocumentList {
        var ids: [SiteModel.DocumentID]
        var heading: String
        var lead: String?
        var up: (name: String, path: String)
        var crumbs: (String, Int) -> [Crumb]
        var section: CategoryPath?
        var path: (Int) -> String

        /// What the list's pages show besides its documents, for `PageInputs`: its titles, where
        /// it sits, and how its pages are named (its first page's path; the crumbs and the
        /// pagination derive from these, the catalogue and the page number).
        var identity: String {
            [heading, lead ?? "\u{1}", up.name, up.path, section.map { $0.components.joined(separator: "\u{2}") } ?? "\u{1}", path(1)].joined(separator: "\u{0}")
        }
    }

    func pageCount(_ list: DocumentList) -> Int {
        let size = model.catalogue.site.pageSize
        return max(1, (list.ids.count + size - 1) / size)
    }

    func renderList(_ list: DocumentList, _ emit: (OutputItem) throws -> Void) throws {
        for page in 1...pageCount(list) { try renderListPage(list, page: page, emit) }
    }

    func listJobs(_ list: DocumentList) -> [PageJob] {
        (1...pageCount(list)).map { page in { emit in try renderListPage(list, page: page, emit) } }
    }

    func renderListPage(_ list: DocumentList, page: Int, _ emit: (OutputItem) throws -> Void) throws {
        let size = model.catalogue.site.pageSize
        let slice = list.ids.dropFirst((page - 1) * size).prefix(size)
        try emitPage(inputs: inputs.map { listInputs(list, page: page, slice: slice, $0) },
                     listPage(list, page: page, slice: slice), with: "browse", at: list.path(page), emit)
    }

    func listPage(_ list: DocumentList, page: Int, slice: ArraySlice<SiteModel.DocumentID>) -> BrowseListPage {
        let pageCount = pageCount(list)
        let sitePath = list.path(page)
        let root = SitePaths.root(from: sitePath)
        let title = page == 1 ? list.heading : "\(list.heading)（第\(page)页）"
        return BrowseListPage(
            chrome: context.chrome(at: sitePath, title: title, crumbs: list.crumbs(sitePath, page), section: list.section),
            heading: list.heading, lead: list.lead, total: list.ids.count,
            rows: slice.map { context.row($0, root: root) },
            tableCaption: list.heading, pagination: pagination(page: page, of: pageCount, root: root, path: list.path),
            isEmpty: list.ids.isEmpty, upName: list.up.name, upURL: root + list.up.path)
    }
}
