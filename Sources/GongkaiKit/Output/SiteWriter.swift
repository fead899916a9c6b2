import Foundation
#if canImport(Glibc)
import Glibc
#endif


/// Writes the site into a fresh folder beside the output folder and puts it in place only when the
/// whole build succeeded: a failed build leaves the previous site exactly as it was. Nothing in the
/// output folder is touched before `commit`.
/// Safe to call from several threads at once (pages are rendered in parallel).
///
/// Without a build cache (or without a site the cache describes) the staging folder holds the whole
/// new site and `commit` swaps it in for the old one.
///
/// With a build cache (`reusing:`) and the site it describes in place, the site is updated in place:
/// every file is hashed as it is written; a file whose bytes the previous site already had at the same
/// path — and that nobody touched since (same size, modification time and inode, or the same bytes
/// read back) — is only recorded, never written, linked or renamed, so it keeps its inode and
/// modification time and a sync to a server moves only what changed. Changed and new files go into
/// the staging folder (same relative paths) and `commit` renames each into the site, then removes
/// what the new site no longer has (see `commitInPlace`). A one-edit rebuild of a large site thus
/// touches a few dozen files instead of linking and later unlinking every one of them.
/// The manifest of the new site (`committedManifest`) goes into the cache after `commit`.
///
/// Pages rendered from a template go one step further (`keep`): when the previous site has the page
/// under the same key (`PageKey`: template, view model, program, templates) and the file still
/// holds it, the page is kept without being rendered at all.
public final class SiteWriter: @unchecked Sendable {
    public let output: URL
    public let staging: URL
    /// `staging.path`, kept as a string: every file's path is made from it (building a `URL` for
    /// each of a large site's files was a noticeable share of writing them).
    private let stagingPath: String
    private let outputPath: String
    let contentRoot: URL
    private let fm = FileManager.default
    private let lock = NSLock()
    private var createdFolders: Set<String> = []
    private var paths: [String] = []
    private var files = 0
    private var bytes = 0
    /// Whether a manifest is kept (a build with a cache).
    private let keeping: Bool
    /// The previous site's files, sorted by path (empty without a manifest), and their positions by path.
    private let previous: [OutputEntry]
    private let previousTable: PathTable
    /// The previous site's folders as the cache recorded them (the site folder itself first, then
    /// sorted by path), and their positions by path.
    private let previousFolders: [FolderStamp]
    private let previousFolderTable: PathTable
    /// Whether the site is updated in place: a manifest is kept, the cache describes a published
    /// site and the output folder is there.
    private let inPlace: Bool
    /// The output folder, opened when the site is updated in place, for `statPublished`; -1 otherwise.
    private let outputFolder: Int32
    /// The new site's entries: for a path the previous site had, at its position in `previous`
    /// (nil: not recorded by this build); for any other path, in `added`. Most of a rebuild's files
    /// are the previous site's, so the new manifest is the old one with a few entries changed
    /// (`committedManifest` merges instead of sorting, and no dictionary of every path is built).
    private var carried: [OutputEntry?]
    private var carriedCount = 0
    private var added: [String: OutputEntry] = [:]
    /// Paths (of the entries) whose new bytes are in the staging folder; every other entry is the
    /// previous site's file, kept as it is. Without `inPlace`, every entry.
    private var pending: Set<String> = []
    /// Whether the previous site's path at each position is in `pending` (most are not: recording a
    /// kept file then needs no lookup in the set).
    private var pendingAt: [Bool]
    /// The new site's folders with their stamps, taken when `commitInPlace` has finished.
    private var committedFolders: [FolderStamp]? = nil
    /// Set when a folder of the new site could not be stamped (no manifest can be recorded).
    private var foldersUnreadable = false
    /// Set by `carryPublished`: the caller has just verified the previous site's folders too, so
    /// `commitInPlace` need not look at them again.
    private var foldersVerified = false
    /// Keys of pages `keep` could not keep, for the entry the page's `write` records.
    private var pendingKeys: [String: (key: UInt64, inputs: UInt64)] = [:]
    private var kept = 0
    private var keptByInputs = 0
    private var keptByKey = 0

