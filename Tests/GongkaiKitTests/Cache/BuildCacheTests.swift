import Foundation
import Testing
@testable import GongkaiKit

/// A site built twice after every change: once into `site/` with the build cache (`cache/`), once
/// from scratch without it into a fresh folder. The cache must never make a difference.
final class CachedSite {
    let site: TestSite
    var templates: String
    var cache: URL { site.root.appendingPathComponent("cache") }
    var cacheFile: URL { cache.appendingPathComponent(BuildCache.fileName) }
    private var cleanBuilds = 0
    /// Documents per search index segment (`BuildOptions.searchSegmentSize`), for clean and cached
    /// builds alike: small, so that a small site has many segments.
    var searchSegmentSize = GramIndex.sampleSize
    /// `BuildOptions.patchesBodies` for the cached builds.
    var patchesBodies = true

    /// The `basic` fixture plus `generated` documents (some with a warning), and a private copy of
    /// the templates (so that a test can edit them).
    init(generated: Int = 24) throws {
        site = try TestSite(fixture: "basic")
        let copy = site.root.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: TestSite.templates), to: copy)
        templates = copy.path
        for k in 0..<generated { try site.write(Self.path(k), Self.document(k)) }
    }

    static func serial(_ k: Int) -> String { String(format: "2024-%05d", 100 + k) }
    static func path(_ k: Int, category: String = "gfxwj") -> String { "zcwj/\(category)/\(serial(k)).md" }

    static func document(_ k: Int, category: String = "zcwj.gfxwj", title: String? = nil, body: String? = nil,
                         published: String? = nil) -> String {
        let day = String(format: "2024-%02d-%02d", 1 + k % 12, 1 + k % 27)
        return policy(serial(k), title: title ?? "测试市人民政府办公室关于第\(k)项工作的通知", category: category,
                      published: published ?? day, written: day, docNo: "测政办发〔2024〕\(100 + k)号",
                      body: body ?? "第一条 第\(k)项工作按本通知办理。\n\n第二条 本通知自印发之日起施行。\n")
    }

    func options(today: String = "2026-11-21", output: URL? = nil, cached: Bool = true) -> BuildOptions {
        var o = BuildOptions(contentFolder: site.content.path, templatesFolder: templates,
                             outputFolder: (output ?? site.output).path, today: CalendarDate(iso: today)!)
        o.cacheFolder = cached ? cache.path : nil
        o.searchSegmentSize = searchSegmentSize
        o.patchesBodies = patchesBodies
        return o
    }

    @discardableResult
    func build(today: String = "2026-11-21") throws -> BuildOutcome { try Pipeline.build(options(today: today)) }

    /// Waits until files written so far are older than `InputFingerprint.racyWindow`: a build scans
    /// them as trusted, and a later build that repeats it has no stamp to settle (and so does not
    /// rewrite the cache), however long the builds take on a busy machine.
    func waitPastRacyWindow() {
        Thread.sleep(forTimeInterval: Double(InputFingerprint.racyWindow) / 1e9 + 0.2)
    }

    /// Edits a template of the site (appends `text` to it): every page made from it changes.
    func appendToTemplate(_ name: String, _ text: String) throws {
        let path = templates + "/" + name
        try (String(contentsOfFile: path, encoding: .utf8) + text).write(toFile: path, atomically: false, encoding: .utf8)
    }

    /// Builds from scratch (no cache, fresh folder) and checks that the cached build gave the same
    /// site, byte for byte, and the same report.
    func expectSameAsCleanBuild(_ cached: BuildOutcome, today: String = "2026-11-21", _ step: String,
                                sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        cleanBuilds += 1
        let folder = site.root.appendingPathComponent("clean-\(cleanBuilds)")
        let clean = try Pipeline.build(options(today: today, output: folder, cached: false))
        #expect(clean.published, "\(step): \(clean.diagnostics)", sourceLocation: sourceLocation)
        #expect(cached.published, "\(step): \(cached.diagnostics)", sourceLocation: sourceLocation)
        #expect(cached.diagnostics == clean.diagnostics, "\(step): reports differ", sourceLocation: sourceLocation)
        #expect(cached.waived == clean.waived, "\(step)", sourceLocation: sourceLocation)
        let a = try TestSite.files(under: site.output), b = try TestSite.files(under: folder)
        #expect(Set(a.keys) == Set(b.keys), "\(step): files differ: \(Set(a.keys).symmetricDifference(b.keys).sorted())",
                sourceLocation: sourceLocation)
        let differing = a.keys.filter { b[$0] != nil && a[$0] != b[$0] }.sorted()
        #expect(differing.isEmpty, "\(step): content differs in \(differing)", sourceLocation: sourceLocation)
        #expect(try Self.folders(site.output) == Self.folders(folder), "\(step): folders differ", sourceLocation: sourceLocation)
        try FileManager.default.removeItem(at: folder)
    }

    static func folders(_ root: URL) throws -> Set<String> {
        var out: Set<String> = []
        for case let rel as String in FileManager.default.enumerator(atPath: root.path)! {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root.path + "/" + rel, isDirectory: &isDir), isDir.boolValue { out.insert(rel) }
        }
        return out
    }

    struct Stamp: Equatable {
        var inode: UInt64
        var modified: Int64
    }

    /// Inode and modification time of every file of the site.
    func stamps() throws -> [String: Stamp] {
        var out: [String: Stamp] = [:]
        for path in try TestSite.files(under: site.output).keys {
            let s = try #require(InputStamp.of(site.output.path + "/" + path))
            out[path] = Stamp(inode: s.inode, modified: s.modified)
        }
        return out
    }
}

