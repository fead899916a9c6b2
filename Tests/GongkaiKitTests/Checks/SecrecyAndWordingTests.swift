import Testing
@testable import GongkaiKit

@Suite struct SecrecyRuleTests {
    @Test func markingsFire() throws {
        let body = """
            机密★5年
            本文件为内部资料，注意保密。
            （此件不予公开）
            | 序号 | 不予公开 |
            秘密 ★
            提及甲工程的内容。
            """
        let s = try bodySite(body, title: "绝密★关于测试的通知", checks: "  secret_words: 甲工程、乙项目")
        #expect(places(findings(try s.check(), "secret.")) == [
            "secret.classification zcwj/gfxwj/2025-00001.md:2:1",
            "secret.classification zcwj/gfxwj/2025-00001.md:11:1",
            "secret.internal zcwj/gfxwj/2025-00001.md:12:5",
            "secret.internal zcwj/gfxwj/2025-00001.md:12:10",
            "secret.not-public zcwj/gfxwj/2025-00001.md:13:2",
            "secret.not-public zcwj/gfxwj/2025-00001.md:14:8",
            "secret.classification zcwj/gfxwj/2025-00001.md:15:1",
            "secret.user-word zcwj/gfxwj/2025-00001.md:16:3",
        ])
    }

    @Test func ordinaryWordsDoNotFire() throws {
        let body = """
            依法保守国家秘密、商业秘密和个人隐私。
            （三）不予公开
            依申请公开决定中，不予公开 3 件。
            机密文件管理办法另行制定。
            """
        let s = try bodySite(body)
        #expect(findings(try s.check(), "secret.").isEmpty)
    }

    @Test func secretWordsFromFile() throws {
        let s = try bodySite("涉及丙系统的说明。\n", checks: "  secret_words_file: 敏感词.txt")
        try s.write("敏感词.txt", "# 本单位敏感词\n丙系统\n")
        #expect(places(findings(try s.check(), "secret.")) == ["secret.user-word zcwj/gfxwj/2025-00001.md:11:3"])
        try s.remove("敏感词.txt")
        #expect(places(findings(try s.check(), "catalogue.check-setting")) == ["catalogue.check-setting catalogue.yaml:13:3"])
    }
}

@Suite struct WordingRuleTests {
    @Test func typosWithFixes() throws {
        let body = """
            截止2025年底，全市已布署到位。
            报名截止日期为6月30日，截止时间另行通知，截止到目前已有100人报名。
            按排名先后录取，请按排好工作。
            既使困难再大也要完成；既使企业减负又使群众满意。
            """
        let s = try bodySite(body)
        let found = findings(try s.check(), "wording.typo")
        #expect(places(found) == [
            "wording.typo zcwj/gfxwj/2025-00001.md:11:1",
            "wording.typo zcwj/gfxwj/2025-00001.md:11:13",
            "wording.typo zcwj/gfxwj/2025-00001.md:13:10",
            "wording.typo zcwj/gfxwj/2025-00001.md:14:1",
        ])
        #expect(found[0].suggestion == "改为“截至2025年底，全”")
        #expect(found[1].message.hasPrefix("正文中“布署”应为“部署”"))
        #expect(found.allSatisfy { $0.severity == .warning })
        #expect(CommonMistakes.shipped.count >= 60)
    }

    @Test func userWordingList() throws {
        let s = try bodySite("请各单位认真抓好落食。\n")
        try s.write("wording.yaml", "落食: 落实\n")
        #expect(places(findings(try s.check(), "wording.typo")) == ["wording.typo zcwj/gfxwj/2025-00001.md:11:9"])
        try s.write("wording.yaml", "- 落食\n")
        #expect(places(findings(try s.check(), "wording.list-invalid")) == ["wording.list-invalid wording.yaml:1:1"])
    }

    @Test func asciiPunctuationBetweenChineseOnly() throws {
        let body = """
            各单位,请于本月底前报送;逾期不报的,予以通报!
            《办法(试行)》自发布之日起施行。
            共1,000元,见 https://www.example.gov.cn/a,b 和 `代码,示例`。
            [示例链接](../gfxwj/2025-00001.md) 与 Summary: ok, fine.
            时间:2025年
            """
        let s = try bodySite(body, title: "关于测试(试行)的通知")
        let found = findings(try s.check(), "wording.ascii-punctuation")
        #expect(places(found) == [
            "wording.ascii-punctuation zcwj/gfxwj/2025-00001.md:2:1",
            "wording.ascii-punctuation zcwj/gfxwj/2025-00001.md:11:4",
            "wording.ascii-punctuation zcwj/gfxwj/2025-00001.md:11:13",
            "wording.ascii-punctuation zcwj/gfxwj/2025-00001.md:11:19",
            "wording.ascii-punctuation zcwj/gfxwj/2025-00001.md:11:24",
            "wording.ascii-punctuation zcwj/gfxwj/2025-00001.md:12:4",
            "wording.ascii-punctuation zcwj/gfxwj/2025-00001.md:13:8",
        ])
        #expect(found[1].suggestion == "改用中文全角标点：“各单位，请于本月”")
        #expect(found[5].suggestion == "改用中文全角标点：“《办法（试行）》自发布”")
    }

    @Test func fullwidthDigits() throws {
        let s = try bodySite("于２０２５年6月印发。\n```\n２０２５\n```\n", title: "关于２０２５年工作的通知")
        let found = findings(try s.check(), "wording.fullwidth-digit")
        #expect(places(found) == ["wording.fullwidth-digit zcwj/gfxwj/2025-00001.md:2:1", "wording.fullwidth-digit zcwj/gfxwj/2025-00001.md:11:2"])
        #expect(found[1].suggestion == "改为半角阿拉伯数字“2025”")
    }
}
