import Foundation

/// What the search index knows about one document.
public struct SearchDocument: Sendable {
    public var indexNo: String
    public var title: String
    public var docNo: String?
    public var issuer: String?
    /// Body text from cmark (`RenderedBody.plainText`).
    public var plainText: String
    /// `2025-06-05`
    public var published: String
    public var year: Int
    public var validity: Validity
    /// Category path (`zcwj.gfxwj`) and its display name (`政策文件 › 行政规范性文件`).
    public var category: String
    public var categoryName: String
    public var topics: [String]
    /// Site path of the document's page (`documents/X/index.html`).
    public var url: String

    init(indexNo: String, title: String, docNo: String?, issuer: String?, plainText: String, published: String,
         year: Int, validity: Validity, category: String, categoryName: String, topics: [String], url: String) {
        (self.indexNo, self.title, self.docNo, self.issuer, self.plainText) = (indexNo, title, docNo, issuer, plainText)
        (self.published, self.year, self.validity) = (published, year, validity)
        (self.category, self.categoryName, self.topics, self.url) = (category, categoryName, topics, url)
    }

    public init(model: SiteModel, id: SiteModel.DocumentID, plainText: String) {
        self.init(model: model, id: id, plainText: plainText, category: Self.category(model.catalogue, model[id].category))
    }

    /// `category`: the document's category as `category(_:_:)` gives it (the build works it out once
    /// per category, not once per document: `SearchCategories`).
    init(model: SiteModel, id: SiteModel.DocumentID, plainText: String, category: (path: String, name: String)) {
        let d = model[id]
        indexNo = d.indexNo.rawValue
        title = d.title
        docNo = d.docNo?.rawValue
        issuer = d.issuer
        self.plainText = plainText
        published = d.published.iso
        year = d.published.year
        validity = model.validity[id]
        (self.category, categoryName) = category
        topics = d.topics
        url = SitePaths.document(d.indexNo)
    }

    /// A category's path (`zcwj.gfxwj`) and display name (`政策文件 › 行政规范性文件`).
    static func category(_ catalogue: Catalogue, _ path: CategoryPath) -> (path: String, name: String) {
        (path.components.joined(separator: "."), path.lineage.map { catalogue[$0]?.name ?? "" }.joined(separator: " › "))
    }
}

/// Every category's `SearchDocument.category`, worked out once for a build.
struct SearchCategories: Sendable {
    private let catalogue: Catalogue
    private let byPath: [CategoryPath: (path: String, name: String)]

    init(_ catalogue: Catalogue) {
        self.catalogue = catalogue
        var byPath: [CategoryPath: (path: String, name: String)] = [:]
        for path in catalogue.ordered { byPath[path] = SearchDocument.category(catalogue, path) }
        self.byPath = byPath
    }

    subscript(_ path: CategoryPath) -> (path: String, name: String) {
        byPath[path] ?? SearchDocument.category(catalogue, path)
    }
}

/// A document made ready for the index by `SearchIndexBuilder.prepare` (on any thread).
public struct PreparedSearchDocument: Sendable {
    /// Normalised `title ␁ 发文字号 ␁ 发文机关 ␁ body` as code points.
    var text: [UInt32]
    /// End of title and 发文字号 in `text`.
    var headEnd: Int
    var docNoKey: String?
    /// `d/<id/1000>/<id>.json`.
    var resultFile: [UInt8]
    /// `FastHash` of `resultFile` (computed here, on all cores; the index version covers it).
    var resultHash: UInt64
    /// The document's facet values (its text dropped).
    var facets: SearchDocument
}

/// Builds the search index while the pages are rendered, one document at a time, and writes it
/// under `search/` at the end. Format: `docs/search-index.md`.
///
/// Every document's searchable text is `title ␁ 发文字号 ␁ 发文机关 ␁ body`, each part normalised by
/// `SearchNormaliser` (␁ = U+0001 never forms part of a gram). For every single character the index
/// keeps the list of documents containing it; for every pair of adjacent characters (bigram), the
/// documents and the positions. A query of one or two characters reads one document list; a longer
/// one intersects the lists of its bigrams and then proves contiguity from the positions of the
/// bigrams at offsets 0, 2, 4 … (AB at p and CD at p+2 is ABCD at p) — exact, no verification pass.
public final class SearchIndexBuilder: @unchecked Sendable {
    public static let folder = "search/"
    /// Doc-list entries between two position skip points.
    static let skip = 32
    static let perFolder = 1000
    /// Added to positions outside the title and 发文字号 (the client's `HEAD_LIMIT`).
    static let bodyBase = 65536

    private var documentCount = 0

    /// Documents per segment (`SearchSegments.swift`): `GramIndex.sampleSize`, smaller in tests.
    let segmentSize: Int
    /// Adding every document to one `GramIndex` instead of merging segments (the reference the
    /// segments are tested against).
    private let serial: Bool
    /// The segment being filled by `add` (in `serial` mode, the whole index), with ids from its start.
    private var segment: GramIndex
    private var segmentDocuments = 0
    /// The segments merged so far (a struct, so the hot loops run without dynamic exclusivity
    /// checks); made when segment 0 is merged, with its frequent bigrams.
    private var grams = GramIndex()
    private var segmentsMerged = 0
    /// The frequent bigrams, known once segment 0 is merged: the later segments are built with them.
    private(set) var frequent: Set<UInt64>?
    /// Their keys in order, for `frequentHash`.
    private(set) var frequentHash: UInt64 = 0

    // Facets, one column each (docs/search-index.md, `facets.bin`).
    private var yearRuns: [(value: UInt32, count: UInt32)] = []
    private var validityRuns: [(value: UInt32, count: UInt32)] = []
    private var categoryColumn: [UInt8] = []
    private var issuerColumn: [UInt8] = []
    private var topicColumn: [UInt8] = []
    private var categories = Vocabulary()
    private var issuers = Vocabulary()
    private var topics = Vocabulary()
    private var docNos: [(String, Int)] = []

    private var hasher = FNV64()

    /// With a build cache: what lets shard files be kept, and the index patched (`ShardPatch.swift`).
    private(set) var reuse: SearchIndexReuse?
    /// With `reuse`: the keys and shard digests of the segments added so far, in order.
    private var segmentKeys: [UInt64] = []
    private var segmentDigests: [[UInt64]] = []
    private var segmentsAdded = 0
    /// While the index may still be patched (`reuse` has the last build's index and every segment
    /// so far lines up with it): the segments added, not merged (a remembered one is only its place
    /// in the memo's mapped file), and which of them differ from the last build's.
    private var patching = false
    private var held: [HeldSegment] = []
    private var heldBuilt = 0
    private var changedSegments: [Int] = []
    /// Segments built this time (held in memory) beyond which the index is merged after all: so
    /// many changed segments change most shards, and memory stays flat.
    static let heldLimit = 4
    /// Processor seconds spent in `add` (the index's share of the per-document loop).
    public private(set) var addSeconds: Double = 0
    /// Processor seconds spent in `prepare` (summed over the threads that ran it).
    public var prepareSeconds: Double { prepareLock.withLock { preparing } }
    private let prepareLock = NSLock()
    private var preparing: Double = 0

