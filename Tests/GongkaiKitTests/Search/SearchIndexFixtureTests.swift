import Foundation
import Testing
@testable import GongkaiKit

/// Builds a small site whose documents exercise the search index, and checks that its `search/`
/// folder equals the copy committed in `Tests/search-js/fixture/`, which the node tests read
/// (`node --test Tests/search-js/`). `GONGKAI_UPDATE_SEARCH_FIXTURE=1 swift test --filter SearchIndexFixture`
/// rewrites the copy after an intended change of the format.
@Suite struct SearchIndexFixtureTests {
    static let fixture = TestSite.repository.appendingPathComponent("Tests/search-js/fixture")

    /// Documents with the cases the node tests query: bracket variants, fullwidth digits, spaced
    /// text, characters outside the BMP, HTML-looking titles, and more than `skip` (32) documents
    /// sharing words, so that position skip tables are used.
    static func site() throws -> TestSite {
        let words = ["政务公开", "营商环境", "工作要点", "12345热线", "以旧换新", "数据共享", "安全生产", "乡村振兴",
                     "养老服务", "公共资源", "人民政府", "办公室"]
        let brackets = [("〔", "〕"), ("[", "]"), ("【", "】"), ("（", "）")]
        var files: [String: String] = [:]
        for i in 1...90 {
            let serial = String(format: "2025-%05d", i)
            var rng = SplitMix(seed: UInt64(i))
            var body = ""
            for line in 0..<(3 + i % 7) {
                var sentence = ""
                for _ in 0..<(4 + rng.next() % 6) { sentence += words[Int(rng.next() % UInt64(words.count))] }
                if line % 3 == 1 { sentence = sentence.map(String.init).joined(separator: " ") }   // PDF-style spacing
                body += "第\(line + 1)条 " + sentence + "。\n\n"
            }
            let (open, close) = brackets[i % brackets.count]
            if i % 5 == 0 { body += "依据测政发\(open)２０２\(i % 3)\(close)\(i)号执行。\n\n" }
            if i % 11 == 0 { body += "| 项目 | 金额 |\n|---|---|\n| 𠀀字测试 | １２３４５ |\n\n" }
            if i % 13 == 0 { body += "点赞👍 服务 OK，ＰＤＦ格式 PDF Format。\n" }
            var title = "测试市人民政府办公室关于\(words[i % words.count])工作的通知"
            if i == 7 { title = "<img src=x onerror=alert(1)>关于安全生产的通知" }
            let category = i % 4 == 0 ? "zcwj.qtwj" : "zcwj.gfxwj"
            let month = 1 + i % 12, year = 2024 + i % 2
            let date = String(format: "%d-%02d-%02d", year, month, 1 + i % 27)
            files["docs/\(serial).md"] = policy(
                serial, title: title, category: category, published: date, written: date,
                docNo: "测政\(i % 2 == 0 ? "办" : "")发〔\(year)〕\(i)号",
                extra: "topics: [\(words[i % 5]), \(words[(i + 2) % 5])]" + (i % 9 == 0 ? "\nstatus: repealed" : ""),
                body: body)
        }
        return try TestSite(files: files)
    }

    static func searchFiles(_ site: TestSite) throws -> [String: Data] {
        try TestSite.files(under: site.output.appendingPathComponent("search"))
            .filter { $0.key != "index.html" }
    }

    @Test func committedFixtureIsUpToDate() throws {
        let site = try Self.site()
        let outcome = try site.build()
        #expect(outcome.published, "\(outcome.diagnostics)")
        let built = try Self.searchFiles(site)
        let index = Self.fixture.appendingPathComponent("search")
        let cases = Self.fixture.appendingPathComponent("normaliser-cases.json")
        let casesJSON = Data(NormaliserCases.json().utf8)
        if ProcessInfo.processInfo.environment["GONGKAI_UPDATE_SEARCH_FIXTURE"] == "1" {
            try? FileManager.default.removeItem(at: index)
            for (path, data) in built {
                let url = index.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            try casesJSON.write(to: cases)
        }
        let committed = try TestSite.files(under: index)
        #expect(committed.keys.sorted() == built.keys.sorted(), "run GONGKAI_UPDATE_SEARCH_FIXTURE=1 swift test --filter SearchIndexFixture")
        for (path, data) in built { #expect(committed[path] == data, "\(path) differs from the committed fixture") }
        #expect((try? Data(contentsOf: cases)) == casesJSON, "normaliser-cases.json is out of date")
    }

    @Test func buildsAreByteIdentical() throws {
        let a = try Self.site(), b = try Self.site()
        try a.build(); try b.build()
        #expect(try Self.searchFiles(a) == Self.searchFiles(b))
        #expect(try a.page("search/index.html").contains("data-search-app"))
    }
}

/// Inputs and the Swift normaliser's output for them; the node tests check the JavaScript
/// normaliser gives the same.
enum NormaliserCases {
    static let inputs = [
        "２０２５年", "ＡＢＣ１２３ａｂｃ", "12345热线", "１２３４５热线", "济政办发〔2025〕2号", "济政办发[2025]2号",
        "济政办发【２０２５】２号", "济政办发（2025）2号", "济政办发﹝2025﹞2号", "工 作 要 点", "工\u{3000}作\n\t要点",
        "  open   data  ", "使用 PDF 格式", "a \n b", "2025 年", "政\u{200B}务\u{00AD}公\u{FEFF}开", "𠀀𠀁 字",
        "点赞👍 好", "👍 👍", "①②③", "℃", "…", "ｶﾞｷﾞ", "e\u{301}", "ΑΣ Σ", "İstanbul", "ǅ", "ß", "Ⅻ", "㍻",
        "<img src=x onerror=alert(1)>", "「工作」『要点』", "\u{0085}a\u{2028}b\u{1680}c", "x\u{001C}y",
        "한국 어", "ﾊﾝｶｸ ｶﾀｶﾅ", "〈〉《》〖〗", "Ｓｅａｒｃｈ　Ｔｅｓｔ",
    ]

    static func json() -> String {
        JSON.array(inputs.map { s in
            JSON.object([("input", JSON.string(s)), ("output", JSON.array(SearchNormaliser.normalise(s).map { String($0) }))])
        }) + "\n"
    }
}
