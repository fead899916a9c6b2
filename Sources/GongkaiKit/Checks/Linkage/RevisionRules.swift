/// Revision chains (`revises`): the named text must exist (`revision.unknown-target`); one text has
/// one newer version (`revision.fork`); following `revises` never comes back (`revision.cycle`); a
/// newer version is not published before the text it revises (`revision.date-order`). All errors.
///
/// The Linker keeps a usable chain whatever happens (it keeps the first of a fork and cuts cycles);
/// these rules say what it had to cut.
public struct RevisionRule: ContentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] {
        let model = input.model
        var found: [Diagnostic] = []
        let inCycle = Self.cycles(model)
        var cycleReported: Set<Int> = []

        for (i, d) in model.documents.enumerated() {
            guard let target = d.revises else { continue }
            let at = d.location(of: .revises)
            guard let older = model.byIndexNo[target] else {
                found.append(.error(
                    .revisionUnknownTarget, at: at,
                    "修订对象“\(target)”不存在：没有文件使用这个索引号。",
                    suggestion: LinkageText.indexSuggestion(target, model: model)))
                continue
            }
            if let cycle = inCycle[i] {
                guard !cycleReported.contains(i) else { continue }
                cycleReported.formUnion(cycle)
                if cycle == [i] {
                    found.append(.error(.revisionCycle, at: at, "修订对象“\(target)”是本文件自身。",
                                        suggestion: "revises 应填写被本文件修订的旧版本的索引号；没有旧版本时删除 revises。"))
                } else {
                    let path = (cycle + [cycle[0]]).map { "\(model[$0].indexNo)" }.joined(separator: " → ")
                    let files = cycle.map { LinkageText.describe(model[$0], .revises) }.joined(separator: "、")
                    found.append(.error(
                        .revisionCycle, at: at,
                        "修订关系形成循环：\(path)（\(files)）。",
                        suggestion: "每个版本只能修订比它更早的版本：删除最早版本中的 revises。"))
                }
                continue
            }
            if let kept = model.revisedBy[older], kept != i {
                found.append(.error(
                    .revisionFork, at: at,
                    "“\(target)”同时被本文件和 \(LinkageText.describe(model[kept], .revises)) 修订：一个文件只能有一个新版本。",
                    suggestion: "修订链应依次相连：如果本文件修订的是后者，把 revises 改为“\(model[kept].indexNo)”。"))
            }
            if d.published < model[older].published {
                found.append(.error(
                    .revisionDateOrder, at: d.location(of: .published),
                    "本文件修订 \(LinkageText.describe(model[older], .published))，但发布日期\(d.published.chinese)早于被修订版本的\(model[older].published.chinese)。",
                    suggestion: "检查两个文件的发布日期，或 revises 是否颠倒：revises 应写在较新的版本中，指向较早的版本。"))
            }
        }
        return found
    }

    /// For every document on a cycle of `revises` links, the cycle it is on, starting from the
    /// document with the smallest position in the cycle's order of appearance.
    static func cycles(_ model: SiteModel) -> [Int: [Int]] {
        let next: [Int?] = model.documents.map { d in d.revises.flatMap { model.byIndexNo[$0] } }
        var state = Array(repeating: 0, count: next.count)  // 0 unseen, 1 on the current walk, 2 done
        var result: [Int: [Int]] = [:]
        for start in next.indices where state[start] == 0 {
            var walk: [Int] = []
            var cursor: Int? = start
            while let c = cursor, state[c] == 0 {
                state[c] = 1
                walk.append(c)
                cursor = next[c]
            }
            if let c = cursor, state[c] == 1, let from = walk.firstIndex(of: c) {
                let cycle = Array(walk[from...])
                for member in cycle { result[member] = cycle }
            }
            for w in walk { state[w] = 2 }
        }
        return result
    }
}

/// `repealed_by` must name an existing document (`repeal.unknown-target`, error).
public struct RepealRule: ContentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] {
        let model = input.model
        var found: [Diagnostic] = []
        for d in model.documents {
            guard let target = d.repealedBy, model.byIndexNo[target] == nil else { continue }
            found.append(.error(
                .repealUnknownTarget, at: d.location(of: .repealedBy),
                "废止文件“\(target)”不存在：没有文件使用这个索引号。",
                suggestion: LinkageText.indexSuggestion(target, model: model)
                    + "废止决定未在本平台公开的，删除 repealed_by，只保留 status: repealed。"))
        }
        return found
    }
}