    public var filesWritten: Int { lock.withLock { files } }
    /// Whether this writer keeps a manifest (a build with a cache), so that `keep` can keep pages.
    var keepsManifest: Bool { keeping }
    public var bytesWritten: Int { lock.withLock { bytes } }
    /// Site paths of every file written so far, in no particular order.
    public var writtenPaths: [String] { lock.withLock { paths } }
    /// Files of the previous site kept exactly as they were (with a build cache): not written,
    /// linked or renamed.
    public var filesReused: Int { lock.withLock { carriedCount + added.count - pending.count } }
    /// Pages kept from the previous site without being rendered (`keep`); included in `filesReused`.
    public var pagesKept: Int { lock.withLock { kept } }
    /// Of `pagesKept`, those kept on their inputs' digest alone, their view model never built (`PageMemo`).
    var pagesKeptByInputs: Int { lock.withLock { keptByInputs } }
    /// Files (pages or not) kept by their key (`keep`, `keptHash`): neither made nor written.
    var filesKeptByKey: Int { lock.withLock { keptByKey } }

    public convenience init(output: String, contentRoot: String) throws {
        try self.init(output: output, contentRoot: contentRoot, reusing: nil)
    }

    /// `reusing`: the manifest of the site now in `output` (an empty one when there is none); with
    /// it the writer keeps a manifest and updates the site in place. nil: plain writing.
    init(output: String, contentRoot: String, reusing: OutputManifest?) throws {
        keeping = reusing != nil
        let previous = reusing?.entries ?? []
        self.previous = previous
        previousTable = PathTable(count: previous.count) { previous[$0].path }
        let previousFolders = reusing?.folders ?? []
        self.previousFolders = previousFolders
        previousFolderTable = PathTable(count: previousFolders.count) { previousFolders[$0].path }
        carried = [OutputEntry?](repeating: nil, count: previous.count)
        pendingAt = [Bool](repeating: false, count: previous.count)
        self.output = URL(fileURLWithPath: output).standardizedFileURL
        self.outputPath = self.output.path
        self.contentRoot = URL(fileURLWithPath: contentRoot, isDirectory: true)
        let parent = self.output.deletingLastPathComponent()
        let name = self.output.lastPathComponent
        self.staging = parent.appendingPathComponent(".\(name).building-\(getpid())")
        self.stagingPath = staging.path
        var s = stat()
        inPlace = reusing != nil && !previousFolders.isEmpty && lstat(outputPath, &s) == 0 && (s.st_mode & S_IFMT) == S_IFDIR
        // Not followed if it became a link since: the published files are then looked up by path.
        outputFolder = inPlace ? open(outputPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            if fm.fileExists(atPath: staging.path) { try FolderRemoval.remove(staging.path) }
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw BuildError.outputNotWritable(output, "\(error.localizedDescription)")
        }
    }

    deinit {
        if outputFolder >= 0 { close(outputFolder) }
    }

    public func write(_ item: OutputItem) throws {
        let started = BuildProfile.start()
        defer { BuildProfile.add(.write, since: started) }
        if keeping { return try writeKeepingManifest(item) }
        switch item {
        case .file(let path, let content):
            try Self.writeFile(try prepare(path), content)
            lock.withLock {
                bytes += content.count
                files += 1
                paths.append(path)
            }
        case .copy(let path, let contentPath):
            let url = URL(fileURLWithPath: try prepare(path))
            if fm.fileExists(atPath: url.path) { try fm.removeItem(at: url) }
            try fm.copyItem(at: contentRoot.appendingPathComponent(contentPath), to: url)
            lock.withLock {
                files += 1
                paths.append(path)
            }
        }
    }

    /// Whether the page at `path` with `key` (a `PageKey`, never 0) can be kept from the previous
    /// site: true when the site is updated in place, the previous manifest has the page under this
    /// key and its file still holds the published bytes. The page is then recorded as written and
    /// left as it is; the caller neither renders nor writes it. False otherwise: the caller renders
    /// and writes the page, and the key is recorded in the page's new entry. `inputs`: the digest of
    /// the page's inputs (`PageInputs`) the key was computed under, recorded with it; 0 for none.
    func keep(_ path: String, key: UInt64, inputs: UInt64 = 0) -> Bool {
        guard keptHash(path, key: key, inputs: inputs) != nil else { return false }
        lock.withLock { kept += 1 }
        return true
    }