    public convenience init() { self.init(segmentSize: GramIndex.sampleSize) }

    init(segmentSize: Int, serial: Bool = false) {
        self.segmentSize = segmentSize
        self.serial = serial
        segment = GramIndex(sampleSize: segmentSize)
    }

    /// The per-document work that does not depend on other documents (normalisation, the result
    /// file): pure, so it runs on all cores; `add` then takes the results in id order.
    public static func prepare(_ doc: SearchDocument) -> PreparedSearchDocument {
        let (text, headEnd) = searchText(doc)
        let resultFile = resultFile(doc)
        var facets = doc
        facets.plainText = ""
        return PreparedSearchDocument(text: text, headEnd: headEnd, docNoKey: docNoKey(doc), resultFile: resultFile,
                                      resultHash: FastHash.hash(resultFile), facets: facets)
    }

    /// The normalised `title ␁ 发文字号 ␁ 发文机关 ␁ body` and the end of title and 发文字号 in it.
    static func searchText(_ doc: SearchDocument) -> (text: [UInt32], headEnd: Int) {
        searchText(title: doc.title, docNo: doc.docNo, issuer: doc.issuer, plainText: doc.plainText)
    }

    /// The same from the fields themselves (as a result file shows them: a missing 发文字号 or
    /// 发文机关 as "", which normalises to nothing, as nil does).
    static func searchText(title: String, docNo: String?, issuer: String?, plainText: String) -> (text: [UInt32], headEnd: Int) {
        var text: [UInt32] = []
        text.reserveCapacity(plainText.utf8.count / 2 + title.utf8.count + 64)
        SearchNormaliser.normalise(title, into: &text)
        text.append(1)
        if let n = docNo { SearchNormaliser.normalise(n, into: &text) }
        let headEnd = text.count
        text.append(1)
        if let s = issuer { SearchNormaliser.normalise(s, into: &text) }
        text.append(1)
        SearchNormaliser.normalise(plainText, into: &text)
        return (text, headEnd)
    }

    /// `d/<id/1000>/<id>.json`: what a result shows.
    static func resultFile(_ doc: SearchDocument) -> [UInt8] {
        JSON.objectBytes([
            ("i", doc.indexNo), ("t", doc.title), ("n", doc.docNo ?? ""), ("s", doc.issuer ?? ""), ("p", doc.published),
            ("v", doc.validity.chineseName), ("w", doc.validity.rawValue), ("c", doc.categoryName), ("u", doc.url),
            ("b", doc.plainText),
        ])
    }

    /// A document as the build hands it to the index: its facets (text dropped), the key of its
    /// searchable text (`SearchSegmentMemo.textKey`), its 发文字号 key and its result file's hash.
    struct Recorded: Sendable {
        var facets: SearchDocument
        var textKey: UInt64
        var docNoKey: String?
        var resultHash: UInt64
    }

    /// Writes the result file of document `id` — or, with a memo (`keep`: the writer's `keptHash`
    /// and the rendering epoch), keeps the previous build's when its key (every field it shows,
    /// and the epoch) is unchanged, without making it — and returns what the index keeps of the
    /// document. Safe on any thread. The document comes without its body text (`doc.plainText` is
    /// ignored): the text's hash says whether it changed, and `text` gives it when the result file
    /// must be made.
    func result(_ doc: SearchDocument, id: Int, textHash: UInt64, text: () -> String,
                keep: (epoch: UInt64, writer: SiteWriter)?, _ emit: (OutputItem) throws -> Void) throws -> Recorded {
        let started = ThreadClock.nanoseconds()
        defer {
            let nanoseconds = ThreadClock.nanoseconds() - started
            BuildProfile.add(.searchPrepare, nanoseconds: nanoseconds)
            prepareLock.withLock { preparing += Double(nanoseconds) / 1e9 }
        }
        let textKey = SearchSegmentMemo.textKey(doc, textHash: textHash)
        let path = Self.documentPath(id)
        var resultHash: UInt64
        if let keep, let kept = keep.writer.keptHash(path, key: Self.resultKey(doc, textKey: textKey, epoch: keep.epoch)) {
            resultHash = kept
        } else {
            var full = doc
            full.plainText = text()
            let bytes = Self.resultFile(full)
            resultHash = FastHash.hash(bytes)
            try emit(.file(path: path, bytes: bytes))
        }
        var facets = doc
        facets.plainText = ""
        return Recorded(facets: facets, textKey: textKey, docNoKey: Self.docNoKey(doc), resultHash: resultHash)
    }

    /// Everything a result file shows (never 0, the writer's "no key").
    static func resultKey(_ doc: SearchDocument, textKey: UInt64, epoch: UInt64) -> UInt64 {
        var sum = HashAccumulator()
        sum.add("search result")
        sum.add(epoch)
        sum.add(textKey)
        for field in [doc.indexNo, doc.published, doc.validity.rawValue, doc.categoryName, doc.url] { sum.add(field) }
        return sum.digest | 1
    }

    /// `searchText`, timed as preparation (safe on any thread).
    func timedSearchText(_ doc: SearchDocument) -> (text: [UInt32], headEnd: Int) {
        let started = ThreadClock.nanoseconds()
        defer {
            let nanoseconds = ThreadClock.nanoseconds() - started
            BuildProfile.add(.searchPrepare, nanoseconds: nanoseconds)
            prepareLock.withLock { preparing += Double(nanoseconds) / 1e9 }
        }
        return Self.searchText(doc)
    }

    /// Builds the next segment of normalised texts (the index thread's work), timed as adding.
    func buildSegment(_ texts: [(text: [UInt32], headEnd: Int)]) -> [UInt8] {
        let started = ThreadClock.nanoseconds()
        defer {
            let nanoseconds = ThreadClock.nanoseconds() - started
            BuildProfile.add(.searchAdd, nanoseconds: nanoseconds)
            addSeconds += Double(nanoseconds) / 1e9
        }
        return GramIndex.segment(texts, frequent: frequent, sampleSize: segmentSize)
    }

    /// Indexes one document (ids must come in order 0, 1, 2 …) and emits its result file
    /// (metadata and text for the snippet).
    public func add(_ doc: SearchDocument, _ emit: (OutputItem) throws -> Void) throws {
        try add(Self.prepare(doc), emit)
    }

    /// Indexes one prepared document (ids must come in order 0, 1, 2 …) and emits its result file.
    public func add(_ doc: PreparedSearchDocument, _ emit: (OutputItem) throws -> Void) throws {
        let started = ThreadClock.nanoseconds()
        defer {
            let nanoseconds = ThreadClock.nanoseconds() - started
            BuildProfile.add(.searchAdd, nanoseconds: nanoseconds)
            addSeconds += Double(nanoseconds) / 1e9
        }
        let id = documentCount
        segment.add(doc.text, id: Int32(serial ? id : segmentDocuments), headEnd: doc.headEnd)
        segmentDocuments += 1
        record(doc.facets, docNoKey: doc.docNoKey, resultHash: doc.resultHash)
        try emit(.file(path: Self.documentPath(id), bytes: doc.resultFile))
        if !serial && segmentDocuments == segmentSize { try closeSegment() }
    }

