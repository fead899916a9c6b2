import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One file of a published site: its path in the site, the hash of its bytes, and what `lstat` said
/// about it when it was published (size, modification time, inode); for a page rendered from a
/// template, its `PageKey` (0 for every other file).
struct OutputEntry: Equatable, Sendable {
    var path: String
    var hash: UInt64
    var size: Int64
    var modified: Int64
    var inode: UInt64
    /// For a page rendered from a template: its `PageKey`; 0 for any other file.
    var key: UInt64 = 0
    /// For a page whose inputs are known (`PageInputs`): their digest, under which `key` was
    /// computed; 0 when there is none.
    var inputs: UInt64 = 0

    func encode(_ w: inout CacheWriter) {
        w.string(path); w.u64(hash); w.i64(size); w.i64(modified); w.u64(inode); w.u64(key); w.u64(inputs)
    }

    static func decode(_ r: inout CacheReader) throws -> OutputEntry {
        OutputEntry(path: try r.string(), hash: try r.u64(), size: try r.i64(), modified: try r.i64(), inode: try r.u64(),
                    key: try r.u64(), inputs: try r.u64())
    }

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

/// A folder of a published site and what `lstat` said about it after the site was put in place.
/// A folder's modification time changes whenever a name is added to it, removed from it or renamed
/// in it, and its change time whenever anything about it changes (nobody can set that back): equal
/// stamps on every folder mean no file or folder was added or removed anywhere in the site, without
/// listing a single folder.
struct FolderStamp: Equatable, Sendable {
    /// Relative to the site folder; "" is the site folder itself.
    var path: String
    var modified: Int64
    var changed: Int64
    var inode: UInt64

    init(path: String, modified: Int64, changed: Int64, inode: UInt64) {
        (self.path, self.modified, self.changed, self.inode) = (path, modified, changed, inode)
    }

    init(path: String, _ s: stat) {
        self.path = path
        modified = Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec)
        changed = Int64(s.st_ctim.tv_sec) * 1_000_000_000 + Int64(s.st_ctim.tv_nsec)
        inode = UInt64(s.st_ino)
    }

    func describes(_ s: stat) -> Bool {
        (s.st_mode & S_IFMT) == S_IFDIR && self == FolderStamp(path: path, s)
    }

    func encode(_ w: inout CacheWriter) {
        w.string(path); w.i64(modified); w.i64(changed); w.u64(inode)
    }

    static func decode(_ r: inout CacheReader) throws -> FolderStamp {
        FolderStamp(path: try r.string(), modified: try r.i64(), changed: try r.i64(), inode: try r.u64())
    }
}

/// Every file of the site the last successful build published, and every folder's stamp.
/// SiteWriter uses it to link unchanged files from the old site instead of writing them again;
/// a build with unchanged inputs uses it to make sure the site folder is still what was published.
struct OutputManifest: Sendable {
    /// Sorted by path.
    var entries: [OutputEntry]
    /// Every folder of the site, the site folder itself first ("").
    var folders: [FolderStamp]

    init(entries: [OutputEntry], folders: [FolderStamp]) {
        self.entries = entries.sorted { ByteOrder.less($0.path, $1.path) }
        self.folders = folders
    }

    /// `entries` already sorted by path (not checked).
    init(sorted entries: [OutputEntry], folders: [FolderStamp]) {
        (self.entries, self.folders) = (entries, folders)
    }

    static let empty = OutputManifest(entries: [], folders: [])

