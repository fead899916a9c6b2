import Foundation
import Testing
@testable import GongkaiKit

/// SiteWriter with a build cache: the published site is updated in place (only changed files are
/// renamed into it, what the new site lacks is removed). Every test compares the result with the
/// same files written from scratch, and checks that the manifest describes the site exactly.
@Suite("Updating the site in place")
final class InPlaceUpdateTests {
    let root: URL
    let fm = FileManager.default
    var site: String { root.path + "/site" }
    private var cleanBuilds = 0

    init() throws {
        root = fm.temporaryDirectory.appendingPathComponent("gongkai-inplace-\(UUID().uuidString)")
        try fm.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes `files` (in order; a path may come twice) and commits, as a cached build does:
    /// `reusing` is the previous build's manifest (`.empty` without one).
    @discardableResult
    func publish(_ files: [(String, String)], reusing: OutputManifest = .empty,
                 invalidate: @escaping () throws -> Void = {}) throws -> (writer: SiteWriter, manifest: OutputManifest) {
        let writer = try SiteWriter(output: site, contentRoot: root.path, reusing: reusing)
        for (path, text) in files { try writer.write(.file(path: path, bytes: Array(text.utf8))) }
        try writer.commit(invalidatingCache: invalidate)
        return (writer, try #require(writer.committedManifest()))
    }

    struct Tree: Equatable {
        var files: [String: [UInt8]] = [:]
        var folders: Set<String> = []
        var other: Set<String> = []  // links and anything else
    }

    /// Everything below `folder`, links not followed.
    static func tree(_ folder: String) throws -> Tree {
        var tree = Tree()
        func walk(_ relative: String) throws {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            for name in try FileManager.default.contentsOfDirectory(atPath: path) {
                let child = relative.isEmpty ? name : relative + "/" + name
                var s = stat()
                #expect(lstat(folder + "/" + child, &s) == 0)
                switch s.st_mode & S_IFMT {
                case S_IFDIR:
                    tree.folders.insert(child)
                    try walk(child)
                case S_IFREG: tree.files[child] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + child)))
                default: tree.other.insert(child)
                }
            }
        }
        try walk("")
        return tree
    }

    /// Inode and modification time of every file and folder of the site.
    func stamps() throws -> [String: [Int64]] {
        var out: [String: [Int64]] = [:]
        let t = try Self.tree(site)
        for path in [""] + Array(t.files.keys) + Array(t.folders) {
            var s = stat()
            #expect(lstat(path.isEmpty ? site : site + "/" + path, &s) == 0)
            out[path] = [Int64(s.st_ino), Int64(s.st_mtim.tv_sec), Int64(s.st_mtim.tv_nsec), Int64(s.st_ctim.tv_nsec)]
        }
        return out
    }

    /// The site equals `files` written from scratch into a fresh folder, and `manifest` describes it
    /// exactly (every file and every folder, so that the next build can trust it).
    func expectSameAsClean(_ files: [(String, String)], _ manifest: OutputManifest, _ step: String,
                           sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        cleanBuilds += 1
        let clean = root.path + "/clean-\(cleanBuilds)"
        let writer = try SiteWriter(output: clean, contentRoot: root.path)
        for (path, text) in files { try writer.write(.file(path: path, bytes: Array(text.utf8))) }
        try writer.commit()
        let a = try Self.tree(site), b = try Self.tree(clean)
        #expect(a == b, "\(step): site differs from a clean build", sourceLocation: sourceLocation)
        #expect(Set(manifest.entries.map(\.path)) == Set(b.files.keys), "\(step): manifest files", sourceLocation: sourceLocation)
        #expect(Set(manifest.folders.map(\.path)) == b.folders.union([""]), "\(step): manifest folders",
                sourceLocation: sourceLocation)
        #expect(manifest.verify(folder: site) != nil, "\(step): the manifest describes the site", sourceLocation: sourceLocation)
        // Every folder's stamp is the one on disk (a stale one would only cost a listing of the whole
        // site next time, which `verify` hides).
        for folder in manifest.folders {
            var s = stat()
            #expect(lstat(folder.path.isEmpty ? site : site + "/" + folder.path, &s) == 0 && folder.describes(s),
                    "\(step): folder \(folder.path) stamped as it is", sourceLocation: sourceLocation)
        }
        #expect(manifest.entries.map(\.path) == manifest.entries.map(\.path).sorted { ByteOrder.less($0, $1) },
                "\(step): manifest sorted", sourceLocation: sourceLocation)
        #expect(try fm.contentsOfDirectory(atPath: root.path).filter { $0.contains(".building-") }.isEmpty,
                "\(step): no staging folder left", sourceLocation: sourceLocation)
    }

    /// A file becomes a folder, a folder becomes a file, a deep branch disappears, a file moves
    /// between folders; the unchanged file is not touched at all.
    @Test func filesBecomeFoldersAndFoldersBecomeFiles() throws {
        let first = [("a/b", "文件 b"), ("c/d/e.html", "e"), ("c/d/f/g.html", "g"), ("keep/x.html", "不变"),
                     ("h/i/j/k.html", "深"), ("m/n.html", "移动"), ("index.html", "首页")]
        let (_, m1) = try publish(first)
        try expectSameAsClean(first, m1, "first")
        let kept = try stamps()["keep/x.html"]
        let second = [("a/b/index.html", "现在是目录"), ("c/d", "现在是文件"), ("keep/x.html", "不变"), ("h/i.html", "浅"),
                      ("p/n.html", "移动"), ("index.html", "新首页")]
        let (writer, m2) = try publish(second, reusing: m1)
        try expectSameAsClean(second, m2, "types changed")
        #expect(writer.filesReused == 1)
        #expect(try stamps()["keep/x.html"] == kept, "the unchanged file keeps its inode and time")
        // And back again.
        let (_, m3) = try publish(first, reusing: m2)
        try expectSameAsClean(first, m3, "types changed back")
    }

    /// Someone edited the published site by hand: extra files and folders (at the top and deep, in
    /// folders the new site keeps and in folders it drops), a changed file, a deleted file, a file
    /// replaced by a folder, a folder replaced by a file, a link where a folder belongs.
    @Test(arguments: ["extra-top", "extra-deep", "extra-folder", "extra-in-dropped", "edited", "edited-same-size",
                      "deleted", "file-to-folder", "folder-to-file", "link", "everything"])
    func handEditsAreUndone(change: String) throws {
        let first = [("index.html", "首页"), ("docs/a/index.html", "甲"), ("docs/b/index.html", "乙"),
                     ("docs/c/index.html", "丙"), ("old/x/y.html", "旧"), ("data/list.json", "[1]")]
        let (_, m1) = try publish(first)
        let all = change == "everything"
        func hand(_ relative: String, _ text: String) throws {
            let url = URL(fileURLWithPath: site + "/" + relative)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        if all || change == "extra-top" { try hand("extra.html", "多余") }
        if all || change == "extra-deep" { try hand("docs/a/extra.html", "多余") }
        if all || change == "extra-folder" { try hand("docs/extra/deeper/x.html", "多余") }
        if all || change == "extra-in-dropped" { try hand("old/x/extra.html", "多余") }
        if all || change == "edited" { try hand("docs/b/index.html", "手工修改，长度不同") }
        if all || change == "edited-same-size" {
            // Same size, new bytes: the stamp differs, so the file is read back and hashed.
            try hand("docs/c/index.html", "丁")
        }
        if all || change == "deleted" { try fm.removeItem(atPath: site + "/docs/a/index.html") }
        if all || change == "file-to-folder" {
            try fm.removeItem(atPath: site + "/data/list.json")
            try hand("data/list.json/inner.txt", "目录")
        }
        if all || change == "folder-to-file" {
            try fm.removeItem(atPath: site + "/docs/b")
            try hand("docs/b", "文件")
        }
        if all || change == "link" {
            try fm.removeItem(atPath: site + "/docs/c")
            try fm.createSymbolicLink(atPath: site + "/docs/c", withDestinationPath: root.path)
        }
        // The new build: one page changed, one new, the old branch gone, the rest as before.
        let second = [("index.html", "新首页"), ("docs/a/index.html", "甲"), ("docs/b/index.html", "乙"),
                      ("docs/c/index.html", "丙"), ("docs/d/index.html", "丁"), ("data/list.json", "[1]")]
        let (_, m2) = try publish(second, reusing: m1)
        try expectSameAsClean(second, m2, "hand edit: \(change)")
        #expect(fm.fileExists(atPath: root.path), "a link was removed, never followed")
    }

    /// A path written twice keeps its last bytes, whichever of the two is the published one.
    @Test func pathWrittenTwice() throws {
        let first = [("a.html", "一"), ("b.html", "二"), ("c.html", "三")]
        let (_, m1) = try publish(first)
        let twice = [("a.html", "新"), ("a.html", "一"),  // new, then the published bytes after all
                     ("b.html", "二"), ("b.html", "新二"),  // published, then new
                     ("c.html", "新三"), ("c.html", "更新三")]
        let (writer, m2) = try publish(twice, reusing: m1)
        try expectSameAsClean([("a.html", "一"), ("b.html", "新二"), ("c.html", "更新三")], m2, "written twice")
        #expect(writer.filesReused == 1)
    }

    /// Until `commit`, nothing in the site changes: a build that fails (here: `abort`, as
    /// Pipeline.build does on any error) leaves every file and folder with its bytes, inode and times.
    @Test func abortLeavesTheSiteUntouched() throws {
        let first = [("index.html", "首页"), ("docs/a/index.html", "甲"), ("docs/b", "文件")]
        let (_, m1) = try publish(first)
        let before = try stamps(), bytes = try Self.tree(site)
        let writer = try SiteWriter(output: site, contentRoot: root.path, reusing: m1)
        for (path, text) in [("index.html", "新首页"), ("docs/a/index.html", "甲"), ("docs/b/index.html", "目录"), ("new/x.html", "新")] {
            try writer.write(.file(path: path, bytes: Array(text.utf8)))
        }
        writer.abort()
        #expect(try stamps() == before)
        #expect(try Self.tree(site) == bytes)
        #expect(!fm.fileExists(atPath: writer.staging.path))
    }

    /// The cache is invalidated before the first change to the site; when that fails, the site is
    /// swapped in whole instead (the kept files linked), with the same result.
    @Test(arguments: [false, true])
    func cacheInvalidatedBeforeTheFirstChange(invalidationFails: Bool) throws {
        let first = [("index.html", "首页"), ("docs/a/index.html", "甲"), ("docs/b/index.html", "乙")]
        let (_, m1) = try publish(first)
        let before = try stamps()
        var invalidated = false
        let second = [("index.html", "新首页"), ("docs/a/index.html", "甲"), ("docs/c/index.html", "丙")]
        struct Refused: Error {}
        let (writer, m2) = try publish(second, reusing: m1) { [self] in
            #expect(try stamps() == before, "the site is untouched when the cache is invalidated")
            invalidated = true
            if invalidationFails { throw Refused() }
        }
        #expect(invalidated)
        try expectSameAsClean(second, m2, invalidationFails ? "swapped after all" : "in place")
        #expect(writer.filesReused == 1)
        let after = try stamps()
        // Inode and modification time (a link changes the change time).
        #expect(after["docs/a/index.html"]?.prefix(3) == before["docs/a/index.html"]?.prefix(3), "kept file: same inode and time")
        if !invalidationFails { #expect(after["docs/a/index.html"] == before["docs/a/index.html"], "not touched at all") }
        #expect((after[""]?[0] == before[""]?[0]) == !invalidationFails, "the site folder is replaced only by a swap")
    }

    /// A commit cut short half-way (here: a staged file vanishes, so one rename fails after others
    /// were done) leaves the cache invalidated; the next build, without a cache, swaps in a clean site.
    @Test func interruptedCommitThenFullBuild() throws {
        let first = (0..<40).map { ("docs/\($0)/index.html", "第\($0)页") } + [("old/gone.html", "旧")]
        let (_, m1) = try publish(first)
        let second = (0..<40).map { ("docs/\($0)/index.html", $0 % 3 == 0 ? "第\($0)页" : "改过的第\($0)页") }
            + [("new/x.html", "新")]
        let writer = try SiteWriter(output: site, contentRoot: root.path, reusing: m1)
        for (path, text) in second { try writer.write(.file(path: path, bytes: Array(text.utf8))) }
        try fm.removeItem(atPath: writer.staging.path + "/docs/20/index.html")
        var invalidated = false
        #expect(throws: BuildError.self) { try writer.commit(invalidatingCache: { invalidated = true }) }
        writer.abort()
        #expect(invalidated)
        #expect(try Self.tree(site).files != Dictionary(uniqueKeysWithValues: second.map { ($0.0, Array($0.1.utf8)) }))
        // No cache: the next build writes everything and swaps.
        let (writer2, m2) = try publish(second, reusing: .empty)
        try expectSameAsClean(second, m2, "after an interrupted commit")
        #expect(writer2.filesReused == 0)
    }
}
