/// 有效性 through time: when each document stopped being 现行有效 and why, so that validity can be
/// asked "as of" any date (the end of a report year), not only as of the build date.
///
/// When a document stops being 现行有效:
/// - revised (a newer version names it in `revises`): on the newer version's 发布日期 → 已修订;
/// - declared `status: repealed`: on the 发布日期 of its `repealed_by` document; without one, the day
///   after `expires`; without either, the date is unknown → 已废止;
/// - `expires` set: the day after `expires` → 已失效 (as the build does: expired once `expires` is
///   before the date);
/// - declared `expired` / `amended` with nothing that dates it: unknown.
/// An unknown date is taken as the build date, and such documents are listed on the report pages.
/// Asked at or after the build date, the answer is always the model's own derived validity.
public struct ValidityTimeline: Sendable {
    public struct End: Sendable, Equatable {
        /// The first day the document is no longer 现行有效.
        public var date: CalendarDate
        public var validity: Validity
        /// True when nothing in the content dates the change (the build date is used).
        public var undated: Bool
    }

    public let model: SiteModel
    /// Per document, nil while it is still 现行有效 for good.
    public let ends: [End?]

    public init(model: SiteModel) {
        self.model = model
        var ends: [End?] = []
        ends.reserveCapacity(model.documents.count)
        for id in model.documents.indices {
            ends.append(Self.end(of: id, in: model))
        }
        self.ends = ends
    }

    static func end(of id: SiteModel.DocumentID, in model: SiteModel) -> End? {
        let d = model[id]
        let today = model.today
        func dated(_ date: CalendarDate?, _ v: Validity) -> End {
            guard let date else { return End(date: today, validity: v, undated: true) }
            // Never before the document itself was published.
            return End(date: max(date, d.published), validity: v, undated: false)
        }
        if let newer = model.revisedBy[id] { return dated(model[newer].published, .amended) }
        if d.declaredStatus == .repealed {
            if let by = model.repealedBy[id] { return dated(model[by].published, .repealed) }
            return dated(d.expires?.adding(days: 1), .repealed)
        }
        if let e = d.expires, e < today { return dated(e.adding(days: 1), .expired) }
        switch model.validity[id] {
        case .active: return nil
        case let v: return dated(nil, v)
        }
    }

    /// The document's 有效性 on `date`; nil when it was not yet published.
    public func validity(of id: SiteModel.DocumentID, asOf date: CalendarDate) -> Validity? {
        guard model[id].published <= date else { return nil }
        if date >= model.today { return model.validity[id] }
        guard let end = ends[id], end.date <= date else { return .active }
        return end.validity
    }

    /// The year the document stopped being 现行有效, with the resulting validity.
    public func endYear(of id: SiteModel.DocumentID) -> (year: Int, validity: Validity, undated: Bool)? {
        guard let end = ends[id] else { return nil }
        // A future end (expires after the build date) has not happened yet.
        if end.date > model.today { return nil }
        return (end.date.year, end.validity, end.undated)
    }
}
