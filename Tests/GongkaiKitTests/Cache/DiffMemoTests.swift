import Foundation
import Testing
@testable import GongkaiKit

/// The revision comparisons' memo (`diffs.cache`): a comparison page whose two bodies did not change
/// takes its paragraph differences from the last build; the site is always a clean build's.
@Suite("Diff memo")
struct DiffMemoTests {
    static let index = "11999900MB0000001X/"

    static func revision(_ serial: String, of older: String, body: String) -> String {
        policy(serial, title: "测试市第2项工作办法（修订）", published: "2025-07-02", extra: "revises: \(index)\(older)", body: body)
    }

    @Test func editsOfEitherVersionReachTheComparison() throws {
        let s = try CachedSite(generated: 6)
        let oldest = CachedSite.serial(2)
        try s.site.write("zcwj/gfxwj/2025-09002.md", Self.revision("2025-09002", of: oldest, body: "第一条 第2项工作按新办法办理。\n\n第二条 本办法自2025年8月1日起施行。\n"))
        try s.expectSameAsCleanBuild(try s.build(), "revision added")
        #expect(FileManager.default.fileExists(atPath: s.cache.appendingPathComponent(DiffMemo.fileName).path))
        let compare = SitePaths.compare(IndexNumber(rawValue: Self.index + "2025-09002"))
        // The newer version edited.
        try s.site.write("zcwj/gfxwj/2025-09002.md", Self.revision("2025-09002", of: oldest, body: "第一条 第2项工作按最新办法办理。\n\n第二条 本办法自2025年9月1日起施行。\n"))
        try s.expectSameAsCleanBuild(try s.build(), "newer body edited")
        #expect(try s.site.page(compare).contains("最新"))
        // The older version edited.
        try s.site.write(CachedSite.path(2), CachedSite.document(2, body: "第一条 第2项工作按旧办法办理。\n"))
        try s.expectSameAsCleanBuild(try s.build(), "older body edited")
        #expect(try s.site.page(compare).contains("旧办法"))
        // Something else edited: the comparison comes from the memo, and is still the same page.
        try s.site.write(CachedSite.path(4), CachedSite.document(4, body: "第一条 无关的修改。\n"))
        try s.expectSameAsCleanBuild(try s.build(), "unrelated edit")
    }

    /// The memo itself: a comparison is computed again only when a body, the page or the context changed.
    @Test func computesOnlyWhatChanged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-diffmemo-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var computed = 0
        func diff(_ memo: DiffReuse, _ path: String, _ older: String, _ newer: String) -> [ParagraphChange] {
            memo.changes(at: path, older: older, newer: newer) {
                computed += 1
                return ParagraphDiff.diff(older.split(separator: "\n").map(String.init), newer.split(separator: "\n").map(String.init))
            }
        }
        let first = DiffReuse(folder: folder, context: 7)
        let a = diff(first, "compare/a/", "甲\n乙\n丙", "甲\n乙改\n丙\n丁")
        let b = diff(first, "compare/b/", "一", "二")
        first.save()
        #expect(computed == 2)
        let second = DiffReuse(folder: folder, context: 7)
        #expect(diff(second, "compare/a/", "甲\n乙\n丙", "甲\n乙改\n丙\n丁") == a)
        #expect(diff(second, "compare/b/", "一", "二") == b)
        #expect(computed == 2)
        #expect(diff(second, "compare/b/", "一", "三") != b)
        #expect(computed == 3)
        second.save()
        let otherContext = DiffReuse(folder: folder, context: 8)
        _ = diff(otherContext, "compare/a/", "甲\n乙\n丙", "甲\n乙改\n丙\n丁")
        #expect(computed == 4)
        // Damaged: ignored.
        let path = folder + "/" + DiffMemo.fileName
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        _ = diff(DiffReuse(folder: folder, context: 7), "compare/a/", "甲\n乙\n丙", "甲\n乙改\n丙\n丁")
        #expect(computed == 5)
    }
}
