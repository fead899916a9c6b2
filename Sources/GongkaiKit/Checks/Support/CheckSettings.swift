import Foundation

/// The catalogue's `checks:` settings, read with their defaults:
///
///     checks:
///       index_no_pattern: '^[0-9A-Z]{18}/\d{4}-\d{5}$'   # 索引号格式（正则表达式）
///       deadline_working_days: 20                         # 公开时限（工作日）
///       secret_words: 甲项目, 乙工程                        # 自定义敏感词（逗号或顿号分隔）
///       secret_words_file: secret-words.txt               # 或写在内容目录顶层的文件里，一行一个
///
/// A value that cannot be used is reported once (by `CheckSettingsRule`) and its default used instead.
public struct CheckSettings {
    public static let defaultIndexNoPattern = #"^[0-9A-Z]{18}/\d{4}-\d{5}$"#
    public static let defaultDeadlineWorkingDays = 20

    public var indexNoPatternText: String = defaultIndexNoPattern
    public var indexNoPattern: NSRegularExpression
    public var deadlineWorkingDays: Int = defaultDeadlineWorkingDays
    public var secretWords: [String] = []
    /// Problems with the values, located in catalogue.yaml.
    public var problems: [Diagnostic] = []

    public init(_ input: CheckInput) {
        let values = input.model.catalogue.settings
        let locate = CatalogueLines(input)
        let rule = RuleRegistry.info(.catalogueCheckSetting)
        indexNoPattern = try! NSRegularExpression(pattern: Self.defaultIndexNoPattern)

        if let text = values["index_no_pattern"] {
            if let regex = try? NSRegularExpression(pattern: text) {
                indexNoPattern = regex
                indexNoPatternText = text
            } else {
                problems.append(rule.at(locate.line(of: "index_no_pattern"), "index_no_pattern“\(text)”不是有效的正则表达式。",
                                        suggestion: "用单引号括起正则表达式，例如 index_no_pattern: '\(Self.defaultIndexNoPattern)'"))
            }
        }
        if let text = values["deadline_working_days"] {
            if let n = Int(text.trimmingCharacters(in: .whitespaces)), n > 0, n <= 365 {
                deadlineWorkingDays = n
            } else {
                problems.append(rule.at(locate.line(of: "deadline_working_days"), "deadline_working_days“\(text)”应为 1 到 365 之间的整数。",
                                        suggestion: "例如 deadline_working_days: 20（成文后 20 个工作日内公开）"))
            }
        }
        if let text = values["secret_words"] {
            secretWords += Self.words(in: text)
        }
        if let name = values["secret_words_file"] {
            if let file = input.source.dataFiles[name], case .success(let text) = TextDecoding.decode(file.bytes) {
                for line in text.split(separator: "\n") {
                    let word = line.trimmingCharacters(in: .whitespaces)
                    if !word.isEmpty && !word.hasPrefix("#") { secretWords.append(word) }
                }
            } else {
                problems.append(rule.at(locate.line(of: "secret_words_file"), "找不到敏感词文件“\(name)”（或不是 UTF-8 编码）。",
                                        suggestion: "把文件放在内容目录顶层（与 catalogue.yaml 同级），扩展名为 .txt，一行一个词。"))
            }
        }
        var seen: Set<String> = []
        secretWords = secretWords.filter { seen.insert($0).inserted }
    }

    /// `甲, 乙、丙，丁` → the words.
    static func words(in text: String) -> [String] {
        text.split(whereSeparator: { ",，、;；".contains($0) })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }
}

/// Finds the line of a key in catalogue.yaml, for settings whose YAML nodes were not kept.
struct CatalogueLines {
    let file: String
    let lines: [Substring]

    init(_ input: CheckInput) {
        file = input.model.catalogue.location.file
        if let bytes = input.source.catalogue?.bytes, case .success(let text) = TextDecoding.decode(bytes) {
            lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        } else {
            lines = []
        }
    }

    /// The first line whose key is `key` (`  key: …`), or line 1.
    func line(of key: String, after section: String? = nil) -> SourceLocation {
        var inSection = section == nil
        for (i, line) in lines.enumerated() {
            let trimmed = line.drop(while: { $0 == " " })
            if let section, !inSection {
                if trimmed.hasPrefix(section + ":") && trimmed.count == line.count { inSection = true }
                continue
            }
            for form in [key, "\"\(key)\"", "'\(key)'"] where trimmed.hasPrefix(form + ":") || trimmed.hasPrefix("{" + form + ":") {
                return SourceLocation(file: file, line: i + 1, column: line.count - trimmed.count + 1)
            }
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }
}

/// Reports `checks:` values that cannot be used.
public struct CheckSettingsRule: ContentRule {
    public init() {}
    public func check(_ input: CheckInput) -> [Diagnostic] { input.settings.problems }
}

/// Reports rule codes in the catalogue's `rules:` and documents' `waive:` that name no rule: such a
/// setting silently does nothing, which is never what the editor meant.
public struct RuleCodesRule: ContentRule, DocumentRule {
    public init() {}

    public func check(_ input: CheckInput) -> [Diagnostic] { TextScan.check(self, input) }

    /// The catalogue's `rules:` first, then each document's `waive:` (the document alone).
    func scanner(_ input: CheckInput) -> TextScanner {
        var out: [Diagnostic] = []
        let lines = CatalogueLines(input)
        for code in input.model.catalogue.ruleSeverities.keys.sorted() where RuleRegistry[code] == nil {
            out.append(RuleRegistry.info(.catalogueUnknownRule).at(
                lines.line(of: code.rawValue, after: "rules"), "rules: 中的规则代码“\(code)”不存在，此设置不起作用。", suggestion: Self.hint(code.rawValue)))
        }
        return .document(leading: out) { d in
            var out: [Diagnostic] = []
            for w in d.waivers where RuleRegistry[w.code] == nil {
                out.append(RuleRegistry.info(.waiverUnknownRule).at(
                    w.location, "豁免的规则代码“\(w.code)”不存在，此豁免不起作用。", suggestion: Self.hint(w.code.rawValue)))
            }
            return out
        }
    }

    static func hint(_ code: String) -> String {
        let near = Suggestions.nearest(to: code, in: RuleRegistry.all.map(\.code.rawValue))
        return near.isEmpty ? "运行 gongkai check --list-rules 查看全部规则代码。" : "是否应为\(Suggestions.quotedList(near))？"
    }
}
