import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The decode stage's results from the last build (`documents.cache` in the cache folder, laid out
/// as a `MemoFile`): for each Markdown file, the hash of the bytes that were decoded, the `Document`
/// they gave (or none) and the diagnostics, in `DocumentCodec`'s encoding. A rebuild appends the
/// results of the files it decoded and a new index (see `MemoStore`), instead of writing every
/// document again (300 MB at 100,000 documents).
///
/// Decoding a file depends on its bytes and on nothing else but the `context`: this program, the
/// content folder as named (it is in every message), the catalogue's bytes and the list of content
/// files (attachments are checked against it). A file whose hash and context are both the ones
/// remembered is neither read nor decoded again; its remembered result is the one decoding would
/// give.
struct DecodeMemo: Sendable {
    static let fileName = "documents.cache"
    static let magic = Array("gongkai decoded documents\n".utf8)
    /// Bump when `DocumentCodec`'s encoding or what decoding depends on changes.
    static let formatVersion: UInt64 = 3

    let file: MemoFile
    var context: UInt64 { file.context }

    /// The memo in `folder`, or nil when there is none or it cannot be trusted.
    static func load(from folder: String) -> DecodeMemo? {
        MemoFile.load(folder + "/" + fileName, magic: magic, version: formatVersion).map(DecodeMemo.init)
    }

    /// Whether the result for `path` decoded from bytes with `hash` is remembered.
    func has(_ path: String, hash: UInt64) -> Bool { file.has(path, hash: hash) }

    /// The remembered result for `path` (nil when it is not remembered or cannot be decoded).
    func result(_ path: String) -> (document: Document?, diagnostics: [Diagnostic])? {
        guard let (reader, length) = file.reader(path) else { return nil }
        var r = reader
        guard let digest = try? r.u64(), let (document, diagnostics) = try? DocumentCodec.decode(&r, storingBody: true, metadataDigest: digest),
              r.offset == length else { return nil }
        return (document, diagnostics)
    }

    /// Puts a new result for `path` (decoded from bytes with `hash`) in place of its entry, every
    /// other entry kept where it is (see `MemoStore.rewrite`).
    func replacing(_ path: String, hash: UInt64, with encoded: ArraySlice<UInt8>, in folder: String) throws {
        try file.store.rewrite(at: folder + "/" + Self.fileName, magic: Self.magic, version: Self.formatVersion,
                               keeping: { $0.name != path }, adding: [(path, hash, encoded)])
    }

    /// An entry's payload: the document's `metadataDigest` (0 for none), then the document and the
    /// diagnostics in `DocumentCodec`'s encoding.
    static func encode(_ document: Document?, _ diagnostics: [Diagnostic]) -> ArraySlice<UInt8> {
        var w = CacheWriter()
        w.u64(document?.metadataDigest ?? 0)
        DocumentCodec.encode(document, diagnostics, into: &w)
        return w.bytes[...]
    }

    /// The context hash: everything besides a file's own bytes that decoding it depends on.
    static func context(program: UInt64?, contentFolder: String, catalogue: [UInt8]?, files: Set<String>) -> UInt64 {
        var sum = HashAccumulator()
        sum.add(formatVersion)
        sum.add(program ?? 0)
        sum.add(contentFolder)
        sum.add(catalogue.map { FastHash.hash($0) } ?? 0)
        sum.add(catalogue == nil ? 0 : 1)
        // The set of files, digested without sorting it (sorting a large site's 100,000 paths
        // was most of this): its size and two sums over differently seeded hashes of its paths.
        var (sum0, sum1) = (UInt64(0), UInt64(0))
        for f in files {
            sum0 &+= FastHash.hash(f, seed: 0xF11E5)
            sum1 &+= FastHash.hash(f, seed: 0x5E7_0F_F11E5)
        }
        sum.add(UInt64(files.count))
        sum.add(sum0)
        sum.add(sum1)
        return sum.digest
    }
}

/// What the decode stage of one `--cache` build may take from the last build, and what it leaves
/// for the next one. Made by `BuildCacheSession`; `Pipeline.check` asks it which files need reading.
final class DecodeReuse: @unchecked Sendable {
    let folder: String
    /// The last build's memo, dropped once this build's results are kept (it holds every body).
    private var previous: DecodeMemo?
    /// Content-relative path → hash of the file's bytes, from the input fingerprint (taken at the
    /// start of the build, by stamp or by reading).
    private let fileHashes: [String: UInt64]
    private let program: UInt64?
    /// This build's context (set by `remembered`).
    private(set) var context: UInt64 = 0
    private var rememberedPaths: Set<String> = []
    /// Content-relative path → hash of the bytes this build's `Document` was decoded from (or
    /// remembered for): what later memos (`TextScanReuse`) key a document by. Set by `keep`.
    private(set) var decodedHashes: [String: UInt64] = [:]
    /// Files decoded from the memo, not read.
    private(set) var reused = 0

