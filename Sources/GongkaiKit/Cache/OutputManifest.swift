import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One file of a published site: its path in the site, the hash of its bytes, and what `lstat` said
/// about it when it was published (size, modification time, inode).
struct OutputEntry: Equatable, Sendable {
    var path: String
    var hash: UInt64
    var size: Int64
    var modified: Int64
    var inode: UInt64

    /// Whether `s` (an `lstat` of the published file) still describes this file as published.
    func describes(_ s: stat) -> Bool {
        (s.st_mode & S_IFMT) == S_IFREG && Int64(s.st_size) == size && UInt64(s.st_ino) == inode
            && Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec) == modified
    }

    /// This entry, brought up to date, when `s` (an `lstat` of the file now at the entry's path)
    /// is a file with the published bytes: by its stamp, or — when only the stamp differs, as after
    /// the site folder was restored from a CI cache or copied — by reading and hashing it. nil when
    /// the bytes differ or cannot be read.
    func verified(_ s: stat, read: () -> [UInt8]?) -> OutputEntry? {
        if describes(s) { return self }
        guard (s.st_mode & S_IFMT) == S_IFREG, Int64(s.st_size) == size, let bytes = read(), FastHash.hash(bytes) == hash
        else { return nil }
        var e = self
        e.modified = Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec)
        e.inode = UInt64(s.st_ino)
        return e
    }
}

/// Every file of the site the last successful build published, and how many folders it had.
/// SiteWriter uses it to link unchanged files from the old site instead of writing them again;
/// a build with unchanged inputs uses it to make sure the site folder is still what was published.
struct OutputManifest: Sendable {
    /// Sorted by path.
    var entries: [OutputEntry]
    /// Folders below the site folder (not counting the site folder itself).
    var folders: Int

    init(entries: [OutputEntry], folders: Int) {
        self.entries = entries.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        self.folders = folders
    }

    /// Path → entry, for SiteWriter's lookups.
    func byPath() -> [String: OutputEntry] {
        var map: [String: OutputEntry] = [:]
        map.reserveCapacity(entries.count)
        for e in entries { map[e.path] = e }
        return map
    }

    /// The manifest brought up to date when `folder` holds exactly the recorded files with their
    /// recorded bytes (see `verified`) and the recorded number of folders, nothing else; nil otherwise.
    func verify(folder: String) -> OutputManifest? {
        let root = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return nil }
        defer { close(root) }
        let found = Parallel.map(entries.count, grain: 256) { i -> OutputEntry? in
            var s = stat()
            guard fstatat(root, entries[i].path, &s, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
            return entries[i].verified(s) { Self.read(entries[i].path, in: root) }
        }
        var updated = self
        for (i, e) in found.enumerated() {
            guard let e else { return nil }
            updated.entries[i] = e
        }
        // Every recorded file is there; the site has nothing else when the counts agree.
        guard let (files, dirs) = Self.count(folder) else { return nil }
        return files == entries.count && dirs == folders ? updated : nil
    }

    static func read(_ path: String, in root: Int32) -> [UInt8]? {
        let fd = openat(root, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return InputFingerprint.readAll(fd, sizeHint: 1 << 16)
    }

    /// Files (anything that is not a folder) and folders below `folder`, counted from directory
    /// entries alone; the first level's folders are counted on all cores. nil when unreadable.
    static func count(_ folder: String) -> (files: Int, folders: Int)? {
        guard let top = listing(folder) else { return nil }
        let subfolders = top.filter(\.isFolder).map { folder + "/" + $0.name }
        var files = top.count - subfolders.count
        let counts = Parallel.map(subfolders.count, grain: 1) { countBelow(subfolders[$0]) }
        var folders = subfolders.count
        for c in counts {
            guard let c else { return nil }
            files += c.files
            folders += c.folders
        }
        return (files, folders)
    }

    private static func countBelow(_ folder: String) -> (files: Int, folders: Int)? {
        guard let names = listing(folder) else { return nil }
        var files = 0, folders = 0
        for entry in names {
            if entry.isFolder {
                folders += 1
                guard let c = countBelow(folder + "/" + entry.name) else { return nil }
                files += c.files
                folders += c.folders
            } else {
                files += 1
            }
        }
        return (files, folders)
    }

    /// The names in a folder, with whether each is a folder (d_type; lstat where it is unknown).
    private static func listing(_ folder: String) -> [(name: String, isFolder: Bool)]? {
        guard let dir = opendir(folder) else { return nil }
        defer { closedir(dir) }
        var out: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var s = stat()
                guard lstat(folder + "/" + name, &s) == 0 else { return nil }
                isFolder = (s.st_mode & S_IFMT) == S_IFDIR
            }
            out.append((name, isFolder))
        }
        return out
    }

    func encode(_ w: inout CacheWriter) {
        w.int(folders)
        w.int(entries.count)
        for e in entries {
            w.string(e.path); w.u64(e.hash); w.i64(e.size); w.i64(e.modified); w.u64(e.inode)
        }
    }

    static func decode(_ r: inout CacheReader) throws -> OutputManifest {
        let folders = try r.count()
        let n = try r.count(minimumSize: 40)
        var entries: [OutputEntry] = []
        entries.reserveCapacity(n)
        for _ in 0..<n {
            entries.append(OutputEntry(path: try r.string(), hash: try r.u64(), size: try r.i64(), modified: try r.i64(),
                                       inode: try r.u64()))
        }
        var m = OutputManifest(entries: [], folders: folders)
        m.entries = entries  // written sorted
        return m
    }
}
