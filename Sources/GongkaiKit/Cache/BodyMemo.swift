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
/// Layout: magic line, format version, context; then the entries, each its payload's length, the
/// payload and the payload's hash (so a damaged entry is only a miss); then the index (per entry:
/// the body's hash, the payload's offset and length), its hash, and the index's offset as the last
/// 8 bytes. The file holds every body twice over (HTML and text: 580 MB at 100,000 documents), so
/// it is never read whole: it is mapped, an entry is copied out when used, and the pages read are
/// dropped from the process after each batch of documents (`release`).
final class BodyMemo: @unchecked Sendable {
    static let fileName = "bodies.cache"
    static let magic = Array("gongkai rendered bodies\n".utf8)
    /// Bump when the entry's encoding changes.
    static let formatVersion: UInt64 = 1

    let context: UInt64
    private let file: MappedFile
    /// Body hash → the payloads remembered for it (several documents may share a body).
    private let index: [UInt64: [Range<Int>]]

    var count: Int { index.values.reduce(0) { $0 + $1.count } }

    private init(context: UInt64, file: MappedFile, index: [UInt64: [Range<Int>]]) {
        self.context = context
        self.file = file
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
        let header = magic.count + 16
        guard let file = MappedFile(path: folder + "/" + fileName, minimumSize: header + 24) else { return nil }
        let all = file.bytes, size = file.count
        let u64 = file.u64
        guard all.prefix(magic.count).elementsEqual(magic), u64(magic.count) == formatVersion, u64(magic.count + 8) == context
        else { return nil }
        // The index: count, then (hash, offset, length) per entry, then its hash; its offset last.
        let indexStart = Int(truncatingIfNeeded: u64(size - 8))
        guard indexStart >= header, indexStart <= size - 24 else { return nil }
        let n = Int(truncatingIfNeeded: u64(indexStart))
        let indexEnd = indexStart + 8 + n &* 24
        guard n >= 0, n <= (size - indexStart) / 24, indexEnd == size - 16,
              FastHash.hash(UnsafeRawBufferPointer(rebasing: all[indexStart..<indexEnd])) == u64(indexEnd)
        else { return nil }
        var index: [UInt64: [Range<Int>]] = [:]
        index.reserveCapacity(n)
        for k in 0..<n {
            let at = indexStart + 8 + k * 24
            let offset = Int(truncatingIfNeeded: u64(at + 8)), length = Int(truncatingIfNeeded: u64(at + 16))
            // Each payload is followed by its own hash, all before the index.
            guard offset >= header, length >= 0, length <= indexStart - 8 - offset else { continue }
            index[u64(at), default: []].append(offset..<offset + length)
        }
        return BodyMemo(context: context, file: file, index: index)
    }

    /// The payloads remembered for a body, each checked against its hash (a damaged one is left out).
    private func payloads(_ bodyHash: UInt64) -> [[UInt8]] {
        guard let ranges = index[bodyHash] else { return [] }
        let all = file.bytes
        return ranges.compactMap { range in
            let payload = UnsafeRawBufferPointer(rebasing: all[range])
            let stored = UInt64(littleEndian: all.loadUnaligned(fromByteOffset: range.upperBound, as: UInt64.self))
            guard FastHash.hash(payload) == stored else { return nil }
            return Array(payload)
        }
    }

    /// The remembered rendering of `body` (hash `bodyHash`) as a document page makes it, when one was
    /// made for the same kind of document and `rewrite` answers every recorded destination as it did
    /// then; with the entry's payload, to be carried over into the next memo.
    func rendered(_ body: String, hash bodyHash: UInt64, isInterpretation: Bool,
                  rewrite: (String) -> String?) -> (body: RememberedBody, payload: [UInt8])? {
        for payload in payloads(bodyHash) {
            var r = CacheReader(payload)
            guard let remembered = try? RememberedBody.decode(&r, body: body, isInterpretation: isInterpretation, rewrite: rewrite)
            else { continue }
            return (remembered, payload)
        }
        return nil
    }

    /// The links of `body` as written (what `MarkdownRendering.links(in:)` gives): they depend on the
    /// body alone, so any entry for it will do.
    func links(_ body: String, hash bodyHash: UInt64) -> [BodyLink]? {
        for payload in payloads(bodyHash) {
            var r = CacheReader(payload)
            if let links = try? RememberedBody.decodeLinks(&r, body: body) { return links }
        }
        return nil
    }

