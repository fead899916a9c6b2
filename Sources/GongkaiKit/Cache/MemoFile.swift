import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The layout shared by the cache's memo files (`documents.cache`, `checks.cache`, `diffs.cache`,
/// `bodies.cache`): results stored under a name (a content file's path, or none) and the hash of
/// what they were computed from, under one context hash (everything else the results depend on).
/// A memo is keyed by content, never by history: an entry is used only when its hash and the
/// context are the ones of this build, so the memo is right whatever happened since it was written.
///
/// Layout: magic line, layout tag, format version, context, and the offset of the index in force
/// (the only bytes ever written in place); then frames, each a payload's length, the payload and
/// its hash; then one index per build that wrote the file, each its length, the entries (count,
/// then per entry name, hash, payload offset and length) and their hash. Only the index the header
/// points to counts; the others and the frames it does not name are dead.
///
/// A rebuild that keeps most results appends only the new frames and a new index, then points the
/// header at it (`MemoWriter`): one edited document costs one frame and an index instead of the
/// whole file (hundreds of MB at 100,000 documents). The file is written afresh — every live frame
/// copied — when dead bytes come to outweigh live ones, when the context changed, or when the file
/// was missing or damaged.
///
/// Nothing is synced, and a damaged file is only a miss: the index is checked against its hash when
/// loaded (a bad one: the whole memo is ignored), a payload against its own when used (a bad one:
/// that entry is computed again). A build cut short while appending leaves the header pointing at
/// the last whole index, whose frames all lie before anything appended since. The file is mapped,
/// never read whole, and an entry is copied out only when used.
final class MemoStore: @unchecked Sendable {
    struct Entry: Sendable {
        var name: String
        var hash: UInt64
        /// Where the payload lies in the file (its length before it, its hash after it).
        var payload: Range<Int>
    }

    static let layout: UInt64 = 0x0002_6d65_6d6f_6c67   // "glomem" + 2, little-endian
    let file: MappedFile
    let context: UInt64
    /// The index in force, in the order it was written.
    let entries: [Entry]
    /// The index's length and hash (a new index equal to it need not be written).
    let indexLength: Int
    let indexHash: UInt64
    /// Bytes the index in force needs: the header, the frames it names, itself.
    let liveBytes: Int

    static func headerSize(_ magic: [UInt8]) -> Int { magic.count + 32 }
    static func slotOffset(_ magic: [UInt8]) -> Int { magic.count + 24 }

    private init(file: MappedFile, context: UInt64, entries: [Entry], indexLength: Int, indexHash: UInt64, liveBytes: Int) {
        (self.file, self.context, self.entries) = (file, context, entries)
        (self.indexLength, self.indexHash, self.liveBytes) = (indexLength, indexHash, liveBytes)
    }

