import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The search index's segments from the last builds (`search.cache` in the cache folder), so that
/// a rebuild indexes only the segments whose documents changed (`SearchSegments.swift`).
///
/// A segment is a pure function of its documents' searchable text (title, 发文字号, 发文机关, body),
/// in order, of the frequent bigrams (after segment 0) and of this program: its `key` hashes all of
/// them, so the memo is keyed by content, never by history.
///
/// Layout: magic line, format version, then entries: a segment's key, the length of its encoding,
/// the encoding and the `FastHash` of the encoding. The file is mapped, not read (it holds the whole
/// index: hundreds of MB at 100,000 documents), and a segment's hash is checked when it is used: a
/// damaged or cut entry is only a segment indexed again. A rebuild appends the segments it had to
/// build (a one-document edit: one segment) instead of rewriting the file; the file is written
/// afresh, with this build's segments only, when it was missing or damaged, or when outdated
/// entries have come to outweigh the live ones.
final class SearchSegmentMemo: @unchecked Sendable {
    static let fileName = "search.cache"
    static let magic = Array("gongkai search segments\n".utf8)
    /// Bump when the segment encoding or what indexing depends on changes.
    static let formatVersion: UInt64 = 1

    let folder: String
    let program: UInt64
    private var path: String { folder + "/" + Self.fileName }
    private var map: MappedFile?
    /// The entries of the file as loaded: key and where the encoding lies in `map`.
    private var previous: [(key: UInt64, range: Range<Int>)] = []
    private var byKey: [UInt64: Int] = [:]
    /// Whether the file was whole (every entry's frame in place up to its end): new segments
    /// can be appended to it.
    private var appendable = false
    private var fileSize = 0
    /// This build's segments in order: where each entry (key, length, encoding, hash) lies in the
    /// file, once appended or as loaded.
    private var entries: [Range<Int>] = []
    /// The file being appended to, or the new file being written.
    private var output: Int32 = -1
    private var failed = false
    /// Segments of this build taken from the last one.
    private(set) var remembered = 0

    init(folder: String, program: UInt64) {
        self.folder = folder
        self.program = program
        load()
    }

    deinit {
        if output >= 0 { close(output); if !appendable { unlink(temporary) } }
    }

    private func load() {
        guard let file = MappedFile(path: path, minimumSize: Self.magic.count + 8) else { return }
        map = file
        let bytes = file.bytes
        guard bytes.prefix(Self.magic.count).elementsEqual(Self.magic),
            Self.u64(bytes, Self.magic.count) == Self.formatVersion
        else { return }
        var offset = Self.magic.count + 8
        while offset + 24 <= bytes.count {
            let key = Self.u64(bytes, offset), length = Self.u64(bytes, offset + 8)
            guard length <= UInt64(bytes.count - offset - 24) else { break }
            let start = offset + 16
            previous.append((key, start..<start + Int(length)))
            byKey[key] = previous.count - 1
            offset = start + Int(length) + 8
        }
        appendable = offset == bytes.count
        fileSize = bytes.count
    }

