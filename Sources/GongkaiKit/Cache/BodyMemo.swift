import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The rendered bodies of the last build (`bodies.cache` in the cache folder): for each document,
/// what `SitePages.renderDocument` made of its Markdown body — the final HTML (article anchors
/// included), the plain text, the headings, the links as written and the number of articles.
///
/// What rendering a body gives depends on: its bytes; whether it is an interpretation (articles are
/// anchored only in other documents); the program (cmark-gfm's options, the HTML post-processing,
/// `ArticleAnchors`), which is in the file's `context`; and the `rewrite` closure, which resolves
/// relative links against the other documents (their paths and index numbers). The renderer calls
/// `rewrite` once per link destination of the parsed tree, and uses its answers only to set those
/// links' URLs (`CMarkGFMRenderer.render`): the parse itself, the headings, the links found and the
/// plain text do not depend on it. So an entry records, besides the body's hash, every destination
/// with what `rewrite` answered for it, and is used only if `rewrite` answers the same now: then
/// rendering again would give exactly the remembered result. Keyed by content, not by history.
///
/// Laid out as a `MemoStore` (entries unnamed, keyed by the body's hash): a rebuild appends the
/// bodies it rendered and a new index instead of writing every body again. The file holds every body
/// twice over (HTML and text: 580 MB at 100,000 documents), so it is never read whole: it is mapped,
/// an entry is copied out when used (checked against its hash: a damaged one is only a miss), and
/// the pages read are dropped from the process after each batch of documents (`release`).
final class BodyMemo: @unchecked Sendable {
    static let fileName = "bodies.cache"
    static let magic = Array("gongkai rendered bodies\n".utf8)
    /// Bump when the entry's encoding changes.
    static let formatVersion: UInt64 = 3

    let store: MemoStore
    /// Body hash → the payloads remembered for it (several documents may share a body).
    private let index: [UInt64: [Range<Int>]]

    var context: UInt64 { store.context }
    var count: Int { store.entries.count }

    private init(store: MemoStore, index: [UInt64: [Range<Int>]]) {
        self.store = store
        self.index = index
    }

    /// The context: everything besides a body's bytes and `rewrite` that rendering depends on.
    static func context(program: UInt64, renderer: String) -> UInt64 {
        var sum = HashAccumulator()
        sum.add("gongkai rendered bodies")
        sum.add(formatVersion)
        sum.add(program)
        sum.add(renderer)
        return sum.digest
    }

    /// The memo in `folder` when it was written for `context`; nil when there is none, it is damaged
    /// (its header or index) or it was written for another program.
    static func load(from folder: String, context: UInt64) -> BodyMemo? {
        guard let store = MemoStore.open(folder + "/" + fileName, magic: magic, version: formatVersion),
              store.context == context
        else { return nil }
        var index: [UInt64: [Range<Int>]] = [:]
        index.reserveCapacity(store.entries.count)
        for e in store.entries where !(index[e.hash]?.contains(e.payload) ?? false) {
            index[e.hash, default: []].append(e.payload)
        }
        return BodyMemo(store: store, index: index)
    }

    /// Where a remembered payload is stored: what the next memo carries over.
    struct Stored: Sendable {
        let range: Range<Int>
    }

    /// The remembered rendering of `body` (hash `bodyHash`) as a document page makes it, when one was
    /// made for the same kind of document and `rewrite` answers every recorded destination as it did
    /// then: its head (`RememberedBody.Head`), and where it is stored, to read the rest from
    /// (`remembered`) and to carry it over into the next memo. Only the head is read.
    func head(bodyLength length: Int, hash bodyHash: UInt64, isInterpretation: Bool,
              rewrite: (String) -> String?) -> (head: RememberedBody.Head, payload: Stored)? {
        guard let ranges = index[bodyHash] else { return nil }
        for range in ranges {
            guard let (head, _) = RememberedBody.head(of: store.unverifiedPayload(range), bodyLength: length),
                  head.holds(isInterpretation: isInterpretation, rewrite: rewrite)
            else { continue }
            return (head, Stored(range: range))
        }
        return nil
    }

