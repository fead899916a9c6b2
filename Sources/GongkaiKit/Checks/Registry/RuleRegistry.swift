/// What a rule is: its stable code, the severity it reports with unless the catalogue's `rules:`
/// says otherwise, and a Chinese title and description for reports and documentation.
public struct RuleInfo: Sendable, Hashable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var title: String
    public var description: String

    public init(_ code: DiagnosticCode, _ severity: Severity, _ title: String, _ description: String) {
        self.code = code
        self.severity = severity
        self.title = title
        self.description = description
    }

    /// A finding of this rule at its default severity.
    public func at(_ location: SourceLocation, _ message: String, suggestion: String? = nil) -> Diagnostic {
        Diagnostic(severity, code, at: location, message, suggestion: suggestion)
    }
}

/// Every rule gongkai knows, by family, in a fixed order: what `gongkai check --list-rules` prints,
/// what reports use for titles, and what `rules:` and `waive:` are validated against.
public enum RuleRegistry {
    public static let all: [RuleInfo] = loading + catalogue + metadata + attachments + deadline + privacy + secrecy
        + wording + links + stale + linkage + templates

    private static let byCode: [DiagnosticCode: RuleInfo] = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })

    public static subscript(code: DiagnosticCode) -> RuleInfo? { byCode[code] }

    /// The rule behind `code`; codes not registered (a newer family) get a neutral entry.
    public static func info(_ code: DiagnosticCode) -> RuleInfo {
        byCode[code] ?? RuleInfo(code, .error, code.rawValue, "")
    }

    static let loading: [RuleInfo] = [
        RuleInfo(.fileUnreadable, .error, "文件无法读取", "内容文件无法读取。"),
        RuleInfo(.invalidUTF8, .error, "文件编码不是 UTF-8", "内容文件必须以 UTF-8 编码保存。"),
        RuleInfo(.missingFrontMatter, .error, "缺少文件头", "每篇文件以“---”包围的元数据开头。"),
        RuleInfo(.unterminatedFrontMatter, .error, "文件头未结束", "文件头必须以一行“---”结束。"),
        RuleInfo(.yamlSyntax, .error, "YAML 格式错误", "文件头或目录文件的 YAML 无法解析。"),
        RuleInfo(.notAMapping, .error, "文件头不是字段列表", "文件头应由“字段名: 值”组成。"),
        RuleInfo(.duplicateKey, .error, "字段重复", "同一字段在文件头中出现两次。"),
    ]

    static let catalogue: [RuleInfo] = [
        RuleInfo(.catalogueMissing, .error, "缺少目录文件", "内容目录中没有 catalogue.yaml。"),
        RuleInfo(.catalogueInvalid, .error, "目录文件有误", "catalogue.yaml 的结构或取值不正确。"),
        RuleInfo(.catalogueUnknownKey, .error, "目录文件中有未知设置", "catalogue.yaml 中出现了不认识的设置名。"),
        RuleInfo(.catalogueDuplicateID, .error, "栏目重复", "同一层级下两个栏目的 id 相同。"),
        RuleInfo(.unknownCategory, .error, "栏目不存在", "文件的 category 不是公开目录中的栏目。"),
        RuleInfo(.categoryNotLeaf, .error, "栏目不是末级栏目", "文件应归入末级栏目。"),
        RuleInfo(.catalogueEmpty, .error, "栏目空白", "末级栏目没有任何文件，也没有在目录中用 empty_reason 说明原因（“空白栏目”是网站检查的扣分项）。"),
        RuleInfo(.catalogueStale, .warning, "栏目未按期更新", "栏目最新文件的发布日期距今超过了目录中 update_period_days 规定的更新周期。"),
        RuleInfo(.catalogueUnknownRule, .warning, "规则代码不存在", "catalogue.yaml 的 rules: 中写了不存在的规则代码，该设置不起作用。"),
        RuleInfo(.catalogueCheckSetting, .error, "检查设置有误", "catalogue.yaml 的 checks: 中的设置值不正确，或引用的文件不存在。"),
    ]

    static let metadata: [RuleInfo] = [
        RuleInfo(.missingField, .error, "缺少必填字段", "缺少所有文件必填的字段，或栏目 requires 要求的字段。"),
        RuleInfo(.unknownField, .error, "未知字段", "文件头中出现了不认识的字段名。"),
        RuleInfo(.invalidValue, .error, "字段值无效", "字段值不是允许的取值。"),
        RuleInfo(.invalidDate, .error, "日期无效", "日期不是 YYYY-MM-DD 格式的有效日期。"),
        RuleInfo(.invalidIndexNumber, .error, "索引号含非法字符", "索引号只能由字母、数字和“-”“_”“.”“/”组成。"),
        RuleInfo(.indexNumberFormat, .error, "索引号格式不符", "索引号不符合目录 checks: 中 index_no_pattern 规定的格式（默认：18 位机构代码/年份-5 位序号）。"),
        RuleInfo(.duplicateIndexNumber, .error, "索引号重复", "两个文件使用了同一个索引号。"),
        RuleInfo(.docNoFormat, .error, "发文字号格式不规范", "发文字号应为“机关代字〔年份〕序号号”（六角括号、阿拉伯数字、序号不加“第”不编虚位），或“……令第N号”。"),
        RuleInfo(.docNoYear, .error, "发文字号年份与成文日期不符", "发文字号中的年份应与成文日期的年份一致。"),
        RuleInfo(.docNoDuplicate, .error, "发文字号重复", "两个文件使用了同一个发文字号。"),
        RuleInfo(.writtenAfterPublished, .error, "成文日期晚于发布日期", "成文日期不能晚于发布日期。"),
        RuleInfo(.effectiveAfterExpires, .error, "施行日期晚于有效期", "施行日期不能晚于有效期截止日期。"),
        RuleInfo(.waiverWithoutReason, .error, "豁免未写理由", "waive: 中每条豁免都必须写明理由。"),
        RuleInfo(.waiverUnknownRule, .warning, "豁免的规则不存在", "waive: 中写了不存在的规则代码，该豁免不起作用。"),
    ]

    static let attachments: [RuleInfo] = [
        RuleInfo(.attachmentOutsideContent, .error, "附件在内容目录之外", "附件路径超出了内容目录。"),
        RuleInfo(.attachmentMissing, .error, "附件文件不存在", "attachments 中列出的附件文件找不到。"),
        RuleInfo(.attachmentDuplicateName, .error, "附件重名", "同一文件的两个附件文件名相同。"),
    ]

    static let deadline: [RuleInfo] = [
        RuleInfo(.deadlineLate, .error, "超过公开时限", "发布日期晚于成文日期后的第 N 个工作日（默认 20 个工作日，目录 checks: 中 deadline_working_days 可改），按国务院公布的节假日及调休安排计算。"),
        RuleInfo(.deadlineCalendarMissing, .warning, "缺少节假日安排", "节假日日历不包含所需年份，无法计算工作日；请在 content/holidays.yaml 中补充该年安排。"),
        RuleInfo(.deadlineHolidaysInvalid, .error, "节假日文件有误", "content/holidays.yaml 的格式或日期不正确。"),
    ]

    static let privacy: [RuleInfo] = [
        RuleInfo(.piiIDNumber, .error, "公民身份号码", "标题、正文或附件名称中出现了校验位正确、出生日期合理的 18 位（或 15 位）公民身份号码。"),
        RuleInfo(.piiPhone, .error, "手机号码", "标题、正文或附件名称中出现了手机号码。"),
        RuleInfo(.piiBankCard, .error, "银行卡号", "标题、正文或附件名称中出现了通过 Luhn 校验的 16～19 位银行卡号。"),
    ]

    static let secrecy: [RuleInfo] = [
        RuleInfo(.secretClassification, .error, "密级标志", "出现“绝密★”“机密★”“秘密★”等密级和保密期限标志。"),
        RuleInfo(.secretInternal, .error, "内部资料标志", "出现“内部资料”“注意保密”等不宜公开的标志。"),
        RuleInfo(.secretNotPublic, .error, "不予公开标志", "出现“此件不予公开”“（不予公开）”等公开属性标注。"),
        RuleInfo(.secretUserWord, .error, "自定义敏感词", "出现目录 checks: 中 secret_words 或 secret_words_file 列出的词语。"),
    ]

    static let wording: [RuleInfo] = [
        RuleInfo(.wordingTypo, .warning, "常见错别字", "公文常见错别字（如“布署”应为“部署”、日期前的“截止”应为“截至”），可在 content/wording.yaml 中补充。"),
        RuleInfo(.wordingPunctuation, .warning, "中文中使用英文标点", "汉字之间使用了英文半角标点（, ; : ? ! ( )），应使用全角中文标点。"),
        RuleInfo(.wordingFullwidthDigit, .warning, "全角数字", "使用了全角数字（如“２０２５”），应使用半角阿拉伯数字。"),
        RuleInfo(.wordingListInvalid, .error, "错别字表有误", "content/wording.yaml 的格式不正确。"),
    ]

    static let links: [RuleInfo] = [
        RuleInfo(.linkBroken, .error, "链接目标不存在", "正文链接指向的文件不存在，或指向未列为附件的文件。"),
        RuleInfo(.linkAnchor, .error, "链接锚点不存在", "正文链接指向的标题锚点（#…）在目标文件中不存在。"),
        RuleInfo(.linkUnsafe, .error, "不安全的链接", "正文链接使用 javascript:、vbscript: 或 data: 等脚本协议。"),
        RuleInfo(.linkMalformed, .error, "链接格式错误", "外部链接不是有效的 http、https、mailto 或 tel 地址（只检查格式，不访问网络）。"),
    ]

    static let linkage: [RuleInfo] = [
        RuleInfo(.interpretationUnknownTarget, .error, "解读对象不存在", "interprets 中的索引号没有对应的文件。"),
        RuleInfo(.interpretationTargetIsInterpretation, .error, "解读对象是解读", "interprets 指向的文件本身是政策解读或本文件。"),
        RuleInfo(.interpretationMissing, .error, "缺少政策解读", "栏目要求（interpretation: required）同步发布解读，但没有解读关联到本文件。"),
        RuleInfo(.interpretationRecommendedMissing, .warning, "宜发布政策解读", "栏目建议（interpretation: recommended）发布解读，但没有解读关联到本文件。"),
        RuleInfo(.interpretationLate, .warning, "解读发布滞后", "“发布”阶段的解读晚于政策文件超过 interpretation_delay_days 天。"),
        RuleInfo(.interpretationFields, .error, "解读字段不完整", "form / stage 与 interprets 应同时填写。"),
        RuleInfo(.revisionUnknownTarget, .error, "修订对象不存在", "revises 中的索引号没有对应的文件。"),
        RuleInfo(.revisionFork, .error, "修订分叉", "两个文件修订同一个文件。"),
        RuleInfo(.revisionCycle, .error, "修订循环", "沿 revises 追溯回到了起点。"),
        RuleInfo(.revisionDateOrder, .error, "修订版早于原版", "新版本的发布日期早于被修订的版本。"),
        RuleInfo(.repealUnknownTarget, .error, "废止文件不存在", "repealed_by 中的索引号没有对应的文件。"),
    ]

    static let templates: [RuleInfo] = [
        RuleInfo("template.syntax", .error, "模板语法错误", "templates/ 中的 Mustache 模板无法解析。"),
        RuleInfo("template.missing", .error, "缺少模板", "templates/ 中缺少必需的模板。"),
    ]

    static let stale: [RuleInfo] = [
        RuleInfo(.staleExpiredActive, .warning, "过期仍标注现行有效", "有效期（expires）已过，但 status 仍为 active（现行有效），应清理或更新状态。"),
        RuleInfo(.staleRetention, .warning, "超过保留期限", "文件发布已超过栏目 retention_years 规定的年限，应列入定期清理。"),
    ]
}