/// A small seeded random generator (SplitMix64), so that a failing sequence of edits can be replayed.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

@Suite("Build cache")
struct BuildCacheTests {
    /// Random edits of every kind, one after another; after each, the site built with the cache must
    /// equal a clean build's.
    @Test(arguments: [UInt64(1), 2, 3])
    func cachedBuildsEqualCleanBuilds(seed: UInt64) throws {
        let s = try CachedSite()
        // A body with links the pages rewrite (to a fixture document, which no step moves).
        try s.site.write(CachedSite.path(0), CachedSite.document(0, body: BodyMemoTests.linkingBody(target: "2025-00012.md")))
        // Segments of 5–7 documents: edits change some segments (segment 0 too, and with it the
        // frequent bigrams), additions and deletions shift the ones after them.
        s.searchSegmentSize = 4 + Int(seed)
        var random = SeededRandom(state: seed)
        var live = Array(0..<24).map { ($0, "gfxwj") }  // generated documents: number, folder
        var next = 24
        var today = "2026-11-21"
        let first = try s.build(today: today)
        try s.expectSameAsCleanBuild(first, today: today, "first build")
        var reusedSomewhere = false
        var keptSomewhere = false
        var bodiesSomewhere = false
        var segmentsRemembered = false
        for step in 0..<12 {
            let kind = step < 7 ? step : Int.random(in: 0..<7, using: &random)
            let pick = Int.random(in: 0..<live.count, using: &random)
            let (k, folder) = live[pick]
            let category = "zcwj.\(folder)"
            let what: String
            switch kind {
            case 0:
                what = "body of \(k)"
                try s.site.write(CachedSite.path(k, category: folder),
                                 CachedSite.document(k, category: category, body: "第一条 修改后的第\(k)项规定，步骤\(step)。\n"))
            case 1:
                what = "title of \(k)"
                try s.site.write(CachedSite.path(k, category: folder),
                                 CachedSite.document(k, category: category, title: "测试市关于第\(k)项工作的补充通知（\(step)）"))
            case 2:
                what = "new document \(next)"
                try s.site.write(CachedSite.path(next), CachedSite.document(next))
                live.append((next, "gfxwj"))
                next += 1
            case 3:
                what = "deleted \(k)"
                try s.site.remove(CachedSite.path(k, category: folder))
                live.remove(at: pick)
            case 4:
                let target = folder == "gfxwj" ? "qtwj" : "gfxwj"
                what = "moved \(k) to \(target)"
                try s.site.remove(CachedSite.path(k, category: folder))
                try s.site.write(CachedSite.path(k, category: target), CachedSite.document(k, category: "zcwj.\(target)"))
                live[pick] = (k, target)
            case 5:
                what = "template edit"
                try s.appendToTemplate("document.mustache", "\n<!-- 第\(step)次修改 -->\n")
            default:
                today = Int.random(in: 0..<2, using: &random) == 0 ? "2026-11-22" : "2027-03-01"
                what = "today \(today)"
            }
            let outcome = try s.build(today: today)
            #expect(!outcome.replayed, "step \(step) (\(what)) changed something")
            reusedSomewhere = reusedSomewhere || outcome.filesReused > 0
            keptSomewhere = keptSomewhere || outcome.pagesKept > 0
            bodiesSomewhere = bodiesSomewhere || outcome.bodiesRemembered > 0
            segmentsRemembered = segmentsRemembered || outcome.searchSegmentsRemembered > 0
            try s.expectSameAsCleanBuild(outcome, today: today, "step \(step): \(what)")
        }
        #expect(reusedSomewhere, "unchanged files were linked, not rewritten")
        #expect(keptSomewhere, "unchanged pages were kept, not rendered")
        #expect(bodiesSomewhere, "unchanged bodies were taken from the memo, not rendered")
        #expect(segmentsRemembered, "unchanged search index segments were taken from the cache")
        // And with nothing changed, the last build is replayed.
        let again = try s.build(today: today)
        #expect(again.replayed)
        try s.expectSameAsCleanBuild(again, today: today, "unchanged")
    }

    /// After one document's body changes, every file whose bytes did not change keeps its inode and
    /// modification time; every file whose bytes changed is a new file.
    @Test func unchangedFilesKeepTheirInode() throws {
        let s = try CachedSite()
        try s.build()
        let before = try s.stamps()
        let bytesBefore = try TestSite.files(under: s.site.output)
        try s.site.write(CachedSite.path(3), CachedSite.document(3, body: "第一条 修改后的正文。\n"))
        let outcome = try s.build()
        try s.expectSameAsCleanBuild(outcome, "one body edited")
        let after = try s.stamps()
        let bytesAfter = try TestSite.files(under: s.site.output)
        let edited = "documents/11999900MB0000001X/\(CachedSite.serial(3))/index.html"
        #expect(bytesBefore[edited] != bytesAfter[edited])
        #expect(before[edited] != after[edited])
        let untouched = "documents/11999900MB0000001X/\(CachedSite.serial(4))/index.html"
        #expect(before[untouched] != nil && before[untouched] == after[untouched])
        var kept = 0
        for (path, stamp) in after {
            guard let old = before[path] else { continue }
            let same = bytesBefore[path] == bytesAfter[path]
            #expect(same == (old == stamp), "\(path): bytes \(same ? "same" : "changed"), inode \(old == stamp ? "kept" : "new")")
            if same { kept += 1 }
        }
        #expect(outcome.filesReused == kept)
        #expect(kept > after.count / 2, "most files did not change: \(kept) of \(after.count)")
    }