    /// The whole rendering stored at `payload` (as `head` found it) for `body`; nil when the entry is
    /// damaged (it is then only rendered again).
    func remembered(_ payload: Stored, bodyLength: Int) -> RenderedBody? {
        guard let bytes = store.payload(payload.range) else { return nil }
        return try? RememberedBody.decode([UInt8](bytes), bodyLength: bodyLength).body
    }

    /// The links of `body` as written (what `MarkdownRendering.links(in:)` gives): they depend on the
    /// body alone, so any entry for it will do.
    func links(bodyLength length: Int, hash bodyHash: UInt64) -> [BodyLink]? {
        for range in index[bodyHash] ?? [] {
            if let (head, _) = RememberedBody.head(of: store.unverifiedPayload(range), bodyLength: length) { return head.links }
        }
        return nil
    }

    /// The answers `rewrite` gave for the destinations of `body` (hash `bodyHash`) in each rendering
    /// of it remembered for this kind of document (read from the heads only).
    func rewrites(bodyLength length: Int, hash bodyHash: UInt64, isInterpretation: Bool) -> [[(destination: String, url: String?)]] {
        (index[bodyHash] ?? []).compactMap { range in
            RememberedBody.head(of: store.unverifiedPayload(range), bodyLength: length)
                .flatMap { $0.head.isInterpretation == isInterpretation ? $0.head.rewrites : nil }
        }
    }

    /// Adds one rendering (its payload as `RememberedBody.encode` makes it) for a body with
    /// `bodyHash`, every other entry kept where it is (see `MemoStore.rewrite`).
    func adding(hash bodyHash: UInt64, payload: [UInt8], in folder: String) throws {
        try store.rewrite(at: folder + "/" + Self.fileName, magic: Self.magic, version: Self.formatVersion,
                          keeping: { _ in true }, adding: [("", bodyHash, payload[...])])
    }

    /// Drops the pages read so far from the process (they stay in the page cache): without this, a
    /// rebuild that reads every entry would end up holding the whole file.
    func release() {
        store.release()
    }
}

/// A body as a document page renders it, and what the rendering asked `rewrite`.
struct RememberedBody: Sendable {
    var body: RenderedBody
    /// Paragraphs anchored as articles (0 in interpretations, which are not anchored).
    var articleCount: Int
    var isInterpretation: Bool
    /// Each destination `rewrite` was asked about, once, with its answer.
    var rewrites: [(destination: String, url: String?)]

    /// Payload: the *head* — body length, interpretation flag, links, rewrites, article count and
    /// the hashes of the HTML and the plain text — behind its length and followed by its own hash;
    /// then headings, HTML and plain text. A rebuild reads the head alone for most documents (what
    /// a lookup compares, what the check stage and the page and search digests need): the head's
    /// hash makes it trustworthy without reading, let alone decoding, the kilobytes after it.
    /// `htmlHash` and `textHash` are `FastHash` of `body.html` and `body.plainText`, which the
    /// caller has already worked out (`DocumentBody`).
    func encode(bodyLength: Int, htmlHash: UInt64, textHash: UInt64, into w: inout CacheWriter) {
        var head = CacheWriter()
        head.int(bodyLength)
        head.bool(isInterpretation)
        head.int(body.links.count)
        for link in body.links {
            head.string(link.destination)
            head.int(link.line)
            head.int(link.column)
            head.bool(link.isImage)
        }
        head.int(rewrites.count)
        for (destination, url) in rewrites {
            head.string(destination)
            head.optionalString(url)
        }
        head.int(articleCount)
        head.u64(htmlHash)
        head.u64(textHash)
        w.int(head.bytes.count)
        w.raw(head.bytes)
        w.u64(FastHash.hash(head.bytes))
        w.int(body.headings.count)
        for h in body.headings {
            w.int(h.level)
            w.string(h.text)
            w.string(h.anchor)
        }
        w.string(body.html)
        w.string(body.plainText)
    }