    /// What the index keeps of document `documentCount` besides its grams: facets, 发文字号 and the
    /// hash of its result file (for the version). With `addSegment`, the way to add documents whose
    /// segment is built elsewhere: every document of a segment recorded, then the segment added.
    func record(_ facets: SearchDocument, docNoKey: String?, resultHash: UInt64) {
        let id = documentCount
        documentCount += 1
        if let key = docNoKey { docNos.append((key, id)) }
        addFacets(facets)
        Self.addResult(id: id, hash: resultHash, to: &hasher)
    }

    // The index's version (`meta.json`) is FNV over every result file's path and hash in id order,
    // then every shard's paths and hashes, then the facet and 发文字号 files' paths and bytes.

    /// Adds result file `id`'s path and hash to the version: the bytes of `documentPath(id)` and of
    /// the hash, without making the path or an array for each of a large site's documents.
    static func addResult(id: Int, hash: UInt64, to hasher: inout FNV64) {
        hasher.add(folder)
        hasher.add("d/")
        hasher.add(decimal: id / perFolder)
        hasher.add("/")
        hasher.add(decimal: id)
        hasher.add(".json")
        hasher.add(littleEndian: hash)
    }

    /// Adds shard `s`'s gram and position files' paths and hashes to the version.
    static func addShard(_ s: Int, gram: UInt64, position: UInt64, to hasher: inout FNV64) {
        hasher.add(gramShardPath(s))
        hasher.add(littleEndian: gram)
        hasher.add(positionShardPath(s))
        hasher.add(littleEndian: position)
    }

    /// Adds a file written after the shards to the version: its path and bytes.
    static func addFile(_ path: String, _ bytes: [UInt8], to hasher: inout FNV64) {
        hasher.add(path)
        hasher.add(bytes)
    }

    /// The 发文字号 key of a document (as `prepare` makes it).
    public static func docNoKey(_ doc: SearchDocument) -> String? {
        guard let n = doc.docNo else { return nil }
        let key = SearchNormaliser.normalise(n)
        return key.isEmpty ? nil : string(key)
    }

    /// Builds the segment of prepared documents (its grams only; pure, any thread): segment 0 when
    /// `frequent` is nil, a later one with the frequent bigrams of segment 0.
    static func segment(_ docs: [PreparedSearchDocument], frequent: Set<UInt64>?,
                               segmentSize: Int = GramIndex.sampleSize) -> [UInt8] {
        GramIndex.segment(docs.map { ($0.text, $0.headEnd) }, frequent: frequent, sampleSize: segmentSize)
    }

    /// Merges the next segment (encoded by `segment`, or remembered from the last build) after the
    /// documents of it were recorded (`record`). Throws when the encoding is damaged.
    func addSegment(_ encoded: UnsafeRawBufferPointer) throws {
        let started = ThreadClock.nanoseconds()
        defer {
            let nanoseconds = ThreadClock.nanoseconds() - started
            BuildProfile.add(.searchAdd, nanoseconds: nanoseconds)
            addSeconds += Double(nanoseconds) / 1e9
        }
        precondition(reuse == nil, "with a memo, segments come with their keys")
        try checkNext(encoded)
        segmentsAdded += 1
        try mergeSegment(encoded)
    }

    /// With a build cache (before the first segment): keeps shard files by their keys, and with
    /// `reuse.base` holds the segments back for patching (`finish`).
    func use(_ reuse: SearchIndexReuse) {
        precondition(segmentsAdded == 0 && !serial)
        self.reuse = reuse
        patching = reuse.base != nil
    }

    /// Adds the next segment with its memo key (`SearchSegmentMemo.key`) after its documents were
    /// recorded: its shard digests are taken from the memo (or worked out, and remembered); it is
    /// merged now, or held while the index may still be patched. Throws when the encoding is damaged.
    func addSegment(_ segment: HeldSegment, key: UInt64) throws {
        let started = ThreadClock.nanoseconds()
        defer {
            let nanoseconds = ThreadClock.nanoseconds() - started
            BuildProfile.add(.searchAdd, nanoseconds: nanoseconds)
            addSeconds += Double(nanoseconds) / 1e9
        }
        guard let reuse else {
            return try segment.withBytes { encoded in
                try checkNext(encoded)
                segmentsAdded += 1
                try mergeSegment(encoded)
            }
        }
        try segment.withBytes { encoded in
            try checkNext(encoded)
            let digests = try reuse.memo.digests(key) ?? ShardDigests.of(encoded)
            reuse.memo.keep(SearchSegmentMemo.digestKey(key), ShardDigests.encode(digests))
            segmentKeys.append(key)
            segmentDigests.append(digests)
        }
        let i = segmentsAdded
        segmentsAdded += 1
        guard patching, let base = reuse.base else { return try segment.withBytes { try mergeSegment($0) } }
        held.append(segment)
        if case .built = segment { heldBuilt += 1 }
        if i < base.segments.count && key != base.segments[i] { changedSegments.append(i) }
        if i >= base.segments.count || frequentHash != base.frequentHash || heldBuilt > Self.heldLimit { try mergeHeld() }
    }

    /// Checks the header of the next segment (its documents the last ones recorded), and takes the
    /// frequent bigrams from segment 0.
    private func checkNext(_ encoded: UnsafeRawBufferPointer) throws {
        precondition(!serial && segmentDocuments == 0, "segments are added whole")
        let (documents, chosen) = try GramIndex.segmentHeader(encoded)
        guard documents > 0, documents <= segmentSize, documentCount - documents == segmentsAdded * segmentSize
        else { throw CacheReader.Corrupt() }
        if segmentsAdded == 0 {
            let keys = Set(chosen)
            frequent = keys
            var sum = HashAccumulator()
            for k in keys.sorted() { sum.add(k) }
            frequentHash = sum.digest
        }
    }

    /// Merges the next segment into the index (its header checked by `checkNext`).
    private func mergeSegment(_ encoded: UnsafeRawBufferPointer) throws {
        if segmentsMerged == 0 { grams = GramIndex(frequent: frequent ?? []) }
        try grams.merge(encoded, first: Int32(segmentsMerged * segmentSize))
        segmentsMerged += 1
    }

    /// Gives up patching: merges the segments held so far.
    private func mergeHeld() throws {
        patching = false
        for h in held { try h.withBytes { try mergeSegment($0) } }
        held = []
        heldBuilt = 0
    }

    /// Encodes and merges the segment `add` filled.
    private func closeSegment() throws {
        var encoded = segment.encodedSegment(documents: segmentDocuments)
        segmentDocuments = 0
        try encoded.withUnsafeBytes { try addSegment($0) }
        encoded = []
        segment = GramIndex(sampleSize: segmentSize, frequent: frequent)
    }

    static func documentPath(_ id: Int) -> String { "\(folder)d/\(id / perFolder)/\(id).json" }

