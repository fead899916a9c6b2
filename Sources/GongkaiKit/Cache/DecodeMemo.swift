import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The decode stage's results from the last build (`documents.cache` in the cache folder): for each
/// Markdown file, the hash of the bytes that were decoded, the `Document` they gave (or none) and
/// the diagnostics, in `DocumentCodec`'s encoding.
///
/// Decoding a file depends on its bytes and on nothing else but the `context`: this program, the
/// content folder as named (it is in every message), the catalogue's bytes and the list of content
/// files (attachments are checked against it). A file whose hash and context are both the ones
/// remembered is neither read nor decoded again; its remembered result is the one decoding would
/// give. So the memo is right whatever happened since (a failed build, an edited site, a file
/// changed back): it is keyed by content, not by history.
///
/// Layout: magic line, format version, context, count, then per file its path, hash and the length
/// of its encoded result followed by the result; a hash of everything before ends the file, so a
/// file cut short or damaged is never used (it only means decoding everything again).
struct DecodeMemo: Sendable {
    static let fileName = "documents.cache"
    static let magic = Array("gongkai decoded documents\n".utf8)
    /// Bump when `DocumentCodec`'s encoding or what decoding depends on changes.
    static let formatVersion: UInt64 = 1

    struct Entry: Sendable {
        var hash: UInt64
        var payload: Range<Int>
    }

    let context: UInt64
    private let bytes: [UInt8]
    private let entries: [String: Entry]

    /// The memo in `folder`, or nil when there is none or it cannot be trusted.
    static func load(from folder: String) -> DecodeMemo? {
        guard case .bytes(let bytes) = CacheFile.read(folder + "/" + fileName, magic: magic, minimum: magic.count + 32)
        else { return nil }
        let body = bytes.count - 8
        let stored = CacheFile.trailingHash(bytes)
        var r = CacheReader(bytes, offset: magic.count)
        do {
            guard try r.u64() == formatVersion else { return nil }
            let context = try r.u64()
            let n = try r.count(minimumSize: 24)
            var sum = HashAccumulator()
            sum.add(hash(bytes, 0..<r.offset))
            var entries: [String: Entry] = [:]
            entries.reserveCapacity(n)
            for _ in 0..<n {
                let entryStart = r.offset
                let path = try r.string()
                let hash = try r.u64()
                let length = try r.count()
                let start = r.offset
                try r.skip(length)
                sum.add(Self.hash(bytes, entryStart..<r.offset))
                entries[path] = Entry(hash: hash, payload: start..<start + length)
            }
            guard r.offset == body, sum.digest == stored else { return nil }
            return DecodeMemo(context: context, bytes: bytes, entries: entries)
        } catch {
            return nil
        }
    }

    /// The file's check: each part (the header, then each file's entry) is hashed on its own and
    /// the hashes are summed, so that the memo can be written entry by entry without first
    /// gathering it whole in memory (it holds every body: 260 MB at 100,000 documents).
    private static func hash(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        bytes.withUnsafeBytes { FastHash.hash(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Whether the result for `path` decoded from bytes with `hash` is remembered.
    func has(_ path: String, hash: UInt64) -> Bool { entries[path]?.hash == hash }

    /// The remembered result for `path` (nil when it is not remembered or cannot be decoded).
    func result(_ path: String) -> (document: Document?, diagnostics: [Diagnostic], encoded: ArraySlice<UInt8>)? {
        guard let entry = entries[path] else { return nil }
        var r = CacheReader(bytes, offset: entry.payload.lowerBound)
        guard let (document, diagnostics) = try? DocumentCodec.decode(&r), r.offset == entry.payload.upperBound else { return nil }
        return (document, diagnostics, bytes[entry.payload])
    }

    /// The context hash: everything besides a file's own bytes that decoding it depends on.
    static func context(program: UInt64?, contentFolder: String, catalogue: [UInt8]?, files: Set<String>) -> UInt64 {
        var sum = HashAccumulator()
        sum.add(formatVersion)
        sum.add(program ?? 0)
        sum.add(contentFolder)
        sum.add(catalogue.map { FastHash.hash($0) } ?? 0)
        sum.add(catalogue == nil ? 0 : 1)
        let sorted = files.sorted { ByteOrder.less($0, $1) }
        sum.add(UInt64(sorted.count))
        for f in sorted { sum.add(f) }
        return sum.digest
    }

    /// Writes a memo of `results` (path, hash of the decoded bytes, encoded result) to a temporary
    /// file in `folder`, entry by entry, and renames it over the old one. Not synced to disk: a
    /// memo cut short by a crash fails its check and only means decoding again.
    static func save(context: UInt64, _ results: [(path: String, hash: UInt64, encoded: ArraySlice<UInt8>)], to folder: String) throws {
        try CacheFile.replace(folder + "/" + fileName, durable: false) { out in
            var w = CacheWriter(capacity: 1 << 20)
            w.raw(magic)
            w.u64(formatVersion)
            w.u64(context)
            w.int(results.count)
            var sum = HashAccumulator()
            sum.add(FastHash.hash(w.bytes))
            for r in results {
                let start = w.bytes.count
                w.string(r.path)
                w.u64(r.hash)
                w.int(r.encoded.count)
                w.raw(r.encoded)
                sum.add(w.bytes.withUnsafeBytes { FastHash.hash(UnsafeRawBufferPointer(rebasing: $0[start...])) })
                if w.bytes.count >= 1 << 20 {
                    try out(w.bytes)
                    w.removeAll()
                }
            }
            w.u64(sum.digest)
            try out(w.bytes)
        }
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
    private var context: UInt64 = 0
    private var rememberedPaths: Set<String> = []
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
    /// it cannot be decoded (then the file is read and decoded as usual).
    func result(_ path: String) -> (document: Document?, diagnostics: [Diagnostic], encoded: ArraySlice<UInt8>, hash: UInt64)? {
        guard rememberedPaths.contains(path), let hash = fileHashes[path], let r = previous?.result(path) else { return nil }
        return (r.document, r.diagnostics, r.encoded, hash)
    }

    /// Records this build's results for the next one, when they differ from what is stored. Done
    /// before the next stage starts, so that the memo's bytes are not held while pages render
    /// (the build's memory peak). A memo that cannot be written only means decoding again.
    func keep(_ results: [(path: String, hash: UInt64, encoded: ArraySlice<UInt8>)], reused: Int) {
        self.reused = reused
        let now = context
        let unchanged = previous.map { $0.context == now && reused == results.count && $0.count == results.count } ?? false
        previous = nil
        guard !unchanged else { return }
        try? DecodeMemo.save(context: now, results, to: folder)
    }
}

extension DecodeMemo {
    var count: Int { entries.count }
}
