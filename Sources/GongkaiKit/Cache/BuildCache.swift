import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the last successful build left in the cache folder (`.gongkai-cache/build.cache`):
/// the fingerprint of its inputs, the hash and stamp of every input file, the manifest of the site
/// it published, and its report (so that an unchanged rebuild can repeat it word for word).
///
/// Layout: magic line, `formatVersion`, layout tag, and the offset of the frame in force (the only
/// bytes ever written in place; 0: none, the cache was invalidated); then frames, each a payload's
/// length, the payload and its hash. A frame either holds the whole state (a base) or what changed
/// since the frame it names (a delta): input entries, folders, files and parts of the report
/// (`CachedReportPart`) removed and added or changed, and the new digest and scan time. The frame in
/// force and the frames it names back to its base are live; anything else is dead.
///
/// A rebuild after one edit changes a few dozen of the site's ~340,000 files, so it appends one
/// small delta and points the header at it instead of writing the whole file (67 MB at 100,000
/// documents). The file is written afresh when the deltas since the base come to half the base's
/// size, when their chain grows long, or when the file was missing, damaged or of another format.
/// A loader hashes every live frame: a file from another format version, cut short or damaged is
/// never used; a build cut short while appending leaves the header on the last whole frame.
struct BuildCache: Sendable {
    static let fileName = "build.cache"
    static let magic = Array("gongkai build cache\n".utf8)
    static let layout: UInt64 = 0x0001_6c69_7562_6c67   // "glbuil" + 1, little-endian
    /// Bump when the layout, `FastHash` or the meaning of any field changes.
    static let formatVersion: UInt64 = 5
    static let headerSize = magic.count + 24
    static let slotOffset = magic.count + 16
    /// Deltas after which the file is written afresh even if they are small.
    static let maximumChain = 64

    var digest: UInt64
    var scanned: Int64
    /// Sorted by key.
    var inputs: [InputEntry]
    var outputs: OutputManifest
    /// The report, encoded in parts (`CachedReportPart`, sorted by key): decoded only when an unchanged
    /// rebuild repeats it (a large site's report holds ~100,000 warnings, 20 MB).
    var reportParts: [CachedReportPart]
    /// Where this cache was read from, for appending to it; nil for one made by this build.
    var stored: Stored? = nil

    /// The file a cache was read from, as it was.
    struct Stored: Sendable {
        var device: UInt64
        var inode: UInt64
        var size: Int
        /// The frame in force.
        var head: Int
        var baseLength: Int
        /// Bytes of the deltas of the live chain.
        var deltaLength: Int
        var chain: Int
    }

    init(digest: UInt64, scanned: Int64, inputs: [InputEntry], outputs: OutputManifest, report: CachedReport) {
        self.init(digest: digest, scanned: scanned, inputs: inputs, outputs: outputs, reportParts: CachedReportPart.parts(of: report))
    }

    init(digest: UInt64, scanned: Int64, inputs: [InputEntry], outputs: OutputManifest, reportParts: [CachedReportPart]) {
        (self.digest, self.scanned, self.inputs, self.outputs, self.reportParts) = (digest, scanned, inputs, outputs, reportParts)
    }

    /// The report; nil when it cannot be decoded.
    var report: CachedReport? { CachedReportPart.report(from: reportParts) }

    enum Loaded {
        case missing
        case otherVersion
        case damaged
        case loaded(BuildCache)
    }

