/// Builds the `SiteModel` from decoded documents: orders them, indexes them by 索引号 and category,
/// inverts interpretation links, follows revision chains and derives validity. Reports what cannot be
/// linked (a duplicate 索引号); the linkage rules themselves live in the check stage.
public enum Linker {
    public static func link(_ decoded: [Document], catalogue: Catalogue, today: CalendarDate) -> (SiteModel, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []

        // Positions are sorted and looked up instead of the documents themselves: a `Document` is a
        // large value, and moving or copying 100,000 of them (sorting, keeping the first of each
        // 索引号) cost more than the comparisons.
        // Duplicate index numbers: every file after the first (in path order) is reported, naming the first.
        let byPath = decoded.indices.sorted { decoded[$0].displayPath < decoded[$1].displayPath }
        var firstByIndex: [IndexNumber: Int] = [:]
        firstByIndex.reserveCapacity(decoded.count)
        var unique: [Int] = []
        unique.reserveCapacity(decoded.count)
        for k in byPath {
            let indexNo = decoded[k].indexNo
            if let f = firstByIndex[indexNo] {
                let doc = decoded[k], first = decoded[f]
                diagnostics.append(.error(
                    .duplicateIndexNumber, at: doc.location(of: .indexNo),
                    "索引号“\(doc.indexNo)”与 \(first.displayPath):\(first.location(of: .indexNo).line) 重复。",
                    suggestion: "索引号在整个平台内必须唯一。请确认两个文件是否为同一文件；如不是，为本文件分配新的索引号。"))
                continue
            }
            firstByIndex[indexNo] = k
            unique.append(k)
        }

        unique.sort { a, b in
            let (x, y) = (decoded[a].published, decoded[b].published)
            return x != y ? x > y : decoded[a].indexNo < decoded[b].indexNo
        }
        let documents = unique.map { decoded[$0] }
        var byIndexNo: [IndexNumber: Int] = [:]
        byIndexNo.reserveCapacity(documents.count)
        for i in documents.indices { byIndexNo[documents[i].indexNo] = i }

        // Each distinct category's lineage is worked out once (a site has dozens of categories and
        // 100,000 documents).
        var listing: [CategoryPath: [Int]] = [:]
        for path in catalogue.ordered { listing[path] = [] }
        var lineages: [CategoryPath: [CategoryPath]] = [:]
        for i in documents.indices {
            let category = documents[i].category
            let lineage: [CategoryPath]
            if let known = lineages[category] {
                lineage = known
            } else {
                lineage = category.lineage
                lineages[category] = lineage
            }
            for p in lineage { listing[p, default: []].append(i) }
        }

        var interpretations = Array(repeating: [Int](), count: documents.count)
        var interpreted = Array(repeating: [Int](), count: documents.count)
        for i in documents.indices where !documents[i].interprets.isEmpty {
            for target in documents[i].interprets {
                guard let t = byIndexNo[target], t != i, !interpreted[i].contains(t) else { continue }
                interpreted[i].append(t)
                interpretations[t].append(i)
            }
        }
        for t in interpretations.indices where interpretations[t].count > 1 {
            interpretations[t].sort { a, b in
                documents[a].published != documents[b].published
                    ? documents[a].published < documents[b].published : documents[a].indexNo < documents[b].indexNo
            }
        }

        // Revision chains: `revises` points at the older text. A fork (two newer versions of one text)
        // keeps the first in 发布日期 order; cycles are cut. Both are reported by the checks.
        var revisedBy = Array(repeating: Int?.none, count: documents.count)
        var revises = Array(repeating: Int?.none, count: documents.count)
        for i in documents.indices.reversed() {  // oldest first
            guard let r = documents[i].revises, let older = byIndexNo[r], older != i, revisedBy[older] == nil else { continue }
            revisedBy[older] = i
            revises[i] = older
        }
        var chain = Array(repeating: [Int](), count: documents.count)
        for i in documents.indices where chain[i].isEmpty {
            // Most documents have no other version: no walk.
            if revises[i] == nil && revisedBy[i] == nil {
                chain[i] = [i]
                continue
            }
            // Walk to the oldest version, then forward to the newest, guarding against cycles.
            var oldest = i
            var seen: Set<Int> = [i]
            while let o = revises[oldest], !seen.contains(o) { seen.insert(o); oldest = o }
            var versions: [Int] = [oldest]
            var seenForward: Set<Int> = [oldest]
            var cursor = oldest
            while let n = revisedBy[cursor], !seenForward.contains(n) { versions.append(n); seenForward.insert(n); cursor = n }
            for v in versions { chain[v] = versions }
            if chain[i].isEmpty { chain[i] = [i] }
        }

        var repealedBy = Array(repeating: Int?.none, count: documents.count)
        var validity: [Validity] = []
        validity.reserveCapacity(documents.count)
        for i in documents.indices {
            repealedBy[i] = documents[i].repealedBy.flatMap { byIndexNo[$0] }
            validity.append(derivedValidity(documents[i], revisedBy: revisedBy[i], today: today))
        }

        let model = SiteModel(
            catalogue: catalogue, today: today, documents: documents, byIndexNo: byIndexNo, listing: listing,
            validity: validity, interpretations: interpretations, interpreted: interpreted,
            revisionChain: chain, revisedBy: revisedBy, repealedBy: repealedBy)
        return (model, diagnostics)
    }

    /// 有效性: a text revised by a newer version is 已修订 whatever it says; then 已废止 as declared;
    /// then 已失效 once `expires` is before the build date; otherwise as declared (default 现行有效).
    static func derivedValidity(_ d: Document, revisedBy: Int?, today: CalendarDate) -> Validity {
        if revisedBy != nil { return .amended }
        if d.declaredStatus == .repealed { return .repealed }
        if let e = d.expires, e < today { return .expired }
        return Validity(d.declaredStatus ?? .active)
    }
}
