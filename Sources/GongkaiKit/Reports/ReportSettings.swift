import Yams

/// The catalogue's `reports:` section: which categories the annual report counts as 规章 and as
/// 行政规范性文件, and the 公开时限 (working days from 成文日期 to 发布日期).
///
///     reports:
///       regulations: [zcwj.gz]
///       normative: [zcwj.gfxwj]
///       deadline_working_days: 20
///
/// A listed category counts with all its descendants. The 公开时限 is one legal deadline, set once
/// under `checks:` (the deadline check uses it too); `reports.deadline_working_days` is still read,
/// and must then agree with it (see `CatalogueDecoder`).
public struct ReportSettings: Sendable, Equatable {
    public var regulations: [CategoryPath]
    public var normative: [CategoryPath]
    public var deadlineWorkingDays: Int

    /// 《政府信息公开条例》第二十六条: within 20 working days of the information being formed or changed.
    public static let defaultDeadline = 20
    public static let `default` = ReportSettings(regulations: [], normative: [], deadlineWorkingDays: defaultDeadline)

    public init(regulations: [CategoryPath], normative: [CategoryPath], deadlineWorkingDays: Int) {
        self.regulations = regulations
        self.normative = normative
        self.deadlineWorkingDays = deadlineWorkingDays
    }

    static let keys = ["regulations", "normative", "deadline_working_days"]

    /// Reads the `reports:` node once every category is known. `deadline`: where the node set
    /// `deadline_working_days` (nil when it did not).
    static func decode(_ node: Node, reader: YAMLReader, categories: [CategoryPath: Category])
        -> (settings: ReportSettings, diagnostics: [Diagnostic], deadline: Node?)
    {
        var deadline: Node? = nil
        var diagnostics: [Diagnostic] = []
        var settings = ReportSettings.default
        func error(_ code: DiagnosticCode, _ n: Node, _ message: String, suggestion: String? = nil) {
            diagnostics.append(.error(code, at: reader.location(of: n), message, suggestion: suggestion))
        }
        guard case .mapping(let m) = node else {
            error(.catalogueInvalid, node, "reports 应写成“设置名: 值”。",
                  suggestion: "例如：\nreports:\n  regulations: [zcwj.gz]\n  normative: [zcwj.gfxwj]\n  deadline_working_days: 20")
            return (settings, diagnostics, nil)
        }
        let known = categories.keys.map(\.dotted).sorted()
        func paths(_ n: Node, key: String) -> [CategoryPath] {
            let items: [Node]
            if case .sequence(let s) = n { items = Array(s) } else { items = [n] }
            var out: [CategoryPath] = []
            for item in items {
                let text = YAMLReader.text(item) ?? ""
                guard let path = CategoryPath(dotted: text), categories[path] != nil else {
                    let near = Suggestions.nearest(to: text, in: known)
                    error(.unknownCategory, item, "reports.\(key) 中的栏目“\(text)”在公开目录中不存在。",
                          suggestion: near.isEmpty ? "写栏目的完整路径，如 zcwj.gfxwj。" : "是否应为\(Suggestions.quotedList(near))？")
                    continue
                }
                if !out.contains(path) { out.append(path) }
            }
            return out
        }
        for (k, v) in m {
            switch YAMLReader.text(k) {
            case "regulations": settings.regulations = paths(v, key: "regulations")
            case "normative": settings.normative = paths(v, key: "normative")
            case "deadline_working_days":
                if let s = YAMLReader.text(v), let n = Int(s), (1...365).contains(n) {
                    settings.deadlineWorkingDays = n
                    deadline = v
                } else {
                    error(.catalogueInvalid, v, "deadline_working_days 应为 1 到 365 之间的整数（工作日数）。",
                          suggestion: "《政府信息公开条例》规定的时限为 20 个工作日：deadline_working_days: 20")
                }
            default:
                let key = YAMLReader.text(k) ?? ""
                let near = Suggestions.nearest(to: key, in: keys)
                error(.catalogueUnknownKey, k, "reports 中有未知设置“\(key)”。",
                      suggestion: near.isEmpty ? "可用的设置：\(keys.joined(separator: "、"))。" : "是否应为\(Suggestions.quotedList(near))？")
            }
        }
        for p in settings.regulations where settings.normative.contains(where: { $0 == p || $0.isAncestor(of: p) || p.isAncestor(of: $0) }) {
            diagnostics.append(.error(.catalogueInvalid, at: reader.location(of: node),
                                      "栏目“\(p.dotted)”同时计入规章（regulations）和行政规范性文件（normative）。",
                                      suggestion: "每个栏目只能计入其中一类。"))
        }
        return (settings, diagnostics, deadline)
    }
}