    /// Nothing changed: nothing in site/ is touched, and the report (warnings included) is repeated.
    @Test func unchangedRebuildTouchesNothingAndRepeatsTheReport() throws {
        let s = try CachedSite()
        // A warning: a common typo (布署 for 部署).
        try s.site.write(CachedSite.path(5), CachedSite.document(5, body: "第一条 认真布署本项工作。\n"))
        s.waitPastRacyWindow()
        let first = try s.build()
        #expect(first.published && !first.replayed)
        #expect(first.diagnostics.contains { $0.severity == .warning }, "the test needs a warning: \(first.diagnostics)")
        let siteFolder = try #require(InputStamp.of(s.site.output.path))
        let before = try s.stamps()
        let cacheBefore = try Data(contentsOf: s.cacheFile)

        let again = try s.build()
        #expect(again.replayed)
        #expect(again.published)
        #expect(again.diagnostics == first.diagnostics)
        #expect(again.waived == first.waived)
        #expect(again.documentCount == first.documentCount && again.filesWritten == first.filesWritten)
        #expect(try s.stamps() == before)
        #expect(InputStamp.of(s.site.output.path)?.inode == siteFolder.inode, "the site folder was not replaced")
        #expect(try Data(contentsOf: s.cacheFile) == cacheBefore)
        // Touching a file without changing it costs a hash, not a build.
        let doc = s.site.content.appendingPathComponent(CachedSite.path(7))
        try Data(contentsOf: doc).write(to: doc)
        #expect(try s.build().replayed)
    }

    /// Files written just before a build have stamps too fresh to trust (`racyWindow`): the next
    /// build reads them again. A replay after the window records its scan, so that later builds
    /// trust those stamps instead of reading every such file on every build.
    @Test func replayAfterTheRacyWindowSettlesTheStamps() throws {
        let s = try CachedSite()
        let first = try s.build()
        #expect(first.published && !first.replayed)
        let fresh = BuildCacheSession(folder: s.cache.path, options: s.options())
        #expect(fresh.filesHashed > 0, "the files were written just before the first build")
        let cacheBefore = try Data(contentsOf: s.cacheFile)
        s.waitPastRacyWindow()
        let again = try s.build()
        #expect(again.replayed)
        #expect(try Data(contentsOf: s.cacheFile) != cacheBefore, "the replay recorded its scan")
        let settled = BuildCacheSession(folder: s.cache.path, options: s.options())
        #expect(settled.filesHashed == 0)
        #expect(try s.build().replayed)
    }

