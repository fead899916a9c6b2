import Foundation

/// The paragraph differences of every revision comparison page (修订对照) from the last build
/// (`diffs.cache` in the cache folder, laid out as a `MemoFile`). Comparing two versions splits
/// both bodies into blocks, renders each block and runs a character-level diff: a large part of
/// the listing stage, redone for every comparison page although a one-document edit changes at
/// most two of them.
///
/// The differences depend on the two bodies and on the program only; an entry is keyed by the page's
/// path and the hash of both bodies, under the rendering epoch (program, templates, options).
struct DiffMemo {
    static let fileName = "diffs.cache"
    static let magic = Array("gongkai revision diffs\n".utf8)
    static let formatVersion: UInt64 = 1

    static func key(older: String, newer: String) -> UInt64 {
        var sum = HashAccumulator()
        sum.add(older)
        sum.add(newer)
        return sum.digest
    }

    static func encode(_ changes: [ParagraphChange]) -> ArraySlice<UInt8> {
        var w = CacheWriter()
        w.int(changes.count)
        for change in changes {
            switch change {
            case .unchanged(let text): w.u64(0); w.string(text)
            case .added(let text): w.u64(1); w.string(text)
            case .removed(let text): w.u64(2); w.string(text)
            case .changed(let old, let new, let segments):
                w.u64(3)
                w.string(old)
                w.string(new)
                w.int(segments.count)
                for s in segments {
                    w.string(s.operation.rawValue)
                    w.string(s.text)
                }
            }
        }
        return w.bytes[...]
    }

    static func decode(_ r: inout CacheReader) throws -> [ParagraphChange] {
        try (0..<r.count()).map { _ in
            switch try r.u64() {
            case 0: return .unchanged(try r.string())
            case 1: return .added(try r.string())
            case 2: return .removed(try r.string())
            case 3:
                let old = try r.string(), new = try r.string()
                let segments = try (0..<r.count()).map { _ in
                    guard let operation = DiffOperation(rawValue: try r.string()) else { throw CacheReader.Corrupt() }
                    return TextSegment(operation, try r.string())
                }
                return .changed(old: old, new: new, segments: segments)
            default: throw CacheReader.Corrupt()
            }
        }
    }
}

/// The diff memo of one `--cache` build: what the comparison pages may take from the last build,
/// and what this build leaves for the next (`save`, after the listing stage). Safe on any thread.
final class DiffReuse: @unchecked Sendable {
    let folder: String
    let context: UInt64
    private let previous: MemoFile?
    private let lock = NSLock()
    private var entries: [String: (hash: UInt64, payload: ArraySlice<UInt8>)] = [:]
    private var computed = 0

    init(folder: String, context: UInt64) {
        self.folder = folder
        self.context = context
        let memo = MemoFile.load(folder + "/" + DiffMemo.fileName, magic: DiffMemo.magic, version: DiffMemo.formatVersion)
        previous = memo?.context == context ? memo : nil
    }

    /// The differences for the comparison page at `path` between the bodies `older` and `newer`:
    /// the remembered ones when both bodies are the same as last time, otherwise `compute()`'s.
    func changes(at path: String, older: String, newer: String, compute: () -> [ParagraphChange]) -> [ParagraphChange] {
        let hash = DiffMemo.key(older: older, newer: newer)
        if let previous, previous.has(path, hash: hash), let payload = previous.payload(path) {
            var r = payload.reader
            if let changes = try? DiffMemo.decode(&r), r.offset == payload.bytes.endIndex {
                lock.withLock { entries[path] = (hash, payload.bytes) }
                return changes
            }
        }
        let changes = compute()
        let payload = DiffMemo.encode(changes)
        lock.withLock {
            entries[path] = (hash, payload)
            computed += 1
        }
        return changes
    }

    /// Writes this build's differences for the next one, unless they are exactly the stored ones.
    /// A memo that cannot be written only means comparing again.
    func save() {
        let (entries, computed) = lock.withLock { (self.entries, self.computed) }
        if let previous, computed == 0, previous.count == entries.count { return }
        let sorted = entries.map { (path: $0.key, hash: $0.value.hash, payload: $0.value.payload) }
            .sorted { ByteOrder.less($0.path, $1.path) }
        try? MemoFile.save(folder + "/" + DiffMemo.fileName, magic: DiffMemo.magic, version: DiffMemo.formatVersion,
                           context: context, sorted)
    }
}