    static func load(from folder: String) -> Loaded {
        let path = folder + "/" + fileName
        guard let file = MappedFile(path: path, minimumSize: 1) else {
            return access(path, F_OK) == 0 ? .damaged : .missing
        }
        guard file.count >= headerSize + 24, file.bytes.prefix(magic.count).elementsEqual(magic) else { return .damaged }
        guard file.u64(magic.count) == formatVersion else { return .otherVersion }
        guard file.u64(magic.count + 8) == layout else { return .damaged }
        // The chain of frames from the one in force back to its base, each before the one naming it.
        var frames: [Range<Int>] = []
        var at = file.u64(slotOffset), limit = UInt64(file.count)
        while true {
            guard at >= UInt64(headerSize), at < limit, frames.count <= maximumChain + 1,
                  let payload = frame(file, at: Int(at), end: Int(limit))
            else { return .damaged }
            frames.append(payload)
            let previous = file.u64(payload.lowerBound)
            if previous == 0 { break }
            limit = at
            at = previous
        }
        frames.reverse()
        do {
            var cache: BuildCache? = nil
            var inputChanges: [String: InputEntry?] = [:], folderChanges: [String: FolderStamp?] = [:]
            var outputChanges: [String: OutputEntry?] = [:], reportChanges: [String: CachedReportPart?] = [:]
            for (k, payload) in frames.enumerated() {
                var r = CacheReader(UnsafeRawBufferPointer(rebasing: file.bytes[payload]), of: file, offset: 8)
                let digest = try r.u64(), scanned = try r.i64()
                if k == 0 {
                    let inputs = try decodeList(&r) { try InputEntry.decode(&$0) }
                    let folders = try decodeList(&r) { try FolderStamp.decode(&$0) }
                    let outputs = try decodeList(&r) { try OutputEntry.decode(&$0) }
                    let report = try decodeList(&r) { try CachedReportPart.decode(&$0) }
                    guard inputs.removed.isEmpty, folders.removed.isEmpty, outputs.removed.isEmpty, report.removed.isEmpty
                    else { return .damaged }
                    cache = BuildCache(digest: digest, scanned: scanned, inputs: inputs.changed,
                                       outputs: OutputManifest(sorted: outputs.changed, folders: folders.changed),
                                       reportParts: report.changed)
                } else {
                    cache?.digest = digest
                    cache?.scanned = scanned
                    try collect(&r, into: &inputChanges) { try InputEntry.decode(&$0) }
                    try collect(&r, into: &folderChanges) { try FolderStamp.decode(&$0) }
                    try collect(&r, into: &outputChanges) { try OutputEntry.decode(&$0) }
                    try collect(&r, into: &reportChanges) { try CachedReportPart.decode(&$0) }
                }
                guard r.atEnd else { return .damaged }
            }
            guard var cache else { return .damaged }
            apply(inputChanges, to: &cache.inputs)
            apply(folderChanges, to: &cache.outputs.folders)
            apply(outputChanges, to: &cache.outputs.entries)
            apply(reportChanges, to: &cache.reportParts)
            var s = stat()
            guard stat(path, &s) == 0 else { return .damaged }
            cache.stored = Stored(
                device: file.identity.device, inode: file.identity.inode, size: file.count, head: Int(file.u64(slotOffset)),
                baseLength: frames[0].count, deltaLength: frames.dropFirst().reduce(0) { $0 + $1.count }, chain: frames.count - 1)
            return .loaded(cache)
        } catch {
            return .damaged
        }
    }

    /// The payload of the frame at `at` when it lies before `end` and matches its hash.
    private static func frame(_ file: MappedFile, at: Int, end: Int) -> Range<Int>? {
        guard at + 16 <= end else { return nil }
        let length = file.u64(at)
        guard length >= 24, length <= UInt64(end - at - 16) else { return nil }
        let payload = at + 8 ..< at + 8 + Int(length)
        guard FastHash.hash(UnsafeRawBufferPointer(rebasing: file.bytes[payload])) == file.u64(payload.upperBound) else { return nil }
        return payload
    }

    /// A list section: the keys removed, then the elements added or changed (in key order).
    private static func decodeList<T>(_ r: inout CacheReader, _ decode: (inout CacheReader) throws -> T) throws
        -> (removed: [String], changed: [T])
    {
        var removed: [String] = []
        for _ in 0..<(try r.count(minimumSize: 8)) { removed.append(try r.string()) }
        let n = try r.count(minimumSize: 16)
        var changed: [T] = []
        changed.reserveCapacity(n)
        for _ in 0..<n { changed.append(try decode(&r)) }
        return (removed, changed)
    }

    private static func collect<T: CacheKeyed>(_ r: inout CacheReader, into changes: inout [String: T?],
                                               _ decode: (inout CacheReader) throws -> T) throws {
        let (removed, changed) = try decodeList(&r, decode)
        for k in removed { changes[k] = .some(nil) }
        for e in changed { changes[e.cacheKey] = .some(e) }
    }

