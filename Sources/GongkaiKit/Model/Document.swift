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
///
/// A value, like every type between the stages, but its fields live in one shared, immutable box:
/// stages read documents out of the model by value (`model[id]`) hundreds of thousands of times per
/// build, and copying some twenty strings and arrays field by field — a reference count up and down for each — was a visible share of a
/// rebuild at 100,000 documents. Copying a `Document` now counts one reference; changing a field
/// (rare after decoding) makes a new box.
public struct Document: Sendable {
    /// The fields themselves, as a plain value.
    private struct Fields: Sendable {
        var contentPath: String
        var displayPath: String
        var title: String
        var indexNo: IndexNumber
        var category: CategoryPath
        var issuer: String?
        var docNo: DocumentNumber?
        var written: CalendarDate?
        var published: CalendarDate
        var effective: CalendarDate?
        var expires: CalendarDate?
        var declaredStatus: DeclaredStatus?
        var topics: [String]
        var revises: IndexNumber?
        var repealedBy: IndexNumber?
        var interprets: [IndexNumber]
        var form: InterpretationForm?
        var stage: InterpretationStage?
        var attachments: [Attachment]
        var waivers: [Waiver]
        var body: String
        /// When set, the body is these bytes (and `body` is empty): see `StoredText`.
        var storedBody: StoredText? = nil
        /// `DocumentCodec.metadataDigest` of these fields, when the decode memo gave it.
        var metadataDigest: UInt64? = nil
        var bodyLine: Int
        var fieldLocations: FieldLocations
    }

    /// Immutable, so reading a field is a load (a class's `var` would be checked for exclusive
    /// access on every read); a change makes a new box.
    private final class Box: Sendable {
        let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    init(contentPath: String, displayPath: String, title: String, indexNo: IndexNumber, category: CategoryPath,
        issuer: String?, docNo: DocumentNumber?, written: CalendarDate?, published: CalendarDate,
        effective: CalendarDate?, expires: CalendarDate?, declaredStatus: DeclaredStatus?, topics: [String],
        revises: IndexNumber?, repealedBy: IndexNumber?, interprets: [IndexNumber], form: InterpretationForm?,
        stage: InterpretationStage?, attachments: [Attachment], waivers: [Waiver], body: String, storedBody: StoredText? = nil,
        bodyLine: Int, fieldLocations: FieldLocations, metadataDigest: UInt64? = nil) {
        box = Box(Fields(contentPath: contentPath, displayPath: displayPath, title: title, indexNo: indexNo,
            category: category, issuer: issuer, docNo: docNo, written: written, published: published,
            effective: effective, expires: expires, declaredStatus: declaredStatus, topics: topics, revises: revises,
            repealedBy: repealedBy, interprets: interprets, form: form, stage: stage, attachments: attachments,
            waivers: waivers, body: storedBody == nil ? body : "", storedBody: storedBody, metadataDigest: metadataDigest,
            bodyLine: bodyLine, fieldLocations: fieldLocations))
    }

    private mutating func change(_ edit: (inout Fields) -> Void) {
        var fields = box.fields
        edit(&fields)
        fields.metadataDigest = nil
        box = Box(fields)
    }

