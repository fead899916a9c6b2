import Foundation

/// The layout shared by the cache's memo files (`documents.cache`, `checks.cache`): a result per
/// content file, each stored with the hash of what it was computed from, under one context hash
/// (everything else the results depend on). A memo is keyed by content, never by history: an entry
/// is used only when its file's hash and the context are the ones of this build, so the memo is
/// right whatever happened since it was written.
///
/// Layout: magic line, format version, context, count, then per file its path, hash and the length
/// of its payload followed by the payload; a check hash ends the file, so a file cut short or
/// damaged is never used (it only means computing everything again). The check is the sum of the
/// hashes of the header and of each entry, so that a memo can be written entry by entry without
/// first gathering it whole in memory.
struct MemoFile: Sendable {
    struct Entry: Sendable {
        var hash: UInt64
        var payload: Range<Int>
    }

    let context: UInt64
    private let bytes: [UInt8]
    private let entries: [String: Entry]

    var count: Int { entries.count }

    /// The memo at `path`, or nil when there is none or it cannot be trusted (other format, damaged).
    static func load(_ path: String, magic: [UInt8], version: UInt64) -> MemoFile? {
        guard case .bytes(let bytes) = CacheFile.read(path, magic: magic, minimum: magic.count + 32) else { return nil }
        let body = bytes.count - 8
        let stored = CacheFile.trailingHash(bytes)
        var r = CacheReader(bytes, offset: magic.count)
        do {
            guard try r.u64() == version else { return nil }
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
            return MemoFile(context: context, bytes: bytes, entries: entries)
        } catch {
            return nil
        }
    }

    private static func hash(_ bytes: [UInt8], _ range: Range<Int>) -> UInt64 {
        bytes.withUnsafeBytes { FastHash.hash(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// Whether a result for `path` computed from something with `hash` is stored.
    func has(_ path: String, hash: UInt64) -> Bool { entries[path]?.hash == hash }

    /// The stored payload for `path` and a reader positioned at its start; nil when there is none.
    func payload(_ path: String) -> (bytes: ArraySlice<UInt8>, reader: CacheReader)? {
        guard let entry = entries[path] else { return nil }
        return (bytes[entry.payload], CacheReader(bytes, offset: entry.payload.lowerBound))
    }

    /// Writes a memo of `entries` (path, hash of what the result was computed from, payload) to a
    /// temporary file beside `path`, entry by entry, and renames it over the old one. Not synced to
    /// disk: a memo cut short by a crash fails its check and only means computing again.
    static func save(_ path: String, magic: [UInt8], version: UInt64, context: UInt64,
                     _ entries: [(path: String, hash: UInt64, payload: ArraySlice<UInt8>)]) throws {
        try CacheFile.replace(path, durable: false) { out in
            var w = CacheWriter(capacity: 1 << 20)
            w.raw(magic)
            w.u64(version)
            w.u64(context)
            w.int(entries.count)
            var sum = HashAccumulator()
            sum.add(FastHash.hash(w.bytes))
            for e in entries {
                let start = w.bytes.count
                w.string(e.path)
                w.u64(e.hash)
                w.int(e.payload.count)
                w.raw(e.payload)
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
