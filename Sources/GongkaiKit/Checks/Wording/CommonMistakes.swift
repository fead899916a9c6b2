/// A wrong spelling and its correction, with the contexts in which the letters are not a mistake
/// (按排 in 按排名先后 is 按 + 排名).
public struct WordingMistake: Sendable, Hashable {
    public var wrong: String
    public var right: String
    /// Not a mistake when directly followed by one of these.
    public var unlessFollowedBy: [String] = []
    /// Not a mistake when directly preceded by one of these.
    public var unlessPrecededBy: [String] = []
    /// Not a mistake when one of these follows later in the same clause (既使……又……).
    public var unlessLaterInClause: [String] = []
    /// Only a mistake when directly followed by one of these (nil: always).
    public var onlyFollowedBy: [String]? = nil
    /// Why, for the message (nil: plain misspelling).
    public var note: String? = nil

    public init(_ wrong: String, _ right: String, unlessFollowedBy: [String] = [], unlessPrecededBy: [String] = [],
                unlessLaterInClause: [String] = [], onlyFollowedBy: [String]? = nil, note: String? = nil) {
        self.wrong = wrong
        self.right = right
        self.unlessFollowedBy = unlessFollowedBy
        self.unlessPrecededBy = unlessPrecededBy
        self.unlessLaterInClause = unlessLaterInClause
        self.onlyFollowedBy = onlyFollowedBy
        self.note = note
    }
}

