import Foundation
import Testing
@testable import GongkaiKit

@Suite("Body patch")
struct BodyPatchTests {
    static func body(_ k: Int, _ text: String) -> String {
        "第一条 第\(k)项工作\(text)。\n\n第二条 本通知自印发之日起施行。\n"
    }

    /// Body edits of documents outside search segment 0: patched, and the site and report are a
    /// clean build's; edits the patch cannot make are full builds, with the same result.
    @Test(arguments: [UInt64(1), 2])
    func patchedBodiesEqualCleanBuilds(seed: UInt64) throws {
        let s = try CachedSite()
        s.searchSegmentSize = 5
        var random = SeededRandom(state: seed)
        let first = try s.build()
        try s.expectSameAsCleanBuild(first, "first build")
        let texts = [
            "按修改后的通知办理", "按要求布署落实", "按要求布署办理",  // a wording warning (布署) in, then …
            "由各区县负责办理", "截止2025年底完成",  // … out, and another in
            "按新规定办理，不再另行通知", "办理期限延长至２０２６年",  // fullwidth digits
            "按要求办理", "按 [通知](2024-00101.md) 办理",  // a link: a full build
            "。\n\n## 总则\n\n按要求办理",  // a heading: another anchor, a full build
        ]
        var patched = 0, full = 0
        for (step, text) in texts.enumerated() {
            // Generated documents 0–9 are not in segment 0 (the fixture's and the newest are); the
            // same one is often edited again (its new text is in the decode memo).
            let k = (1...3).contains(step) ? 5 : Int.random(in: 0..<10, using: &random)
            try s.site.write(CachedSite.path(k), CachedSite.document(k, body: Self.body(k, text)))
            let outcome = try s.build()
            if outcome.bodyPatched { patched += 1 } else { full += 1 }
            #expect(outcome.bodyPatched == (step < 8), "step \(step): \(text)")
            try s.expectSameAsCleanBuild(outcome, "step \(step): body of \(k): \(text)")
            let again = try s.build()
            #expect(again.replayed, "step \(step): the patched build's cache describes its site")
        }
        #expect(patched == 8 && full == 2)
    }

