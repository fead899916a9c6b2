import Foundation

/// The findings of the document rules (`DocumentRule`: the text rules — wording, secrecy, personal
/// data — and the metadata rules that read one document: 索引号 and 发文字号 shape, dates, deadline,
/// stale items, interpretation fields, waiver codes, scaffold markers) from the last build, per
/// Markdown file (`checks.cache` in the cache folder, laid out as a `MemoFile`). The rules that look
/// across documents (duplicates, interpretations, revisions, links, catalogue coverage) always run.
///
/// A document rule's findings for a document depend on the document and on nothing else but the
/// `context`: the decode memo's context (program, content folder, catalogue bytes — and with them
/// the catalogue, its `checks:` and `rules:` settings —, list of files: with the file's bytes they
/// determine the `Document`), the build date, the data files beside the catalogue (word lists,
/// holidays) and which rules run. An entry is keyed by the hash of the file's bytes.
/// A rebuild appends the findings it computed and a new index (see `MemoStore`).
struct CheckMemo {
    static let fileName = "checks.cache"
    static let magic = Array("gongkai text findings\n".utf8)
    /// Bump when the payload's encoding changes.
    static let formatVersion: UInt64 = 3

    static func context(decoding: UInt64, today: CalendarDate, dataFiles: [String: SourceFile], rules: [String]) -> UInt64 {
        var sum = HashAccumulator()
        sum.add(formatVersion)
        sum.add(decoding)
        sum.add(today.iso)
        let names = dataFiles.keys.sorted { ByteOrder.less($0, $1) }
        sum.add(UInt64(names.count))
        for name in names {
            sum.add(name)
            sum.add(FastHash.hash(dataFiles[name]!.bytes))
        }
        sum.add(UInt64(rules.count))
        for r in rules { sum.add(r) }
        return sum.digest
    }

    /// Each rule's findings, in rule order, as `DocumentCodec` encodes diagnostics; a document
    /// without any finding (most) as no rules at all, read back as `[]`.
    static func encode(_ found: [[Diagnostic]]) -> ArraySlice<UInt8> {
        var w = CacheWriter()
        let none = found.allSatisfy(\.isEmpty)
        w.int(none ? 0 : found.count)
        if !none { for f in found { DocumentCodec.encode(nil, f, into: &w) } }
        return w.bytes[...]
    }

    static func decode(_ r: inout CacheReader) throws -> [[Diagnostic]] {
        let n = try r.count()
        return try (0..<n).map { _ in try DocumentCodec.decode(&r).1 }
    }
}

/// What `TextScan` (the document rules) may take from the last `--cache` build and what it leaves for the next one:
/// made by `Pipeline.check` from the decode stage's `DecodeReuse` (which knows the hash of every
/// file it decoded or remembered).
final class TextScanReuse: @unchecked Sendable {
    let folder: String
    let context: UInt64
    /// Content-relative path → hash of the bytes its `Document` was decoded from.
    private let fileHashes: [String: UInt64]
    private let previous: MemoFile?
    /// Documents whose findings came from the memo.
    private(set) var reused = 0

    init(folder: String, context: UInt64, fileHashes: [String: UInt64]) {
        self.folder = folder
        self.context = context
        self.fileHashes = fileHashes
        let memo = MemoFile.load(folder + "/" + CheckMemo.fileName, magic: CheckMemo.magic, version: CheckMemo.formatVersion)
        previous = memo?.context == context ? memo : nil
    }

    /// The hash of the bytes `document` was decoded from (nil: unknown, the document is scanned and not kept).
    func hash(of document: Document) -> UInt64? { fileHashes[document.contentPath] }

    /// The remembered findings of each of `rules` rules for `document` (`[]`: none of them found
    /// anything); nil when they are not remembered for these bytes and this context, or cannot be
    /// read. A remembered entry is handed back to `keep` as `MemoFile.carriedOver` (it stays where
    /// it is stored).
    func remembered(_ document: Document, rules: Int) -> [[Diagnostic]]? {
        guard let previous, let hash = hash(of: document), var r = previous.payload(document.contentPath, hash: hash),
              let found = try? CheckMemo.decode(&r), found.count == rules || found.isEmpty, r.atEnd else { return nil }
        return found
    }

    /// Records this build's findings for the next one (appended to the stored ones), unless they
    /// are exactly the stored ones. A memo that cannot be written only means scanning again.
    func keep(_ entries: [(path: String, hash: UInt64, payload: ArraySlice<UInt8>)], reused: Int) {
        self.reused = reused
        if let previous, reused == entries.count, previous.count == entries.count { return }
        try? MemoFile.save(folder + "/" + CheckMemo.fileName, magic: CheckMemo.magic, version: CheckMemo.formatVersion,
                           context: context, entries, previous: previous)
    }
}
