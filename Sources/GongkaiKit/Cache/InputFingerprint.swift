import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `stat` says about a file: enough to tell, without reading it, that it has not changed since
/// the last time it was hashed. The change time is included because nobody can set it back (an
/// editor or `touch -d` can restore a modification time, not a change time).
struct InputStamp: Equatable, Sendable {
    var size: Int64
    var modified: Int64  // ns since 1970
    var changed: Int64  // ns since 1970
    var inode: UInt64
    var device: UInt64

    init(size: Int64, modified: Int64, changed: Int64, inode: UInt64, device: UInt64) {
        self.size = size
        self.modified = modified
        self.changed = changed
        self.inode = inode
        self.device = device
    }

    init(_ s: stat) {
        size = Int64(s.st_size)
        modified = Int64(s.st_mtim.tv_sec) * 1_000_000_000 + Int64(s.st_mtim.tv_nsec)
        changed = Int64(s.st_ctim.tv_sec) * 1_000_000_000 + Int64(s.st_ctim.tv_nsec)
        inode = UInt64(s.st_ino)
        device = UInt64(s.st_dev)
    }

    /// `stat(2)` (following symbolic links, as the content loader does); nil when it fails.
    static func of(_ path: String) -> InputStamp? {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        return InputStamp(s)
    }

    func encode(_ w: inout CacheWriter) {
        w.i64(size); w.i64(modified); w.i64(changed); w.u64(inode); w.u64(device)
    }

    static func decode(_ r: inout CacheReader) throws -> InputStamp {
        InputStamp(size: try r.i64(), modified: try r.i64(), changed: try r.i64(), inode: try r.u64(), device: try r.u64())
    }
}

/// One input file of a build: its key (`content/…`, `templates/…`, or `gongkai` for the executable),
/// its stamp when it was hashed, and the hash of its bytes.
struct InputEntry: Equatable, Sendable {
    var key: String
    var stamp: InputStamp
    var hash: UInt64

    func encode(_ w: inout CacheWriter) {
        w.string(key)
        stamp.encode(&w)
        w.u64(hash)
    }

    static func decode(_ r: inout CacheReader) throws -> InputEntry {
        InputEntry(key: try r.string(), stamp: try InputStamp.decode(&r), hash: try r.u64())
    }
}

/// Every file a build reads — the content folder, the templates folder and the gongkai executable
/// itself — each with the hash of its bytes, summed up in one digest together with the build
/// options that change the output. Equal digests mean the build would produce the same site and
/// the same report.
///
/// Hashing every file of a large site takes a while, so a file whose stamp is the one recorded by
/// the previous build reuses the recorded hash; files whose stamp changed (or that are new) are
/// read and hashed, on all cores. A stamp recorded within `racyWindow` of the scan that recorded it
/// is not trusted (the file may have changed again within the same timestamp tick, as git's "racy
/// clean" entries).
struct InputFingerprint: Sendable {
    /// Sorted by key.
    var entries: [InputEntry]
    /// When the scan began (ns since 1970, wall clock).
    var scanned: Int64
    /// How many files were read and hashed (the others reused the previous hash).
    var filesHashed: Int
    var digest: UInt64
    /// The build options the digest covers.
    var options: [String] = []

    static let racyWindow: Int64 = 3_000_000_000

    struct Unreadable: Error { var path: String }

