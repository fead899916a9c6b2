/// 栏目规范: a leaf category with no document must say why (`empty_reason:`, shown on its page as
/// 本栏目暂无信息); a category with `update_period_days` must have a document published within that
/// many days of the build date.
public struct CatalogueCoverageRule: ContentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] {
        let model = input.model
        let catalogue = model.catalogue
        var out: [Diagnostic] = []
        for path in catalogue.ordered {
            let c = catalogue[path]!
            let listing = model.listing[path] ?? []
            let trail = catalogue.names(along: path).joined(separator: " › ")
            if c.isLeaf, listing.isEmpty, (c.emptyReason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                out.append(RuleRegistry.info(.catalogueEmpty).at(c.location, "栏目“\(trail)”（\(path.dotted)）没有任何文件，也没有说明原因。",
                    suggestion: "发布该栏目的信息；确无信息的，在 catalogue.yaml 该栏目下写明原因，如：empty_reason: 本机关不涉及此类事项。"))
            }
            if let period = c.updatePeriodDays, period > 0, !(listing.isEmpty && c.emptyReason != nil) {
                // Listings are newest first.
                let newest = listing.first.map { model[$0].published }
                let overdue = newest.map { $0.days(until: model.today) > period } ?? true
                if overdue {
                    let since = newest.map { "最近一次发布是 \($0.iso)（\($0.days(until: model.today)) 天前）" } ?? "尚未发布任何文件"
                    out.append(RuleRegistry.info(.catalogueStale).at(c.location, "栏目“\(trail)”应每 \(period) 天至少更新一次，\(since)。",
                        suggestion: "发布该栏目的最新信息；如更新周期有变化，修改 catalogue.yaml 中的 update_period_days。"))
                }
            }
        }
        return out
    }
}
