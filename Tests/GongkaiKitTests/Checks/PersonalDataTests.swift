import Testing
@testable import GongkaiKit

@Suite struct PersonalDataTests {
    let today = CalendarDate(iso: "2026-11-21")!

    func kinds(_ text: String) -> [PersonalData.Kind] {
        PersonalData.find(in: Array(text.unicodeScalars), today: today).map(\.kind)
    }

    @Test func identityNumbers() {
        #expect(PersonalData.idCheckCharacter("11010519491231002") == "X")
        #expect(kinds("申请人身份证号370102199003071238，住址") == [.idNumber])
        #expect(kinds("身份证：11010519491231002x。") == [.idNumber])
        #expect(kinds("旧证号370102900307123。") == [.idNumber])
    }

    @Test func identityNearMisses() {
        #expect(kinds("370102199003071239") == [])            // wrong check digit
        #expect(kinds("370102199013071235") == [])            // month 13
        #expect(kinds("370102203003071230") == [])            // born in the future
        #expect(kinds("990102199003071238") == [])            // no such province
        #expect(kinds("3701021990030712381") == [])           // inside a longer run of digits
        #expect(kinds("索引号11999900MB0000001X/2025-00012") == [])
        #expect(kinds("11999900MB0000001X/2025-00012") == [])
        #expect(kinds("370102991307123") == [])               // 15 digits, no such date
    }

    @Test func mobileNumbers() {
        #expect(kinds("联系人：张先生，13812345678。") == [.phone])
        #expect(kinds("电话138-1234-5678") == [.phone])
        #expect(kinds("电话 138 1234 5678 。") == [.phone])
        #expect(kinds("电话+8613812345678") == [.phone])
    }

    @Test func phoneNearMisses() {
        #expect(kinds("请拨打政务服务便民热线12345。") == [])
        #expect(kinds("咨询电话：0531-12345678") == [])
        #expect(kinds("（0531）86123456") == [])
        #expect(kinds("12345678901") == [])                   // 12… is no mobile prefix
        #expect(kinds("138123456789") == [])                  // 12 digits
        #expect(kinds("示政办发〔2025〕13号") == [])
        #expect(kinds("2025-06-05") == [])
        #expect(kinds("20250605") == [])
        #expect(kinds("金额13812345.67元") == [])
    }

    @Test func bankCards() {
        #expect(PersonalData.passesLuhn("6222021234567890128"))
        #expect(kinds("账号6222021234567890128") == [.bankCard])
        #expect(kinds("账号 6222 0212 3456 7890 128") == [.bankCard])
        #expect(kinds("卡号4000000000000002") == [.bankCard])
        #expect(kinds("6222021234567890127") == [])           // fails Luhn
        #expect(kinds("1000000000000000009") == [])           // Luhn-valid, no card prefix
    }

    @Test func masking() {
        #expect(PersonalData.mask("370102199003071238", kind: .idNumber) == "3701**********1238")
        #expect(PersonalData.mask("13812345678", kind: .phone) == "138****5678")
        #expect(PersonalData.mask("6222021234567890128", kind: .bankCard) == "6222***********0128")
    }

    @Test func ruleReportsBodyTitleAndAttachmentsWithColumnsAndMasks() throws {
        let body = "第一条 为了测试，制定本办法。\n联系人：李四，手机13812345678，身份证370102199003071238。\n热线12345，索引号11999900MB0000001X/2025-00012。\n"
        let text = policy("2025-00001", title: "关于13812345678的通知",
                          extra: "attachments:\n  - {title: 370102199003071238名单, file: files/a.csv}", body: body)
        let s = try site(["zcwj/gfxwj/2025-00001.md": text, "zcwj/gfxwj/files/a.csv": "x"])
        let found = findings(try s.check(), "pii.")
        #expect(places(found) == [
            "pii.phone zcwj/gfxwj/2025-00001.md:2:1",
            "pii.id-number zcwj/gfxwj/2025-00001.md:10:5",
            "pii.phone zcwj/gfxwj/2025-00001.md:13:10",
            "pii.id-number zcwj/gfxwj/2025-00001.md:13:25",
        ])
        #expect(found.allSatisfy { $0.severity == .error })
        #expect(found[1].message == "附件名称中出现公民身份号码（3701**********1238）。")
        #expect(!found.contains { $0.message.contains("370102199003071238") || $0.message.contains("13812345678") })
    }
}