    private func addFacets(_ doc: SearchDocument) {
        Self.extend(&yearRuns, UInt32(max(0, doc.year)))
        Self.extend(&validityRuns, UInt32(Validity.allCases.firstIndex(of: doc.validity)!))
        Varint.append(UInt32(categories.id(doc.category, label: doc.categoryName)), to: &categoryColumn)
        Varint.append(doc.issuer.map { UInt32(issuers.id($0, label: $0) + 1) } ?? 0, to: &issuerColumn)
        var ids: [Int] = []
        for topic in doc.topics {
            let id = topics.id(topic, label: topic)
            if !ids.contains(id) { ids.append(id) }
        }
        ids.sort()
        Varint.append(UInt32(ids.count), to: &topicColumn)
        for t in ids { Varint.append(UInt32(t), to: &topicColumn) }
    }

    /// Run-length coding: years follow the document order (newest first), validity is mostly one value.
    private static func extend(_ runs: inout [(value: UInt32, count: UInt32)], _ value: UInt32) {
        if let last = runs.last, last.value == value { runs[runs.count - 1].count += 1 } else { runs.append((value, 1)) }
    }

    /// `facets/<name>.bin`, one file per filter group, so that opening one group of the filter panel
    /// fetches one column: year and validity as runs, category, issuer and topics one entry per document.
    private func facetFiles() -> [(name: String, bytes: [UInt8])] {
        func runs(_ runs: [(value: UInt32, count: UInt32)]) -> [UInt8] {
            var out: [UInt8] = []
            Varint.append(UInt32(runs.count), to: &out)
            for r in runs { Varint.append(r.value, to: &out); Varint.append(r.count, to: &out) }
            return out
        }
        let files = [("year", runs(yearRuns)), ("validity", runs(validityRuns)), ("category", categoryColumn),
                     ("issuer", issuerColumn), ("topic", topicColumn)]
        assert(files.map(\.0) == Self.facetNames)
        return files
    }

    /// The facet files' names, in the order they are written.
    static let facetNames = ["year", "validity", "category", "issuer", "topic"]

    /// Writes the gram shards, position shards, facets, 发文字号 table and `meta.json`.
    public func finish(_ emit: (OutputItem) throws -> Void) throws {
        if serial {
            grams = segment
            segment = GramIndex()
        } else if segmentDocuments > 0 {
            try closeSegment()
        }
        if patching {
            if try finishPatched(emit) { return }
            try mergeHeld()
        }
        grams.freeze()
        var totalListBytes = 0
        for lists in [grams.uniDocs, grams.biDocs, grams.triDocs, grams.quadDocs] {
            for l in 0..<lists.lists { totalListBytes += lists.count(l) }
        }
        let shards = Self.shardCount(totalListBytes)

        // Every gram, with its UTF-8 bytes, grouped by shard and sorted by bytes within it.
        enum Kind { case unigram, bigram, trigram, fourgram }
        struct GramRef { var bytes: [UInt8]; var kind: Kind; var index: Int }
        // UTF-8 written directly from the scalars (a String per gram cost more than the rest of `finish`).
        func utf8(_ a: UInt32, _ b: UInt32? = nil, _ c: UInt32? = nil, _ d: UInt32? = nil) throws -> [UInt8] {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(16)
            try UTF8Scalars.append(a, to: &bytes)
            if let b { try UTF8Scalars.append(b, to: &bytes) }
            if let c { try UTF8Scalars.append(c, to: &bytes) }
            if let d { try UTF8Scalars.append(d, to: &bytes) }
            return bytes
        }
        func pair(_ b: UInt64) -> (UInt32, UInt32) {
            let k = grams.biKey[Int(b)]
            return (UInt32(k >> 32), UInt32(k & 0xFFFF_FFFF))
        }
        var byShard = [[GramRef]](repeating: [], count: shards)
        for (i, c) in grams.uniKey.enumerated() {
            let bytes = try utf8(c)
            byShard[Int(FNV32.hash(bytes)) & (shards - 1)].append(GramRef(bytes: bytes, kind: .unigram, index: i))
        }
        for (i, k) in grams.biKey.enumerated() {
            let bytes = try utf8(UInt32(k >> 32), UInt32(k & 0xFFFF_FFFF))
            byShard[Int(FNV32.hash(bytes)) & (shards - 1)].append(GramRef(bytes: bytes, kind: .bigram, index: i))
        }
        for (i, k) in grams.triKey.enumerated() {
            let (a, b) = pair(k >> 32)
            let bytes = try utf8(a, b, UInt32(k & 0xFFFF_FFFF))
            byShard[Int(FNV32.hash(bytes)) & (shards - 1)].append(GramRef(bytes: bytes, kind: .trigram, index: i))
        }
        for (i, k) in grams.quadKey.enumerated() {
            let (a, b) = pair(k >> 32), (c, d) = pair(k & 0xFFFF_FFFF)
            let bytes = try utf8(a, b, c, d)
            byShard[Int(FNV32.hash(bytes)) & (shards - 1)].append(GramRef(bytes: bytes, kind: .fourgram, index: i))
        }
        // Shards are independent: encoded and written on all cores; the version takes their hashes in order.
        // With a memo, a shard whose key is the one its published file was written under is kept.
        let index = grams
        let groups = byShard
        let keys = reuse != nil && segmentDigests.count == segmentsMerged
            ? ShardDigests.keys(segmentDigests, shards: shards, base: shardKeyBase(shards)) : nil
        let writer = reuse?.writer
        let hashes = try Parallel.map(shards, grain: 4) { s -> (UInt64, UInt64) in
            if let keys, let writer {
                let files = [(Self.gramShardPath(s), keys[s]), (Self.positionShardPath(s), ShardDigests.positionKey(keys[s]))]
                if let kept = writer.keepAllByKey(files) { return (kept[0], kept[1]) }
                for (path, key) in files { writer.expectKey(path, key: key) }
            }
            let sorted = groups[s].sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
            var list: [UInt8] = []
            var positions: [UInt8] = []
            for g in sorted {
                Varint.append(UInt32(g.bytes.count), to: &list)
                list += g.bytes
                switch g.kind {
                case .bigram:
                    Varint.append(UInt32(index.bi[g.index].df), to: &list)
                    Varint.append(UInt32(index.biDocs.count(g.index)), to: &list)
                    index.biDocs.copy(g.index, into: &list)
                    Varint.append(UInt32(positions.count), to: &list)
                    Varint.append(UInt32(index.biPos.count(g.index)), to: &list)
                    let skips = index.biSkips[g.index]
                    Varint.append(UInt32(skips.count), to: &list)
                    var previous: UInt32 = 0
                    for o in skips { Varint.append(o - previous, to: &list); previous = o }
                    index.biPos.copy(g.index, into: &positions)
                    list.append(index.bi[g.index].frequent ? 1 : 0)
                case .unigram:
                    Varint.append(UInt32(index.uni[g.index].df), to: &list)
                    Varint.append(UInt32(index.uniDocs.count(g.index)), to: &list)
                    index.uniDocs.copy(g.index, into: &list)
                case .trigram:
                    Varint.append(UInt32(index.tri[g.index].df), to: &list)
                    Varint.append(UInt32(index.triDocs.count(g.index)), to: &list)
                    index.triDocs.copy(g.index, into: &list)
                case .fourgram:
                    Varint.append(UInt32(index.quad[g.index].df), to: &list)
                    Varint.append(UInt32(index.quadDocs.count(g.index)), to: &list)
                    index.quadDocs.copy(g.index, into: &list)
                }
            }
            try emit(.file(path: Self.gramShardPath(s), bytes: list))
            try emit(.file(path: Self.positionShardPath(s), bytes: positions))
            return (FastHash.hash(list), FastHash.hash(positions))
        }
        try finishFiles(shardHashes: hashes, listBytes: totalListBytes, emit)
    }

