import Foundation
import Testing
@testable import GongkaiKit

/// The body memo (`bodies.cache`): in a `--cache` build, a body the last build rendered is not
/// rendered again when its links resolve as they did; whatever it skipped, the site and the report
/// are a clean build's.
@Suite("Body memo")
struct BodyMemoTests {
    static let index = "11999900MB0000001X/"

    /// Document 0 links to document 1 (a relative link the page rewrites), to another site and to
    /// an anchor; its articles are anchored.
    static func linkingBody(target: String = "\(CachedSite.serial(1)).md") -> String {
        "第一条 按[通知](\(target))办理。\n\n第二条 另见[中国政府网](https://www.gov.cn/)和[第一条](#art-1)。\n"
    }

    /// The body edit these tests make: document 3's body, one sentence.
    static func editBody(_ s: CachedSite) throws {
        try s.site.write(CachedSite.path(3), CachedSite.document(3, body: "第一条 第3项工作改为按新规定办理。\n"))
    }

    static func site() throws -> CachedSite {
        let s = try CachedSite(generated: 8)
        try s.site.write(CachedSite.path(0), CachedSite.document(0, body: linkingBody()))
        return s
    }

    @Test func bodyEditRendersOnlyThatBody() throws {
        let s = try Self.site()
        let first = try s.build()
        #expect(first.bodiesRemembered == 0)
        #expect(FileManager.default.fileExists(atPath: s.cache.appendingPathComponent(BodyMemo.fileName).path))
        try Self.editBody(s)
        let edited = try s.build()
        #expect(edited.bodiesRemembered == edited.documentCount - 1)
        try s.expectSameAsCleanBuild(edited, "one body edited")
        // A template edit renders every page again, but no body.
        try s.appendToTemplate("document.mustache", "\n<!-- 改 -->\n")
        let templated = try s.build()
        #expect(templated.bodiesRemembered == templated.documentCount)
        try s.expectSameAsCleanBuild(templated, "template edited")
    }

    /// The page rewrites a relative link to the target's page: when the target gets another index
    /// number (another page), the linking body is rendered again; when only its title changes, not.
    @Test(arguments: ["renumbered", "retitled", "restored"])
    func linkTargetChanges(change: String) throws {
        let s = try Self.site()
        try s.build()
        let page = "documents/\(Self.index)\(CachedSite.serial(0))/index.html"
        let before = try s.site.page(page)
        let targetBody = "第一条 第1项工作按本通知办理。\n\n第二条 本通知自印发之日起施行。\n"
        func renumbered() -> String {
            policy("2024-09999", title: "测试市人民政府办公室关于第1项工作的通知", published: "2024-02-02", written: "2024-02-02",
                   docNo: "测政办发〔2024〕101号", body: targetBody)
        }
        switch change {
        case "renumbered":
            try s.site.write(CachedSite.path(1), renumbered())
        case "retitled":
            try s.site.write(CachedSite.path(1), CachedSite.document(1, title: "测试市关于第1项工作的补充通知"))
        default:
            // Renumbered and back: the memo now holds the body as rendered with the other URL; the
            // first rendering comes back by rendering again, never from history.
            try s.site.write(CachedSite.path(1), renumbered())
            try s.expectSameAsCleanBuild(try s.build(), "renumbered")
            try s.site.write(CachedSite.path(1), CachedSite.document(1))
        }
        let outcome = try s.build()
        try s.expectSameAsCleanBuild(outcome, "link target \(change)")
        // Document 1's own body is remembered in every case (same body, no links).
        #expect(outcome.bodiesRemembered == outcome.documentCount - (change == "retitled" ? 0 : 1), "\(change)")
        #expect((try s.site.page(page) == before) == (change != "renumbered"), "\(change)")
    }

    /// Articles are anchored in policies, not in interpretations: the same body changing kind is
    /// rendered again.
    @Test func interpretationFlagChanges() throws {
        let s = try CachedSite(generated: 4)
        let body = "第一条 解读第1项工作。\n\n第二条 （一）要点。\n"
        func document(interpreting: Bool) -> String {
            policy("2024-09001", title: "关于第1项工作的政策解读", category: "zcjd",
                   extra: interpreting ? "interprets: [\(Self.index)\(CachedSite.serial(1))]\nform: 文字解读\nstage: 发布" : "",
                   body: body)
        }
        try s.site.write("zcjd/2024-09001.md", document(interpreting: true))
        try s.build()
        try s.site.write("zcjd/2024-09001.md", document(interpreting: false))
        let policyNow = try s.build()
        try s.expectSameAsCleanBuild(policyNow, "no longer an interpretation")
        #expect(policyNow.bodiesRemembered == policyNow.documentCount - 1)
        try s.site.write("zcjd/2024-09001.md", document(interpreting: true))
        let interpretationAgain = try s.build()
        try s.expectSameAsCleanBuild(interpretationAgain, "an interpretation again")
        #expect(interpretationAgain.bodiesRemembered == interpretationAgain.documentCount - 1)
    }