    /// `list` (sorted by key) with `changes` (nil: removed) applied; new keys merged in at their places.
    /// A few changes (a one-edit rebuild's delta, for a site's ~340,000 files) are found by binary
    /// search; many, through a table of every key.
    private static func apply<T: CacheKeyed>(_ changes: [String: T?], to list: inout [T]) {
        guard !changes.isEmpty else { return }
        // Found first, then changed: the list is not copied (no other reference to it while written).
        let (placed, fresh) = locate(changes, in: list)
        var removed = Set<Int>()
        for (i, change) in placed {
            if let e = change { list[i] = e } else { removed.insert(i) }
        }
        if !removed.isEmpty { list = list.indices.filter { !removed.contains($0) }.map { list[$0] } }
        list = OutputManifest.merge(list, fresh.sorted { ByteOrder.less($0.cacheKey, $1.cacheKey) }) { $0.cacheKey }
    }

    /// Where each of `changes` lies in `list` (nil: removed), and the changes of keys it does not have.
    private static func locate<T: CacheKeyed>(_ changes: [String: T?], in list: [T]) -> (placed: [(Int, T?)], fresh: [T]) {
        let find: (String) -> Int?
        if changes.count * 32 < list.count {
            find = { key in
                let at = OutputManifest.lowerBound(list, key) { $0.cacheKey }
                return at < list.count && list[at].cacheKey == key ? at : nil
            }
        } else {
            let table = PathTable(count: list.count) { list[$0].cacheKey }
            find = { key in table.find(key) { list[$0].cacheKey } }
        }
        var placed: [(Int, T?)] = [], fresh: [T] = []
        for (k, change) in changes {
            switch (find(k), change) {
            case (let i?, let e): placed.append((i, e))
            case (nil, let e?): fresh.append(e)
            case (nil, nil): break
            }
        }
        return (placed, fresh)
    }

    /// Writes the cache: appended to the file it was read from (`previous`, when it is still the file
    /// in place and the chain is short enough), else afresh into a temporary file renamed over the
    /// old one, so that a reader sees the old cache or the new one, whole.
    func save(to folder: String, previous: BuildCache? = nil) throws {
        let path = folder + "/" + Self.fileName
        if let previous, let stored = previous.stored, stored.chain < Self.maximumChain {
            var w = CacheWriter()
            w.u64(UInt64(stored.head))
            w.u64(digest)
            w.i64(scanned)
            Self.encodeChanges(from: previous.inputs, to: inputs, &w) { $0.encode(&$1) }
            Self.encodeChanges(from: previous.outputs.folders, to: outputs.folders, &w) { $0.encode(&$1) }
            Self.encodeChanges(from: previous.outputs.entries, to: outputs.entries, &w) { $0.encode(&$1) }
            Self.encodeChanges(from: previous.reportParts, to: reportParts, &w) { $0.encode(&$1) }
            if stored.deltaLength + w.bytes.count <= stored.baseLength / 2, try Self.append(w.bytes, to: path, stored) { return }
        }
        var w = CacheWriter(capacity: 64 * (inputs.count + outputs.entries.count + outputs.folders.count)
                                + reportParts.reduce(0) { $0 + $1.bytes.count + 32 } + 4096)
        w.raw(Self.magic)
        w.u64(Self.formatVersion)
        w.u64(Self.layout)
        w.u64(UInt64(Self.headerSize))
        let lengthAt = w.bytes.count
        w.u64(0)
        w.u64(0)   // no previous frame: a base
        w.u64(digest)
        w.i64(scanned)
        Self.encodeList(inputs, &w) { $0.encode(&$1) }
        Self.encodeList(outputs.folders, &w) { $0.encode(&$1) }
        Self.encodeList(outputs.entries, &w) { $0.encode(&$1) }
        Self.encodeList(reportParts, &w) { $0.encode(&$1) }
        let payload = lengthAt + 8 ..< w.bytes.count
        w.setU64(UInt64(payload.count), at: lengthAt)
        w.u64(w.hash(payload))
        try CacheFile.replace(path, with: w.bytes)
    }