    /// The memo at `path`; nil when there is none, or it is foreign, of another format, or its
    /// header or index is damaged.
    static func open(_ path: String, magic: [UInt8], version: UInt64) -> MemoStore? {
        let header = headerSize(magic)
        guard let file = MappedFile(path: path, minimumSize: header + 16) else { return nil }
        let size = file.count
        guard file.bytes.prefix(magic.count).elementsEqual(magic), file.u64(magic.count) == layout,
              file.u64(magic.count + 8) == version
        else { return nil }
        let context = file.u64(magic.count + 16)
        let start = file.u64(slotOffset(magic))
        guard start >= UInt64(header), start <= UInt64(size - 16) else { return nil }
        let indexStart = Int(start)
        let length = file.u64(indexStart)
        guard length <= UInt64(size - indexStart - 16) else { return nil }
        let body = indexStart + 8 ..< indexStart + 8 + Int(length)
        let hash = FastHash.hash(UnsafeRawBufferPointer(rebasing: file.bytes[body]))
        guard hash == file.u64(body.upperBound) else { return nil }
        var r = CacheReader(UnsafeRawBufferPointer(rebasing: file.bytes[body]), of: file)
        var entries: [Entry] = []
        var live = Set<Int>()
        var liveBytes = header + body.count + 16
        do {
            let n = try r.count(minimumSize: 32)
            entries.reserveCapacity(n)
            live.reserveCapacity(n)
            for _ in 0..<n {
                let name = try r.string()
                let hash = try r.u64()
                let offset = try r.int(), count = try r.int()
                // A payload lies after the header and its length, before this index. Its length
                // field is not read here: the index is whole (its hash held), so it names the frames
                // as they were written, and reading one word of every frame touched a page of the
                // mapped file per entry (100,000 of them for a large site's bodies); a payload is
                // checked against its own hash when used.
                guard offset >= header + 8, count >= 0, count <= indexStart - 8 - offset else { continue }
                entries.append(Entry(name: name, hash: hash, payload: offset..<offset + count))
                if live.insert(offset).inserted { liveBytes += count + 16 }
            }
            guard r.atEnd else { return nil }
        } catch {
            return nil
        }
        return MemoStore(file: file, context: context, entries: entries, indexLength: body.count, indexHash: hash,
                         liveBytes: liveBytes)
    }

    /// The stored payload at `range` (an entry's), when it still matches its hash.
    func payload(_ range: Range<Int>) -> UnsafeRawBufferPointer? {
        let payload = UnsafeRawBufferPointer(rebasing: file.bytes[range])
        return FastHash.hash(payload) == file.u64(range.upperBound) ? payload : nil
    }

    /// The stored payload at `range`, unchecked: for a payload whose parts carry their own checks
    /// (`RememberedBody`'s head), so that reading a part does not mean reading it all.
    func unverifiedPayload(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[range])
    }

    /// The whole frame of the payload at `range`: length, payload, hash.
    func frame(_ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: file.bytes[range.lowerBound - 8 ..< range.upperBound + 8])
    }

    /// Drops the pages read so far from the process (they stay in the page cache).
    func release() { file.release() }
}

/// Writes a memo file: by appending to the last build's (`previous`) when it is the file in place,
/// has this context and is at least half live; otherwise afresh, into a temporary file renamed
/// over the old one. Entries are given in order: `add` for a payload computed now, `carry` for
/// one of `previous`'s (in place when appending, copied when writing afresh).
final class MemoWriter {
    private let path: String
    private let magic: [UInt8]
    private let previous: MemoStore?
    /// Appending to `path`; else writing `temporary`.
    let appending: Bool
    private let temporary: String
    private var fd: Int32 = -1
    /// What is to be written next (flushed every MB).
    private var buffer: [UInt8] = []
    /// Bytes of the file before `buffer`.
    private var written = 0
    private var index = CacheWriter()
    private var count = 0
    /// Payloads appended (not carried in place).
    private(set) var added = 0
    /// When writing afresh: where a frame of `previous` was copied to (entries sharing it share the copy).
    private var copied: [Int: Int] = [:]

