import Foundation
import Testing
@testable import GongkaiKit

/// The text rules' memo (`checks.cache`): in a `--cache` build, wording, secrecy and personal-data
/// findings of unchanged documents come from the last build, and the report is a clean build's.
@Suite("Check memo")
struct CheckMemoTests {
    static func documentCount(_ s: CachedSite) throws -> Int {
        try TestSite.files(under: s.site.content).keys.count { $0.hasSuffix(".md") }
    }

    @Test func bodyEditScansOnlyThatDocument() throws {
        let s = try CachedSite(generated: 8)
        // Findings to remember: fullwidth digits, ASCII punctuation between Chinese characters.
        try s.site.write(CachedSite.path(2), CachedSite.document(2, body: "第一条 自２０２４年起施行,由第３科负责。\n"))
        let first = try s.build()
        #expect(first.textChecksRemembered == 0)
        #expect(first.diagnostics.contains { $0.code.rawValue == "wording.fullwidth-digit" })
        #expect(FileManager.default.fileExists(atPath: s.cache.appendingPathComponent(CheckMemo.fileName).path))
        try s.site.write(CachedSite.path(3), CachedSite.document(3, body: "第一条 第３项工作改为按新规定办理。\n"))
        let edited = try s.build()
        let documents = try Self.documentCount(s)
        #expect(edited.textChecksRemembered == documents - 1)
        #expect(edited.diagnostics.contains { $0.location.file.hasSuffix(CachedSite.path(2)) && $0.message.contains("３") })
        #expect(edited.diagnostics.contains { $0.location.file.hasSuffix(CachedSite.path(3)) && $0.code.rawValue == "wording.fullwidth-digit" })
        try s.expectSameAsCleanBuild(edited, "one body edited")
        // The finding fixed: gone from the report.
        try s.site.write(CachedSite.path(3), CachedSite.document(3))
        let fixed = try s.build()
        #expect(!fixed.diagnostics.contains { $0.location.file.hasSuffix(CachedSite.path(3)) })
        try s.expectSameAsCleanBuild(fixed, "fixed")
    }

    /// What the text rules read besides the document: the word lists beside the catalogue and the
    /// build date. A change to either scans every document again.
    @Test(arguments: ["wording list", "another data file", "today"])
    func contextChangeScansEverything(change: String) throws {
        let s = try CachedSite(generated: 6)
        try s.site.write("secret-words.txt", "甲项目\n")
        try s.build()
        var today = "2026-11-21"
        switch change {
        case "wording list": try s.site.write("wording.yaml", "按本通知: 按照本通知\n")
        case "another data file": try s.site.write("secret-words.txt", "第1项工作\n")
        default: today = "2026-11-23"
        }
        let outcome = try s.build(today: today)
        #expect(outcome.textChecksRemembered == 0, "\(change)")
        try s.expectSameAsCleanBuild(outcome, today: today, change)
        if change == "wording list" {
            #expect(outcome.diagnostics.contains { $0.message.contains("按本通知") })
        }
        let again = try s.build(today: today)
        #expect(again.replayed)
        try s.site.write(CachedSite.path(1), CachedSite.document(1, title: "测试市关于第1项工作的补充通知"))
        let next = try s.build(today: today)
        #expect(next.textChecksRemembered == (try Self.documentCount(s)) - 1)
        try s.expectSameAsCleanBuild(next, today: today, "\(change), then a title edit")
    }

    /// A damaged memo is not used: every document is scanned; a damaged entry: that document is. The
    /// report is still right.
    @Test(arguments: ["flip-entry", "flip-index", "truncate"])
    func damagedMemoIsIgnored(damage: String) throws {
        let s = try CachedSite(generated: 4)
        try s.build()
        let memo = s.cache.appendingPathComponent(CheckMemo.fileName)
        var bytes = [UInt8](try Data(contentsOf: memo))
        let store = try #require(MemoStore.open(memo.path, magic: CheckMemo.magic, version: CheckMemo.formatVersion))
        switch damage {
        case "flip-entry": bytes[store.entries.first { $0.name == CachedSite.path(2) }!.payload.lowerBound + 4] ^= 0x20
        case "flip-index": bytes[bytes.count - 30] ^= 0x20
        default: bytes.removeLast(bytes.count / 3)
        }
        try Data(bytes).write(to: memo)
        try s.site.write(CachedSite.path(0), CachedSite.document(0, body: "第一条 修改。\n"))
        let outcome = try s.build()
        #expect(outcome.textChecksRemembered == (damage == "flip-entry" ? (try Self.documentCount(s)) - 2 : 0), "\(damage)")
        try s.expectSameAsCleanBuild(outcome, "memo \(damage)")
    }

    /// One edit: the findings of one document appended, not the memo written again.
    @Test func editAppendsToTheMemo() throws {
        let s = try CachedSite(generated: 12)
        try s.build()
        let memo = s.cache.appendingPathComponent(CheckMemo.fileName)
        let inode = try FileManager.default.attributesOfItem(atPath: memo.path)[.systemFileNumber] as? Int
        let size = [UInt8](try Data(contentsOf: memo)).count
        try s.site.write(CachedSite.path(5), CachedSite.document(5, body: "第一条 修改。\n"))
        let outcome = try s.build()
        #expect(outcome.textChecksRemembered == (try Self.documentCount(s)) - 1)
        try s.expectSameAsCleanBuild(outcome, "one edit")
        #expect(try FileManager.default.attributesOfItem(atPath: memo.path)[.systemFileNumber] as? Int == inode)
        let store = try #require(MemoStore.open(memo.path, magic: CheckMemo.magic, version: CheckMemo.formatVersion))
        let frame = store.entries.first { $0.name == CachedSite.path(5) }!.payload.count + 16
        #expect([UInt8](try Data(contentsOf: memo)).count - size == frame + store.indexLength + 16)
    }
}