    private static func encodeList<T>(_ list: [T], _ w: inout CacheWriter, _ encode: (T, inout CacheWriter) -> Void) {
        w.int(0)
        w.int(list.count)
        for e in list { encode(e, &w) }
    }

    /// What changed from `old` to `new` (both sorted by key, in byte order): keys removed, then
    /// elements added or changed. One walk of both lists; equal keys are mostly the same strings.
    private static func encodeChanges<T: Equatable & CacheKeyed>(from old: [T], to new: [T], _ w: inout CacheWriter,
                                                                 _ encode: (T, inout CacheWriter) -> Void) {
        var removed: [String] = [], changed: [T] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i].cacheKey == new[j].cacheKey {
                if old[i] != new[j] { changed.append(new[j]) }
                i += 1
                j += 1
            } else if j == new.count || (i < old.count && ByteOrder.less(old[i].cacheKey, new[j].cacheKey)) {
                removed.append(old[i].cacheKey)
                i += 1
            } else {
                changed.append(new[j])
                j += 1
            }
        }
        w.int(removed.count)
        for k in removed { w.string(k) }
        w.int(changed.count)
        for e in changed { encode(e, &w) }
    }

    /// Appends a delta frame to the file `stored` describes and points the header at it; false
    /// (nothing changed) when the file in place is no longer that file, as it was.
    private static func append(_ payload: [UInt8], to path: String, _ stored: Stored) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var s = stat()
        guard fstat(fd, &s) == 0, UInt64(s.st_dev) == stored.device, UInt64(s.st_ino) == stored.inode,
              Int(s.st_size) == stored.size
        else { return false }
        var frame = CacheWriter(capacity: payload.count + 16)
        frame.u64(UInt64(payload.count))
        frame.raw(payload)
        frame.u64(FastHash.hash(payload))
        var written = 0
        while written < frame.bytes.count {
            let n = frame.bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + written, $0.count - written, off_t(stored.size + written)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
            written += n
        }
        // The frame is on disk before the header names it.
        guard fdatasync(fd) == 0 else { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
        try writeSlot(fd, UInt64(stored.size), path: path)
        return true
    }

    /// Points the header of the open cache file `fd` at the frame at `offset` (0: none).
    static func writeSlot(_ fd: Int32, _ offset: UInt64, path: String) throws {
        var slot = offset.littleEndian
        let n = withUnsafeBytes(of: &slot) { pwrite(fd, $0.baseAddress, 8, off_t(slotOffset)) }
        guard n == 8 else { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
    }
}

/// A piece of the cached report: its counts and waived findings (key "h"), or the diagnostics of one
/// file (key "d" + the file), so that an edit that changes one file's warnings changes one part;
/// "w" holds every diagnostic instead when they are not grouped by file in the report's order of
/// files (`sortedForReport` groups them).
/// An element of one of the cache's sorted lists, by the key it is sorted and changed under (a
/// protocol rather than a key path, so that the lists' loops are specialised: applying a key path to
/// each of a site's ~340,000 entries cost about a third of a second per build at 100,000 documents).
protocol CacheKeyed {
    var cacheKey: String { get }
}

extension InputEntry: CacheKeyed { var cacheKey: String { key } }
extension FolderStamp: CacheKeyed { var cacheKey: String { path } }
extension OutputEntry: CacheKeyed { var cacheKey: String { path } }
extension CachedReportPart: CacheKeyed { var cacheKey: String { key } }

struct CachedReportPart: Equatable, Sendable {
    var key: String
    var bytes: [UInt8]

    func encode(_ w: inout CacheWriter) {
        w.string(key)
        w.int(bytes.count)
        w.raw(bytes)
    }

    static func decode(_ r: inout CacheReader) throws -> CachedReportPart {
        let key = try r.string()
        return CachedReportPart(key: key, bytes: try r.bytes(try r.count()))
    }

    /// The part with the report's counts and waived findings.
    static func head(documentCount: Int, filesWritten: Int, bytesWritten: Int, waived: [WaivedFinding]) -> CachedReportPart {
        var head = CacheWriter()
        head.int(documentCount); head.int(filesWritten); head.int(bytesWritten)
        head.int(waived.count)
        for f in waived {
            CachedReport.encode(f.diagnostic, &head)
            head.string(f.reason)
        }
        return CachedReportPart(key: "h", bytes: head.bytes)
    }

