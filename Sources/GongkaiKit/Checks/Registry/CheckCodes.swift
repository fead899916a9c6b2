/// Codes of the content rules (`gongkai check`). Each is described in `RuleRegistry`.
extension DiagnosticCode {
    // meta.*
    public static let waiverWithoutReason: Self = "meta.waiver-without-reason"
    public static let waiverUnknownRule: Self = "meta.waiver-unknown-rule"
    public static let indexNumberFormat: Self = "meta.index-no-format"
    public static let docNoFormat: Self = "meta.doc-no-format"
    public static let docNoYear: Self = "meta.doc-no-year"
    public static let docNoDuplicate: Self = "meta.doc-no-duplicate"
    public static let writtenAfterPublished: Self = "meta.written-after-published"
    public static let effectiveAfterExpires: Self = "meta.effective-after-expires"

    // deadline.*
    public static let deadlineLate: Self = "deadline.late"
    public static let deadlineCalendarMissing: Self = "deadline.calendar-missing"
    public static let deadlineHolidaysInvalid: Self = "deadline.holidays-invalid"

    // pii.*
    public static let piiIDNumber: Self = "pii.id-number"
    public static let piiPhone: Self = "pii.phone"
    public static let piiBankCard: Self = "pii.bank-card"

    // secret.*
    public static let secretClassification: Self = "secret.classification"
    public static let secretInternal: Self = "secret.internal"
    public static let secretNotPublic: Self = "secret.not-public"
    public static let secretUserWord: Self = "secret.user-word"

    // wording.*
    public static let wordingTypo: Self = "wording.typo"
    public static let wordingPunctuation: Self = "wording.ascii-punctuation"
    public static let wordingFullwidthDigit: Self = "wording.fullwidth-digit"
    public static let wordingListInvalid: Self = "wording.list-invalid"

    // link.*
    public static let linkBroken: Self = "link.broken"
    public static let linkAnchor: Self = "link.anchor"
    public static let linkUnsafe: Self = "link.unsafe"
    public static let linkMalformed: Self = "link.malformed"

    // catalogue.*
    public static let catalogueEmpty: Self = "catalogue.empty"
    public static let catalogueStale: Self = "catalogue.stale"
    public static let catalogueUnknownRule: Self = "catalogue.unknown-rule"
    public static let catalogueCheckSetting: Self = "catalogue.check-setting"

    // stale.*
    public static let staleExpiredActive: Self = "stale.expired-active"
    public static let staleRetention: Self = "stale.retention"
}
