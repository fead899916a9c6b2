/// A front-matter key a document may carry. The set is closed: anything else is reported as an
/// unknown field with the nearest known key suggested.
public enum Field: String, Sendable, CaseIterable, Hashable, Comparable {
    case title
    case indexNo = "index_no"
    case category
    case issuer
    case docNo = "doc_no"
    case written
    case published
    case effective
    case expires
    case status
    case topics
    case revises
    case repealedBy = "repealed_by"
    case interprets
    case form
    case stage
    case attachments
    case waive

    /// Fields every document must have, whatever its category.
    public static let alwaysRequired: [Field] = [.title, .indexNo, .category, .published]

    /// Fields a catalogue category may list under `requires:`.
    public static let requirable: [Field] = [.issuer, .docNo, .written, .effective, .expires, .topics, .form, .stage]

    public var chineseName: String {
        switch self {
        case .title: "标题"
        case .indexNo: "索引号"
        case .category: "所属栏目"
        case .issuer: "发文机关"
        case .docNo: "发文字号"
        case .written: "成文日期"
        case .published: "发布日期"
        case .effective: "施行日期"
        case .expires: "有效期至"
        case .status: "有效性"
        case .topics: "主题分类"
        case .revises: "修订对象"
        case .repealedBy: "废止文件"
        case .interprets: "解读对象"
        case .form: "解读形式"
        case .stage: "解读阶段"
        case .attachments: "附件"
        case .waive: "豁免规则"
        }
    }

    /// An example value for messages and scaffolds.
    public var example: String {
        switch self {
        case .title: "示例市人民政府办公室关于……的通知"
        case .indexNo: "11999900MB0000001X/2025-00012"
        case .category: "zcwj.gfxwj"
        case .issuer: "示例市人民政府办公室"
        case .docNo: "示政办发〔2025〕2号"
        case .written, .published, .effective: "2025-06-05"
        case .expires: "2027-06-30"
        case .status: "active"
        case .topics: "[政务公开, 营商环境]"
        case .revises, .repealedBy: "11999900MB0000001X/2023-00031"
        case .interprets: "[11999900MB0000001X/2025-00012]"
        case .form: "文字解读"
        case .stage: "发布"
        case .attachments: "[{title: 附件1 申报表, file: files/申报表.docx}]"
        case .waive: "{pii.phone: 12345热线为公开服务号码}"
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
