import Foundation
#if canImport(Glibc)
import Glibc
#endif


/// Writes the site into a fresh folder beside the output folder and swaps it into place only when
/// the whole build succeeded: a failed build leaves the previous site exactly as it was.
/// Safe to call from several threads at once (pages are rendered in parallel).
///
/// With a build cache (`reusing:`), every file is hashed as it is written; a file whose bytes the
/// previous site already had at the same path — and that nobody touched since (same size,
/// modification time and inode) — is hard-linked from the old site instead of written, so it keeps
/// its inode and modification time and a sync to a server moves only what changed. The manifest of
/// the new site (`manifest`) goes into the cache after `commit`.
public final class SiteWriter: @unchecked Sendable {
    public let output: URL
    public let staging: URL
    /// `staging.path`, kept as a string: every file's path is made from it (building a `URL` for
    /// each of a large site's files was a noticeable share of writing them).
    private let stagingPath: String
    let contentRoot: URL
    private let fm = FileManager.default
    private let lock = NSLock()
    private var createdFolders: Set<String> = []
    private var paths: [String] = []
    private var files = 0
    private var bytes = 0
    /// Set when a manifest is kept (a build with a cache): the previous site's files by path.
    private let previous: [String: OutputEntry]?
    private var entries: [String: OutputEntry] = [:]
    private var linked = 0

    public var filesWritten: Int { lock.withLock { files } }
    public var bytesWritten: Int { lock.withLock { bytes } }
    /// Site paths of every file written so far, in no particular order.
    public var writtenPaths: [String] { lock.withLock { paths } }
    /// Files linked unchanged from the previous site (with a build cache).
    public var filesReused: Int { lock.withLock { linked } }

    public convenience init(output: String, contentRoot: String) throws {
        try self.init(output: output, contentRoot: contentRoot, reusing: nil)
    }

    /// `reusing`: the manifest of the site now in `output` (an empty one when there is none); with
    /// it the writer keeps a manifest and links unchanged files. nil: plain writing.
    init(output: String, contentRoot: String, reusing: OutputManifest?) throws {
        self.previous = reusing?.byPath()
        self.output = URL(fileURLWithPath: output).standardizedFileURL
        self.contentRoot = URL(fileURLWithPath: contentRoot, isDirectory: true)
        let parent = self.output.deletingLastPathComponent()
        let name = self.output.lastPathComponent
        self.staging = parent.appendingPathComponent(".\(name).building-\(getpid())")
        self.stagingPath = staging.path
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            if fm.fileExists(atPath: staging.path) { try FolderRemoval.remove(staging.path) }
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw BuildError.outputNotWritable(output, "\(error.localizedDescription)")
        }
    }

    public func write(_ item: OutputItem) throws {
        let started = BuildProfile.start()
        defer { BuildProfile.add(.write, since: started) }
        if previous != nil { return try writeKeepingManifest(item) }
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

    /// `write` with a manifest: hash, then link the old file or write a new one, and record it.
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
        let target = try prepare(path)
        // Never write through a link to the old site: a path written twice is unlinked first.
        if lock.withLock({ entries[path] != nil }) { unlink(target) }
        var entry: OutputEntry? = nil
        if let old = previous?[path], old.hash == hash, old.size == Int64(content.count) {
            let oldPath = output.path + "/" + path
            var s = stat()
            if lstat(oldPath, &s) == 0, let verified = old.verified(s, read: { Self.read(oldPath) }),
                link(oldPath, target) == 0
            {
                entry = verified
            }
        }
        let reused = entry != nil
        if entry == nil {
            let s = try Self.writeFile(target, content, stat: true)
            entry = OutputEntry(path: path, hash: hash, size: Int64(content.count),
                                modified: Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec),
                                inode: UInt64(s.st_ino))
        }
        lock.withLock {
            entries[path] = entry
            bytes += content.count
            files += 1
            if reused { linked += 1 }
            paths.append(path)
        }
    }

    private static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return InputFingerprint.readAll(fd, sizeHint: 1 << 16)
    }

    /// The new site's manifest: the files written and the stamps of the folders made, taken from the
    /// output folder after `commit` (renaming the staging folder into place is the last change to
    /// them). nil when a folder cannot be read.
    func committedManifest() -> OutputManifest? {
        let (files, folders) = lock.withLock { (Array(entries.values), Array(createdFolders)) }
        guard let stamps = OutputManifest.stampFolders(folders, in: output.path) else { return nil }
        return OutputManifest(entries: files, folders: stamps)
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
        var offset = 0
        try bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BuildError.outputNotWritable(path, String(cString: strerror(errno)))
                }
                offset += n
            }
        }
        var s = stat()
        if wanted && fstat(fd, &s) != 0 { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
        return s
    }

    /// Puts the finished site in place of the old one.
    public func commit() throws {
        if fm.fileExists(atPath: output.path) {
            let old = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).old-\(getpid())")
            try fm.moveItem(at: output, to: old)
            try fm.moveItem(at: staging, to: output)
            try? FolderRemoval.remove(old.path)
        } else {
            try fm.moveItem(at: staging, to: output)
        }
    }

    /// Throws the new files away; the old site stays.
    public func abort() {
        try? FolderRemoval.remove(staging.path)
    }
}