    /// Random bodies — paragraphs, lists, a table, emphasis, words the wording rules warn about,
    /// fullwidth digits, links — edited at random: every build equals a clean one, and it is patched
    /// exactly when the old and the new body keep the same articles, have no heading, and the new
    /// one links only where the old one did. Broken links and anchors are warnings here (`rules:`),
    /// so that their findings, which move with the links, are in the report of a published site.
    @Test(arguments: [UInt64(7), 8])
    func randomBodyEditsEqualCleanBuilds(seed: UInt64) throws {
        let s = try CachedSite()
        s.searchSegmentSize = 5
        let catalogue = s.site.content.appendingPathComponent("catalogue.yaml")
        let rules = "rules:\n  link.broken: warning\n  link.anchor: warning\ncatalogue:\n"
        try String(contentsOf: catalogue, encoding: .utf8).replacingOccurrences(of: "catalogue:\n", with: rules)
            .write(to: catalogue, atomically: false, encoding: .utf8)
        var random = SeededRandom(state: seed)
        let words = ["政务公开", "营商环境", "数据共享", "安全生产", "乡村振兴", "民生保障", "布署", "截止2026年", "２０２５年",
                     "各区县", "市直各部门", "按季度报送", "（试行）", "不再另行通知", "\"放管服\"", "&", "<b>", "龘"]
        func sentence() -> String {
            (0..<Int.random(in: 2...6, using: &random)).map { _ in words[Int.random(in: 0..<words.count, using: &random)] }.joined()
        }
        func block() -> String {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: return "- \(sentence())\n- \(sentence())"
            case 1: return "| 事项 | 时限 |\n| --- | --- |\n| \(sentence()) | 7个工作日 |"
            case 2: return "**\(sentence())**，\(sentence())。"
            case 3: return "> \(sentence())"
            default: return sentence() + "。"
            }
        }
        /// A body, and what it has besides its two articles: nothing (0), a third article (1), a
        /// heading (2), or a link: to a web site (3), to another document (4, its URL rewritten),
        /// to a missing file (5, a finding) or to an article it does not have (6, a finding).
        func body(_ k: Int) -> (text: String, kind: Int) {
            var blocks = ["第一条 第\(k)项工作\(sentence())。", "第二条 \(sentence())。"]
            for _ in 0..<Int.random(in: 0...3, using: &random) { blocks.insert(block(), at: Int.random(in: 1...blocks.count, using: &random)) }
            // Now and then what a patch cannot take: another article, a heading, a link.
            let kind = max(0, Int.random(in: -10..<7, using: &random))
            switch kind {
            case 1: blocks.append("第三条 \(sentence())。")
            case 2: blocks.insert("## \(sentence())", at: 1)
            case 3: blocks.append("详见[政府网站](https://www.gov.cn/)。")
            case 4: blocks.insert("按[有关通知](\(CachedSite.serial(1)).md)办理。", at: 1)
            case 5: blocks.append("另见![附图](缺失的图.png)。")
            case 6: blocks.insert("依照[第九条](#art-9)执行。", at: Int.random(in: 1...blocks.count, using: &random))
            default: break
            }
            return (blocks.joined(separator: "\n\n") + "\n", kind)
        }
        var kinds: [Int] = []
        for k in 0..<10 {
            let b = body(k)
            kinds.append(b.kind)
            try s.site.write(CachedSite.path(k), CachedSite.document(k, body: b.text))
        }
        try s.expectSameAsCleanBuild(try s.build(), "first build")
        var patched = 0
        var warned = false
        for step in 0..<24 {
            let k = Int.random(in: 1..<10, using: &random)
            let b = body(k)
            try s.site.write(CachedSite.path(k), CachedSite.document(k, body: b.text))
            let outcome = try s.build()
            let articles = { (kind: Int) in kind == 1 ? 3 : 2 }
            let patchable = kinds[k] != 2 && b.kind != 2 && articles(kinds[k]) == articles(b.kind) && (b.kind < 3 || b.kind == kinds[k])
            #expect(outcome.bodyPatched == patchable, "step \(step): body of \(k), \(kinds[k]) → \(b.kind)")
            if outcome.bodyPatched { patched += 1 }
            if outcome.bodyPatched && outcome.diagnostics.contains(where: { $0.code == .linkBroken || $0.code == .linkAnchor }) { warned = true }
            kinds[k] = b.kind
            try s.expectSameAsCleanBuild(outcome, "step \(step): body of \(k)")
        }
        #expect(patched >= 6, "\(patched) of 24 patched")
        #expect(warned, "some patched report had a link finding")
    }

    /// A patched build writes the page, the result file, the changed shards and meta.json, and
    /// leaves every other file as it was (same inode, same time); the next edit of another body is
    /// patched again, and an edit of the front matter is a full build that keeps what it can.
    @Test func patchTouchesOnlyWhatChanged() throws {
        let s = try CachedSite()
        s.searchSegmentSize = 5
        try s.build()
        let before = try s.stamps()
        try s.site.write(CachedSite.path(4), CachedSite.document(4, body: Self.body(4, "改由市级部门统一办理")))
        let outcome = try s.build()
        #expect(outcome.bodyPatched)
        try s.expectSameAsCleanBuild(outcome, "body of 4")
        let after = try s.stamps()
        let touched = after.keys.filter { before[$0] != after[$0] }.sorted()
        let page = "/\(CachedSite.serial(4))/index.html"
        #expect(touched.contains { $0.hasSuffix(page) })
        #expect(touched.contains(SearchIndexBuilder.metaPath))
        #expect(touched.allSatisfy { $0.hasSuffix(page) || $0.hasPrefix(SearchIndexBuilder.folder) }, "\(touched)")
        #expect(outcome.filesWritten == after.count && outcome.filesWritten - outcome.filesReused == touched.count)

        try s.site.write(CachedSite.path(6), CachedSite.document(6, body: Self.body(6, "改由区县办理")))
        let second = try s.build()
        #expect(second.bodyPatched)
        try s.expectSameAsCleanBuild(second, "body of 6")

        try s.site.write(CachedSite.path(6), CachedSite.document(6, title: "测试市关于第6项工作的补充通知", body: Self.body(6, "改由区县办理")))
        let title = try s.build()
        #expect(!title.bodyPatched)
        #expect(title.filesReused > 0)
        try s.expectSameAsCleanBuild(title, "title of 6 after two patches")
    }

    /// An error in the new body (a mobile number): no patch, the build fails as a full one would,
    /// and the site and cache stay as they were.
    @Test func errorInTheNewBodyFailsTheBuild() throws {
        let s = try CachedSite()
        s.searchSegmentSize = 5
        try s.build()
        let site = try s.stamps()
        let cache = try Data(contentsOf: s.cacheFile)
        try s.site.write(CachedSite.path(5), CachedSite.document(5, body: Self.body(5, "咨询电话13912345678")))
        let failed = try s.build()
        #expect(!failed.published && !failed.bodyPatched)
        #expect(failed.diagnostics.contains { $0.code == .piiPhone })
        #expect(try s.stamps() == site)
        #expect(try Data(contentsOf: s.cacheFile) == cache)
    }

    /// A plan that is missing, damaged or of another build means a full build, never a wrong site.
    @Test(arguments: ["missing", "flip", "stale"])
    func unusablePlanMeansAFullBuild(damage: String) throws {
        let s = try CachedSite()
        s.searchSegmentSize = 5
        try s.build()
        let plan = s.cache.appendingPathComponent(PatchPlan.fileName)
        switch damage {
        case "missing":
            try FileManager.default.removeItem(at: plan)
        case "flip":
            var bytes = try Data(contentsOf: plan)
            bytes[bytes.count / 2] ^= 0x40
            try bytes.write(to: plan)
        default:
            var p = try #require(PatchPlan.load(from: s.cache.path))
            p.digest &+= 1
            try p.save(to: s.cache.path)
        }
        try s.site.write(CachedSite.path(8), CachedSite.document(8, body: Self.body(8, "改由市级部门办理")))
        let outcome = try s.build()
        #expect(!outcome.bodyPatched)
        try s.expectSameAsCleanBuild(outcome, "plan \(damage)")
    }

    /// Link findings go with their links' destinations to the links' new places; what cannot be
    /// told apart is refused.
    @Test func linkFindingsMoveWithTheirLinks() throws {
        let decoder = DocumentDecoder(catalogue: nil, contentFiles: [])
        func document(_ body: String) throws -> Document {
            let text = "---\ntitle: 测试\nindex_no: 1/2025-00001\ncategory: a\npublished: 2025-01-01\n---\n" + body
            return try #require(decoder.decode(SourceFile(contentPath: "a/1.md", displayPath: "content/a/1.md", bytes: Array(text.utf8))).0)
        }
        let old = try document("见[甲](缺.md)。\n\n见[乙](https://x.cn/)。\n")
        let new = try document("前言。\n\n见[乙](https://x.cn/)和[甲](缺.md)。\n")
        let oldLinks = [BodyLink(destination: "缺.md", line: 1, column: 2, isImage: false),
                        BodyLink(destination: "https://x.cn/", line: 3, column: 2, isImage: false)]
        let newLinks = [BodyLink(destination: "https://x.cn/", line: 3, column: 2, isImage: false),
                        BodyLink(destination: "缺.md", line: 3, column: 18, isImage: false)]
        let broken = RuleRegistry.info(.linkBroken).at(LinkRule.location(of: oldLinks[0], in: old), "链接“缺.md”指向的文件不存在。")
        let other = Diagnostic(.warning, .wordingTypo, at: SourceLocation(file: "content/a/1.md", line: 9, column: 1), "别的")
        var findings = [broken, other]
        #expect(BodyPatch.moveLinkFindings(&findings, old: (old, oldLinks), new: (new, newLinks)))
        var moved = broken
        moved.location = LinkRule.location(of: newLinks[1], in: new)
        #expect(findings == [other, moved])

        // A destination the old body did not link to.
        var unchanged = [broken]
        let elsewhere = [BodyLink(destination: "别处.md", line: 1, column: 1, isImage: false)]
        #expect(!BodyPatch.moveLinkFindings(&unchanged, old: (old, oldLinks), new: (new, elsewhere)))
        // A link finding at no old link.
        var stray = [other, RuleRegistry.info(.linkBroken).at(SourceLocation(file: "content/a/1.md", line: 7, column: 1), "?")]
        #expect(!BodyPatch.moveLinkFindings(&stray, old: (old, oldLinks), new: (new, newLinks)))
        // The same destination once found, once not.
        var mixed = [broken]
        let twice = oldLinks + [BodyLink(destination: "缺.md", line: 5, column: 1, isImage: false)]
        #expect(!BodyPatch.moveLinkFindings(&mixed, old: (old, twice), new: (new, newLinks)))
        // An image and a link to the same file are told apart.
        var image = [broken]
        let asImage = [BodyLink(destination: "缺.md", line: 3, column: 18, isImage: true)]
        #expect(!BodyPatch.moveLinkFindings(&image, old: (old, oldLinks), new: (new, asImage)))
    }

    @Test func splicesNeedExactlyOneOccurrence() {
        let page = Array("<main><p>旧正文</p></main>".utf8)
        #expect(BodyPatch.splice(page, replacing: Array("<p>旧正文</p>".utf8), with: Array("<p>新</p>".utf8))
                == Array("<main><p>新</p></main>".utf8))
        #expect(BodyPatch.splice(page, replacing: Array("p>".utf8), with: []) == nil)
        #expect(BodyPatch.splice(page, replacing: [], with: [1]) == nil)
        #expect(BodyPatch.splice(page, replacing: Array("<p>别的</p>".utf8), with: []) == nil)

        let doc = SearchDocument(indexNo: "1/2025-00001", title: "标题\"引号\"", docNo: nil, issuer: "测试市",
                                 plainText: "旧的,\"b\":\"正文", published: "2025-01-02", year: 2025, validity: .active,
                                 category: "zcwj.gfxwj", categoryName: "规范性文件", topics: [], url: "documents/1/")
        let file = SearchIndexBuilder.resultFile(doc)
        var changed = doc
        changed.plainText = "新的正文\u{2028}"
        #expect(BodyPatch.resultFile(file, oldText: doc.plainText, newText: changed.plainText) == SearchIndexBuilder.resultFile(changed))
        #expect(BodyPatch.resultFile(file, oldText: "别的", newText: "x") == nil)
        let fields = BodyPatch.searchFields(file)
        #expect(fields?.title == doc.title && fields?.docNo == "" && fields?.issuer == "测试市" && fields?.text == doc.plainText)
    }
}