    struct Mismatch: Error {}

    /// The head of a payload (`encode`), read from `payload` (which need not have been checked
    /// against its entry's hash: the head is checked against its own), for a body of
    /// `bodyLength` bytes; nil when it is damaged or was written for a body of another length.
    static func head(of payload: UnsafeRawBufferPointer, bodyLength: Int) -> (head: Head, tail: Int)? {
        guard payload.count >= 16 else { return nil }
        let length = Int(truncatingIfNeeded: UInt64(littleEndian: payload.loadUnaligned(as: UInt64.self)))
        guard length >= 0, length <= payload.count - 16 else { return nil }
        let bytes = UnsafeRawBufferPointer(rebasing: payload[8 ..< 8 + length])
        guard FastHash.hash(bytes) == UInt64(littleEndian: payload.loadUnaligned(fromByteOffset: 8 + length, as: UInt64.self)),
              let head = try? Head.decode([UInt8](bytes), bodyLength: bodyLength)
        else { return nil }
        return (head, 16 + length)
    }

    /// What a payload's head holds.
    struct Head: Sendable {
        var isInterpretation: Bool
        var links: [BodyLink]
        var rewrites: [(destination: String, url: String?)]
        var articleCount: Int
        var htmlHash: UInt64
        var textHash: UInt64

        static func decode(_ bytes: [UInt8], bodyLength: Int) throws -> Head {
            var r = CacheReader(bytes)
            guard try r.int() == bodyLength else { throw Mismatch() }  // a check against a hash collision
            let isInterpretation = try r.bool()
            let n = try r.count(minimumSize: 25)
            var links: [BodyLink] = []
            links.reserveCapacity(n)
            for _ in 0..<n {
                links.append(BodyLink(destination: try r.string(), line: try r.int(), column: try r.int(), isImage: try r.bool()))
            }
            let m = try r.count(minimumSize: 9)
            var rewrites: [(destination: String, url: String?)] = []
            rewrites.reserveCapacity(m)
            for _ in 0..<m { rewrites.append((try r.string(), try r.optionalString())) }
            let head = Head(isInterpretation: isInterpretation, links: links, rewrites: rewrites, articleCount: try r.int(),
                            htmlHash: try r.u64(), textHash: try r.u64())
            guard r.atEnd else { throw Mismatch() }
            return head
        }

        /// Whether rendering the body now would give what was remembered: same kind of document,
        /// and `rewrite` answers every destination as it did.
        func holds(isInterpretation: Bool, rewrite: (String) -> String?) -> Bool {
            self.isInterpretation == isInterpretation && rewrites.allSatisfy { rewrite($0.destination) == $0.url }
        }
    }

    /// The whole remembered rendering, from a payload checked against its entry's hash.
    static func decode(_ payload: [UInt8], bodyLength: Int) throws -> RememberedBody {
        guard let (head, tail) = payload.withUnsafeBytes({ Self.head(of: $0, bodyLength: bodyLength) }) else { throw Mismatch() }
        var r = CacheReader(payload, offset: tail)
        let h = try r.count(minimumSize: 24)
        var headings: [Heading] = []
        headings.reserveCapacity(h)
        for _ in 0..<h { headings.append(Heading(level: try r.int(), text: try r.string(), anchor: try r.string())) }
        let html = try r.string()
        let plain = try r.string()
        guard r.atEnd, FastHash.hash(html) == head.htmlHash, FastHash.hash(plain) == head.textHash else { throw Mismatch() }
        return RememberedBody(body: RenderedBody(html: html, plainText: plain, headings: headings, links: head.links),
                              articleCount: head.articleCount, isInterpretation: head.isInterpretation, rewrites: head.rewrites)
    }
}