    init(path: String, magic: [UInt8], version: UInt64, context: UInt64, previous: MemoStore?) throws {
        self.path = path
        self.magic = magic
        self.previous = previous
        let folder = (path as NSString).deletingLastPathComponent
        temporary = folder + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        if let previous, previous.context == context, previous.file.count <= 2 * previous.liveBytes {
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            if fd >= 0, previous.file.isStill(fd), lseek(fd, 0, SEEK_END) == off_t(previous.file.count) {
                self.fd = fd
                appending = true
                written = previous.file.count
                return
            }
            if fd >= 0 { close(fd) }
        }
        appending = false
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BuildError.outputNotWritable(temporary, String(cString: strerror(errno))) }
        buffer.reserveCapacity(1 << 20)
        buffer += magic
        put(MemoStore.layout)
        put(version)
        put(context)
        put(0)   // the index's offset, set by `finish`
    }

    func add(name: String, hash: UInt64, payload: UnsafeRawBufferPointer) throws {
        put(UInt64(payload.count))
        let offset = written + buffer.count
        buffer.append(contentsOf: payload)
        put(FastHash.hash(payload))
        entry(name, hash, offset, payload.count)
        added += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    func add(name: String, hash: UInt64, payload: ArraySlice<UInt8>) throws {
        try payload.withUnsafeBytes { try add(name: name, hash: hash, payload: $0) }
    }

    /// An entry whose payload `previous` holds at `stored`.
    func carry(name: String, hash: UInt64, stored: Range<Int>) throws {
        guard !appending else { return entry(name, hash, stored.lowerBound, stored.count) }
        guard let previous else { throw BuildError.outputNotWritable(path, "no memo to carry an entry from") }
        if let offset = copied[stored.lowerBound] { return entry(name, hash, offset, stored.count) }
        let offset = written + buffer.count + 8
        copied[stored.lowerBound] = offset
        buffer.append(contentsOf: previous.frame(stored))
        entry(name, hash, offset, stored.count)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func entry(_ name: String, _ hash: UInt64, _ offset: Int, _ length: Int) {
        index.string(name)
        index.u64(hash)
        index.int(offset)
        index.int(length)
        count += 1
    }

    private func put(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0) }
    }

    private func flush() throws {
        try SiteWriter.writeAll(fd, buffer, path: appending ? path : temporary)
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the index and puts it in force: when appending, by pointing the header at it (unless
    /// nothing was added and it is the index in force already: then nothing is written); else by
    /// renaming the new file into place.
    func finish() throws {
        var body = CacheWriter(capacity: index.bytes.count + 8)
        body.int(count)
        body.raw(index.bytes)
        index = CacheWriter()
        let hash = FastHash.hash(body.bytes)
        if appending, added == 0, let previous, previous.indexLength == body.bytes.count, previous.indexHash == hash {
            abandon()
            return
        }
        let indexStart = written + buffer.count
        put(UInt64(body.bytes.count))
        buffer += body.bytes
        put(hash)
        try flush()
        var slot = UInt64(indexStart).littleEndian
        let slotWritten = withUnsafeBytes(of: &slot) { pwrite(fd, $0.baseAddress, 8, off_t(MemoStore.slotOffset(magic))) }
        guard slotWritten == 8 else { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
        close(fd)
        fd = -1
        if !appending && rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw BuildError.outputNotWritable(path, reason)
        }
    }

    /// Stops writing: a new file is removed; a file appended to keeps its index in force (what was
    /// appended is dead).
    func abandon() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        if !appending { unlink(temporary) }
    }

    /// A build that stopped half-way leaves no temporary file behind.
    deinit { abandon() }
}

extension MemoStore {
    /// This memo written again at `path` (appended to where it lies, when it can be: see
    /// `MemoWriter`) with the entries `keep` holds for carried over as they are, then `added`: what
    /// a build that made one result alone (`BodyPatch`) leaves for the next.
    func rewrite(at path: String, magic: [UInt8], version: UInt64, keeping keep: (Entry) -> Bool,
                 adding added: [(name: String, hash: UInt64, payload: ArraySlice<UInt8>)]) throws {
        let writer = try MemoWriter(path: path, magic: magic, version: version, context: context, previous: self)
        do {
            for e in entries where keep(e) { try writer.carry(name: e.name, hash: e.hash, stored: e.payload) }
            for a in added { try writer.add(name: a.name, hash: a.hash, payload: a.payload) }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
    }
}

/// A memo whose entries are named by content path (`documents.cache`, `checks.cache`,
/// `diffs.cache`): at most one result per path.
struct MemoFile: Sendable {
    let store: MemoStore
    private let byName: [String: Int]

    var context: UInt64 { store.context }
    var count: Int { byName.count }