    /// A damaged, cut-short or foreign memo is ignored (wholly, or the damaged entries), never trusted.
    @Test(arguments: ["flip-entry", "flip-index", "truncate", "garbage", "empty"])
    func damagedMemoIsIgnored(damage: String) throws {
        let s = try Self.site()
        try s.build()
        let file = s.cache.appendingPathComponent(BodyMemo.fileName)
        var bytes = [UInt8](try Data(contentsOf: file))
        switch damage {
        case "flip-entry": bytes[MemoStore.headerSize(BodyMemo.magic) + 40] ^= 0x01  // inside the first entry
        case "flip-index": bytes[bytes.count - 24] ^= 0x01
        case "truncate": bytes.removeLast(bytes.count / 3)
        case "garbage": bytes = Array("这不是缓存".utf8)
        default: bytes = []
        }
        try Data(bytes).write(to: file)
        try s.site.write(CachedSite.path(3), CachedSite.document(3, body: "第一条 改过。\n"))
        let outcome = try s.build()
        try s.expectSameAsCleanBuild(outcome, "memo damaged: \(damage)")
        #expect(outcome.bodiesRemembered == (damage == "flip-entry" ? outcome.documentCount - 2 : 0), "\(damage)")
        // Written whole again.
        try s.site.write(CachedSite.path(3), CachedSite.document(3, body: "第一条 又改过。\n"))
        let next = try s.build()
        #expect(next.bodiesRemembered == next.documentCount - 1)
    }

    /// A rebuild reads only the heads of remembered bodies (checked on their own) and the rest only
    /// for a page it must make. With every entry's HTML damaged behind an intact head, an edit that
    /// keeps the pages reads none of it; a template edit makes every page and so finds the damage:
    /// each damaged body is rendered again, and both sites are a clean build's.
    @Test func damagedRestBehindIntactHeadIsRenderedAgain() throws {
        let s = try Self.site()
        try s.build()
        let file = s.cache.appendingPathComponent(BodyMemo.fileName)
        let store = try #require(MemoStore.open(file.path, magic: BodyMemo.magic, version: BodyMemo.formatVersion))
        var bytes = [UInt8](try Data(contentsOf: file))
        #expect(!store.entries.isEmpty)
        for e in store.entries {
            // The last byte of the plain text (the payload's end), far behind the head: the entry
            // no longer matches its hash.
            bytes[e.payload.upperBound - 1] ^= 0x01
            #expect(FastHash.hash(Array(bytes[e.payload])) != store.file.u64(e.payload.upperBound))
        }
        try Data(bytes).write(to: file)
        try Self.editBody(s)
        let edited = try s.build()
        #expect(edited.bodiesRemembered == edited.documentCount - 1)
        try s.expectSameAsCleanBuild(edited, "one body edited, the rest of every other entry damaged")
        try s.appendToTemplate("document.mustache", "\n<!-- 改 -->\n")
        let templated = try s.build()
        #expect(templated.bodiesRemembered == templated.documentCount)
        try s.expectSameAsCleanBuild(templated, "template edited over damaged entries")
    }

    /// A rebuild after one body edit appends that body and an index to the memo (same file) instead
    /// of writing every body again; a build stopped before pointing the memo at its new index leaves
    /// the last one in force; once dead entries outweigh live ones, the memo is written afresh.
    @Test func editsAppendUntilMostlyDead() throws {
        let s = try Self.site()
        try s.build()
        let memo = s.cache.appendingPathComponent(BodyMemo.fileName)
        func inode() throws -> Int? { try FileManager.default.attributesOfItem(atPath: memo.path)[.systemFileNumber] as? Int }
        let first = [UInt8](try Data(contentsOf: memo)), firstInode = try inode()
        try Self.editBody(s)
        let edited = try s.build()
        #expect(edited.bodiesRemembered == edited.documentCount - 1)
        try s.expectSameAsCleanBuild(edited, "one body edited")
        let second = [UInt8](try Data(contentsOf: memo))
        #expect(try inode() == firstInode)
        let store = try #require(MemoStore.open(memo.path, magic: BodyMemo.magic, version: BodyMemo.formatVersion))
        #expect(store.entries.count == edited.documentCount)
        let newest = store.entries.max { $0.payload.lowerBound < $1.payload.lowerBound }!
        #expect(second.count - first.count == newest.payload.count + 16 + store.indexLength + 16)

        // Stopped before the header pointed at the new index: the first build's bodies hold.
        try Data(MemoStore.stoppedAppend(second, before: first, magic: BodyMemo.magic)).write(to: memo)
        try s.site.write(CachedSite.path(4), CachedSite.document(4, body: "第一条 第4项工作改为按新规定办理。\n"))
        let next = try s.build()
        #expect(next.bodiesRemembered == next.documentCount - 2)
        try s.expectSameAsCleanBuild(next, "after a stopped append")

        // Edit after edit: the file grows by appending, and is written afresh (a new file, no larger
        // than twice what is live) once dead bytes outweigh live ones.
        var rewritten = 0, lastInode = try inode()
        for k in 0..<12 {
            try s.site.write(CachedSite.path(5), CachedSite.document(5, body: "第一条 第\(k)次修改，" + String(repeating: "内容较长的正文。", count: 40) + "\n"))
            let outcome = try s.build()
            #expect(outcome.bodiesRemembered == outcome.documentCount - 1)
            if try inode() != lastInode { rewritten += 1; lastInode = try inode() }
            let live = try #require(MemoStore.open(memo.path, magic: BodyMemo.magic, version: BodyMemo.formatVersion)).liveBytes
            #expect([UInt8](try Data(contentsOf: memo)).count <= 2 * live + 4096)
        }
        #expect(rewritten >= 1, "never written afresh")
        try s.expectSameAsCleanBuild(try s.build(), "after many edits")
    }
}
