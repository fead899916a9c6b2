import Testing
@testable import GongkaiKit

@Suite("Myers diff")
struct MyersTests {
    /// Applies an edit script to `old`, which must give `new`.
    func apply<E: Equatable>(_ runs: [DiffRun], _ old: [E], _ new: [E]) -> [E] {
        var out: [E] = []
        var i = 0
        var j = 0
        for run in runs {
            switch run.operation {
            case .equal:
                #expect(Array(old[i..<(i + run.count)]) == Array(new[j..<(j + run.count)]))
                out += old[i..<(i + run.count)]
                i += run.count
                j += run.count
            case .delete: i += run.count
            case .insert:
                out += new[j..<(j + run.count)]
                j += run.count
            }
        }
        #expect(i == old.count)
        return out
    }

    func editCount(_ runs: [DiffRun]) -> Int { runs.filter { $0.operation != .equal }.reduce(0) { $0 + $1.count } }

    @Test func shortestScriptOnTheClassicExample() {
        let a = Array("ABCABBA"), b = Array("CBABAC")
        let runs = Myers.diff(a, b)
        #expect(apply(runs, a, b) == b)
        #expect(editCount(runs) == 5)  // D = 5 in Myers' paper
    }

    @Test func emptySides() {
        #expect(Myers.diff([Character](), []) == [])
        #expect(Myers.diff(Array("政策"), []) == [DiffRun(.delete, 2)])
        #expect(Myers.diff([], Array("解读")) == [DiffRun(.insert, 2)])
        #expect(Myers.diff(Array("同"), Array("同")) == [DiffRun(.equal, 1)])
    }

    @Test func manyPairsReconstruct() {
        var rng = SplitMix(seed: 7)
        let alphabet = Array("的政策文件解读条款")
        for _ in 0..<300 {
            let a = (0..<Int(rng.next() % 20)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let b = (0..<Int(rng.next() % 20)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let runs = Myers.diff(a, b)
            #expect(apply(runs, a, b) == b)
            // Shortest: edits = |a| + |b| - 2·LCS.
            #expect(editCount(runs) == a.count + b.count - 2 * lcs(a, b))
        }
    }

    @Test func beyondTheEditLimitTheMiddleIsReplacedWhole() {
        let a = Array("甲乙丙丁戊"), b = Array("子丑寅卯辰")
        #expect(Myers.diff(a, b, maxEdits: 3) == [DiffRun(.delete, 5), DiffRun(.insert, 5)])
    }

    func lcs(_ a: [Character], _ b: [Character]) -> Int {
        var t = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0..<a.count { for j in 0..<b.count { t[i + 1][j + 1] = a[i] == b[j] ? t[i][j] + 1 : max(t[i][j + 1], t[i + 1][j]) } }
        return t[a.count][b.count]
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Character diff")
struct TextDiffTests {
    @Test func insertionInChinese() {
        #expect(TextDiff.characters("根据《物业管理条例》等法律", "根据《物业管理条例》《示例省物业管理条例》等法律") == [
            TextSegment(.equal, "根据《物业管理条例》"), TextSegment(.insert, "《示例省物业管理条例》"), TextSegment(.equal, "等法律"),
        ])
    }

    @Test func deletion() {
        #expect(TextDiff.characters("自2024年8月1日起施行，有效期五年。", "自2024年8月1日起施行。") == [
            TextSegment(.equal, "自2024年8月1日起施行"), TextSegment(.delete, "，有效期五年"), TextSegment(.equal, "。"),
        ])
    }