    /// `options`: the build options that change the output, as strings, in a fixed order.
    static func scan(content: String, templates: String, executable: String?, options: [String],
                     previous: (entries: [InputEntry], scanned: Int64)?) throws -> InputFingerprint {
        let started = wallClockNanoseconds()
        var paths: [(key: String, path: String)] = []
        try listFiles(content, relative: "", skipHidden: true) { paths.append(("content/" + $0, $1)) }
        try listFiles(templates, relative: "", skipHidden: false) { paths.append(("templates/" + $0, $1)) }
        if let executable { paths.append(("gongkai", executable)) }

        // Paths in key order, so that the entries come out sorted and each path meets the previous
        // build's entry for it by walking both lists side by side (no dictionary of 100,000 keys).
        paths.sort { ByteOrder.less($0.key, $1.key) }
        var known = [Int](repeating: -1, count: paths.count)
        if let previous {
            let old = previous.entries
            let trustedBefore = previous.scanned - racyWindow
            var j = 0
            for i in paths.indices {
                while j < old.count && ByteOrder.less(old[j].key, paths[i].key) { j += 1 }
                guard j < old.count else { break }
                if old[j].key == paths[i].key, max(old[j].stamp.modified, old[j].stamp.changed) < trustedBefore { known[i] = j }
            }
        }
        let results: [(entry: InputEntry?, hashed: Bool)] = Parallel.map(paths.count, grain: 64) { i in
            let (key, path) = paths[i]
            if known[i] >= 0, let previous, let stamp = InputStamp.of(path), stamp == previous.entries[known[i]].stamp {
                return (previous.entries[known[i]], false)
            }
            return (hashFile(key: key, path: path), true)
        }
        var entries: [InputEntry] = []
        entries.reserveCapacity(results.count)
        var hashed = 0
        for (i, r) in results.enumerated() {
            guard let entry = r.entry else { throw Unreadable(path: paths[i].path) }
            entries.append(entry)
            if r.hashed { hashed += 1 }
        }
        var sum = HashAccumulator()
        sum.add(UInt64(options.count))
        for o in options { sum.add(o) }
        sum.add(UInt64(entries.count))
        for e in entries {
            sum.add(e.key)
            sum.add(e.hash)
        }
        return InputFingerprint(entries: entries, scanned: started, filesHashed: hashed, digest: sum.digest, options: options)
    }

    /// Whether recording this scan lets the next one trust a stamp that a scan at `previousScan`
    /// could not (a file this scan read only because its stamp was within `racyWindow` of that
    /// scan, and is not within the window of this one). A build that replays the last one records
    /// its scan only then: otherwise a file checked out or edited just before a build would be read
    /// again by every build that repeats it.
    func settlesStamps(racyAt previousScan: Int64) -> Bool {
        guard filesHashed > 0 else { return false }
        let untrustedFrom = previousScan - Self.racyWindow, trustedBefore = scanned - Self.racyWindow
        return entries.contains {
            let stamp = max($0.stamp.modified, $0.stamp.changed)
            return stamp >= untrustedFrom && stamp < trustedBefore
        }
    }

    /// Reads a file and hashes it; its stamp is taken from the open file before reading.
    static func hashFile(key: String, path: String) -> InputEntry? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var s = stat()
        guard fstat(fd, &s) == 0 else { return nil }
        let stamp = InputStamp(s)
        guard let bytes = readAll(fd, sizeHint: Int(s.st_size)) else { return nil }
        return InputEntry(key: key, stamp: stamp, hash: FastHash.hash(bytes))
    }

    static func readAll(_ fd: Int32, sizeHint: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: max(sizeHint, 0) + 1)
        var count = 0
        while true {
            if count == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 4096))) }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            count += n
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// Regular files below `folder` (following symbolic links, as the content loader does), in no
    /// particular order. `skipHidden`: leave out names starting with `.` (the content loader does).
    static func listFiles(_ folder: String, relative: String, skipHidden: Bool,
                          _ visit: (_ relative: String, _ path: String) -> Void) throws {
        let dirPath = relative.isEmpty ? folder : folder + "/" + relative
        guard let dir = opendir(dirPath) else { throw Unreadable(path: dirPath) }
        var names: [(String, UInt8)] = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || (skipHidden && name.hasPrefix(".")) { continue }
            names.append((name, type))
        }
        closedir(dir)
        for (name, type) in names {
            let rel = relative.isEmpty ? name : relative + "/" + name
            let path = folder + "/" + rel
            var isDirectory = type == UInt8(DT_DIR)
            if type != UInt8(DT_DIR) && type != UInt8(DT_REG) {
                // A symbolic link or a file system that does not fill in d_type: ask stat.
                var s = stat()
                guard stat(path, &s) == 0 else { continue }
                isDirectory = (s.st_mode & S_IFMT) == S_IFDIR
                guard isDirectory || (s.st_mode & S_IFMT) == S_IFREG else { continue }
            }
            if isDirectory {
                try listFiles(folder, relative: rel, skipHidden: skipHidden, visit)
            } else {
                visit(rel, path)
            }
        }
    }

    static func wallClockNanoseconds() -> Int64 {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec)
    }
}
