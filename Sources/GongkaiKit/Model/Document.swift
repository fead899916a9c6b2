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
    public var fieldLocations: FieldLocations

    public var isInterpretation: Bool { !interprets.isEmpty }

    /// The location of `field`, or of the front matter's start when the field is absent.
    public func location(of field: Field) -> SourceLocation {
        let at = fieldLocations[field] ?? (1, 1)
        return SourceLocation(file: displayPath, line: at.line, column: at.column)
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

/// Line and column of each front-matter field of one document (its file is the document's own):
/// one small array of numbers instead of a dictionary of `SourceLocation`s, which took about
/// 400 bytes more per document for the whole build (40 MB at 100,000 documents).
public struct FieldLocations: Sendable {
    /// Per field, in `Field.allCases` order: line and column; line 0 = not written.
    private var places: [Int32] = []

    public init() {}

    public subscript(field: Field) -> (line: Int, column: Int)? {
        get {
            let k = 2 * Self.index(field)
            guard k < places.count, places[k] != 0 else { return nil }
            return (Int(places[k]), Int(places[k + 1]))
        }
        set {
            let k = 2 * Self.index(field)
            if places.isEmpty { places = [Int32](repeating: 0, count: 2 * Field.allCases.count) }
            places[k] = Int32(clamping: newValue?.line ?? 0)
            places[k + 1] = Int32(clamping: newValue?.column ?? 0)
        }
    }

    /// The stored numbers as they are, for the build cache's codec (`DocumentCodec`).
    var raw: [Int32] {
        get { places }
        set { places = newValue }
    }

    private static let indices: [Field: Int] = Dictionary(uniqueKeysWithValues: Field.allCases.enumerated().map { ($1, $0) })

    private static func index(_ field: Field) -> Int { indices[field]! }
}
