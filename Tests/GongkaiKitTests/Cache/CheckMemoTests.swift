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

/// The metadata rules among the document rules (索引号 and 发文字号 shape, dates, deadline, stale
/// items, interpretation fields, waiver codes, scaffold markers) are remembered per file too: after
/// random edits of documents' metadata, of the settings they read and of the build date, a cached
/// build's report is a clean build's.
@Suite("Check memo: metadata rules")
struct CheckMemoMetadataTests {
    /// Every finding these edits can cause is a warning (so that every build publishes), and
    /// retention and update periods are set: the catalogue's own settings are read by the rules too.
    static func catalogue(deadlineDays: Int, retention: Int) -> String {
        """
        site:
          title: 测试市人民政府信息公开
          base_url: https://www.example.gov.cn/
          agency: 测试市人民政府办公室
          page_size: 2
          latest_count: 3
        rules:
          meta.index-no-format: warning
          meta.doc-no-format: warning
          meta.doc-no-year: warning
          meta.doc-no-duplicate: warning
          meta.written-after-published: warning
          meta.effective-after-expires: warning
          deadline.late: warning
          scaffold.unfilled: warning
          interp.fields: warning
        checks:
          deadline_working_days: \(deadlineDays)
        catalogue:
          - id: zcwj
            name: 政策文件
            description: 规章、行政规范性文件和其他政策文件。
            children:
              - id: gfxwj
                name: 行政规范性文件
                retention_years: \(retention)
              - id: qtwj
                name: 其他文件
                empty_reason: 本年度暂无其他文件。
          - id: zcjd
            name: 政策解读
        """
    }

    /// The metadata of one generated document, drawn at random: each field right or wrong in one of
    /// the ways a document rule (or a cross-document rule looking at it) notices.
    struct Metadata {
        var docNo = 0
        var dates = 0
        var validity = 0
        var fields = 0
        var waiver = 0
        var indexNo = 0
        var body = 0

        static func random(_ random: inout SeededRandom) -> Metadata {
            func pick(_ n: Int) -> Int { Int.random(in: 0..<n, using: &random) }
            return Metadata(docNo: pick(9), dates: pick(5), validity: pick(4), fields: pick(3), waiver: pick(4), indexNo: pick(3), body: pick(3))
        }