    static func gramShardPath(_ s: Int) -> String { "\(folder)g/\(s).bin" }
    static func facetPath(_ name: String) -> String { "\(folder)facets/\(name).bin" }
    static func numberShardPath(_ s: Int) -> String { "\(folder)n/\(s).json" }
    static func positionShardPath(_ s: Int) -> String { "\(folder)p/\(s).bin" }
    static let metaPath = "\(folder)meta.json"

    /// What every shard's key depends on besides its slots' digests (`ShardDigests.keys`).
    private func shardKeyBase(_ shards: Int) -> UInt64 {
        var sum = HashAccumulator()
        sum.add("gongkai search shard")
        sum.add(reuse?.memo.program ?? 0)
        sum.add(SearchSegmentMemo.formatVersion)
        sum.add(UInt64(segmentSize))
        sum.add(UInt64(shards))
        sum.add(frequentHash)
        return sum.digest
    }

    /// `finish` when every segment lines up with the last build's: the shards whose keys changed
    /// are patched from their published files and the changed segments, every other shard file is
    /// kept. False — nothing written or kept — when that cannot be done (a file or a memo entry
    /// missing or damaged, the shard count changed): then the segments are merged after all.
    private func finishPatched(_ emit: (OutputItem) throws -> Void) throws -> Bool {
        guard let reuse, let base = reuse.base, segmentsAdded == base.segments.count, documentCount == base.documents,
            frequentHash == base.frequentHash, segmentDigests.count == segmentsAdded, held.count == segmentsAdded
        else { return false }
        let shards = base.shards
        var oldDigests = segmentDigests
        for k in changedSegments {
            guard let d = reuse.memo.digests(base.segments[k]) else { return false }
            oldDigests[k] = d
        }
        let keyBase = shardKeyBase(shards)
        let keys = ShardDigests.keys(segmentDigests, shards: shards, base: keyBase)
        let oldKeys = changedSegments.isEmpty ? keys : ShardDigests.keys(oldDigests, shards: shards, base: keyBase)
        var wanted = [Bool](repeating: false, count: shards)
        let changedShards = (0..<shards).filter { keys[$0] != oldKeys[$0] }
        for s in changedShards { wanted[s] = true }
        // The changed segments' grams of the changed shards, and their documents' ids.
        var grams = [[ChangedGram]](repeating: [], count: shards)
        var changed: [Range<UInt32>] = []
        do {
            for k in changedSegments {
                let first = k * segmentSize
                changed.append(UInt32(first)..<UInt32(min(first + segmentSize, documentCount)))
                try held[k].withBytes { try ShardPatch.collect($0, index: k, first: first, shards: shards, wanted: wanted, into: &grams) }
            }
        } catch {
            return false
        }
        let writer = reuse.writer, frequent = self.frequent ?? [], collected = grams, ranges = changed
        let patched = Parallel.map(changedShards.count, grain: 1) { j -> (g: [UInt8], p: [UInt8], listDelta: Int)? in
            let s = changedShards[j]
            guard let g = writer.publishedBytes(Self.gramShardPath(s), key: oldKeys[s]),
                let p = writer.publishedBytes(Self.positionShardPath(s), key: ShardDigests.positionKey(oldKeys[s]))
            else { return nil }
            return try? ShardPatch.patch(g: g, p: p, changed: ranges, grams: ShardPatch.sortedAndJoined(collected[s]), frequent: frequent)
        }
        var listBytes = base.listBytes
        for r in patched {
            guard let r else { return false }
            listBytes += r.listDelta
        }
        guard Self.shardCount(listBytes) == shards else { return false }
        var unchanged: [(path: String, key: UInt64)] = []
        unchanged.reserveCapacity(2 * (shards - changedShards.count))
        for s in 0..<shards where !wanted[s] {
            unchanged.append((Self.gramShardPath(s), keys[s]))
            unchanged.append((Self.positionShardPath(s), ShardDigests.positionKey(keys[s])))
        }
        guard let kept = writer.keepAllByKey(unchanged) else { return false }
        // Decided: nothing above wrote or kept anything.
        var hashes = [(UInt64, UInt64)](repeating: (0, 0), count: shards)
        var k = 0
        for s in 0..<shards where !wanted[s] {
            hashes[s] = (kept[k], kept[k + 1])
            k += 2
        }
        for (j, s) in changedShards.enumerated() {
            let r = patched[j]!
            writer.expectKey(Self.gramShardPath(s), key: keys[s])
            writer.expectKey(Self.positionShardPath(s), key: ShardDigests.positionKey(keys[s]))
            try emit(.file(path: Self.gramShardPath(s), bytes: r.g))
            try emit(.file(path: Self.positionShardPath(s), bytes: r.p))
            hashes[s] = (FastHash.hash(r.g), FastHash.hash(r.p))
        }
        patching = false
        held = []
        patchedShards = changedShards.count
        try finishFiles(shardHashes: hashes, listBytes: listBytes, emit)
        return true
    }

    /// The shard count and the document lists' bytes (`shardCount`'s argument) of the finished index.
    private(set) var finishedShards = 0
    private(set) var finishedListBytes = 0

    /// Segment 0's frequent bigrams (empty before it is added).
    var frequentKeys: [UInt64] { (frequent ?? []).sorted() }

    /// Shards patched by the last `finish` (nil: the index was merged).
    private(set) var patchedShards: Int?

    /// The files after the shards (`shardHashes`: each shard's gram and position file's `FastHash`):
    /// facets, 发文字号 table and `meta.json`; with a memo, the index's state is remembered under the
    /// key `meta.json` is recorded with.
    private func finishFiles(shardHashes hashes: [(UInt64, UInt64)], listBytes: Int, _ emit: (OutputItem) throws -> Void) throws {
        let shards = hashes.count
        (finishedShards, finishedListBytes) = (shards, listBytes)
        for (s, (g, p)) in hashes.enumerated() { Self.addShard(s, gram: g, position: p, to: &hasher) }

        for (name, bytes) in facetFiles() { try put(Self.facetPath(name), bytes, emit) }

        // 发文字号 → documents, sharded by the hash of the normalised number.
        let numberShards = Self.numberShardCount(documentCount)
        var numbers = [[TextKey: [Int]]](repeating: [:], count: numberShards)
        for (key, id) in docNos {
            numbers[Int(FNV32.hash(Array(key.utf8))) & (numberShards - 1)][TextKey(key), default: []].append(id)
        }
        for (s, table) in numbers.enumerated() {
            let json = JSON.object(Self.stringOrder(table.map { (key: $0.key.text, ids: $0.value) }).map { ($0.key, JSON.array($0.ids.map(String.init))) })
            try put(Self.numberShardPath(s), Array(json.utf8), emit)
        }

        let meta = JSON.object([
            ("format", "2"),
            ("version", JSON.string(String(hasher.value, radix: 16))),
            ("documents", String(documentCount)),
            ("shards", String(shards)),
            ("numberShards", String(numberShards)),
            ("skip", String(Self.skip)),
            ("perFolder", String(Self.perFolder)),
            ("validity", JSON.array(Validity.allCases.map { JSON.string($0.chineseName) })),
            ("categories", JSON.array(categories.labels.map(JSON.string))),
            ("issuers", JSON.array(issuers.labels.map(JSON.string))),
            ("topics", JSON.array(topics.labels.map(JSON.string))),
        ])
        if let reuse, segmentKeys.count == segmentsAdded {
            let state = SearchIndexState(program: reuse.memo.program, segmentSize: segmentSize, documents: documentCount,
                                         shards: shards, listBytes: listBytes, frequentHash: frequentHash, segments: segmentKeys)
            reuse.memo.keep(state.key, state.encoded)
            reuse.writer.expectKey(Self.metaPath, key: state.key)
        }
        try emit(.file(path: Self.metaPath, bytes: Array(meta.utf8)))
    }

