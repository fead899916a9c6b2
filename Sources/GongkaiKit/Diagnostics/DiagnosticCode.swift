/// A stable, dotted code naming the rule behind a diagnostic (`meta.unknown-field`). Codes are part of
/// the tool's interface: CI scripts, waivers and severity overrides name them, so they never change.
public struct DiagnosticCode: RawRepresentable, Hashable, Sendable, Comparable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public var family: Substring { rawValue.split(separator: ".").first ?? "" }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

extension DiagnosticCode {
    // load.*: the files themselves
    public static let fileUnreadable: Self = "load.unreadable"
    public static let invalidUTF8: Self = "load.utf8"
    public static let missingFrontMatter: Self = "load.front-matter-missing"
    public static let unterminatedFrontMatter: Self = "load.front-matter-unterminated"
    public static let yamlSyntax: Self = "load.yaml"
    public static let notAMapping: Self = "load.not-a-mapping"
    public static let duplicateKey: Self = "load.duplicate-key"

    // catalogue.*: the catalogue file
    public static let catalogueMissing: Self = "catalogue.missing"
    public static let catalogueInvalid: Self = "catalogue.invalid"
    public static let catalogueUnknownKey: Self = "catalogue.unknown-key"
    public static let catalogueDuplicateID: Self = "catalogue.duplicate-id"
    public static let unknownCategory: Self = "catalogue.unknown-category"
    public static let categoryNotLeaf: Self = "catalogue.not-leaf"

    // meta.*: front matter fields
    public static let missingField: Self = "meta.missing-field"
    public static let unknownField: Self = "meta.unknown-field"
    public static let invalidValue: Self = "meta.invalid-value"
    public static let invalidDate: Self = "meta.invalid-date"
    public static let invalidIndexNumber: Self = "meta.index-no-invalid"
    public static let duplicateIndexNumber: Self = "meta.index-no-duplicate"

    // attachment.*: files attached to documents
    public static let attachmentOutsideContent: Self = "attachment.outside-content"
    public static let attachmentMissing: Self = "attachment.missing"
    public static let attachmentDuplicateName: Self = "attachment.duplicate-name"
}