    /// Drops the pages read so far from the process (they stay in the page cache): without this, a
    /// rebuild that reads every entry would end up holding the whole file.
    func release() {
        file.release()
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

    /// Payload: body length, interpretation flag, links, rewrites, article count, headings, HTML,
    /// plain text. The parts a lookup compares or the check stage reads come first.
    func encode(bodyLength: Int, into w: inout CacheWriter) {
        w.int(bodyLength)
        w.bool(isInterpretation)
        w.int(body.links.count)
        for link in body.links {
            w.string(link.destination)
            w.int(link.line)
            w.int(link.column)
            w.bool(link.isImage)
        }
        w.int(rewrites.count)
        for (destination, url) in rewrites {
            w.string(destination)
            w.optionalString(url)
        }
        w.int(articleCount)
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

    static func decodeLinks(_ r: inout CacheReader, body: String) throws -> [BodyLink] {
        try decodeHead(&r, body: body).links
    }

    /// The body's length (a check against a hash collision), the flag and the links.
    private static func decodeHead(_ r: inout CacheReader, body: String) throws -> (isInterpretation: Bool, links: [BodyLink]) {
        guard try r.int() == body.utf8.count else { throw Mismatch() }
        let isInterpretation = try r.bool()
        let n = try r.count(minimumSize: 25)
        var links: [BodyLink] = []
        links.reserveCapacity(n)
        for _ in 0..<n {
            links.append(BodyLink(destination: try r.string(), line: try r.int(), column: try r.int(), isImage: try r.bool()))
        }
        return (isInterpretation, links)
    }

    static func decode(_ r: inout CacheReader, body: String, isInterpretation: Bool,
                       rewrite: (String) -> String?) throws -> RememberedBody {
        let (flag, links) = try decodeHead(&r, body: body)
        guard flag == isInterpretation else { throw Mismatch() }
        let n = try r.count(minimumSize: 9)
        var rewrites: [(destination: String, url: String?)] = []
        rewrites.reserveCapacity(n)
        for _ in 0..<n {
            let destination = try r.string()
            let url = try r.optionalString()
            guard rewrite(destination) == url else { throw Mismatch() }
            rewrites.append((destination, url))
        }
        let articleCount = try r.int()
        let h = try r.count(minimumSize: 24)
        var headings: [Heading] = []
        headings.reserveCapacity(h)
        for _ in 0..<h { headings.append(Heading(level: try r.int(), text: try r.string(), anchor: try r.string())) }
        let html = try r.string()
        let plain = try r.string()
        guard r.atEnd else { throw Mismatch() }
        return RememberedBody(body: RenderedBody(html: html, plainText: plain, headings: headings, links: links),
                              articleCount: articleCount, isInterpretation: isInterpretation, rewrites: rewrites)
    }
}

/// One document's entry for the next memo: its body's hash and the encoded payload (carried over
/// as it was when the body was remembered).
struct BodyMemoEntry: Sendable {
    var bodyHash: UInt64
    var payload: [UInt8]
    var remembered: Bool
}

/// The body memo's part in one `--cache` build: the last build's memo to render from (and to find
/// the links the check stage needs), and the new memo, written entry by entry as the documents are
/// rendered. Made by `BuildCacheSession` only when the program's hash is known.
final class BodyReuse: @unchecked Sendable {
    let folder: String
    let context: UInt64
    /// The last build's memo; dropped (unmapped) once the new one is written.
    private(set) var previous: BodyMemo?
    private var writer: BodyMemoWriter?
    private var entries = 0
    /// Documents whose body was taken from the memo, not rendered.
    private(set) var remembered = 0

    init(folder: String, program: UInt64, renderer: String) {
        self.folder = folder
        self.context = BodyMemo.context(program: program, renderer: renderer)
        self.previous = BodyMemo.load(from: folder, context: context)
    }

    /// Appends a batch of entries to the new memo (in document order) and drops the old memo's pages
    /// read for it. A memo that cannot be written is abandoned: it only means rendering again.
    func keep(_ batch: [BodyMemoEntry]) {
        previous?.release()
        if writer == nil && entries == 0 {
            writer = try? BodyMemoWriter(folder: folder, context: context)
        }
        for entry in batch {
            entries += 1
            if entry.remembered { remembered += 1 }
            do { try writer?.append(entry) } catch {
                writer?.abandon()
                writer = nil
            }
        }
    }

    /// Puts the new memo in place of the old one — unless every document was remembered and the old
    /// memo holds nothing else, in which case the old one is kept as it is.
    func finish() {
        let unchanged = previous.map { remembered == entries && $0.count == entries } ?? false
        previous = nil
        guard let writer else { return }
        self.writer = nil
        if unchanged {
            writer.abandon()
        } else {
            do { try writer.finish() } catch { writer.abandon() }
        }
    }
}

/// Writes `bodies.cache` entry by entry into a temporary file and renames it into place.
final class BodyMemoWriter {
    private let path: String
    private let temporary: String
    private var fd: Int32
    private var buffer = CacheWriter(capacity: 1 << 20)
    private var written = 0
    private var index = CacheWriter()
    private var count = 0

    init(folder: String, context: UInt64) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        path = folder + "/" + BodyMemo.fileName
        temporary = folder + "/." + BodyMemo.fileName + ".\(getpid()).tmp"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BuildError.outputNotWritable(temporary, String(cString: strerror(errno))) }
        buffer.raw(BodyMemo.magic)
        buffer.u64(BodyMemo.formatVersion)
        buffer.u64(context)
    }

    func append(_ entry: BodyMemoEntry) throws {
        buffer.int(entry.payload.count)
        let offset = written + buffer.bytes.count
        buffer.raw(entry.payload)
        buffer.u64(FastHash.hash(entry.payload))
        index.u64(entry.bodyHash)
        index.int(offset)
        index.int(entry.payload.count)
        count += 1
        if buffer.bytes.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        try SiteWriter.writeAll(fd, buffer.bytes, path: temporary)
        written += buffer.bytes.count
        buffer.removeAll()
    }

    /// Writes the index and renames the file into place. Not synced: a memo cut short by a crash
    /// fails its check and only means rendering again.
    func finish() throws {
        let indexStart = written + buffer.bytes.count
        var tail = CacheWriter(capacity: index.bytes.count + 32)
        tail.int(count)
        tail.raw(index.bytes)
        let indexHash = FastHash.hash(tail.bytes)
        buffer.raw(tail.bytes)
        buffer.u64(indexHash)
        buffer.int(indexStart)
        try flush()
        close(fd)
        fd = -1
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw BuildError.outputNotWritable(path, String(cString: strerror(errno)))
        }
    }

    func abandon() {
        if fd >= 0 {
            close(fd)
            unlink(temporary)
        }
        fd = -1
    }

    /// A build that stopped half-way leaves no temporary file behind.
    deinit { abandon() }
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
        bodies.previous?.links(markdown, hash: FastHash.hash(markdown)) ?? base.links(in: markdown)
    }
}