    /// The part of one file's findings (in the report's order).
    static func file(_ file: String, _ diagnostics: some Collection<Diagnostic>) -> CachedReportPart {
        var w = CacheWriter()
        for d in diagnostics { CachedReport.encode(d, &w) }
        return CachedReportPart(key: "d" + file, bytes: w.bytes)
    }

    /// The findings a file's part holds.
    func diagnostics() throws -> [Diagnostic] {
        var r = CacheReader(bytes)
        var out: [Diagnostic] = []
        while !r.atEnd { out.append(try CachedReport.decodeDiagnostic(&r)) }
        return out
    }

    static func parts(of report: CachedReport) -> [CachedReportPart] {
        var parts = [head(documentCount: report.documentCount, filesWritten: report.filesWritten,
                          bytesWritten: report.bytesWritten, waived: report.waived)]
        let diagnostics = report.diagnostics
        var runs: [CachedReportPart] = [], grouped = true, last: String? = nil
        var i = 0
        while i < diagnostics.count {
            let file = diagnostics[i].location.file
            if let last, !(last < file) { grouped = false }
            let start = i
            while i < diagnostics.count && diagnostics[i].location.file == file { i += 1 }
            runs.append(Self.file(file, diagnostics[start..<i]))
            last = file
        }
        if grouped {
            parts += runs
        } else {
            var w = CacheWriter()
            for d in diagnostics { CachedReport.encode(d, &w) }
            parts.append(CachedReportPart(key: "w", bytes: w.bytes))
        }
        return parts.sorted { ByteOrder.less($0.key, $1.key) }
    }

    /// The report `parts` hold (the files' parts in the report's order of files); nil when damaged.
    static func report(from parts: [CachedReportPart]) -> CachedReport? {
        guard let head = parts.first(where: { $0.key == "h" }) else { return nil }
        do {
            var r = CacheReader(head.bytes)
            let documents = try r.int(), files = try r.int(), bytes = try r.int()
            var waived: [WaivedFinding] = []
            for _ in 0..<(try r.count(minimumSize: 58)) {
                waived.append(WaivedFinding(diagnostic: try CachedReport.decodeDiagnostic(&r), reason: try r.string()))
            }
            guard r.atEnd else { return nil }
            let runs = parts.filter { $0.key.hasPrefix("d") }.map { (file: String($0.key.dropFirst()), bytes: $0.bytes) }
                .sorted { $0.file < $1.file }
            var diagnostics: [Diagnostic] = []
            for bytes in parts.filter({ $0.key == "w" }).map(\.bytes) + runs.map(\.bytes) {
                var r = CacheReader(bytes)
                while !r.atEnd { diagnostics.append(try CachedReport.decodeDiagnostic(&r)) }
            }
            return CachedReport(diagnostics: diagnostics, waived: waived, documentCount: documents, filesWritten: files,
                                bytesWritten: bytes)
        } catch {
            return nil
        }
    }
}

/// The report of a successful build, as the cache keeps it for an unchanged rebuild.
struct CachedReport: Equatable, Sendable {
    var diagnostics: [Diagnostic]
    var waived: [WaivedFinding]
    var documentCount: Int
    var filesWritten: Int
    var bytesWritten: Int

    static func encode(_ d: Diagnostic, _ w: inout CacheWriter) {
        w.bool(d.severity == .error)
        w.string(d.code.rawValue)
        w.string(d.location.file); w.int(d.location.line); w.int(d.location.column)
        w.string(d.message)
        w.optionalString(d.suggestion)
    }

    static func decodeDiagnostic(_ r: inout CacheReader) throws -> Diagnostic {
        let severity: Severity = try r.bool() ? .error : .warning
        let code = DiagnosticCode(rawValue: try r.string())
        let location = SourceLocation(file: try r.string(), line: try r.int(), column: try r.int())
        return Diagnostic(severity, code, at: location, try r.string(), suggestion: try r.optionalString())
    }
}