    /// `keep` for the page `previousKeyAndIndex` found at `index` of the previous manifest (the
    /// path is not looked up again).
    func keep(_ path: String, at index: Int, key: UInt64, inputs: UInt64) -> Bool {
        guard keptHash(path, at: index, key: key, inputs: inputs) != nil else { return false }
        lock.withLock { kept += 1 }
        return true
    }

    /// The key the previous site's page at `path` was recorded under when it was recorded with the
    /// same inputs digest (`PageInputs`, never 0): the page's view model would give that key again,
    /// so it need not be built; with the page's position in the previous manifest (for
    /// `keep(_:at:key:inputs:)`). nil otherwise.
    func previousKeyAndIndex(_ path: String, inputs: UInt64) -> (key: UInt64, index: Int)? {
        guard inputs != 0, let i = previousIndex(path), previous[i].inputs == inputs, previous[i].key != 0 else { return nil }
        return (previous[i].key, i)
    }

    func countKeptByInputs() { lock.withLock { keptByInputs += 1 } }

    /// The previous site's entries whose path starts with `prefix` (a folder, ending in "/"): a range
    /// of the sorted manifest.
    func previousEntries(under prefix: String) -> [OutputEntry] {
        var end = OutputManifest.lowerBound(previous, prefix) { $0.path }
        let start = end
        while end < previous.count && previous[end].path.utf8.starts(with: prefix.utf8) { end += 1 }
        return Array(previous[start..<end])
    }

    /// The position of `path` in the previous site's manifest.
    private func previousIndex(_ path: String) -> Int? {
        previousTable.find(path) { previous[$0].path }
    }

    /// The entry this build recorded for `path` (call with the lock held; `index`: `previousIndex(path)`).
    private func recordedEntry(_ path: String, index: Int?) -> OutputEntry? {
        if let index { return carried[index] }
        return added[path]
    }

    private func recordedEntry(_ path: String) -> OutputEntry? {
        let index = previousIndex(path)
        return lock.withLock { recordedEntry(path, index: index) }
    }

    /// Keeps all of `entries` (the previous site's, as `previousEntries` gave them) or none: true
    /// when the site is updated in place and every one of them is still published as recorded and
    /// not yet recorded by this build. Pages (`.html`) count in `pagesKept`.
    func keepAll(_ entries: [OutputEntry]) -> Bool {
        guard keeping else { return false }
        var published: [OutputEntry] = []
        for e in entries {
            guard recordedEntry(e.path) == nil, let p = publishedUnchanged(e.path, hash: e.hash, size: Int(e.size))
            else { return false }
            published.append(p)
        }
        for p in published { record(p.path, p, pending: false, bytes: Int(p.size)) }
        let pages = published.count { $0.path.hasSuffix(".html") }
        lock.withLock {
            kept += pages
            keptByKey += published.count
        }
        return true
    }

    /// Records every file of the previous site but `except` as kept as it is, without looking at it
    /// again: for a caller that has just verified the manifest it gave (`OutputManifest.verify`) and
    /// then writes the few files that change, `except` (`BodyPatch`). Only before anything else is recorded.
    func carryPublished(except written: Set<String>) {
        let skipped = Set(written.compactMap { previousIndex($0) })
        lock.withLock {
            precondition(keeping && carriedCount == 0 && added.isEmpty)
            for i in previous.indices where !skipped.contains(i) {
                carried[i] = previous[i]
                bytes += Int(previous[i].size)
                carriedCount += 1
            }
            files += carriedCount
            foldersVerified = true
        }
    }

    /// The key the previous site's file at `path` was recorded under (0: none), when there is one.
    func previousKey(of path: String) -> UInt64? { previousIndex(path).map { previous[$0].key } }

    /// The previous site's file at `path` when the site is updated in place, the file was recorded
    /// under `key` (never 0) and not yet by this build, and its bytes are the recorded ones (read
    /// and hashed: what is made from them must be what the key says). nil otherwise.
    func publishedBytes(_ path: String, key: UInt64) -> [UInt8]? {
        guard inPlace, key != 0, let i = previousIndex(path), previous[i].key == key, lock.withLock({ carried[i] == nil }),
            let bytes = Self.read(outputPath + "/" + path), bytes.count == Int(previous[i].size), FastHash.hash(bytes) == previous[i].hash
        else { return nil }
        return bytes
    }