/// One document's entry for the next memo: its body's hash and its payload, either encoded now or
/// remembered (then carried over from where the last memo stores it).
struct BodyMemoEntry: Sendable {
    enum Payload: Sendable {
        case new([UInt8])
        case stored(BodyMemo.Stored)
    }

    var bodyHash: UInt64
    var payload: Payload
    var remembered: Bool

    init(bodyHash: UInt64, payload: [UInt8], remembered: Bool) {
        (self.bodyHash, self.payload, self.remembered) = (bodyHash, .new(payload), remembered)
    }

    init(bodyHash: UInt64, payload: BodyMemo.Stored, remembered: Bool) {
        (self.bodyHash, self.payload, self.remembered) = (bodyHash, .stored(payload), remembered)
    }
}

/// The body memo's part in one `--cache` build: the last build's memo to render from (and to find
/// the links the check stage needs), and the new memo, written entry by entry as the documents are
/// rendered: appended to the last one (new bodies only, see `MemoStore`) or, when that cannot be,
/// written afresh. Made by `BuildCacheSession` only when the program's hash is known.
final class BodyReuse: @unchecked Sendable {
    let folder: String
    let context: UInt64
    /// The last build's memo; dropped (unmapped) once the new one is written.
    private(set) var previous: BodyMemo?
    private var writer: MemoWriter?
    private var entries = 0
    /// Documents whose body was taken from the memo, not rendered.
    private(set) var remembered = 0

    init(folder: String, program: UInt64, renderer: String) {
        self.folder = folder
        self.context = BodyMemo.context(program: program, renderer: renderer)
        self.previous = BodyMemo.load(from: folder, context: context)
    }

    /// Adds a batch of entries to the new memo (in document order) and drops the old memo's pages
    /// read for it. A memo that cannot be written is abandoned: it only means rendering again.
    func keep(_ batch: [BodyMemoEntry]) {
        if writer == nil && entries == 0 {
            writer = try? MemoWriter(path: folder + "/" + BodyMemo.fileName, magic: BodyMemo.magic,
                                     version: BodyMemo.formatVersion, context: context, previous: previous?.store)
        }
        for entry in batch {
            entries += 1
            if entry.remembered { remembered += 1 }
            do {
                switch entry.payload {
                case .new(let payload): try writer?.add(name: "", hash: entry.bodyHash, payload: payload[...])
                case .stored(let stored): try writer?.carry(name: "", hash: entry.bodyHash, stored: stored.range)
                }
            } catch {
                writer?.abandon()
                writer = nil
            }
        }
        previous?.release()
    }

    /// Puts the new memo in force — unless every document was remembered and the old memo holds
    /// nothing else, in which case the old one is kept as it is.
    func finish() {
        let unchanged = previous.map { remembered == entries && $0.count == entries } ?? false
        defer { previous = nil }
        guard let writer else { return }
        self.writer = nil
        if unchanged {
            writer.abandon()
        } else {
            do { try writer.finish() } catch { writer.abandon() }
        }
    }
}

/// The site's renderer, with the links of bodies the memo remembers taken from it (the check stage's
/// link rule asks for the links of every body that may hold one).
struct RememberingRenderer: MarkdownRendering {
    let base: any MarkdownRendering
    let bodies: BodyReuse

    func render(_ markdown: String, rewrite: (String) -> String?) -> RenderedBody {
        base.render(markdown, rewrite: rewrite)
    }

    func links(in markdown: String) -> [BodyLink] {
        bodies.previous?.links(bodyLength: markdown.utf8.count, hash: FastHash.hash(markdown)) ?? base.links(in: markdown)
    }

    /// Without making a body kept as bytes (`StoredText`) a `String` when the memo has its links.
    func links(of document: Document) -> [BodyLink] {
        bodies.previous?.links(bodyLength: document.bodyUTF8Count, hash: document.bodyHash) ?? base.links(in: document.body)
    }
}