    private static func u64(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// The key of a segment of documents whose searchable texts hash to `texts` (`textKey`), after
    /// the segment that chose frequent bigrams hashing to `frequent` (0 for segment 0 itself).
    func key(_ texts: [UInt64], frequent: UInt64, segmentSize: Int) -> UInt64 {
        var sum = HashAccumulator()
        sum.add(Self.formatVersion)
        sum.add(UInt64(segmentSize))
        sum.add(program)
        sum.add(frequent)
        sum.add(UInt64(texts.count))
        for t in texts { sum.add(t) }
        return sum.digest
    }

    /// What a document's segment depends on: its title, 发文字号, 发文机关 and body text.
    /// The body text is given by its hash (`FastHash` of `plainText`).
    static func textKey(_ doc: SearchDocument, textHash: UInt64) -> UInt64 {
        var sum = HashAccumulator()
        sum.add(doc.title)
        sum.add(doc.docNo == nil ? 0 : 1)
        sum.add(doc.docNo ?? "")
        sum.add(doc.issuer == nil ? 0 : 1)
        sum.add(doc.issuer ?? "")
        sum.add(textHash)
        return sum.digest
    }

    /// The last build's encoding of the segment with `key`, when its hash holds, and its place in
    /// the last build (for `add`); valid as long as the memo (mapped from the old file).
    func segment(_ key: UInt64) -> Remembered? {
        guard let i = byKey[key], let map else { return nil }
        let range = previous[i].range
        let encoded = UnsafeRawBufferPointer(rebasing: map.bytes[range])
        guard FastHash.hash(encoded) == map.u64(range.upperBound) else { return nil }
        return Remembered(encoded: encoded, place: i)
    }

    /// A segment from the last build: its encoding in the mapped file (read-only, alive as long as
    /// the memo, so it may go to the index's thread) and its place there.
    struct Remembered: @unchecked Sendable {
        let encoded: UnsafeRawBufferPointer
        let place: Int
    }

    /// Adds this build's next segment (in order): `place` is where `segment` found it, nil for a
    /// segment built now. Appended to the file when it is whole, else everything goes to a new
    /// file (put in place by `done`). A memo that cannot be written only means indexing again.
    func add(_ key: UInt64, _ encoded: UnsafeRawBufferPointer, place: Int?, segment: Bool = true) {
        if place != nil && segment { remembered += 1 }
        guard !failed else { return }
        if appendable {
            if let place {
                let r = previous[place].range
                entries.append(r.lowerBound - 16..<r.upperBound + 8)
                return
            }
            if output < 0 { output = open(path, O_WRONLY | O_APPEND | O_CLOEXEC) }
        } else if output < 0 {
            output = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if output >= 0 { failed = !Self.write(output, Self.header); fileSize = Self.header.count }
        }
        guard output >= 0 else { failed = true; return }
        var frame: [UInt8] = []
        withUnsafeBytes(of: key.littleEndian) { frame += $0 }
        withUnsafeBytes(of: UInt64(encoded.count).littleEndian) { frame += $0 }
        let start = fileSize
        guard Self.write(output, frame), Self.write(output, encoded),
            Self.write(output, withUnsafeBytes(of: FastHash.hash(encoded).littleEndian) { Array($0) })
        else { failed = true; return }
        fileSize += 24 + encoded.count
        entries.append(start..<fileSize)
    }

    private static var header: [UInt8] {
        var head = magic
        withUnsafeBytes(of: formatVersion.littleEndian) { head += $0 }
        return head
    }

    private var temporary: String { folder + "/." + Self.fileName + ".\(getpid()).tmp" }

    /// After the build: puts a new file in place, or, when appended to, writes it afresh with this
    /// build's segments only once outdated entries outweigh them (at most one rewrite per doubling).
    func done() {
        guard output >= 0 || !appendable else { return }   // nothing new
        if output >= 0 { close(output); output = -1 }
        if failed {
            if !appendable { unlink(temporary) }
            return
        }
        if !appendable {
            if rename(temporary, path) != 0 { unlink(temporary) }
            return
        }
        let live = Self.header.count + entries.reduce(0) { $0 + $1.count }
        guard fileSize > 2 * live + (1 << 20) else { return }
        guard let file = MappedFile(path: path), file.count == fileSize else { return }
        try? CacheFile.replace(path, durable: false) { out in
            try out(Self.header)
            // Each entry's pages are dropped once copied: read whole, the mapped file (hundreds of
            // MB) stayed in the process to the end, on top of everything the build still held.
            for e in entries {
                let entry = UnsafeRawBufferPointer(rebasing: file.bytes[e])
                try out(Array(entry))
                file.release(entry)
            }
        }
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { write(fd, $0) } }

    private static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }
    /// Keeps an entry that is not a segment (a segment's shard digests, an index state) for the
    /// next build: the last build's when it has one under `key`, else `bytes` appended.
    func keep(_ key: UInt64, _ bytes: [UInt8]) {
        if let old = segment(key), old.encoded.elementsEqual(bytes) {
            add(key, old.encoded, place: old.place, segment: false)
        } else {
            bytes.withUnsafeBytes { add(key, $0, place: nil, segment: false) }
        }
    }

    /// The key of a segment's shard digests (`ShardDigests`).
    static func digestKey(_ segment: UInt64) -> UInt64 { ShardDigests.mix(segment, 0xD16E57) }

    /// The shard digests of the segment with `key`, when the memo has them whole.
    func digests(_ key: UInt64) -> [UInt64]? { segment(Self.digestKey(key)).flatMap { ShardDigests.decode($0.encoded) } }

    /// The index state with `key` (`SearchIndexState.key`, the key of the last build's `meta.json`),
    /// when the memo has it and it is the state that hashes to it.
    func state(_ key: UInt64) -> SearchIndexState? {
        guard let entry = segment(key), let state = SearchIndexState(decoding: entry.encoded), state.key == key else { return nil }
        return state
    }

    /// Lets the pages of a used segment go from memory (they are read from the file again if needed).
    func release(_ encoded: UnsafeRawBufferPointer) { map?.release(encoded) }
}