    /// Gram shards: a power of two giving about 16 KB of document lists per shard.
    static func shardCount(_ listBytes: Int) -> Int {
        var s = 1
        while s < 4096 && listBytes / s > 16 * 1024 { s *= 2 }
        return s
    }

    /// `entries` sorted by key as `TextKey.shownBefore` orders names. Sorted by bytes first, which is the same order for the normalised keys the index makes and
    /// costs a fraction (comparing Chinese text as strings normalises it at each step: most of
    /// `finishFiles` for a large site's 发文字号); one walk confirms it, else the strings' sort.
    static func stringOrder<Value>(_ entries: [(key: String, ids: Value)]) -> [(key: String, ids: Value)] {
        let byBytes = entries.sorted { ByteOrder.less($0.key, $1.key) }
        if byBytes.indices.dropFirst().allSatisfy({ !(byBytes[$0].key < byBytes[$0 - 1].key) }) { return byBytes }
        return entries.sorted { TextKey.shownBefore($0.key, $1.key) }
    }

    static func numberShardCount(_ documents: Int) -> Int {
        var s = 1
        while s < 1024 && documents / s > 256 { s *= 2 }
        return s
    }

    private func put(_ path: String, _ bytes: [UInt8], _ emit: (OutputItem) throws -> Void) throws {
        Self.addFile(path, bytes, to: &hasher)
        try emit(.file(path: path, bytes: bytes))
    }

    static func string(_ scalars: [UInt32]) -> String {
        var s = String.UnicodeScalarView()
        for c in scalars { s.append(Unicode.Scalar(c)!) }
        return String(s)
    }
}

/// Values of a facet in order of first appearance (documents come newest first).
/// Keys compare as UTF-8 bytes (String equality of Chinese text goes through Unicode normalisation).
struct Vocabulary {
    private var ids: [TextKey: Int] = [:]
    private(set) var labels: [String] = []

    mutating func id(_ key: String, label: String) -> Int {
        let key = TextKey(key)
        if let id = ids[key] { return id }
        ids[key] = labels.count
        labels.append(label)
        return labels.count - 1
    }
}

/// LEB128 unsigned varints.
enum Varint {
    @inline(__always)
    static func append(_ value: UInt32, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}

/// FNV-1a, 32 bits: the shard of a gram (the client computes the same over the gram's UTF-8).
enum FNV32 {
    static func hash(_ bytes: [UInt8]) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for b in bytes { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        return h
    }
}

/// FNV-1a, 64 bits, over everything the index writes: its version, for cache busting.
struct FNV64 {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    mutating func add(_ bytes: [UInt8]) {
        var h = value
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        value = h
    }

    /// `add(Array(text.utf8))`.
    mutating func add(_ text: String) {
        var h = value
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        value = h
    }

    /// `add(Array(String(n).utf8))` for `n >= 0`.
    mutating func add(decimal n: Int) {
        precondition(n >= 0)
        var unit = 1
        while unit <= n / 10 { unit *= 10 }
        var h = value, rest = n
        while unit > 0 {
            h = (h ^ UInt64(UInt8(ascii: "0") + UInt8(rest / unit))) &* 0x0000_0100_0000_01B3
            rest %= unit
            unit /= 10
        }
        value = h
    }

    /// `add` of the 8 bytes of `v`, little-endian.
    mutating func add(littleEndian v: UInt64) {
        var h = value
        for k in 0..<8 { h = (h ^ ((v >> (8 * UInt64(k))) & 0xFF)) &* 0x0000_0100_0000_01B3 }
        value = h
    }
}


/// Document lists of unigrams, document lists and positions of bigrams, built one document at a time.
struct GramIndex {
    /// A gram's running state while documents are added: the last document it was seen in and its
    /// document frequency, side by side (one cache line per lookup).
    struct GramState {
        var last: Int32 = -1
        var df: Int32 = 0
    }

    struct BigramState {
        var last: Int32 = -1
        /// Its last position in document `last` (positions are delta-coded).
        var lastPosition: Int32 = -1
        var df: Int32 = 0
        /// Chosen from the sample (`freeze`): trigrams and 4-grams are indexed over frequent bigrams.
        var frequent = false
    }

    // Unigrams: dense table for the BMP, dictionary above it.
    var bmpUnigram = [Int32](repeating: -1, count: 0x10000)
    var astralUnigram: [UInt32: Int32] = [:]
    var uniKey: [UInt32] = []
    var uni: [GramState] = []
    var uniDocs = ByteLists()

    // Bigrams.
    var biTable = GramTable()
    var biKey: [UInt64] = []
    var bi: [BigramState] = []
    var biDocs = ByteLists()
    var biPos = ByteLists()
    var biSkips: [[UInt32]] = []
    /// The bigrams of the document being added, each once (its positions end with a 0), in
    /// `add`'s second pass.
    var touched: [Int32] = []
    /// Per position of the document being added: its bigram's id (after `add`'s second pass, and
    /// in `freeze`: only if frequent), its unigram's id; -1 for none.
    var bids: [Int32] = []
    var uids: [Int32] = []
    /// Scratch of `addLongGrams`: the trigram and 4-gram ids of a document, in order.
    var tids: [Int32] = []
    var qids: [Int32] = []

    // Trigrams and 4-grams made of frequent bigrams only (`BigramState.frequent`), with their own
    // document lists: keyed by (bigram id, third scalar) and (bigram id, bigram id two further on).
    var frozen = false
    var sample: [(text: [UInt32], id: Int32, headEnd: Int)] = []
    var triTable = GramTable()
    var triKey: [UInt64] = []
    var tri: [GramState] = []
    var triDocs = ByteLists()
    var quadTable = GramTable()
    var quadKey: [UInt64] = []
    var quad: [GramState] = []
    var quadDocs = ByteLists()