    /// `keptHash` for several files at once, all or none: the kept files' hashes when every one of
    /// them can be kept (each recorded under its key, and published as recorded), else nil and
    /// nothing recorded.
    func keepAllByKey(_ files: [(path: String, key: UInt64)]) -> [UInt64]? {
        guard keeping else { return nil }
        var published: [(entry: OutputEntry, index: Int)] = []
        published.reserveCapacity(files.count)
        for (path, key) in files {
            guard key != 0, let i = previousIndex(path), previous[i].key == key, lock.withLock({ carried[i] == nil }),
                let p = publishedUnchanged(path, hash: previous[i].hash, size: Int(previous[i].size), index: i)
            else { return nil }
            published.append((p, i))
        }
        for (p, i) in published { record(p.path, p, pending: false, bytes: Int(p.size), index: i) }
        lock.withLock { keptByKey += published.count }
        return published.map(\.entry.hash)
    }

    /// Records `key` for the file at `path` this build is about to write (a file kept by its key next time).
    func expectKey(_ path: String, key: UInt64) {
        guard keeping else { return }
        lock.withLock { pendingKeys[path] = (key, 0) }
    }

    /// The hash of the bytes recorded for `path` by this build, if any.
    func recordedHash(_ path: String) -> UInt64? { recordedEntry(path)?.hash }

    /// `keep` for a file that is not a page (not counted in `pagesKept`: the search index's result
    /// files), giving the kept file's `FastHash` (the index's version covers every result file's
    /// bytes), or nil when the file is to be written.
    func keptHash(_ path: String, key: UInt64, inputs: UInt64 = 0) -> UInt64? {
        guard keeping else { return nil }
        return keptHash(path, at: previousIndex(path), key: key, inputs: inputs)
    }

    /// `keptHash` with `previousIndex(path)` given.
    private func keptHash(_ path: String, at index: Int?, key: UInt64, inputs: UInt64) -> UInt64? {
        guard keeping else { return nil }
        let started = BuildProfile.start()
        defer { BuildProfile.add(.write, since: started) }
        if let i = index, previous[i].key == key, lock.withLock({ carried[i] == nil }),
            var published = publishedUnchanged(path, hash: previous[i].hash, size: Int(previous[i].size), index: i)
        {
            (published.key, published.inputs) = (key, inputs)
            record(path, published, pending: false, bytes: Int(previous[i].size), index: i)
            lock.withLock { keptByKey += 1 }
            return published.hash
        }
        lock.withLock { pendingKeys[path] = (key, inputs) }
        return nil
    }