    @Test func replacementIsOneDeletionThenOneInsertion() {
        #expect(TextDiff.characters("市长　李示范", "市长　王示远") == [
            TextSegment(.equal, "市长　"), TextSegment(.delete, "李示范"), TextSegment(.insert, "王示远"),
        ])
    }

    @Test func strandedSingleCharactersAreFoldedIntoTheChange() {
        // 的 is shared by chance; the reader should see one rewritten phrase.
        let segments = TextDiff.characters("加强的监督管理", "完善的服务体系")
        #expect(segments == [TextSegment(.delete, "加强的监督管理"), TextSegment(.insert, "完善的服务体系")])
    }

    @Test func emptyTexts() {
        #expect(TextDiff.characters("", "") == [])
        #expect(TextDiff.characters("", "新增") == [TextSegment(.insert, "新增")])
        #expect(TextDiff.characters("删除", "") == [TextSegment(.delete, "删除")])
        #expect(TextDiff.similarity("", "") == 1)
    }

    @Test func graphemeClustersAreNeverSplit() {
        let segments = TextDiff.characters("标记👍🏽完成", "标记👍🏿完成")
        #expect(segments == [TextSegment(.equal, "标记"), TextSegment(.delete, "👍🏽"), TextSegment(.insert, "👍🏿"), TextSegment(.equal, "完成")])
    }

    @Test func similarity() {
        #expect(TextDiff.similarity("第一条 为了规范", "第一条 为了规范") == 1)
        #expect(TextDiff.similarity("甲乙", "丙丁") == 0)
        #expect(abs(TextDiff.similarity("甲乙丙丁", "甲乙戊己") - 0.5) < 1e-9)
    }
}

@Suite("Paragraph diff")
struct ParagraphDiffTests {
    @Test func addedRemovedChangedUnchanged() {
        let old = ["第一条 总则。", "第二条 本办法适用于全市。", "第三条 旧条款，予以删除的内容。", "第四条 附则。"]
        let new = ["第一条 总则。", "第二条 本办法适用于全市行政区域。", "第四条 附则。", "第五条 本办法自公布之日起施行。"]
        let changes = ParagraphDiff.diff(old, new)
        #expect(changes == [
            .unchanged("第一条 总则。"),
            .changed(old: "第二条 本办法适用于全市。", new: "第二条 本办法适用于全市行政区域。", segments: [
                TextSegment(.equal, "第二条 本办法适用于全市"), TextSegment(.insert, "行政区域"), TextSegment(.equal, "。"),
            ]),
            .removed("第三条 旧条款，予以删除的内容。"),
            .unchanged("第四条 附则。"),
            .added("第五条 本办法自公布之日起施行。"),
        ])
    }

    @Test func dissimilarParagraphsAreNotPaired() {
        #expect(ParagraphDiff.diff(["甲乙丙丁"], ["子丑寅卯"]) == [.removed("甲乙丙丁"), .added("子丑寅卯")])
    }

    @Test func pairingKeepsOrderAndPicksTheSimilarOne() {
        let changes = ParagraphDiff.diff(["第三条 物业服务收费实行政府指导价。"], ["新增的一段完全不同的文字。", "第三条 物业服务收费实行市场调节价。"])
        #expect(changes.count == 2)
        #expect(changes[0] == .added("新增的一段完全不同的文字。"))
        if case .changed(let o, let n, _) = changes[1] {
            #expect(o == "第三条 物业服务收费实行政府指导价。")
            #expect(n == "第三条 物业服务收费实行市场调节价。")
        } else {
            Issue.record("expected a changed paragraph, got \(changes[1])")
        }
    }

    @Test func emptyBodies() {
        #expect(ParagraphDiff.diff([], []) == [])
        #expect(ParagraphDiff.diff([], ["新"]) == [.added("新")])
        #expect(ParagraphDiff.diff(["旧"], []) == [.removed("旧")])
    }

    @Test func markdownBlocksArePlainParagraphs() {
        let md = """
            ## 第一章　总则

            **第一条**　为了规范
            物业管理，制定本办法。

            - 第一项
            - 第二项

            | 项目 | 标准 |
            |---|---|
            | 住宅 | 每月1元 |
            """
        #expect(MarkdownBlocks.paragraphs(of: md, renderer: CMarkGFMRenderer()) == [
            "第一章　总则", "第一条　为了规范物业管理，制定本办法。", "- 第一项", "- 第二项", "| 项目 | 标准 |", "| 住宅 | 每月1元 |",
        ])
    }
}
