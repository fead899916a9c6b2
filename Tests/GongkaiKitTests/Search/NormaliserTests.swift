import Foundation
import Testing
@testable import GongkaiKit

@Suite struct NormaliserTests {
    func n(_ s: String) -> String { SearchNormaliser.normalisedString(s) }

    @Test func fullwidthDigitsAndLettersBecomeASCII() {
        #expect(n("２０２５年") == "2025年")
        #expect(n("ＡＢＣ１２３") == "abc123")
        #expect(n("１２３４５热线") == n("12345热线"))
        #expect(n("12345热线") == "12345热线")
    }

    @Test func bracketVariantsAreOne() {
        let expected = "济政办发[2025]2号"
        for s in ["济政办发〔2025〕2号", "济政办发[2025]2号", "济政办发【2025】2号", "济政办发（2025）2号",
                  "济政办发(2025)2号", "济政办发［２０２５］２号", "济政办发﹝2025﹞2号", "济政办发〖2025〗2号"] {
            #expect(n(s) == expected, "\(s)")
        }
    }

    @Test func caseFolding() {
        #expect(n("PDF 文件 Word") == "pdf文件word")
        #expect(n("ÀÉÎ") == "àéî")
        #expect(n("ΑΣ") == "ασ")   // per character: no final-sigma context
    }

    @Test func whitespaceNextToCJKIsRemoved() {
        #expect(n("工 作 要 点") == "工作要点")
        #expect(n("工\u{3000}作\n\t要点") == "工作要点")
        #expect(n("  open   data  ") == "open data")
        #expect(n("使用 PDF 格式") == "使用pdf格式")
        #expect(n("a \n b") == "a b")
        #expect(n("2025 年") == "2025年")
    }

    @Test func invisibleCharactersAreDropped() {
        #expect(n("政\u{200B}务\u{00AD}公\u{FEFF}开") == "政务公开")
    }

    @Test func emojiAndCharactersOutsideTheBMP() {
        #expect(SearchNormaliser.normalise("𠀀𠀁") == [0x20000, 0x20001])
        #expect(n("点赞👍 好") == "点赞👍好")   // 好 is CJK: the space goes
        #expect(n("👍 👍") == "👍 👍")
        #expect(n("𠀀 字") == "𠀀字")        // Ext B counts as CJK
    }

    @Test func compatibilityCharactersFollowNFKC() {
        #expect(n("①") == "1")
        #expect(n("℃") == "°c")
        #expect(n("…") == "...")
        #expect(SearchNormaliser.normalise("ｶﾞ") == [0x30AC])   // composed, as in NFKC
        #expect(SearchNormaliser.normalise("e\u{301}") == [0xE9])   // composed across scalars (not on the fast path)
    }

    @Test func queryWordsSplitAtWhitespaceAsTyped() {
        #expect(SearchNormaliser.queryWords("工作 要点").map(SearchIndexBuilder.string) == ["工作", "要点"])
        #expect(SearchNormaliser.queryWords("  ").isEmpty)
        #expect(SearchNormaliser.queryWords("济政办发〔２０２５〕2号").map(SearchIndexBuilder.string) == ["济政办发[2025]2号"])
    }

    @Test func fastPathAgreesWithFullNFKC() {
        // Text made only of fast-path characters must normalise exactly as via Foundation's NFKC.
        let samples = ["示例市人民政府办公室关于印发《工作要点》的通知（２０２５年）：“一、总则”——第１条。",
                       "ABC abc 123 ｛｝〈〉《》「」『』〒〓·×÷■□●", "a\u{3000}b　c"]
        for s in samples {
            var fast: [UInt32] = []
            #expect(SearchNormaliser.appendFast(s, into: &fast))
            var slow: [UInt32] = []
            var state = SearchNormaliser.State()
            for scalar in s.precomposedStringWithCompatibilityMapping.unicodeScalars { state.push(scalar.value, into: &slow) }
            #expect(fast == slow, "\(s)")
        }
    }
}