    /// The command line repeats the warnings and the exit code, and says it did not rebuild.
    @Test func commandLineReplaysWarningsAndExitCode() throws {
        let binary = CommandLineTests.binary
        try #require(FileManager.default.fileExists(atPath: binary.path), "swift test builds the gongkai executable")
        let s = try CachedSite(generated: 4)
        try s.site.write(CachedSite.path(2), CachedSite.document(2, body: "第一条 认真布署本项工作。\n"))
        let arguments = ["build", "--content", s.site.content.path, "--templates", s.templates, "--output", s.site.output.path,
                         "--today", "2026-11-21", "--cache", s.cache.path]
        let first = try CommandLineTests().run(arguments)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("警告"))
        let again = try CommandLineTests().run(arguments)
        #expect(again.status == 0)
        let report = { (text: String) in text.split(separator: "\n").filter { $0.contains("警告") || $0.contains("错误") } }
        #expect(report(again.stderr) == report(first.stderr))
        #expect(again.stderr.contains("未重新生成"))
        let plain = try CommandLineTests().run(arguments + ["--no-cache"])
        #expect(plain.status == 0 && !plain.stderr.contains("缓存"))
    }

    /// A cached rebuild whose documents are the last build's, in order, patches the search index:
    /// only the shards whose grams changed are made again, every other shard file is kept, and the
    /// site is the clean build's byte for byte — for edits that shift positions, add grams no other
    /// document has and remove them again, change a title, touch segment 0 (which chooses the
    /// frequent bigrams), and edit two segments at once. A shard file changed by hand, or a
    /// search memo lost, means the merge again.
    @Test(arguments: [UInt64(1), 2])
    func bodyEditsPatchTheSearchIndex(seed: UInt64) throws {
        let s = try CachedSite(generated: 0)
        s.searchSegmentSize = 4 + Int(seed)
        // The pipeline's patching of the index (body edits alone are patched before it: `BodyPatchTests`).
        s.patchesBodies = false
        var random = SeededRandom(state: seed)
        let letters = Array("政务公开营商环境数据共享安全生产乡村振兴民生保障教育医疗交通住房就业养老")
        func text(_ n: Int) -> String { String((0..<n).map { _ in letters[Int.random(in: 0..<letters.count, using: &random)] }) }
        var bodies = (0..<72).map { _ in text(400) }
        func write(_ k: Int, title: String? = nil) throws {
            try s.site.write(CachedSite.path(k), CachedSite.document(k, title: title, body: "第一条 \(bodies[k])\n"))
        }
        for k in bodies.indices { try write(k) }
        try s.expectSameAsCleanBuild(try s.build(), "first build")
        let shards = try TestSite.files(under: s.site.output).keys.count { $0.hasPrefix("search/g/") }
        #expect(shards >= 4, "the test needs several shards")
        var patched = 0, keptSome = false
        for step in 0..<10 {
            // Document 23 is the newest generated one: in segment 0, after the fixture's four.
            let k = step % 3 == 0 ? 23 : Int.random(in: 0..<bodies.count, using: &random)
            let what: String
            switch step % 5 {
            case 0: what = "one word of \(k)"; bodies[k] = "养老" + bodies[k].dropFirst(2)
            case 1: what = "new grams in \(k)"; bodies[k] += "龘靐\(step)"
            case 2: what = "longer body of \(k)"; bodies[k] = text(20) + bodies[k]
            case 3: what = "grams gone from \(k)"; bodies[k] = bodies[k].replacingOccurrences(of: "龘", with: "")
            default: what = "title of \(k)"
            }
            try write(k, title: step % 5 == 4 ? "测试市关于第\(k)项工作的补充通知（\(step)）" : nil)
            if step % 4 == 3 {
                let other = Int.random(in: 1..<bodies.count, using: &random)
                bodies[other] = text(50) + bodies[other]
                try write(other)
            }
            let outcome = try s.build()
            try s.expectSameAsCleanBuild(outcome, "step \(step): \(what)")
            if let n = outcome.searchShardsPatched {
                patched += 1
                keptSome = keptSome || n < shards
            }
        }
        // Not every one: an edit of segment 0 can change the frequent bigrams, a longer body the shard count.
        #expect(patched >= 6, "most edits patch the index: \(patched) of 10")
        #expect(keptSome, "some shard files were kept")

        // A shard file edited by hand: its bytes no longer what was recorded, the index is merged.
        let shard = s.site.output.appendingPathComponent("search/g/0.bin")
        try Data("手工修改".utf8).write(to: shard)
        bodies[3] += "手工"
        try write(3)
        try s.expectSameAsCleanBuild(try s.build(), "shard edited by hand")
        // The search memo gone: merged, and patched again the time after.
        try FileManager.default.removeItem(at: s.cache.appendingPathComponent(SearchSegmentMemo.fileName))
        bodies[5] += "缓存"
        try write(5)
        let lost = try s.build()
        #expect(lost.searchShardsPatched == nil)
        try s.expectSameAsCleanBuild(lost, "search memo lost")
        bodies[6] += "再改"
        try write(6)
        let again = try s.build()
        #expect(again.searchShardsPatched != nil)
        try s.expectSameAsCleanBuild(again, "after the search memo was lost")
    }

    /// A damaged, cut-short, foreign or empty cache means a full build and the same site, never a crash.
    /// A damaged search segment memo only means indexing those segments again.
    @Test(arguments: ["flip", "truncate", "garbage", "empty"])
    func damagedSearchMemoIsIndexedAgain(damage: String) throws {
        let s = try CachedSite(generated: 30)
        s.searchSegmentSize = 8
        try s.build()
        let file = s.cache.appendingPathComponent(SearchSegmentMemo.fileName)
        var bytes = [UInt8](try Data(contentsOf: file))
        switch damage {
        case "flip": bytes[bytes.count / 2] ^= 0x40
        case "truncate": bytes.removeLast(bytes.count / 3)
        case "garbage": bytes = Array("这不是缓存".utf8)
        default: bytes = []
        }
        try Data(bytes).write(to: file)
        try s.site.write(CachedSite.path(1), CachedSite.document(1, body: "第一条 改过。\n"))
        let outcome = try s.build()
        try s.expectSameAsCleanBuild(outcome, "search memo damaged: \(damage)")
        // Then whole again: an edit at the end of the order leaves every other segment to the memo.
        try s.site.write(CachedSite.path(2), CachedSite.document(2, body: "第一条 又改过。\n"))
        let next = try s.build()
        #expect(next.searchSegmentsRemembered > 0)
        try s.expectSameAsCleanBuild(next, "after the damaged search memo")
    }

    /// A remembered segment is checked against its hash on the index's thread, after its batch moved
    /// on: one that fails is indexed there from its documents' texts, and the site is a clean build's.
    @Test func damagedRememberedSegmentIsIndexedFromItsTexts() throws {
        let s = try CachedSite(generated: 30)
        s.searchSegmentSize = 8
        try s.build()
        let file = s.cache.appendingPathComponent(SearchSegmentMemo.fileName)
        var bytes = [UInt8](try Data(contentsOf: file))
        // The first entry (segment 0): key, length, encoding, hash. A flip in its encoding leaves
        // the file's frames whole; only the hash tells.
        let start = SearchSegmentMemo.magic.count + 8
        let length = bytes[start + 8 ..< start + 16].reversed().reduce(0) { $0 << 8 | Int($1) }
        bytes[start + 16 + length / 2] ^= 0x10
        try Data(bytes).write(to: file)
        // An edit in the last segment (the newest documents come first): segment 0 has the same
        // key and is found in the memo.
        try s.site.write(CachedSite.path(0), CachedSite.document(0, body: "第一条 为检查损坏的索引段而改过。\n"))
        let outcome = try s.build()
        try s.expectSameAsCleanBuild(outcome, "segment 0 damaged")
        let segments = (outcome.documentCount + 7) / 8
        #expect(outcome.searchSegmentsRemembered == segments - 2, "segment 0 and the edited one indexed, of \(segments)")
    }

    @Test(arguments: ["flip", "truncate", "garbage", "version", "empty"])
    func damagedCacheMeansAFullBuild(damage: String) throws {
        let s = try CachedSite(generated: 8)
        try s.build()
        var bytes = [UInt8](try Data(contentsOf: s.cacheFile))
        switch damage {
        case "flip": bytes[bytes.count / 2] ^= 0x40
        case "truncate": bytes.removeLast(bytes.count / 3)
        case "garbage": bytes = Array("这不是缓存".utf8)
        case "version": bytes[BuildCache.magic.count] &+= 1
        default: bytes = []
        }
        try Data(bytes).write(to: s.cacheFile)
        try s.site.write(CachedSite.path(1), CachedSite.document(1, body: "第一条 改过。\n"))
        let outcome = try s.build()
        #expect(!outcome.replayed)
        #expect(outcome.cacheNote?.contains(damage == "version" ? "其他版本" : "损坏") == true, "\(outcome.cacheNote ?? "no note")")
        try s.expectSameAsCleanBuild(outcome, "cache damaged: \(damage)")
        // The cache is whole again.
        #expect(try s.build().replayed)
    }

    /// A file deleted, edited or added in site/ by hand is noticed, and the site is built again.
    @Test(arguments: ["delete", "edit", "add", "folder", "deep-add", "deep-folder", "rename", "folder-to-file"])
    func handEditedSiteIsRebuilt(change: String) throws {
        let s = try CachedSite(generated: 6)
        try s.build()
        let pageFolder = s.site.output.appendingPathComponent("documents/11999900MB0000001X/\(CachedSite.serial(2))")
        let page = pageFolder.appendingPathComponent("index.html")
        let fm = FileManager.default
        switch change {
        case "delete": try fm.removeItem(at: page)
        case "edit": try Data("手工修改（长度不同）".utf8).write(to: page)
        case "add": try Data("多余".utf8).write(to: s.site.output.appendingPathComponent("extra.html"))
        case "deep-add": try Data("多余".utf8).write(to: pageFolder.appendingPathComponent("extra.html"))
        case "deep-folder": try fm.createDirectory(at: pageFolder.appendingPathComponent("extra"), withIntermediateDirectories: false)
        case "rename": try fm.moveItem(at: page, to: pageFolder.appendingPathComponent("index.htm"))
        case "folder-to-file":
            // Same number of files and folders: one folder removed, one added elsewhere.
            let feeds = try fm.contentsOfDirectory(atPath: s.site.output.path).filter { $0 == "assets" }
            #expect(feeds == ["assets"])
            let assets = s.site.output.appendingPathComponent("assets")
            try fm.moveItem(at: assets, to: pageFolder.appendingPathComponent("assets"))
        default: try fm.createDirectory(at: s.site.output.appendingPathComponent("extra"), withIntermediateDirectories: false)
        }
        let outcome = try s.build()
        #expect(!outcome.replayed)
        #expect(outcome.cacheNote?.contains("不一致") == true)
        try s.expectSameAsCleanBuild(outcome, "site changed by hand: \(change)")
        #expect(try s.build().replayed)
    }

    /// A site folder restored from a CI cache (or copied) has the published bytes under new stamps:
    /// the rebuild reads and hashes it once, repeats the report, and records the new stamps so that
    /// the next check needs no reading. A file added to the copy is still found.
    @Test(arguments: [false, true])
    func restoredSiteIsAcceptedByItsBytes(withExtraFile: Bool) throws {
        let s = try CachedSite(generated: 6)
        s.waitPastRacyWindow()
        try s.build()
        let fm = FileManager.default
        let copy = s.site.root.appendingPathComponent("site-copy")
        try fm.copyItem(at: s.site.output, to: copy)
        try fm.removeItem(at: s.site.output)
        try fm.moveItem(at: copy, to: s.site.output)
        if withExtraFile {
            let deep = s.site.output.appendingPathComponent("documents/11999900MB0000001X/\(CachedSite.serial(3))/extra.html")
            try Data("多余".utf8).write(to: deep)
        }
        let restored = try s.build()
        #expect(restored.replayed == !withExtraFile)
        if withExtraFile { try s.expectSameAsCleanBuild(restored, "restored site with an extra file") }
        let cache = try Data(contentsOf: s.cacheFile)
        let stamps = try s.stamps()
        // Now every stamp is recorded: the next rebuild is replayed without rewriting the cache.
        #expect(try s.build().replayed)
        #expect(try Data(contentsOf: s.cacheFile) == cache)
        #expect(try s.stamps() == stamps)
    }

    /// A build that fails on a content error leaves the site and the cache exactly as they were.
    @Test func failedBuildLeavesSiteAndCache() throws {
        let s = try CachedSite(generated: 6)
        try s.build()
        let site = try s.stamps()
        let cache = try Data(contentsOf: s.cacheFile)
        let cacheStamp = InputStamp.of(s.cacheFile.path)
        try s.site.write(CachedSite.path(1), CachedSite.document(1, category: "zcwj.nope"))
        let failed = try s.build()
        #expect(!failed.published)
        #expect(failed.diagnostics.contains { $0.code == "catalogue.unknown-category" })
        #expect(try s.stamps() == site)
        #expect(try Data(contentsOf: s.cacheFile) == cache)
        #expect(InputStamp.of(s.cacheFile.path) == cacheStamp)
        // Fixed again: the cache still describes the published site, so unchanged pages are kept.
        try s.site.write(CachedSite.path(1), CachedSite.document(1))
        let fixed = try s.build()
        #expect(fixed.replayed, "content is back to what the cache describes")
    }

    /// A build that fails after pages were written (here: the staging folder is broken once the
    /// document pages are in it, so writing the listings fails) leaves every file and folder of
    /// site/ as it was — same bytes, same inodes — and the cache too: the site is updated in place
    /// only at commit.
    @Test func failureBeforeCommitLeavesSiteUntouched() throws {
        let s = try CachedSite(generated: 6)
        try s.build()
        let stamps = try s.stamps()
        let bytes = try TestSite.files(under: s.site.output)
        let folders = try CachedSite.folders(s.site.output)
        let siteFolder = InputStamp.of(s.site.output.path)
        let cache = try Data(contentsOf: s.cacheFile)
        try s.site.write(CachedSite.path(2), CachedSite.document(2, body: "第一条 改过的正文。\n"))
        var options = s.options()
        let saboteur = StagingSaboteur(parent: s.site.root.path)
        options.progress = saboteur
        #expect(throws: BuildError.self) { try Pipeline.build(options) }
        #expect(saboteur.broken)
        #expect(try s.stamps() == stamps)
        #expect(try TestSite.files(under: s.site.output) == bytes)
        #expect(try CachedSite.folders(s.site.output) == folders)
        #expect(InputStamp.of(s.site.output.path) == siteFolder)
        #expect(try Data(contentsOf: s.cacheFile) == cache)
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.site.root.path).filter { $0.contains(".building-") }.isEmpty)
        // The next build updates the site in place.
        let outcome = try s.build()
        #expect(outcome.filesReused > 0)
        try s.expectSameAsCleanBuild(outcome, "after a failed build")
    }

    /// A commit cut short: the cache was invalidated, some changed files were renamed into site/
    /// and others not, old files not yet removed, the staging folder left behind. The next build
    /// trusts nothing and gives the clean site.
    @Test func interruptedCommitThenBuild() throws {
        let s = try CachedSite(generated: 8)
        try s.build()
        let fm = FileManager.default
        let before = s.site.root.appendingPathComponent("site-before")
        try fm.copyItem(at: s.site.output, to: before)
        try s.site.write(CachedSite.path(3), CachedSite.document(3, title: "测试市关于第3项工作的补充通知"))
        try s.site.remove(CachedSite.path(5))
        let updated = try s.build()
        #expect(updated.filesReused > 0)
        // Half of what changed goes back to its old state; a staging folder is left behind.
        let old = try TestSite.files(under: before), new = try TestSite.files(under: s.site.output)
        let changed = Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
        #expect(changed.count > 4)
        for (i, path) in changed.enumerated() where i % 2 == 0 {
            let url = s.site.output.appendingPathComponent(path)
            if let bytes = old[path] {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try bytes.write(to: url)
            } else {
                try fm.removeItem(at: url)
            }
        }
        let staging = s.site.root.appendingPathComponent(".site.building-999999")
        try fm.createDirectory(at: staging.appendingPathComponent("documents"), withIntermediateDirectories: true)
        try fm.removeItem(at: s.cacheFile)
        let outcome = try s.build()
        #expect(outcome.cacheNote?.contains("尚不存在") == true, "\(outcome.cacheNote ?? "no note")")
        #expect(outcome.filesReused == 0)
        try s.expectSameAsCleanBuild(outcome, "after an interrupted commit")
        #expect(try s.build().replayed)
    }

    /// The in-place update removes the old cache before changing the site and writes the new one
    /// after: a crash in between leaves no cache.
    @Test func cacheIsReplacedAroundTheUpdate() throws {
        let s = try CachedSite(generated: 4)
        try s.build()
        let cacheBefore = try Data(contentsOf: s.cacheFile)
        try s.site.write(CachedSite.path(1), CachedSite.document(1, body: "第一条 改过。\n"))
        let outcome = try s.build()
        #expect(outcome.filesReused > 0)
        #expect(try Data(contentsOf: s.cacheFile) != cacheBefore)
        #expect(try s.build().replayed, "the new cache describes the updated site, folders included")
    }

    /// One edit appends a small delta to build.cache: the bytes before it are the previous file's
    /// (but for the header's slot), and the cache read back from base and delta describes the site and
    /// repeats the report exactly.
    @Test func oneEditAppendsToTheCache() throws {
        let s = try CachedSite(generated: 40)
        try s.build()
        let before = [UInt8](try Data(contentsOf: s.cacheFile))
        // A new warning (a common typo, 布署 for 部署): one file's part of the report changes.
        try s.site.write(CachedSite.path(3), CachedSite.document(3, body: "第一条 认真布署本项工作。\n"))
        let outcome = try s.build()
        #expect(outcome.diagnostics.contains { $0.severity == .warning && $0.location.file.contains(CachedSite.serial(3)) })
        try s.expectSameAsCleanBuild(outcome, "one body edited")
        let after = [UInt8](try Data(contentsOf: s.cacheFile))
        #expect(after.count > before.count && after.count < before.count * 3 / 2, "appended: \(before.count) → \(after.count)")
        let slot = BuildCache.slotOffset
        #expect(after.prefix(slot) == before.prefix(slot))
        #expect(after[(slot + 8)..<before.count] == before[(slot + 8)...], "only appended to")
        let again = try s.build()
        #expect(again.replayed, "the appended cache describes the site, folders included")
        try s.expectSameAsCleanBuild(again, "replayed from base and delta")
        // A second edit appends again, on top of the first delta.
        try s.site.write(CachedSite.path(5), CachedSite.document(5, title: "测试市关于第5项工作的补充通知"))
        let third = try s.build()
        try s.expectSameAsCleanBuild(third, "second edit")
        #expect(try Data(contentsOf: s.cacheFile).count > after.count)
        #expect(try s.build().replayed)
    }

    /// A delta read back on top of its base: a few changes (found by binary search in the sorted
    /// lists) and many (found through a table of every key) give the lists the build recorded, in
    /// byte order, with removed entries gone and new ones in their places.
    @Test(arguments: [3, 900])
    func deltaAppliedToItsBase(changes: Int) throws {
        let folder = NSTemporaryDirectory() + "gongkai-delta-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func entry(_ k: Int, _ hash: UInt64 = 1) -> OutputEntry {
            OutputEntry(path: String(format: "documents/%05d/index.html", k), hash: hash, size: 10, modified: 1, inode: UInt64(k))
        }
        let report = CachedReport(diagnostics: [], waived: [], documentCount: 0, filesWritten: 0, bytesWritten: 0)
        let base = (0..<3000).filter { $0 % 3 != 1 }.map { entry($0) }
        let inputs = (0..<100).map { InputEntry(key: String(format: "content/%03d.md", $0),
                                                 stamp: InputStamp(size: 1, modified: 1, changed: 1, inode: 1, device: 1), hash: 1) }
        let first = BuildCache(digest: 1, scanned: 1, inputs: inputs, outputs: OutputManifest(sorted: base, folders: []), report: report)
        try first.save(to: folder)
        guard case .loaded(let loaded) = BuildCache.load(from: folder) else { Issue.record("base not loaded"); return }
        // Every third change alters an entry, removes one or adds one (at the paths left out of the base).
        var expected = base
        for c in 0..<changes {
            let k = (c * 997) % 3000
            if let i = expected.firstIndex(where: { $0.path == entry(k).path }) {
                if c % 2 == 0 { expected[i] = entry(k, 2) } else { expected.remove(at: i) }
            } else {
                expected.append(entry(k, 3))
            }
        }
        expected.sort { ByteOrder.less($0.path, $1.path) }
        var next = loaded
        next.digest = 2
        next.outputs = OutputManifest(sorted: expected, folders: [])
        try next.save(to: folder, previous: loaded)
        guard case .loaded(let again) = BuildCache.load(from: folder) else { Issue.record("delta not loaded"); return }
        #expect(again.stored?.chain == 1, "appended as a delta")
        #expect(again.digest == 2)
        #expect(again.outputs.entries == expected)
        #expect(again.inputs == inputs)
    }

    /// A cache taken out of force (the header names no frame: an update in place was cut short after
    /// the cache was invalidated) means a full build.
    @Test func cacheOutOfForceMeansAFullBuild() throws {
        let s = try CachedSite(generated: 8)
        try s.build()
        var bytes = [UInt8](try Data(contentsOf: s.cacheFile))
        for k in 0..<8 { bytes[BuildCache.slotOffset + k] = 0 }
        try Data(bytes).write(to: s.cacheFile)
        let outcome = try s.build()
        #expect(!outcome.replayed && outcome.filesReused == 0)
        #expect(outcome.cacheNote?.contains("损坏") == true, "\(outcome.cacheNote ?? "no note")")
        try s.expectSameAsCleanBuild(outcome, "cache out of force")
        #expect(try s.build().replayed)
    }

    /// A damaged delta, a header pointing into the middle of a frame or past the end: the whole cache
    /// is ignored and the site built from scratch.
    @Test(arguments: ["flip-delta", "truncate-delta", "slot-past-end", "slot-into-base", "slot-back-to-base-payload"])
    func damagedDeltaMeansAFullBuild(damage: String) throws {
        let s = try CachedSite(generated: 24)
        try s.build()
        let base = try Data(contentsOf: s.cacheFile).count
        try s.site.write(CachedSite.path(1), CachedSite.document(1, body: "第一条 改过。\n"))
        try s.build()
        var bytes = [UInt8](try Data(contentsOf: s.cacheFile))
        try #require(bytes.count > base, "a delta was appended")
        func setSlot(_ value: Int) {
            withUnsafeBytes(of: UInt64(value).littleEndian) { bytes.replaceSubrange(BuildCache.slotOffset..<BuildCache.slotOffset + 8, with: $0) }
        }
        switch damage {
        case "flip-delta": bytes[bytes.count - 12] ^= 0x40
        case "truncate-delta": bytes.removeLast(5)
        case "slot-past-end": setSlot(bytes.count + 100)
        case "slot-into-base": setSlot(BuildCache.headerSize + 8)
        default: setSlot(BuildCache.headerSize + 16)
        }
        try Data(bytes).write(to: s.cacheFile)
        try s.site.write(CachedSite.path(2), CachedSite.document(2, body: "第一条 又改过。\n"))
        let outcome = try s.build()
        #expect(!outcome.replayed && outcome.filesReused == 0)
        #expect(outcome.cacheNote?.contains("损坏") == true, "\(outcome.cacheNote ?? "no note")")
        try s.expectSameAsCleanBuild(outcome, "delta damaged: \(damage)")
        #expect(try s.build().replayed)
    }

    /// A write cut short while appending (bytes after the last frame, the header not moved): the
    /// cache in force is still whole, and the next append goes after the debris.
    @Test func appendCutShortLeavesTheLastWholeFrame() throws {
        let s = try CachedSite(generated: 12)
        try s.build()
        let handle = try FileHandle(forWritingTo: s.cacheFile)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0x40, 0, 0, 0, 0, 0, 0, 0] + Array("半个帧".utf8)))
        try handle.close()
        #expect(try s.build().replayed, "the frame in force is whole")
        try s.site.write(CachedSite.path(4), CachedSite.document(4, body: "第一条 改过。\n"))
        let outcome = try s.build()
        #expect(outcome.filesReused > 0)
        try s.expectSameAsCleanBuild(outcome, "after a cut-short append")
        #expect(try s.build().replayed)
    }

    /// Many edits in a row: the deltas pile up until the file is written afresh, and every build
    /// equals a clean one.
    @Test func deltasAreFoldedIntoANewBase() throws {
        let s = try CachedSite(generated: 16)
        try s.build()
        var sizes: [Int] = []
        for step in 0..<18 {
            try s.site.write(CachedSite.path(step % 16), CachedSite.document(step % 16, body: "第一条 第\(step)次修改。\n"))
            let outcome = try s.build()
            #expect(outcome.filesReused > 0)
            if step % 3 == 2 { try s.expectSameAsCleanBuild(outcome, "edit \(step)") }
            sizes.append(try Data(contentsOf: s.cacheFile).count)
        }
        #expect(zip(sizes, sizes.dropFirst()).contains { $0 > $1 }, "written afresh at some point: \(sizes)")
        #expect(try s.build().replayed)
    }

    /// The report is kept in parts, one per file; read back it is the report, in its order, whether
    /// or not its diagnostics come grouped by file.
    @Test(arguments: [true, false])
    func reportPartsGiveTheReportBack(sorted: Bool) throws {
        func d(_ file: String, _ line: Int, _ message: String, error: Bool = false) -> Diagnostic {
            Diagnostic(error ? .error : .warning, DiagnosticCode(rawValue: "test.code"), at: SourceLocation(file: file, line: line),
                       message, suggestion: line % 2 == 0 ? "建议" : nil)
        }
        var diagnostics = [d("a/x.md", 1, "一"), d("a/x.md", 3, "二"), d("a/x.md", 2, "三"), d("a-b.md", 1, "四"),
                           d("b/中文.md", 9, "五", error: true), d("", 0, "六")]
        diagnostics = sorted ? diagnostics.sortedForReport() : diagnostics
        let report = CachedReport(diagnostics: diagnostics, waived: [WaivedFinding(diagnostic: d("c.md", 4, "七"), reason: "理由")],
                                  documentCount: 3, filesWritten: 10, bytesWritten: 1234)
        let parts = CachedReportPart.parts(of: report)
        #expect(parts.contains { $0.key == "w" } == !sorted)
        #expect(CachedReportPart.report(from: parts) == report)
        #expect(CachedReportPart.report(from: parts.filter { $0.key != "h" }) == nil)
    }

    /// Without a cache folder the build neither reads nor writes one.
    @Test func noCacheWritesNoCache() throws {
        let s = try CachedSite(generated: 2)
        let outcome = try Pipeline.build(s.options(cached: false))
        #expect(outcome.published && outcome.cacheNote == nil && outcome.filesReused == 0)
        #expect(!FileManager.default.fileExists(atPath: s.cache.path))
    }
}

