extension SiteModel {
    /// Whether the category of `id` asks for interpretations (`interpretation:` in the catalogue).
    public func interpretationPolicy(of id: DocumentID) -> InterpretationPolicy {
        catalogue[documents[id].category]?.interpretation ?? .none
    }

    /// How many days after `policy` the interpretation `interpretation` came out, when it is at stage
    /// 发布 and later than the policy's category allows (`interpretation_delay_days`, default 0: the
    /// same day); nil when on time or not at stage 发布.
    public func daysLate(interpretation: DocumentID, of policy: DocumentID) -> Int? {
        let i = documents[interpretation]
        let p = documents[policy]
        guard i.stage == .release else { return nil }
        let allowed = catalogue[p.category]?.interpretationDelayDays ?? 0
        let days = p.published.days(until: i.published)
        return days > allowed ? days : nil
    }
}
