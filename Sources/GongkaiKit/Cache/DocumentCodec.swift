/// A decoded `Document` and the diagnostics its file gave, in the build cache's encoding
/// (`CacheWriter`): what `DecodeMemo` keeps so that an unchanged file is not read and decoded again.
///
/// Every field of `Document` is written; `DocumentCodecTests` round-trips documents with every
/// field set, so a field added to `Document` but not here fails a test instead of going missing.
enum DocumentCodec {
    /// A digest of every field but the body (what pages show of a document besides its text; see
    /// `PageInputs`).
    static func metadataDigest(_ document: Document) -> UInt64 {
        var w = CacheWriter(capacity: 512)
        encode(document, [], into: &w, body: false)
        return FastHash.hash(w.bytes)
    }

    /// `body`: false writes an empty body.
    static func encode(_ document: Document?, _ diagnostics: [Diagnostic], into w: inout CacheWriter, body: Bool = true) {
        w.int(diagnostics.count)
        for d in diagnostics { CachedReport.encode(d, &w) }
        w.bool(document != nil)
        guard let d = document else { return }
        w.string(d.contentPath)
        w.string(d.displayPath)
        w.string(d.title)
        w.string(d.indexNo.rawValue)
        w.int(d.category.components.count)
        for c in d.category.components { w.string(c) }
        w.optionalString(d.issuer)
        w.optionalString(d.docNo?.rawValue)
        date(d.written, &w)
        date(d.published, &w)
        date(d.effective, &w)
        date(d.expires, &w)
        w.optionalString(d.declaredStatus?.rawValue)
        strings(d.topics, &w)
        w.optionalString(d.revises?.rawValue)
        w.optionalString(d.repealedBy?.rawValue)
        strings(d.interprets.map(\.rawValue), &w)
        w.optionalString(d.form?.rawValue)
        w.optionalString(d.stage?.rawValue)
        w.int(d.attachments.count)
        for a in d.attachments {
            w.string(a.title)
            w.string(a.contentPath)
            w.string(a.fileName)
            location(a.location, &w)
        }
        w.int(d.waivers.count)
        for waiver in d.waivers {
            w.string(waiver.code.rawValue)
            w.string(waiver.reason)
            location(waiver.location, &w)
        }
        w.string(body ? d.body : "")
        w.int(d.bodyLine)
        let places = d.fieldLocations.raw
        w.int(places.count)
        for p in places { w.u64(UInt64(UInt32(bitPattern: p))) }
    }

    /// `storingBody`: the body is left where the reader reads it (`StoredText`), not made a `String`.
    /// `metadataDigest`: the document's, when known (`Document.metadataDigest`).
    static func decode(_ r: inout CacheReader, storingBody: Bool = false,
                       metadataDigest: UInt64? = nil) throws -> (Document?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        for _ in 0..<(try r.count(minimumSize: 50)) { diagnostics.append(try CachedReport.decodeDiagnostic(&r)) }
        guard try r.bool() else { return (nil, diagnostics) }
        let contentPath = try r.string(), displayPath = try r.string(), title = try r.string()
        let indexNo = IndexNumber(rawValue: try r.string())
        var components: [String] = []
        for _ in 0..<(try r.count(minimumSize: 8)) { components.append(try r.string()) }
        let issuer = try r.optionalString()
        let docNo = try r.optionalString().map(DocumentNumber.init(rawValue:))
        let written = try date(&r)
        guard let published = try date(&r) else { throw CacheReader.Corrupt() }
        let effective = try date(&r), expires = try date(&r)
        let status = try enumeration(DeclaredStatus.self, &r)
        let topics = try strings(&r)
        let revises = try r.optionalString().map(IndexNumber.init(rawValue:))
        let repealedBy = try r.optionalString().map(IndexNumber.init(rawValue:))
        let interprets = try strings(&r).map(IndexNumber.init(rawValue:))
        let form = try enumeration(InterpretationForm.self, &r)
        let stage = try enumeration(InterpretationStage.self, &r)
        var attachments: [Attachment] = []
        for _ in 0..<(try r.count(minimumSize: 48)) {
            attachments.append(Attachment(title: try r.string(), contentPath: try r.string(), fileName: try r.string(),
                                          location: try location(&r)))
        }
        var waivers: [Waiver] = []
        for _ in 0..<(try r.count(minimumSize: 40)) {
            waivers.append(Waiver(code: DiagnosticCode(rawValue: try r.string()), reason: try r.string(), location: try location(&r)))
        }
        var stored: StoredText?
        var body = ""
        if storingBody { stored = try r.storedText() } else { body = try r.string() }
        let bodyLine = try r.int()
        let count = try r.count(minimumSize: 8)
        // `FieldLocations` holds nothing or two numbers per field: anything else is not ours.
        guard count == 0 || count == 2 * Field.allCases.count else { throw CacheReader.Corrupt() }
        var places: [Int32] = []
        places.reserveCapacity(count)
        for _ in 0..<count {
            let v = try r.u64()
            guard v <= UInt64(UInt32.max) else { throw CacheReader.Corrupt() }
            places.append(Int32(bitPattern: UInt32(v)))
        }
        var locations = FieldLocations()
        locations.raw = places
        let document = Document(
            contentPath: contentPath, displayPath: displayPath, title: title, indexNo: indexNo, category: CategoryPath(components),
            issuer: issuer, docNo: docNo, written: written, published: published, effective: effective, expires: expires,
            declaredStatus: status, topics: topics, revises: revises, repealedBy: repealedBy, interprets: interprets,
            form: form, stage: stage, attachments: attachments, waivers: waivers, body: body, storedBody: stored, bodyLine: bodyLine,
            fieldLocations: locations, metadataDigest: metadataDigest)
        return (document, diagnostics)
    }

    private static func date(_ d: CalendarDate?, _ w: inout CacheWriter) {
        w.bool(d != nil)
        if let d { w.int(d.dayNumber) }
    }

    private static func date(_ r: inout CacheReader) throws -> CalendarDate? {
        guard try r.bool() else { return nil }
        let n = try r.int()
        guard abs(n) < 10_000_000 else { throw CacheReader.Corrupt() }
        return CalendarDate(dayNumber: n)
    }

    private static func strings(_ values: [String], _ w: inout CacheWriter) {
        w.int(values.count)
        for v in values { w.string(v) }
    }

    private static func strings(_ r: inout CacheReader) throws -> [String] {
        var out: [String] = []
        for _ in 0..<(try r.count(minimumSize: 8)) { out.append(try r.string()) }
        return out
    }

    private static func enumeration<E: RawRepresentable<String>>(_ type: E.Type, _ r: inout CacheReader) throws -> E? {
        guard let raw = try r.optionalString() else { return nil }
        guard let value = E(rawValue: raw) else { throw CacheReader.Corrupt() }
        return value
    }

    private static func location(_ l: SourceLocation, _ w: inout CacheWriter) {
        w.string(l.file)
        w.int(l.line)
        w.int(l.column)
    }

    private static func location(_ r: inout CacheReader) throws -> SourceLocation {
        SourceLocation(file: try r.string(), line: try r.int(), column: try r.int())
    }
}
