import Foundation

/// What a file looked like at one poll: modification time and size.
public struct FileStamp: Hashable, Sendable {
    public var modified: Double
    public var size: Int
}

/// Every file below some folders with its stamp. Comparing two snapshots tells what changed; polling
/// works the same on every system and file system (no inotify/FSEvents), and for a site of a few
/// thousand files a poll costs a few milliseconds.
public struct FolderSnapshot: Equatable, Sendable {
    /// Path (folder as given + `/` + relative path) → stamp.
    public var files: [String: FileStamp]

    public init(files: [String: FileStamp] = [:]) { self.files = files }

    /// Reads the folders now. Hidden files and folders (`.git`, `.foo.md.swp`) and editor backups
    /// (`a.md~`) are ignored, as the build ignores them. A missing folder counts as empty.
    public static func take(_ folders: [String]) -> FolderSnapshot {
        var files: [String: FileStamp] = [:]
        for folder in folders {
            walk(folder, into: &files)
        }
        return FolderSnapshot(files: files)
    }

    /// Paths added, removed or modified since `old`, sorted.
    public func changes(since old: FolderSnapshot) -> [String] {
        var changed: [String] = []
        for (path, stamp) in files where old.files[path] != stamp { changed.append(path) }
        for path in old.files.keys where files[path] == nil { changed.append(path) }
        return changed.sorted()
    }

    private static func walk(_ dir: String, into files: inout [String: FileStamp]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where !name.hasPrefix(".") && !name.hasSuffix("~") {
            let path = dir + "/" + name
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                walk(path, into: &files)
            } else {
                #if canImport(Darwin)
                let modified = Double(st.st_mtimespec.tv_sec) + Double(st.st_mtimespec.tv_nsec) / 1e9
                #else
                let modified = Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
                #endif
                files[path] = FileStamp(modified: modified, size: Int(st.st_size))
            }
        }
    }
}

/// Gathers changes until the folders have been quiet for `quiet` seconds, then hands them over as
/// one batch: saving ten files at once (a `git checkout`, an editor's "save all") gives one rebuild.
/// A batch is handed over at the latest `maxWait` seconds after its first change, so a file that
/// is written continuously still gets previewed.
public struct Debouncer: Sendable {
    public var quiet: Double
    public var maxWait: Double
    private var pending: Set<String> = []
    private var firstChange: Double?
    private var lastChange: Double?

    public init(quiet: Double = 0.25, maxWait: Double = 2) {
        self.quiet = quiet
        self.maxWait = maxWait
    }

    /// Feed what one poll found at time `now`; returns the batch when it is time to act on it.
    public mutating func observe(_ changes: [String], at now: Double) -> [String]? {
        if !changes.isEmpty {
            pending.formUnion(changes)
            if firstChange == nil { firstChange = now }
            lastChange = now
        }
        guard let first = firstChange, let last = lastChange else { return nil }
        guard now - last >= quiet || now - first >= maxWait else { return nil }
        let batch = pending.sorted()
        pending = []
        firstChange = nil
        lastChange = nil
        return batch
    }

    public var hasPending: Bool { !pending.isEmpty }
}

/// Polls folders every `interval` seconds and calls back with each debounced batch of changed paths.
public final class FolderWatcher: @unchecked Sendable {
    public let folders: [String]
    public let interval: Double
    private var snapshot: FolderSnapshot
    private var debouncer: Debouncer
    private let lock = NSLock()

    public init(folders: [String], interval: Double = 0.3, quiet: Double = 0.25, maxWait: Double = 2) {
        self.folders = folders
        self.interval = interval
        self.snapshot = FolderSnapshot.take(folders)
        self.debouncer = Debouncer(quiet: quiet, maxWait: maxWait)
    }

    /// One poll at time `now` (seconds, any monotonic clock): the batch to act on, if any.
    public func poll(now: Double) -> [String]? {
        let current = FolderSnapshot.take(folders)
        return lock.withLock {
            let changes = current.changes(since: snapshot)
            snapshot = current
            return debouncer.observe(changes, at: now)
        }
    }

    /// Polls until the task is cancelled, calling `onChange` with each batch (one at a time: polling
    /// pauses while `onChange` runs, and changes made meanwhile form the next batch).
    public func run(onChange: @Sendable ([String]) async -> Void) async {
        while !Task.isCancelled {
            do { try await Task.sleep(nanoseconds: UInt64(interval * 1e9)) } catch { return }
            let now = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
            if let batch = poll(now: now) { await onChange(batch) }
        }
    }
}