/// Common mistakes in official writing (公文常见错别字). Each wrong form is chosen so that it is not
/// also a correct reading of the same characters, or carries the contexts that make it one.
/// Portals add their own in `content/wording.yaml` (`错误写法: 正确写法`, one per line).
public enum CommonMistakes {
    static let dateStarts = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "０", "１", "２", "３", "４", "５", "６", "７", "８", "９",
                             "〇", "二〇", "一九", "目前", "今年", "去年", "上年", "本年", "当年", "今日", "当前", "本月", "上月", "年底", "年末",
                             "月底", "发稿", "上半年", "一季度", "二季度", "三季度", "四季度", "前三季度", "本周", "昨日", "现在"]

    public static let shipped: [WordingMistake] = [
        WordingMistake("截止", "截至", onlyFollowedBy: dateStarts,
                       note: "表示“到某时为止”用“截至”，如“截至2025年6月底”；“截止”表示到期停止，如“截止日期”“报名截止”"),
        WordingMistake("布署", "部署"),
        WordingMistake("既使", "即使", unlessLaterInClause: ["又使", "也使", "又让", "也让", "还使", "又能使"]),
        WordingMistake("按排", "安排", unlessFollowedBy: ["名", "序", "列", "位", "行", "号", "班", "队"]),
        WordingMistake("气慨", "气概"),
        WordingMistake("重迭", "重叠"),
        WordingMistake("迫不急待", "迫不及待"),
        WordingMistake("再接再励", "再接再厉"),
        WordingMistake("一愁莫展", "一筹莫展"),
        WordingMistake("默守成规", "墨守成规"),
        WordingMistake("走头无路", "走投无路"),
        WordingMistake("出奇不意", "出其不意"),
        WordingMistake("直接了当", "直截了当"),
        WordingMistake("穿流不息", "川流不息"),
        WordingMistake("既往不究", "既往不咎"),
        WordingMistake("美仑美奂", "美轮美奂"),
        WordingMistake("变本加利", "变本加厉"),
        WordingMistake("兴高彩烈", "兴高采烈"),
        WordingMistake("人才倍出", "人才辈出"),
        WordingMistake("一股作气", "一鼓作气"),
        WordingMistake("精兵减政", "精兵简政"),
        WordingMistake("按步就班", "按部就班"),
        WordingMistake("言简意骇", "言简意赅"),
        WordingMistake("不径而走", "不胫而走"),
        WordingMistake("防范于未然", "防患于未然"),
        WordingMistake("一如继往", "一如既往"),
        WordingMistake("一如即往", "一如既往"),
        WordingMistake("再所不惜", "在所不惜"),
        WordingMistake("名符其实", "名副其实"),
        WordingMistake("不加思索", "不假思索"),
        WordingMistake("融汇贯通", "融会贯通"),
        WordingMistake("迫在眉捷", "迫在眉睫"),
        WordingMistake("提纲携领", "提纲挈领"),
        WordingMistake("原形必露", "原形毕露"),
        WordingMistake("记忆尤新", "记忆犹新"),
        WordingMistake("鞠躬尽粹", "鞠躬尽瘁"),
        WordingMistake("不容质疑", "不容置疑"),
        WordingMistake("急待解决", "亟待解决"),
        WordingMistake("辐员辽阔", "幅员辽阔"),
        WordingMistake("循规蹈距", "循规蹈矩"),
        WordingMistake("有持无恐", "有恃无恐"),
        WordingMistake("蛛丝蚂迹", "蛛丝马迹"),
        WordingMistake("发韧", "发轫"),
        WordingMistake("松驰", "松弛"),
        WordingMistake("寒喧", "寒暄"),
        WordingMistake("峻工", "竣工"),
        WordingMistake("渲泄", "宣泄"),
        WordingMistake("追朔", "追溯"),
        WordingMistake("震憾", "震撼"),
        WordingMistake("编篡", "编纂"),
        WordingMistake("膺品", "赝品"),
        WordingMistake("冒然", "贸然", unlessPrecededBy: ["感"]),
        WordingMistake("哄托", "烘托"),
        WordingMistake("渡假", "度假", unlessPrecededBy: ["过"]),
        WordingMistake("幅射", "辐射"),
        WordingMistake("装璜", "装潢"),
        WordingMistake("翻来复去", "翻来覆去"),
        WordingMistake("侯车", "候车"),
        WordingMistake("暴燥", "暴躁"),
        WordingMistake("烦燥", "烦躁"),
        WordingMistake("干躁", "干燥"),
        WordingMistake("一张一驰", "一张一弛"),
        WordingMistake("通辑", "通缉"),
        WordingMistake("安祥", "安详", unlessFollowedBy: ["和"]),
        WordingMistake("宣染", "渲染"),
        WordingMistake("凭添", "平添"),
        WordingMistake("精萃", "精粹"),
        WordingMistake("陷井", "陷阱"),
        WordingMistake("贯切", "贯彻", unlessFollowedBy: ["实"]),
        WordingMistake("国藉", "国籍"),
        WordingMistake("户藉", "户籍"),
        WordingMistake("签定", "签订"),
        WordingMistake("即然", "既然"),
        WordingMistake("娇揉造作", "矫揉造作"),
        WordingMistake("声名雀起", "声名鹊起"),
        WordingMistake("入场卷", "入场券"),
        WordingMistake("部份", "部分", unlessFollowedBy: ["额"]),
        WordingMistake("竞然", "竟然"),
        WordingMistake("决窍", "诀窍"),
        WordingMistake("沤心沥血", "呕心沥血"),
        WordingMistake("明火执杖", "明火执仗"),
        WordingMistake("修茸", "修葺"),
        WordingMistake("报歉", "抱歉"),
        WordingMistake("迁徒", "迁徙"),
        WordingMistake("防碍", "妨碍"),
        WordingMistake("励行节约", "厉行节约"),
        WordingMistake("帐户", "账户"),
        WordingMistake("帐号", "账号"),
        WordingMistake("帐目", "账目"),
        WordingMistake("做为", "作为", unlessPrecededBy: ["看", "当"]),
        WordingMistake("通迅", "通讯"),
        WordingMistake("拔款", "拨款"),
        WordingMistake("肆无忌弹", "肆无忌惮"),
        WordingMistake("宏扬", "弘扬"),
        WordingMistake("座落", "坐落", unlessPrecededBy: ["底", "宝", "讲", "基", "插"]),
        WordingMistake("挖墙角", "挖墙脚"),
        WordingMistake("悬梁刺骨", "悬梁刺股"),
        WordingMistake("食不裹腹", "食不果腹"),
        WordingMistake("金榜提名", "金榜题名"),
        WordingMistake("谈笑风声", "谈笑风生"),
        WordingMistake("世外桃园", "世外桃源"),
        WordingMistake("针贬时弊", "针砭时弊"),
        WordingMistake("脉膊", "脉搏"),
        WordingMistake("蜇伏", "蛰伏"),
        WordingMistake("九宵", "九霄"),
        WordingMistake("大相经庭", "大相径庭"),
        WordingMistake("一诺千斤", "一诺千金"),
        WordingMistake("甘败下风", "甘拜下风"),
        WordingMistake("自抱自弃", "自暴自弃"),
    ]
}