    /// Documents seen before the frequent bigrams are chosen (their texts are kept until then):
    /// also the size of the index's segments (`SearchSegments.swift`), the sample being segment 0.
    static let sampleSize = 1024
    /// `sampleSize`, smaller in tests (many segments from a small site).
    let sampleSize: Int
    /// Given for the segments after the first: the frequent bigrams, chosen from segment 0.
    let frequentKeys: Set<UInt64>?

    /// An index of segment 0 (or of a whole site, serially: `frequent` nil) or of a later segment
    /// (`frequent`: the keys of the bigrams chosen as frequent from segment 0).
    init(sampleSize: Int = GramIndex.sampleSize, frequent: Set<UInt64>? = nil) {
        self.sampleSize = sampleSize
        self.frequentKeys = frequent
        frozen = frequent != nil
    }
    /// A bigram is frequent when it occurs in at least 1/`frequentShare` of the sampled documents.
    static let frequentShare = 32

    mutating func add(_ text: [UInt32], id: Int32, headEnd: Int) {
        let n = text.count
        if bids.count < n + 1 { bids = [Int32](repeating: -1, count: n + 1) }
        if uids.count < n + 1 { uids = [Int32](repeating: -1, count: n + 1) }
        if touched.count < n + 1 { touched = [Int32](repeating: -1, count: n + 1) }
        // Two passes: the first finds (or makes) the id of every position's unigram and bigram, in
        // the order the grams first occur (their ids); the second updates the grams' states and
        // lists through unchecked pointers, the tables no longer growing under it. The scratch
        // arrays are moved out of `self` meanwhile (the loops call `self`'s mutating methods).
        var bids: [Int32] = [], uids: [Int32] = [], touched: [Int32] = []
        swap(&bids, &self.bids)
        swap(&uids, &self.uids)
        swap(&touched, &self.touched)
        text.withUnsafeBufferPointer { t in
            bids.withUnsafeMutableBufferPointer { bp in
                uids.withUnsafeMutableBufferPointer { up in
                    for p in 0..<n {
                        bp[p] = -1
                        up[p] = -1
                        let c = t[p]
                        if c == 1 || c == 0x20 { continue }
                        up[p] = unigram(c)
                        guard p + 1 < n else { continue }
                        let c2 = t[p + 1]
                        if c2 == 1 || c2 == 0x20 { continue }
                        let key = UInt64(c) << 32 | UInt64(c2)
                        var b = biTable.get(key)
                        if b < 0 { b = newBigram(key); biTable.insert(key, b) }
                        bp[p] = b
                    }
                    bp[n] = -1
                    touched.withUnsafeMutableBufferPointer { tb in
                        let count = addPostings(t, bp, up, tb, id: id, headEnd: headEnd)
                        for j in 0..<count { biPos.append(Int(tb[j]), 0) }
                    }
                }
            }
        }
        swap(&bids, &self.bids)
        swap(&uids, &self.uids)
        swap(&touched, &self.touched)

        if frozen {
            addLongGrams(text, id: id, headEnd: headEnd)
        } else {
            sample.append((text, id, headEnd))
            if sample.count == sampleSize { freeze() }
        }
    }

    /// The second pass of `add`: document lists of the unigrams `up` and bigrams `bp` (ids, -1 for
    /// none) at every position of `t`, and the bigrams' positions. Leaves in `bp` only the
    /// frequent bigrams (what `addLongGrams` looks for). Puts the bigrams seen in `touched` and
    /// returns their number.
    @inline(__always)
    private mutating func addPostings(_ t: UnsafeBufferPointer<UInt32>, _ bp: UnsafeMutableBufferPointer<Int32>,
                                      _ up: UnsafeMutableBufferPointer<Int32>, _ touched: UnsafeMutableBufferPointer<Int32>,
                                      id: Int32, headEnd: Int) -> Int {
        var seen = 0
        var uni: [GramState] = [], bi: [BigramState] = []
        swap(&uni, &self.uni)
        swap(&bi, &self.bi)
        uni.withUnsafeMutableBufferPointer { u in
            bi.withUnsafeMutableBufferPointer { bg in
                for p in 0..<t.count {
                    let ui = Int(up[p])
                    if ui < 0 { continue }
                    let head: UInt32 = p < headEnd ? 1 : 0
                    // Unigram document list.
                    let unigram = u[ui]
                    if unigram.last != id {
                        uniDocs.appendVarint(ui, UInt32(id - unigram.last - 1) << 1 | head)
                        u[ui] = GramState(last: id, df: unigram.df + 1)
                    }
                    // Bigram document list and positions.
                    let b = bp[p]
                    if b < 0 { continue }
                    let bx = Int(b)
                    var bigram = bg[bx]
                    if bigram.last != id {
                        if bigram.df > 0 && bigram.df % Int32(SearchIndexBuilder.skip) == 0 { biSkips[bx].append(UInt32(biPos.count(bx))) }
                        biDocs.appendVarint(bx, UInt32(id - bigram.last - 1) << 1 | head)
                        bigram.last = id
                        bigram.lastPosition = -1
                        bigram.df += 1
                        touched[seen] = b
                        seen += 1
                    }
                    // Positions after the title and 发文字号 are shifted by `bodyBase`, so the client can tell
                    // a title match from a body match (contiguity inside each field is unchanged).
                    let position = Int32(p < headEnd ? p : p + SearchIndexBuilder.bodyBase)
                    biPos.appendVarint(bx, UInt32(position - bigram.lastPosition))
                    bigram.lastPosition = position
                    bg[bx] = bigram
                    if !bigram.frequent { bp[p] = -1 }
                }
            }
        }
        swap(&uni, &self.uni)
        swap(&bi, &self.bi)
        return seen
    }

    /// Chooses the frequent bigrams from the sampled documents and indexes their long grams.
    mutating func freeze() {
        guard !frozen else { return }
        frozen = true
        let threshold = Int32(max(2, (sample.count + Self.frequentShare - 1) / Self.frequentShare))
        for b in bi.indices { bi[b].frequent = bi[b].df >= threshold }
        let kept = sample
        sample = []
        for s in kept {
            let n = s.text.count
            if bids.count < n + 1 { bids = [Int32](repeating: -1, count: n + 1) }
            for p in 0..<n {
                let c = s.text[p], c2 = p + 1 < n ? s.text[p + 1] : 1
                let b = c == 1 || c == 0x20 || c2 == 1 || c2 == 0x20 ? -1 : biTable.get(UInt64(c) << 32 | UInt64(c2))
                bids[p] = b >= 0 && bi[Int(b)].frequent ? b : -1
            }
            bids[n] = -1
            addLongGrams(s.text, id: s.id, headEnd: s.headEnd)
        }
    }