@Suite("Fast hash")
struct FastHashTests {
    /// The hash is part of the cache format: a change must come with a new format version.
    @Test func pinnedValues() {
        #expect(FastHash.hash([UInt8]()) == FastHash.hash([UInt8]()))
        #expect(FastHash.hash("gongkai 公开") == 0x3794_21b2_ab84_27b8)
    }

    @Test func everyByteAndLengthCounts() {
        var seen: Set<UInt64> = []
        let base = [UInt8](repeating: 0, count: 100)
        for n in 0...100 { seen.insert(FastHash.hash(Array(base[0..<n]))) }
        #expect(seen.count == 101, "zero runs of different lengths")
        var bytes = [UInt8]("第一条 为了测试，制定本办法。第二条 本办法自印发之日起施行。".utf8)
        let original = FastHash.hash(bytes)
        for i in bytes.indices {
            bytes[i] ^= 1
            #expect(FastHash.hash(bytes) != original, "byte \(i)")
            bytes[i] ^= 1
        }
    }
}

/// Replaces the staging folder with a plain file when the listings begin (the document pages are
/// written by then), so that the rest of the build fails while writing.
final class StagingSaboteur: BuildProgressObserver, @unchecked Sendable {
    let parent: String
    private(set) var broken = false

    init(parent: String) { self.parent = parent }

    func begin(_ stage: BuildStage, total: Int) {
        guard stage == .listings else { return }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.contains(".building-") {
            try? FolderRemoval.remove(parent + "/" + name)
            broken = FileManager.default.createFile(atPath: parent + "/" + name, contents: Data("坏".utf8))
        }
    }

    func advance(_ stage: BuildStage, done: Int) {}
    func end() {}
}