    /// The index of the first of `sorted` (sorted by `path`, byte order) from `from` on whose path is
    /// not below `key`.
    static func lowerBound<T>(_ sorted: [T], _ key: String, from: Int = 0, path: (T) -> String) -> Int {
        var (low, high) = (from, sorted.count)
        while low < high {
            let mid = (low + high) / 2
            if ByteOrder.less(path(sorted[mid]), key) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// `base` (sorted by path) with `inserted` (sorted, no path of `base`) merged in at their places:
    /// a binary search per inserted element instead of a comparison per element of `base`, so that a
    /// few new entries cost a few searches, not a sort of hundreds of thousands of paths.
    static func merge<T>(_ base: [T], _ inserted: [T], path: (T) -> String) -> [T] {
        guard !inserted.isEmpty else { return base }
        var out: [T] = []
        out.reserveCapacity(base.count + inserted.count)
        var from = 0
        for e in inserted {
            let at = lowerBound(base, path(e), from: from, path: path)
            out += base[from..<at]
            out.append(e)
            from = at
        }
        out += base[from...]
        return out
    }

    /// The stamps of `relativeFolders` (and of the site folder itself) as they are now in `folder`,
    /// taken after the site was put in place; nil when one cannot be read.
    static func stampFolders(_ relativeFolders: [String], in folder: String) -> [FolderStamp]? {
        let root = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0 else { return nil }
        defer { close(root) }
        var top = stat()
        guard fstat(root, &top) == 0 else { return nil }
        let sorted = relativeFolders.sorted { ByteOrder.less($0, $1) }
        let stamps = Parallel.map(sorted.count, grain: 512) { i -> FolderStamp? in
            var s = stat()
            guard fstatat(root, sorted[i], &s, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
            return FolderStamp(path: sorted[i], s)
        }
        var out = [FolderStamp(path: "", top)]
        out.reserveCapacity(stamps.count + 1)
        for s in stamps {
            guard let s else { return nil }
            out.append(s)
        }
        return out
    }

    /// The manifest brought up to date when `folder` holds exactly the recorded files with their
    /// recorded bytes (see `verified`) and the recorded folders, nothing else; nil otherwise.
    ///
    /// When every folder still has its recorded stamp, nothing was added or removed, so stamping the
    /// recorded files is enough. Otherwise (the site folder was restored from a CI cache or copied,
    /// so every stamp is new) the whole tree is listed once to make sure it holds nothing else.
    func verify(folder: String) -> OutputManifest? {
        let root = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard root >= 0, !folders.isEmpty else {
            if root >= 0 { close(root) }
            return nil
        }
        defer { close(root) }
        let folders = self.folders
        let foldersAsRecorded = Parallel.map(folders.count, grain: 1024) { i -> Bool in
            var s = stat()
            if folders[i].path.isEmpty { return fstat(root, &s) == 0 && folders[i].describes(s) }
            return fstatat(root, folders[i].path, &s, AT_SYMLINK_NOFOLLOW) == 0 && folders[i].describes(s)
        }.allSatisfy { $0 }
        let entries = self.entries
        let found = Parallel.map(entries.count, grain: 1024) { i -> OutputEntry? in
            var s = stat()
            guard fstatat(root, entries[i].path, &s, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
            return entries[i].verified(s) { Self.read(entries[i].path, in: root) }
        }
        var updated = self
        for (i, e) in found.enumerated() {
            guard let e else { return nil }
            updated.entries[i] = e
        }
        if foldersAsRecorded { return updated }
        // Every recorded file is there; the site has nothing else when the counts agree.
        guard let (files, dirs) = Self.count(folder), files == entries.count, dirs == folders.count - 1,
            let restamped = Self.stampFolders(folders.dropFirst().map(\.path), in: folder)
        else { return nil }
        updated.folders = restamped
        return updated
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
        guard let top = FolderListing.entries(of: folder) else { return nil }
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
        guard let names = FolderListing.entries(of: folder) else { return nil }
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
}

/// The positions of a list of paths, found by the hash of their bytes (open addressing): a lookup
/// of the site's ~340,000 paths (or its folders) without building a dictionary of Strings, which
/// took longer than the rest of the manifest's bookkeeping together.
struct PathTable: Sendable {
    /// Position + 1 of the path whose hash lands here first; 0: empty.
    private var slots: [Int32]
    private let mask: Int

    /// A table of `count` paths, the `k`th being `path(k)`.
    init(count: Int, path: (Int) -> String) {
        var size = 16
        while size < 2 * count { size <<= 1 }
        mask = size - 1
        slots = [Int32](repeating: 0, count: size)
        slots.withUnsafeMutableBufferPointer { slots in
            for k in 0..<count {
                var i = Int(truncatingIfNeeded: FastHash.hash(path(k))) & mask
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = Int32(k + 1)
            }
        }
    }

    /// The position of `key` in the list the table was made of, or nil; `path` gives the list's paths.
    func find(_ key: String, path: (Int) -> String) -> Int? {
        var i = Int(truncatingIfNeeded: FastHash.hash(key)) & mask
        while true {
            let k = Int(slots[i])
            if k == 0 { return nil }
            if path(k - 1) == key { return k - 1 }
            i = (i + 1) & mask
        }
    }
}