    /// Trigrams whose two bigrams are frequent and 4-grams whose three bigrams are, from `bids`
    /// (which holds the frequent bigrams only, -1 elsewhere). Two passes, as in `add`: the ids of
    /// the grams (made in order of first occurrence), then their states and document lists.
    private mutating func addLongGrams(_ text: [UInt32], id: Int32, headEnd: Int) {
        let n = text.count
        guard n >= 3 else { return }
        if tids.count < n { tids = [Int32](repeating: -1, count: n) }
        if qids.count < n { qids = [Int32](repeating: -1, count: n) }
        var bids: [Int32] = [], tids: [Int32] = [], qids: [Int32] = []
        swap(&bids, &self.bids)
        swap(&tids, &self.tids)
        swap(&qids, &self.qids)
        text.withUnsafeBufferPointer { t in
            bids.withUnsafeBufferPointer { fb in
                tids.withUnsafeMutableBufferPointer { tp in
                    qids.withUnsafeMutableBufferPointer { qp in
                        // The trigrams (and 4-grams, or -1) in order; those before `inHead` are in the
                        // title and 发文字号.
                        var count = 0, inHead = 0
                        for p in 0..<(n - 2) {
                            let b0 = fb[p]
                            if b0 < 0 { continue }
                            if fb[p + 1] < 0 { continue }
                            tp[count] = trigram(UInt64(UInt32(b0)) << 32 | UInt64(t[p + 2]))
                            let b2 = fb[p + 2]
                            qp[count] = b2 < 0 ? -1 : fourgram(UInt64(UInt32(b0)) << 32 | UInt64(UInt32(b2)))
                            count += 1
                            if p < headEnd { inHead = count }
                        }
                        addLongPostings(tp, qp, count: count, inHead: inHead, id: id)
                    }
                }
            }
        }
        swap(&bids, &self.bids)
        swap(&tids, &self.tids)
        swap(&qids, &self.qids)
    }

    /// The second pass of `addLongGrams`: the document lists of the first `count` trigrams `tp`
    /// and 4-grams `qp` (-1 for none), of which the first `inHead` are in the title and 发文字号.
    @inline(__always)
    private mutating func addLongPostings(_ tp: UnsafeMutableBufferPointer<Int32>, _ qp: UnsafeMutableBufferPointer<Int32>,
                                          count: Int, inHead: Int, id: Int32) {
        var tri: [GramState] = [], quad: [GramState] = []
        swap(&tri, &self.tri)
        swap(&quad, &self.quad)
        tri.withUnsafeMutableBufferPointer { tg in
            quad.withUnsafeMutableBufferPointer { qg in
                for j in 0..<count {
                    let head: UInt32 = j < inHead ? 1 : 0
                    let g = Int(tp[j])
                    let trigram = tg[g]
                    if trigram.last != id {
                        triDocs.appendVarint(g, UInt32(id - trigram.last - 1) << 1 | head)
                        tg[g] = GramState(last: id, df: trigram.df + 1)
                    }
                    let q = Int(qp[j])
                    if q < 0 { continue }
                    let fourgram = qg[q]
                    if fourgram.last != id {
                        quadDocs.appendVarint(q, UInt32(id - fourgram.last - 1) << 1 | head)
                        qg[q] = GramState(last: id, df: fourgram.df + 1)
                    }
                }
            }
        }
        swap(&tri, &self.tri)
        swap(&quad, &self.quad)
    }

    /// The id of the unigram `c`, a new one the first time it is seen (also when merging segments).
    @inline(__always)
    mutating func unigram(_ c: UInt32) -> Int32 {
        if c < 0x10000 {
            let known = bmpUnigram[Int(c)]
            if known >= 0 { return known }
            let u = newUnigram(c)
            bmpUnigram[Int(c)] = u
            return u
        }
        if let known = astralUnigram[c] { return known }
        let u = newUnigram(c)
        astralUnigram[c] = u
        return u
    }

    /// The id of the trigram `key` (bigram id, third scalar), a new one the first time it is seen.
    @inline(__always)
    mutating func trigram(_ key: UInt64) -> Int32 {
        let known = triTable.get(key)
        if known >= 0 { return known }
        let g = Int32(triKey.count)
        triTable.insert(key, g)
        triKey.append(key); tri.append(GramState()); _ = triDocs.add()
        return g
    }

    /// The id of the 4-gram `key` (bigram id, bigram id), a new one the first time it is seen.
    @inline(__always)
    mutating func fourgram(_ key: UInt64) -> Int32 {
        let known = quadTable.get(key)
        if known >= 0 { return known }
        let q = Int32(quadKey.count)
        quadTable.insert(key, q)
        quadKey.append(key); quad.append(GramState()); _ = quadDocs.add()
        return q
    }

    private mutating func newUnigram(_ c: UInt32) -> Int32 {
        uniKey.append(c); uni.append(GramState()); _ = uniDocs.add()
        return Int32(uniKey.count - 1)
    }

    mutating func newBigram(_ key: UInt64) -> Int32 {
        // New after the sample: rare (not frequent), unless the sample (segment 0) chose it.
        biKey.append(key); bi.append(BigramState(frequent: frequentKeys?.contains(key) ?? false))
        _ = biDocs.add(); _ = biPos.add(); biSkips.append([])
        return Int32(biKey.count - 1)
    }

}

/// Open-addressing hash table from a bigram (two scalars packed in 64 bits) to its id.
struct GramTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var count = 0
    private var mask: Int

    init() {
        keys = [UInt64](repeating: .max, count: 1 << 16)
        values = [Int32](repeating: -1, count: 1 << 16)
        mask = (1 << 16) - 1
    }

    /// The id of `key`, or -1.
    @inline(__always)
    func get(_ key: UInt64) -> Int32 {
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == .max { return -1 }
            i = (i + 1) & mask
        }
    }

    mutating func insert(_ key: UInt64, _ value: Int32) {
        var i = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
        while keys[i] != .max { i = (i + 1) & mask }
        keys[i] = key
        values[i] = value
        count += 1
        if count * 2 > keys.count { grow() }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (i, k) in oldKeys.enumerated() where k != .max {
            var j = Int(truncatingIfNeeded: (k &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
            while keys[j] != .max { j = (j + 1) & mask }
            keys[j] = k
            values[j] = oldValues[i]
        }
    }
}

/// Processor time of the calling thread (not wall time: the index's work runs beside page rendering).
/// 0 when profiling is off: on Linux each reading is a system call, and the index reads it around
/// every document.
enum ThreadClock {
    @inline(__always) static func nanoseconds() -> UInt64 {
        guard BuildProfile.enabled else { return 0 }
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }
}

/// What a cached build gives the search index (`ShardPatch.swift`).
struct SearchIndexReuse {
    let writer: SiteWriter
    let memo: SearchSegmentMemo
    /// The last build's index (through the key of its `meta.json`), when it had as many documents,
    /// the same segment size and this program: this build's index may then be patched.
    let base: SearchIndexState?

    init(writer: SiteWriter, memo: SearchSegmentMemo, segmentSize: Int, documents: Int) {
        (self.writer, self.memo) = (writer, memo)
        base = writer.previousKey(of: SearchIndexBuilder.metaPath).flatMap { memo.state($0) }.flatMap {
            $0.program == memo.program && $0.segmentSize == segmentSize && $0.documents == documents ? $0 : nil
        }
    }
}

/// A segment added to the index: remembered (in the memo's mapped file, alive as long as the memo)
/// or built by this build.
enum HeldSegment: @unchecked Sendable {
    case mapped(UnsafeRawBufferPointer)
    case built([UInt8])

    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        switch self {
        case .mapped(let bytes): return try body(bytes)
        case .built(let bytes): return try bytes.withUnsafeBytes(body)
        }
    }
}
