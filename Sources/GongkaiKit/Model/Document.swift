/// A file attached to a document (附件).
public struct Attachment: Hashable, Sendable {
    public var title: String
    /// Path relative to the content folder, normalised (`zcwj/gfxwj/files/a.docx`).
    public var contentPath: String
    /// File name used in the site, next to the document's page.
    public var fileName: String
    public var location: SourceLocation
}

/// One document as the editor wrote it: typed front matter plus the Markdown body.
public struct Document: Sendable {
    /// Path relative to the content folder (`zcwj/gfxwj/2025-00012.md`).
    public var contentPath: String
    /// Path as shown in messages (`content/zcwj/gfxwj/2025-00012.md`).
    public var displayPath: String

    public var title: String
    public var indexNo: IndexNumber
    public var category: CategoryPath
    public var issuer: String?
    public var docNo: DocumentNumber?
    public var written: CalendarDate?
    public var published: CalendarDate
    public var effective: CalendarDate?
    public var expires: CalendarDate?
    public var declaredStatus: DeclaredStatus?
    public var topics: [String]
    public var revises: IndexNumber?
    public var repealedBy: IndexNumber?
    public var interprets: [IndexNumber]
    public var form: InterpretationForm?
    public var stage: InterpretationStage?
    public var attachments: [Attachment]
    /// Rules this document waives for itself, with the written reason (`pii.phone: 12345热线…`).
    public var waivers: [Waiver]

    /// The Markdown body, and the file line its first line is on.
    public var body: String
    public var bodyLine: Int

    /// Where each field was written, for messages from later stages.
    public var fieldLocations: [Field: SourceLocation]

    public var isInterpretation: Bool { !interprets.isEmpty }

    /// The location of `field`, or of the front matter's start when the field is absent.
    public func location(of field: Field) -> SourceLocation {
        fieldLocations[field] ?? SourceLocation(file: displayPath, line: 1, column: 1)
    }

    /// The location of a line inside the body (0-based line within the body).
    public func bodyLocation(line: Int, column: Int = 1) -> SourceLocation {
        SourceLocation(file: displayPath, line: bodyLine + line, column: column)
    }
}

/// A rule a document waives for itself (`waive: {pii.phone: 理由}`).
public struct Waiver: Hashable, Sendable {
    public var code: DiagnosticCode
    public var reason: String
    public var location: SourceLocation
}