    /// Path relative to the content folder (`zcwj/gfxwj/2025-00012.md`).
    public var contentPath: String {
        get { box.fields.contentPath }
        set { change { $0.contentPath = newValue } }
    }
    /// Path as shown in messages (`content/zcwj/gfxwj/2025-00012.md`).
    public var displayPath: String {
        get { box.fields.displayPath }
        set { change { $0.displayPath = newValue } }
    }
    public var title: String {
        get { box.fields.title }
        set { change { $0.title = newValue } }
    }
    public var indexNo: IndexNumber {
        get { box.fields.indexNo }
        set { change { $0.indexNo = newValue } }
    }
    public var category: CategoryPath {
        get { box.fields.category }
        set { change { $0.category = newValue } }
    }
    public var issuer: String? {
        get { box.fields.issuer }
        set { change { $0.issuer = newValue } }
    }
    public var docNo: DocumentNumber? {
        get { box.fields.docNo }
        set { change { $0.docNo = newValue } }
    }
    public var written: CalendarDate? {
        get { box.fields.written }
        set { change { $0.written = newValue } }
    }
    public var published: CalendarDate {
        get { box.fields.published }
        set { change { $0.published = newValue } }
    }
    public var effective: CalendarDate? {
        get { box.fields.effective }
        set { change { $0.effective = newValue } }
    }
    public var expires: CalendarDate? {
        get { box.fields.expires }
        set { change { $0.expires = newValue } }
    }
    public var declaredStatus: DeclaredStatus? {
        get { box.fields.declaredStatus }
        set { change { $0.declaredStatus = newValue } }
    }
    public var topics: [String] {
        get { box.fields.topics }
        set { change { $0.topics = newValue } }
    }
    public var revises: IndexNumber? {
        get { box.fields.revises }
        set { change { $0.revises = newValue } }
    }
    public var repealedBy: IndexNumber? {
        get { box.fields.repealedBy }
        set { change { $0.repealedBy = newValue } }
    }
    public var interprets: [IndexNumber] {
        get { box.fields.interprets }
        set { change { $0.interprets = newValue } }
    }
    public var form: InterpretationForm? {
        get { box.fields.form }
        set { change { $0.form = newValue } }
    }
    public var stage: InterpretationStage? {
        get { box.fields.stage }
        set { change { $0.stage = newValue } }
    }
    public var attachments: [Attachment] {
        get { box.fields.attachments }
        set { change { $0.attachments = newValue } }
    }
    /// Rules this document waives for itself, with the written reason (`pii.phone: 12345热线…`).
    public var waivers: [Waiver] {
        get { box.fields.waivers }
        set { change { $0.waivers = newValue } }
    }
    /// The Markdown body, and the file line its first line is on.
    public var body: String {
        get { box.fields.storedBody?.string ?? box.fields.body }
        set { change { ($0.body, $0.storedBody) = (newValue, nil) } }
    }
    /// `DocumentCodec.metadataDigest(self)`: remembered with the decoded document in the decode memo,
    /// so that a rebuild does not encode every document again to key its pages (`PageInputs`).
    var metadataDigest: UInt64 { box.fields.metadataDigest ?? DocumentCodec.metadataDigest(self) }
    /// The document with its `metadataDigest` computed now and kept: a document decoded in a cached
    /// build is stored in the decode memo with it and keyed by it (`PageInputs`), computed once.
    func keepingMetadataDigest() -> Document {
        guard box.fields.metadataDigest == nil else { return self }
        var fields = box.fields
        fields.metadataDigest = DocumentCodec.metadataDigest(self)
        var copy = self
        copy.box = Box(fields)
        return copy
    }
    /// `FastHash` of the body's UTF-8 bytes, without making the body a `String` when it is stored.
    var bodyHash: UInt64 { box.fields.storedBody?.hash ?? FastHash.hash(box.fields.body) }
    /// The length of the body in UTF-8 bytes.
    var bodyUTF8Count: Int { box.fields.storedBody?.bytes.count ?? box.fields.body.utf8.count }
    /// `read` of the body's UTF-8 bytes (in place when they are stored).
    func withBodyUTF8<R>(_ read: (UnsafeRawBufferPointer) -> R) -> R {
        if let stored = box.fields.storedBody { return read(stored.bytes) }
        var body = box.fields.body
        return body.withUTF8 { read(UnsafeRawBufferPointer($0)) }
    }
    public var bodyLine: Int {
        get { box.fields.bodyLine }
        set { change { $0.bodyLine = newValue } }
    }
    /// Where each field was written, for messages from later stages.
    public var fieldLocations: FieldLocations {
        get { box.fields.fieldLocations }
        set { change { $0.fieldLocations = newValue } }
    }

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

/// Text kept as the UTF-8 bytes a cache file holds (`DecodeMemo`'s entries, hash-checked when read),
/// made into a `String` each time it is read. A rebuild takes 100,000 documents from the memo and
/// reads few of their bodies: the pages and checks of unchanged documents are kept by hashes. Making
/// every body a `String` up front meant copying and validating 250 MB of UTF-8, the larger part of
/// the decode stage, and holding the copies to the end of the build.
final class StoredText: @unchecked Sendable {
    /// Keeps `bytes` alive (the mapped file).
    private let owner: AnyObject & Sendable
    let bytes: UnsafeRawBufferPointer
    /// `FastHash.hash(bytes)`, taken when stored.
    let hash: UInt64

    init(_ bytes: UnsafeRawBufferPointer, owner: AnyObject & Sendable) {
        self.owner = owner
        self.bytes = bytes
        hash = FastHash.hash(bytes)
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