    /// What a caller hands back to `save` for an entry taken from this memo unchanged: the entry is
    /// then carried over from where it is stored instead of being written again.
    static let carriedOver: ArraySlice<UInt8> = []

    /// The memo at `path`, or nil when there is none or it cannot be trusted (other format, damaged).
    static func load(_ path: String, magic: [UInt8], version: UInt64) -> MemoFile? {
        guard let store = MemoStore.open(path, magic: magic, version: version) else { return nil }
        var byName: [String: Int] = [:]
        byName.reserveCapacity(store.entries.count)
        for (k, e) in store.entries.enumerated() { byName[e.name] = k }
        return MemoFile(store: store, byName: byName)
    }

    /// Whether a result for `path` computed from something with `hash` is stored.
    func has(_ path: String, hash: UInt64) -> Bool { byName[path].map { store.entries[$0].hash == hash } ?? false }

    /// The stored payload for `path` when it was computed from something with `hash` (`has` and
    /// `payload` with one look-up), as a reader positioned at its start; nil when there is none, it
    /// was computed from something else or it fails its hash.
    func payload(_ path: String, hash: UInt64) -> CacheReader? {
        guard let k = byName[path], store.entries[k].hash == hash, let payload = store.payload(store.entries[k].payload) else { return nil }
        return CacheReader(payload, of: store.file)
    }

    /// Drops the pages read so far from the process (they stay in the page cache).
    func release() { store.release() }

    /// The stored payload for `path` as a reader positioned at its start, read in place (not
    /// copied), and the payload's length; nil when there is none or it fails its hash.
    func reader(_ path: String) -> (reader: CacheReader, length: Int)? {
        guard let k = byName[path], let payload = store.payload(store.entries[k].payload) else { return nil }
        return (CacheReader(payload, of: store.file), payload.count)
    }

    /// The stored payload for `path` and a reader positioned at its start; nil when there is none or
    /// it fails its hash.
    func payload(_ path: String) -> (bytes: ArraySlice<UInt8>, reader: CacheReader)? {
        guard let k = byName[path], let payload = store.payload(store.entries[k].payload) else { return nil }
        let bytes = Array(payload)
        return (bytes[...], CacheReader(bytes))
    }

    /// Writes a memo of `entries` (path, hash of what the result was computed from, payload) at
    /// `path`: appended to `previous` when it can be (see `MemoWriter`), else afresh. A payload that is
    /// `carriedOver` is `previous`'s entry for the path (left out when it has none for that hash).
    static func save(_ path: String, magic: [UInt8], version: UInt64, context: UInt64,
                     _ entries: [(path: String, hash: UInt64, payload: ArraySlice<UInt8>)], previous: MemoFile? = nil) throws {
        let writer = try Writer(path, magic: magic, version: version, context: context, previous: previous)
        do {
            for e in entries { try writer.add(e.path, hash: e.hash, payload: e.payload) }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
    }

    /// `save` entry by entry, for results made in batches: a batch's payloads can go once they are
    /// written (flushed every MB) instead of all of them being held until the end.
    final class Writer {
        private let writer: MemoWriter
        private let previous: MemoFile?

        init(_ path: String, magic: [UInt8], version: UInt64, context: UInt64, previous: MemoFile?) throws {
            writer = try MemoWriter(path: path, magic: magic, version: version, context: context, previous: previous?.store)
            self.previous = previous
        }

        /// The next entry, as in `save`: a `carriedOver` payload is `previous`'s entry for the path.
        func add(_ path: String, hash: UInt64, payload: ArraySlice<UInt8>) throws {
            if payload.isEmpty, let previous {
                guard let k = previous.byName[path], previous.store.entries[k].hash == hash else { return }
                try writer.carry(name: path, hash: hash, stored: previous.store.entries[k].payload)
            } else {
                try writer.add(name: path, hash: hash, payload: payload)
            }
        }

        func finish() throws { try writer.finish() }
        func abandon() { writer.abandon() }
    }
}
