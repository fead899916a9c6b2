import Yams

/// Reads YAML into Yams nodes and answers questions about them with file locations attached.
/// Scalars are always read as the text the editor typed: YAML 1.1 would turn `2025-06-05` into an
/// instant and `no` into a boolean, which is never what a disclosure catalogue means.
struct YAMLReader {
    let file: String
    /// Added to Yams' 1-based line numbers to get file lines.
    let lineOffset: Int

    /// Reads a whole YAML file (catalogue, annual data …): UTF-8 text, then its root node. On an
    /// encoding or syntax error returns the diagnostic.
    static func read(_ file: SourceFile) -> Result<Node?, Diagnostic> {
        let text: String
        switch TextDecoding.decode(file.bytes) {
        case .success(let t): text = t
        case .failure(let bad):
            return .failure(.error(.invalidUTF8, at: SourceLocation(file: file.displayPath, line: bad.line, column: bad.column),
                                   "文件不是 UTF-8 编码。", suggestion: "以 UTF-8 编码另存此文件。"))
        }
        let (root, syntax) = YAMLReader(file: file.displayPath, lineOffset: 0).compose(text)
        if let syntax { return .failure(syntax) }
        return .success(root)
    }

    /// Composes `text`; on a syntax error returns nil and a diagnostic in Chinese.
    func compose(_ text: String) -> (Node?, Diagnostic?) {
        do {
            // The basic resolver: scalars are read as typed text anyway, so YAML 1.1's implicit
            // typing (regular expressions on every scalar) is wasted work; UTF-8 stated, not looked up.
            return (try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8).singleRoot(), nil)
        } catch let error as YamlError {
            return (nil, diagnostic(for: error))
        } catch {
            return (nil, .error(.yamlSyntax, at: location(line: 1, column: 1), "YAML 无法解析：\(error)"))
        }
    }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return location(line: 1, column: 1) }
        return location(line: mark.line, column: mark.column)
    }

    func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line + lineOffset, column: column)
    }

    /// The text of a scalar, nil for an empty/null value or a non-scalar.
    static func text(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return nil }
        return scalar.string
    }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            let (message, suggestion) = Self.explain(problem)
            return .error(.yamlSyntax, at: location(line: mark.line, column: mark.column), message, suggestion: suggestion)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(
                .duplicateKey, at: location(line: context.mark.line, column: context.mark.column),
                "字段\(Suggestions.quotedList(duplicates))重复出现。", suggestion: "每个字段只写一次，删除多余的一行。")
        case .reader(let problem, _, _, _):
            return .error(.yamlSyntax, at: location(line: 1, column: 1), "YAML 无法读取：\(problem)")
        default:
            return .error(.yamlSyntax, at: location(line: 1, column: 1), "YAML 无法解析：\(error)")
        }
    }

    /// libyaml's English problem, said in Chinese with the usual cause.
    static func explain(_ problem: String) -> (String, String) {
        let known: [(String, String, String)] = [
            ("mapping values are not allowed", "YAML 格式错误：此处不能出现“键: 值”。",
             "值里含有英文冒号加空格（“: ”）时，请用英文引号把整个值括起来，例如 title: \"……：……\"。"),
            ("could not find expected ':'", "YAML 格式错误：缺少英文冒号“:”。",
             "每个字段写成“字段名: 值”，冒号用英文半角“:”，冒号后加一个空格。"),
            ("found character that cannot start any token", "YAML 格式错误：出现了不能作为开头的字符。",
             "缩进只能用空格，不能用 Tab；以“@”“`”“%”开头的值请加引号。"),
            ("did not find expected key", "YAML 格式错误：缩进不一致。",
             "同一层的字段要对齐，列表项以“- ”开头并对齐。"),
            ("did not find expected ',' or ']'", "YAML 格式错误：方括号列表没有正确结束。",
             "列表写成 [甲, 乙]，逗号用英文半角“,”，以“]”结束。"),
            ("did not find expected ',' or '}'", "YAML 格式错误：花括号没有正确结束。",
             "写成 {title: 标题, file: 路径}，逗号用英文半角“,”，以“}”结束。"),
            ("found unexpected end of stream", "YAML 格式错误：引号没有闭合。", "检查引号是否成对出现。"),
            ("found undefined tag handle", "YAML 格式错误：值不能以“!”开头。", "请用英文引号把值括起来。"),
            ("found undefined alias", "YAML 格式错误：值不能以“*”开头。", "请用英文引号把值括起来。"),
            ("block sequence entries are not allowed", "YAML 格式错误：此处不能开始列表。",
             "列表项“- ”应写在字段下一行并缩进。"),
        ]
        for (needle, message, suggestion) in known where problem.contains(needle) {
            return (message, suggestion)
        }
        return ("YAML 格式错误：\(problem)。", "检查这一行及上一行的缩进、冒号和引号。")
    }
}