    init(folder: String, fileHashes: [String: UInt64], program: UInt64?) {
        self.folder = folder
        self.previous = DecodeMemo.load(from: folder)
        self.fileHashes = fileHashes
        self.program = program
    }

    /// The Markdown files whose remembered result can be used: same context, same bytes.
    func remembered(contentFolder: String, catalogue: [UInt8]?, files: Set<String>, markdown: [String]) -> Set<String> {
        context = DecodeMemo.context(program: program, contentFolder: contentFolder, catalogue: catalogue, files: files)
        guard let previous, previous.context == context else { return [] }
        rememberedPaths = []
        for path in markdown {
            if let hash = fileHashes[path], previous.has(path, hash: hash) { rememberedPaths.insert(path) }
        }
        return rememberedPaths
    }

    /// The remembered result for `path` when it is one of `remembered`'s; nil otherwise, or when
    /// it cannot be decoded (then the file is read and decoded as usual). Its `encoded` is
    /// `MemoFile.carriedOver`: handed back to `keep`, the entry stays where the memo stores it.
    func result(_ path: String) -> (document: Document?, diagnostics: [Diagnostic], encoded: ArraySlice<UInt8>, hash: UInt64)? {
        guard rememberedPaths.contains(path), let hash = fileHashes[path], let r = previous?.result(path) else { return nil }
        return (r.document, r.diagnostics, MemoFile.carriedOver, hash)
    }

    /// Files decoded per batch (`Pipeline.check`): each batch's results are kept (`keep`) before the
    /// next batch is decoded.
    static let batchSize = 2048
    /// The new memo, once a batch had a result to write; nil before (and after `finishKeeping`).
    private var writer: MemoFile.Writer?
    /// Results kept before `writer` was opened: all remembered ones, stored where they are (so
    /// only path and hash), written when the writer opens or found to be the memo as it is.
    private var carried: [(path: String, hash: UInt64)] = []
    private var kept = 0
    private var writeFailed = false

    /// Records a batch of this build's results (in order) for the next build: the new ones are
    /// written to the new memo now (appended to the last one when it can be), the remembered ones
    /// left where they are. Kept batch by batch, so that the encoded results (300 MB at 100,000
    /// documents) are never all held at once: freed together, they left holes between the decoded
    /// documents that glibc could neither give back nor fill (~450 MB of a cached 100k build's peak).
    /// A memo that cannot be written only means decoding again.
    func keep(_ results: [(path: String, hash: UInt64, encoded: ArraySlice<UInt8>)], reused: Int) {
        self.reused += reused
        kept += results.count
        decodedHashes.reserveCapacity(kept)
        for r in results where decodedHashes[r.path] == nil { decodedHashes[r.path] = r.hash }
        // The last memo's pages this batch read its remembered results from go from the process
        // (they stay in the page cache): a rebuild reads every entry, 300 MB at 100,000 documents.
        defer { previous?.file.release() }
        guard !writeFailed else { return }
        if writer == nil && results.allSatisfy({ $0.encoded.isEmpty }) {
            carried += results.lazy.map { ($0.path, $0.hash) }
            return
        }
        write(results)
    }

    /// Puts the new memo in force after the last batch (`keep`), unless it would be the last one
    /// as it is (same context, every result remembered, nothing else in it). Done before the next
    /// stage starts, so that no page of the memo read so far is held while pages render (the peak).
    func finishKeeping() {
        // The documents taken from the memo keep it mapped for their bodies (`StoredText`): the pages
        // read so far go from the process (they stay in the page cache), as a body is rarely read again.
        defer {
            previous?.file.release()
            (previous, writer, carried) = (nil, nil, [])
        }
        guard !writeFailed else { return }
        if writer == nil {
            let now = context
            let unchanged = previous.map { $0.context == now && reused == kept && $0.count == kept } ?? false
            guard !unchanged else { return }
            write([])
        }
        guard let writer else { return }
        do { try writer.finish() } catch { writer.abandon() }
    }

    private func write(_ results: [(path: String, hash: UInt64, encoded: ArraySlice<UInt8>)]) {
        do {
            if writer == nil {
                writer = try MemoFile.Writer(folder + "/" + DecodeMemo.fileName, magic: DecodeMemo.magic,
                                             version: DecodeMemo.formatVersion, context: context, previous: previous?.file)
                for c in carried { try writer?.add(c.path, hash: c.hash, payload: MemoFile.carriedOver) }
                carried = []
            }
            for r in results { try writer?.add(r.path, hash: r.hash, payload: r.encoded) }
        } catch {
            writer?.abandon()
            (writer, writeFailed) = (nil, true)
        }
    }
}

extension DecodeMemo {
    var count: Int { file.count }
}
