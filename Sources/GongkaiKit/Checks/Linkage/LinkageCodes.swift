extension DiagnosticCode {
    // interp.*: policies and their interpretations (政策解读)
    /// `interprets` names an index number no document has.
    public static let interpretationUnknownTarget: Self = "interp.unknown-target"
    /// `interprets` names a document that is itself an interpretation (or the document itself).
    public static let interpretationTargetIsInterpretation: Self = "interp.target-is-interpretation"
    /// A document in an `interpretation: required` category has no interpretation (error).
    public static let interpretationMissing: Self = "interp.missing"
    /// A document in an `interpretation: recommended` category has no interpretation (warning).
    /// A code of its own so that `rules:` and `waive:` can treat the two cases apart.
    public static let interpretationRecommendedMissing: Self = "interp.recommended-missing"
    /// An interpretation at stage 发布 came out later than `interpretation_delay_days` after its policy.
    public static let interpretationLate: Self = "interp.late"
    /// `form` / `stage` without `interprets`, or `interprets` without `form`.
    public static let interpretationFields: Self = "interp.fields"

    // revision.*: chains of versions (`revises`)
    public static let revisionUnknownTarget: Self = "revision.unknown-target"
    /// Two documents revise the same one.
    public static let revisionFork: Self = "revision.fork"
    /// Following `revises` comes back to where it started.
    public static let revisionCycle: Self = "revision.cycle"
    /// A newer version was published before the version it revises.
    public static let revisionDateOrder: Self = "revision.date-order"

    // repeal.*: `repealed_by`
    public static let repealUnknownTarget: Self = "repeal.unknown-target"
}