    /// `write` with a manifest: hash, then keep the published file or write a new one into the
    /// staging folder, and record it.
    private func writeKeepingManifest(_ item: OutputItem) throws {
        let path: String, content: [UInt8]
        switch item {
        case .file(let p, let b):
            (path, content) = (p, b)
        case .copy(let p, let contentPath):
            let source = contentRoot.appendingPathComponent(contentPath).path
            let fd = open(source, O_RDONLY | O_CLOEXEC)
            guard fd >= 0, let b = InputFingerprint.readAll(fd, sizeHint: 1 << 16) else {
                if fd >= 0 { close(fd) }
                throw BuildError.outputNotWritable(source, String(cString: strerror(errno)))
            }
            close(fd)
            (path, content) = (p, b)
        }
        let hash = FastHash.hash(content)
        let (key, inputs) = lock.withLock { pendingKeys.removeValue(forKey: path) } ?? (0, 0)
        let index = previousIndex(path)
        if var published = publishedUnchanged(path, hash: hash, size: content.count, index: index) {
            (published.key, published.inputs) = (key, inputs)
            record(path, published, pending: false, bytes: content.count, index: index)
            return
        }
        let s = try Self.writeFile(try prepare(path), content, stat: true)
        let entry = OutputEntry(path: path, hash: hash, size: Int64(content.count),
                                modified: Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec),
                                inode: UInt64(s.st_ino), key: key, inputs: inputs)
        record(path, entry, pending: true, bytes: content.count, index: index)
    }

    /// The previous site's entry for `path`, brought up to date, when the site is updated in place
    /// and the file now at `path` in the site is a plain file with exactly these bytes (the hash and
    /// size as recorded, and the recorded stamp — or, when only the stamp differs, the bytes read
    /// back); nil when the file has to be written.
    private func publishedUnchanged(_ path: String, hash: UInt64, size: Int) -> OutputEntry? {
        publishedUnchanged(path, hash: hash, size: size, index: previousIndex(path))
    }

    /// `index`: `previousIndex(path)`.
    private func publishedUnchanged(_ path: String, hash: UInt64, size: Int, index: Int?) -> OutputEntry? {
        guard inPlace, let index else { return nil }
        let old = previous[index]
        guard old.hash == hash, old.size == Int64(size) else { return nil }
        var s = stat()
        guard statPublished(path, &s) else { return nil }
        return old.verified(s, read: { Self.read(outputPath + "/" + path) })
    }

    /// `lstat` of the site's file at `path`, relative to the output folder opened once (no path to
    /// put together, and the folders above the site are not walked again: a large site's rebuild
    /// asks this of every file it keeps).
    private func statPublished(_ path: String, _ s: inout stat) -> Bool {
        if outputFolder >= 0 { return fstatat(outputFolder, path, &s, AT_SYMLINK_NOFOLLOW) == 0 }
        return lstat(outputPath + "/" + path, &s) == 0
    }

    /// Records `path`'s new entry. A path written twice keeps its last bytes: when they are the
    /// published ones after all, the staging copy of the first write is thrown away.
    private func record(_ path: String, _ entry: OutputEntry, pending isPending: Bool, bytes count: Int) {
        record(path, entry, pending: isPending, bytes: count, index: previousIndex(path))
    }

    /// `index`: `previousIndex(path)`.
    private func record(_ path: String, _ entry: OutputEntry, pending isPending: Bool, bytes count: Int, index: Int?) {
        let staleCopy = lock.withLock { () -> Bool in
            if let index {
                if carried[index] == nil { carriedCount += 1 }
                carried[index] = entry
            } else {
                added[path] = entry
            }
            bytes += count
            files += 1
            paths.append(path)
            if isPending {
                pending.insert(path)
                if let index { pendingAt[index] = true }
                return false
            }
            if let index {
                guard pendingAt[index] else { return false }
                pendingAt[index] = false
            }
            return pending.remove(path) != nil
        }
        if staleCopy { unlink(stagingPath + "/" + path) }
    }

    private static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return InputFingerprint.readAll(fd, sizeHint: 1 << 16)
    }

    /// The new site's manifest: the files written or kept and the stamps of every folder, taken from
    /// the output folder after `commit` (renaming into place is the last change to them). nil when a
    /// folder cannot be read.
    ///
    /// The previous site's entries are in order already: only the paths it did not have are sorted
    /// and merged in. After an update in place the folders were stamped by `commitInPlace`.
    func committedManifest() -> OutputManifest? {
        let (carried, added, committed, created, unreadable) = lock.withLock {
            (self.carried, self.added, self.committedFolders, self.createdFolders, self.foldersUnreadable)
        }
        guard !unreadable else { return nil }
        var kept: [OutputEntry] = []
        kept.reserveCapacity(carried.count + added.count)
        for case let e? in carried { kept.append(e) }
        let files = OutputManifest.merge(kept, added.values.sorted { ByteOrder.less($0.path, $1.path) }) { $0.path }
        if let committed { return OutputManifest(sorted: files, folders: committed) }
        guard let stamps = OutputManifest.stampFolders(Array(created), in: output.path) else { return nil }
        return OutputManifest(sorted: files, folders: stamps)
    }

    /// Copies a folder of static files (templates/assets) into the site at `sitePath`.
    public func copyFolder(_ folder: String, to sitePath: String) throws {
        let source = URL(fileURLWithPath: folder, isDirectory: true)
        guard let names = fm.enumerator(atPath: folder)?.allObjects as? [String] else { return }
        for name in names.sorted() where !name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            var isDir: ObjCBool = false
            let src = source.appendingPathComponent(name)
            guard fm.fileExists(atPath: src.path, isDirectory: &isDir), !isDir.boolValue else { continue }
            let data = try Data(contentsOf: src)
            try write(.file(path: sitePath + name, bytes: [UInt8](data)))
        }
    }

    /// The file system path of `sitePath` in the staging folder, its folders made.
    private func prepare(_ sitePath: String) throws -> String {
        if let slash = sitePath.utf8.lastIndex(of: UInt8(ascii: "/")) {
            try makeFolders(String(sitePath[..<slash]))
        }
        return stagingPath + "/" + sitePath
    }

    /// `mkdir -p` inside the staging folder, remembering what exists (a site has many folders).
    private func makeFolders(_ relative: String) throws {
        guard !lock.withLock({ createdFolders.contains(relative) }) else { return }
        if let slash = relative.lastIndex(of: "/") { try makeFolders(String(relative[..<slash])) }
        let path = stagingPath + "/" + relative
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw BuildError.outputNotWritable(path, String(cString: strerror(errno)))
        }
        _ = lock.withLock { createdFolders.insert(relative) }
    }

    /// Writes a whole file with plain system calls (no temporary file, no fsync: the staging folder
    /// as a whole is what is swapped into place).
    @discardableResult
    static func writeFile(_ path: String, _ bytes: [UInt8], stat wanted: Bool = false) throws -> stat {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        try writeAll(fd, bytes, path: path)
        var s = stat()
        if wanted && fstat(fd, &s) != 0 { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
        return s
    }

    /// Writes all of `bytes` to `fd` (retrying short writes and interruptions); `path` names the
    /// file in the error.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BuildError.outputNotWritable(path, String(cString: strerror(errno)))
                }
                offset += n
            }
        }
    }

    /// Puts the finished site in place of the old one (see `commit(invalidatingCache:)`).
    public func commit() throws {
        try commit(invalidatingCache: nil)
    }

    /// Puts the finished site in place of the old one: updates it in place when the writer can (see
    /// `commitInPlace`), otherwise swaps the staging folder in.
    ///
    /// `invalidatingCache` makes sure no later build trusts the cache that describes the old site
    /// (it must be durable when it returns): it is called before the first change to the site, so
    /// that an update interrupted half-way leaves no cache and the next build starts from scratch.
    /// Without it, or when it fails, the site is not updated in place: the kept files are linked
    /// into the staging folder and it is swapped in as a whole.
    func commit(invalidatingCache: (() throws -> Void)?) throws {
        if inPlace {
            if let invalidatingCache, (try? invalidatingCache()) != nil {
                return try commitInPlace()
            }
            try linkKeptFiles()
        }
        if fm.fileExists(atPath: output.path) {
            let old = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).old-\(getpid())")
            try fm.moveItem(at: output, to: old)
            try fm.moveItem(at: staging, to: output)
            try? FolderRemoval.remove(old.path)
        } else {
            try fm.moveItem(at: staging, to: output)
        }
    }

    /// For a swap after all: hard-links every kept file of the published site into the staging
    /// folder (copies it where the file system refuses the link), so the staging folder holds the
    /// whole new site.
    private func linkKeptFiles() throws {
        let kept = lock.withLock { () -> [(path: String, index: Int?)] in
            var out: [(path: String, index: Int?)] = []
            for (i, e) in carried.enumerated() { if let e, !pending.contains(e.path) { out.append((e.path, i)) } }
            for path in added.keys where !pending.contains(path) { out.append((path, nil)) }
            return out
        }
        for (path, index) in kept {
            let target = try prepare(path), published = outputPath + "/" + path
            if link(published, target) == 0 { continue }
            guard let content = Self.read(published) else {
                throw BuildError.outputNotWritable(published, String(cString: strerror(errno)))
            }
            let s = try Self.writeFile(target, content, stat: true)
            let modified = Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec), inode = UInt64(s.st_ino)
            lock.withLock {
                if let index {
                    carried[index]?.modified = modified
                    carried[index]?.inode = inode
                    pendingAt[index] = true
                } else {
                    added[path]?.modified = modified
                    added[path]?.inode = inode
                }
                pending.insert(path)
            }
        }
    }

    /// The folder `path` lies in; nil for a path at the top of the site.
    static func parentFolder(_ path: String) -> String? {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return nil }
        return String(path[..<slash])
    }

    /// Updates the published site in place, touching only what changed. The cache has already been
    /// invalidated, so whatever happens from here on, no later build trusts this site before a
    /// build has finished it (a crash half-way means a full build and a swap next time).
    ///
    /// The new site's folders are the previous site's, less those left without a file below them,
    /// plus the folders of paths the previous site did not have: worked out from what changed, not
    /// from every path of the site.
    ///
    /// 1. Before changing anything: which of the previous site's folders are no longer as the cache
    ///    recorded them (someone added, removed or renamed something in them by hand, or a crash left
    ///    something behind). Only those can hold names nobody knows about; step 6 lists them.
    /// 2. Every folder of the new site exists as a folder (anything else at its path — a file of the
    ///    old site where a category became a folder, or a hand-made link — is removed first).
    /// 3. Every changed or new file is renamed from the staging folder over the site's (a folder of
    ///    the old site in its place, where a folder became a file, is removed first).
    /// 4. Files of the old site the new build did not produce are unlinked.
    /// 5. Folders of the old site the new site does not have are removed, deepest first.
    /// 6. The folders of step 1 that are part of the new site are listed, and every name in them that
    ///    is not part of the new site is removed.
    /// Then the (by now empty) staging folder is removed, and the new site's folders are stamped:
    /// those steps 2–6 changed (or found not as recorded, or new) from the disk, every other one as
    /// step 1 found it, which is as recorded.
    private func commitInPlace() throws {
        let (carried, added, pending) = lock.withLock { (self.carried, self.added, self.pending) }
        let previous = self.previous, previousFolders = self.previousFolders
        let root = outputPath
        let addedPaths = added.keys.sorted { ByteOrder.less($0, $1) }
        // Files of the previous site the new one does not have.
        let removed = carried.indices.filter { carried[$0] == nil }
        func isFile(_ path: String) -> Bool { previousIndex(path).map { carried[$0] != nil } ?? (added[path] != nil) }
        func isPreviousFolder(_ path: String) -> Bool { previousFolderTable.find(path) { previousFolders[$0].path } != nil }
        /// Whether the new site has a file below `folder`: its entries are a range of each sorted list.
        func hasFileBelow(_ folder: String) -> Bool {
            let prefix = folder + "/"
            var k = OutputManifest.lowerBound(previous, prefix) { $0.path }
            while k < previous.count && previous[k].path.utf8.starts(with: prefix.utf8) {
                if carried[k] != nil { return true }
                k += 1
            }
            let j = OutputManifest.lowerBound(addedPaths, prefix) { $0 }
            return j < addedPaths.count && addedPaths[j].utf8.starts(with: prefix.utf8)
        }
        var dropped: Set<String> = []  // folders of the previous site the new one does not have
        var stays: Set<String> = []
        for i in removed {
            var path = previous[i].path
            while let folder = Self.parentFolder(path), !stays.contains(folder), !dropped.contains(folder) {
                if hasFileBelow(folder) {
                    stays.insert(folder)
                    break
                }
                dropped.insert(folder)
                path = folder
            }
        }
        var newFolders: Set<String> = []  // folders the previous site did not have
        for path in addedPaths {
            var path = path
            while let folder = Self.parentFolder(path), !newFolders.contains(folder),
                  !isPreviousFolder(folder) || dropped.contains(folder) {
                newFolders.insert(folder)
                path = folder
            }
        }
        /// Whether `folder` (not "") is a folder of the new site.
        func isFolder(_ folder: String) -> Bool {
            newFolders.contains(folder) || (isPreviousFolder(folder) && !dropped.contains(folder))
        }
        var touched: Set<String> = []  // folders whose names this commit changed
        func touch(parentOf path: String) { touched.insert(Self.parentFolder(path) ?? "") }

        // 1. Folders no longer as recorded.
        let recorded = previousFolders
        let asRecorded = lock.withLock({ foldersVerified }) ? [Bool](repeating: true, count: recorded.count)
            : Parallel.map(recorded.count, grain: 512) { i -> Bool in
            var s = stat()
            let path = recorded[i].path.isEmpty ? root : root + "/" + recorded[i].path
            return lstat(path, &s) == 0 && recorded[i].describes(s)
        }
        var unknownContents: [String] = []  // folders that may hold names nobody knows about
        for (i, folder) in recorded.enumerated() where !asRecorded[i] { unknownContents.append(folder.path) }

        // 2. The new site's folders not known to be there, parents first (a path sorts before every
        //    path it is a prefix of).
        var toMake = Array(newFolders)
        for (i, folder) in recorded.enumerated() where !asRecorded[i] && !folder.path.isEmpty && !dropped.contains(folder.path) {
            toMake.append(folder.path)
        }
        for folder in toMake.sorted(by: { ByteOrder.less($0, $1) }) {
            let path = root + "/" + folder
            var s = stat()
            if lstat(path, &s) == 0 {
                if (s.st_mode & S_IFMT) == S_IFDIR {
                    // There already, but not as recorded (or not recorded at all): list it in step 6.
                    unknownContents.append(folder)
                    continue
                }
                try FolderRemoval.remove(path)
            } else if errno != ENOENT {
                throw BuildError.outputNotWritable(path, String(cString: strerror(errno)))
            }
            touch(parentOf: folder)
            if mkdir(path, 0o755) != 0 { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
        }

        // 3. Changed and new files.
        let moves = Array(pending)
        for path in moves { touch(parentOf: path) }
        _ = try Parallel.map(moves.count, grain: 64) { i in
            let from = stagingPath + "/" + moves[i], to = root + "/" + moves[i]
            if rename(from, to) == 0 { return }
            guard errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST else {
                throw BuildError.outputNotWritable(to, String(cString: strerror(errno)))
            }
            try FolderRemoval.remove(to)
            if rename(from, to) != 0 { throw BuildError.outputNotWritable(to, String(cString: strerror(errno))) }
        }

        // 4. Files the new site does not have. A path that is a folder of the new site was handled
        //    in step 2; one below a folder that became a file is gone with it (ENOTDIR).
        let gone = removed.map { previous[$0].path }.filter { !isFolder($0) }
        for path in gone { touch(parentOf: path) }
        _ = try Parallel.map(gone.count, grain: 64) { i in
            let path = root + "/" + gone[i]
            if unlink(path) == 0 || errno == ENOENT || errno == ENOTDIR { return }
            try FolderRemoval.remove(path)
        }

        // 5. Folders the new site does not have (those that became files went in step 3).
        let goneFolders = dropped.filter { !isFile($0) }
        for folder in goneFolders.sorted(by: { ByteOrder.less($1, $0) }) {
            touch(parentOf: folder)
            let path = root + "/" + folder
            if rmdir(path) == 0 || errno == ENOENT || errno == ENOTDIR { continue }
            try FolderRemoval.remove(path)  // something nobody recorded was left in it
        }

        // 6. Names nobody knows about.
        for folder in unknownContents where folder.isEmpty || isFolder(folder) {
            touched.insert(folder)
            let path = folder.isEmpty ? root : root + "/" + folder
            guard let names = FolderListing.entries(of: path) else {
                throw BuildError.outputNotWritable(path, String(cString: strerror(errno)))
            }
            for (name, isFolderName) in names {
                let relative = folder.isEmpty ? name : folder + "/" + name
                let known = isFolderName ? isFolder(relative) : isFile(relative)
                if !known { try FolderRemoval.remove(root + "/" + relative) }
            }
        }
        try? FolderRemoval.remove(stagingPath)

        // The new site's folders in order ("" first), each stamped.
        var order: [(stamp: FolderStamp, restamp: Bool)] = []
        order.reserveCapacity(recorded.count + newFolders.count)
        for (i, folder) in recorded.enumerated() where !dropped.contains(folder.path) {
            order.append((folder, !asRecorded[i] || touched.contains(folder.path)))
        }
        let fresh = newFolders.sorted { ByteOrder.less($0, $1) }.map {
            (stamp: FolderStamp(path: $0, modified: 0, changed: 0, inode: 0), restamp: true)
        }
        order = OutputManifest.merge(order, fresh) { $0.stamp.path }
        let restamp = order.indices.filter { order[$0].restamp }
        var folders = order.map(\.stamp)
        let stamps = Parallel.map(restamp.count, grain: 256) { k -> FolderStamp? in
            let path = folders[restamp[k]].path
            var s = stat()
            guard lstat(path.isEmpty ? root : root + "/" + path, &s) == 0, (s.st_mode & S_IFMT) == S_IFDIR else { return nil }
            return FolderStamp(path: path, s)
        }
        for (k, stamp) in stamps.enumerated() {
            guard let stamp else {
                lock.withLock { foldersUnreadable = true }
                return
            }
            folders[restamp[k]] = stamp
        }
        lock.withLock { committedFolders = folders }
    }

    /// Throws the new files away; the old site stays.
    public func abort() {
        try? FolderRemoval.remove(staging.path)
    }
}
