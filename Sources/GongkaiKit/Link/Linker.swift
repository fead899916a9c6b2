/// Builds the `SiteModel` from decoded documents: orders them, indexes them by 索引号 and category,
/// inverts interpretation links, follows revision chains and derives validity. Reports what cannot be
/// linked (a duplicate 索引号); the linkage rules themselves live in the check stage.
public enum Linker {
    public static func link(_ decoded: [Document], catalogue: Catalogue, today: CalendarDate) -> (SiteModel, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []

        // Duplicate index numbers: every file after the first (in path order) is reported, naming the first.
        var firstByIndex: [IndexNumber: Document] = [:]
        var unique: [Document] = []
        for doc in decoded.sorted(by: { $0.displayPath < $1.displayPath }) {
            if let first = firstByIndex[doc.indexNo] {
                diagnostics.append(.error(
                    .duplicateIndexNumber, at: doc.location(of: .indexNo),
                    "索引号“\(doc.indexNo)”与 \(first.displayPath):\(first.location(of: .indexNo).line) 重复。",
                    suggestion: "索引号在整个平台内必须唯一。请确认两个文件是否为同一文件；如不是，为本文件分配新的索引号。"))
                continue
            }
            firstByIndex[doc.indexNo] = doc
            unique.append(doc)
        }

        let documents = unique.sorted { a, b in
            a.published != b.published ? a.published > b.published : a.indexNo < b.indexNo
        }
        var byIndexNo: [IndexNumber: Int] = [:]
        for (i, d) in documents.enumerated() { byIndexNo[d.indexNo] = i }

        var listing: [CategoryPath: [Int]] = [:]
        for path in catalogue.ordered { listing[path] = [] }
        for (i, d) in documents.enumerated() {
            for p in d.category.lineage { listing[p, default: []].append(i) }
        }

        var interpretations = Array(repeating: [Int](), count: documents.count)
        var interpreted = Array(repeating: [Int](), count: documents.count)
        for (i, d) in documents.enumerated() {
            for target in d.interprets {
                guard let t = byIndexNo[target], t != i, !interpreted[i].contains(t) else { continue }
                interpreted[i].append(t)
                interpretations[t].append(i)
            }
        }
        for t in interpretations.indices {
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
        for (i, d) in documents.enumerated() {
            repealedBy[i] = d.repealedBy.flatMap { byIndexNo[$0] }
            validity.append(derivedValidity(d, revisedBy: revisedBy[i], today: today))
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