        func document(_ k: Int, folder: String, step: Int) -> String {
            let serial = CachedSite.serial(k)
            let day = String(format: "2024-%02d-%02d", 1 + k % 12, 1 + k % 27)
            let docNo = switch docNo {
            case 1: "测政办发〔2024〕100号"  // the same as document 0's
            case 2: "测政办发[2024]\(100 + k)号"
            case 3: "测政办发〔24〕\(100 + k)号"
            case 4: "测政办发〔2023〕\(100 + k)号"
            case 5: "测政办发〔2024〕0\(100 + k)号"
            case 6: "测试市人民政府令\(k)号"
            case 7: "第\(k)号文"
            case 8: "测政办发〔2024〕\(100 + (k + 1) % 5)号"  // shared with a neighbour, maybe
            default: "测政办发〔2024〕\(100 + k)号"
            }
            let (written, published) = switch dates {
            case 1: ("2024-03-10", "2024-03-01")  // written after published
            case 2: ("2024-01-02", "2024-06-30")  // long after the deadline
            case 3: ("2031-01-02", "2031-01-10")  // a year the calendar does not cover
            case 4: ("2024-09-27", "2024-10-18")  // across the national day holiday
            default: (day, day)
            }
            let validity = switch validity {
            case 1: "effective: 2024-01-01\nexpires: 2026-01-01\nstatus: active"  // expired, still active (from 2026 on)
            case 2: "effective: 2026-01-01\nexpires: 2025-01-01"  // effective after expires
            case 3: "effective: 2024-01-01\nexpires: 2030-01-01\nstatus: active"
            default: ""
            }
            let fields = switch fields {
            case 1: "form: 文字解读"
            case 2: "form: 文字解读\nstage: 发布"
            default: ""
            }
            let waiver = switch waiver {
            case 1: "waive: {deadline.late: 特殊原因延迟}"
            case 2: "waive: {deadline.lat: 拼错的规则代码}"
            case 3: "waive: {meta.doc-no-duplicate: 同号文件}"
            default: ""
            }
            let indexNo = switch indexNo {
            case 1: "11999900mb0000001x/\(serial)"
            case 2: "11999900MB0000001X/2024-\(100 + k)"
            default: "11999900MB0000001X/\(serial)"
            }
            let body = switch body {
            case 1: "第一条 【待填写】\n"
            case 2: "第一条 第\(k)项工作按本通知办理，步骤\(step)。\n"
            default: "第一条 第\(k)项工作按本通知办理。\n"
            }
            return """
            ---
            title: 测试市人民政府办公室关于第\(k)项工作的通知
            index_no: \(indexNo)
            category: zcwj.\(folder)
            issuer: 测试市人民政府办公室
            doc_no: \(docNo)
            written: \(written)
            published: \(published)
            \(validity)
            \(fields)
            \(waiver)
            ---
            \(body)
            """
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomMetadataEditsEqualCleanBuilds(seed: UInt64) throws {
        let s = try CachedSite(generated: 0)
        var random = SeededRandom(state: seed)
        // Retention of 2 years: documents of 2024 are stale or not depending on the build date.
        var deadlineDays = 20, retention = 2
        try s.site.write("catalogue.yaml", Self.catalogue(deadlineDays: deadlineDays, retention: retention))
        var documents = (0..<16).map { _ in (Metadata(), "gfxwj") }
        for k in documents.indices { try s.site.write(CachedSite.path(k), documents[k].0.document(k, folder: "gfxwj", step: 0)) }
        var today = "2026-11-21"
        try s.expectSameAsCleanBuild(try s.build(today: today), today: today, "first build")
        var remembered = false
        for step in 1...14 {
            let what: String
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<6:
                let edits = Int.random(in: 1...3, using: &random)
                var names: [String] = []
                for _ in 0..<edits {
                    let k = Int.random(in: 0..<documents.count, using: &random)
                    var (metadata, folder) = documents[k]
                    metadata = Metadata.random(&random)
                    if Int.random(in: 0..<4, using: &random) == 0 {
                        // Another category: the retention period read from the catalogue changes.
                        try s.site.remove(CachedSite.path(k, category: folder))
                        folder = folder == "gfxwj" ? "qtwj" : "gfxwj"
                    }
                    documents[k] = (metadata, folder)
                    try s.site.write(CachedSite.path(k, category: folder), metadata.document(k, folder: folder, step: step))
                    names.append("\(k) → \(metadata) in \(folder)")
                }
                what = "metadata of \(names.joined(separator: ", "))"
            case 6:
                deadlineDays = [5, 20, 60][Int.random(in: 0..<3, using: &random)]
                retention = [1, 2, 30][Int.random(in: 0..<3, using: &random)]
                try s.site.write("catalogue.yaml", Self.catalogue(deadlineDays: deadlineDays, retention: retention))
                what = "catalogue: \(deadlineDays) working days, retention \(retention) years"
            case 7:
                let year = ["2031", "2024"][Int.random(in: 0..<2, using: &random)]
                try s.site.write(DeadlineRule.userFileName, "\"\(year)\":\n  holidays: [\(year)-01-01]\n  workdays: []\n")
                what = "holidays for \(year)"
            default:
                today = ["2026-11-21", "2025-03-01", "2027-06-30"][Int.random(in: 0..<3, using: &random)]
                what = "today \(today)"
            }
            let outcome = try s.build(today: today)
            remembered = remembered || outcome.textChecksRemembered > 0
            try s.expectSameAsCleanBuild(outcome, today: today, "seed \(seed) step \(step): \(what)")
        }
        #expect(remembered, "some documents' findings were taken from the memo")
    }
}
