import Yams

/// Front matter → a typed `Document`, reporting every problem of the file at once.
public struct DocumentDecoder {
    public let catalogue: Catalogue?
    /// Every file of the content folder (relative paths), to check attachments.
    public let contentFiles: Set<String>

    public init(catalogue: Catalogue?, contentFiles: Set<String>) {
        self.catalogue = catalogue
        self.contentFiles = contentFiles
    }

    public func decode(_ file: SourceFile) -> (Document?, [Diagnostic]) {
        let start = SourceLocation(file: file.displayPath, line: 1, column: 1)
        let text: String
        switch TextDecoding.decode(file.bytes) {
        case .success(let t): text = t
        case .failure(let bad):
            return (nil, [.error(.invalidUTF8, at: SourceLocation(file: file.displayPath, line: bad.line, column: bad.column),
                                 "文件不是 UTF-8 编码（此处的字节无法识别）。",
                                 suggestion: "用编辑器以“UTF-8”编码另存此文件（WPS/记事本：另存为 → 编码选 UTF-8）。")])
        }
        let frontMatter: FrontMatter
        switch FrontMatter.split(text) {
        case .success(let fm): frontMatter = fm
        case .failure(.missing):
            return (nil, [.error(.missingFrontMatter, at: start, "文件开头缺少文件头（以“---”开始和结束的元数据）。",
                                 suggestion: "在文件第一行写“---”，接着写 title、index_no、category、published 等字段，再以一行“---”结束。")])
        case .failure(.unterminated):
            return (nil, [.error(.unterminatedFrontMatter, at: start, "文件头没有结束：找不到第二个“---”。",
                                 suggestion: "在最后一个字段之后、正文之前加一行“---”。")])
        }
        let reader = YAMLReader(file: file.displayPath, lineOffset: frontMatter.yamlFirstLine - 1)
        let (root, syntaxError) = reader.compose(frontMatter.yaml)
        if let syntaxError { return (nil, [syntaxError]) }
        guard let root, case .mapping(let mapping) = root else {
            return (nil, [.error(.notAMapping, at: SourceLocation(file: file.displayPath, line: 2, column: 1),
                                 "文件头应由“字段名: 值”组成。", suggestion: "例如：title: 示例市人民政府关于……的通知")])
        }
        var state = DecodingState(file: file, reader: reader, decoder: self, bodyLine: frontMatter.bodyFirstLine)
        state.read(mapping)
        return state.finish(body: frontMatter.body)
    }
}

/// The work of decoding one file: values read so far and what was wrong.
private struct DecodingState {
    let file: SourceFile
    let reader: YAMLReader
    let decoder: DocumentDecoder
    let bodyLine: Int
    var diagnostics: [Diagnostic] = []
    var locations: [Field: SourceLocation] = [:]
    var present: Set<Field> = []

    var title: String?
    var indexNo: IndexNumber?
    var category: CategoryPath?
    var issuer: String?
    var docNo: DocumentNumber?
    var dates: [Field: CalendarDate] = [:]
    var status: DeclaredStatus?
    var topics: [String] = []
    var revises: IndexNumber?
    var repealedBy: IndexNumber?
    var interprets: [IndexNumber] = []
    var form: InterpretationForm?
    var stage: InterpretationStage?
    var attachments: [Attachment] = []
    var waivers: [Waiver] = []
    var invalid = false

    init(file: SourceFile, reader: YAMLReader, decoder: DocumentDecoder, bodyLine: Int) {
        self.file = file
        self.reader = reader
        self.decoder = decoder
        self.bodyLine = bodyLine
    }

    mutating func error(_ code: DiagnosticCode, _ node: Node, _ message: String, suggestion: String? = nil) {
        diagnostics.append(.error(code, at: reader.location(of: node), message, suggestion: suggestion))
        invalid = true
    }

    mutating func read(_ mapping: Node.Mapping) {
        for (keyNode, value) in mapping {
            guard let key = YAMLReader.text(keyNode) else {
                error(.unknownField, keyNode, "字段名不能为空。")
                continue
            }
            guard let field = Field(rawValue: key) else {
                let candidates = Field.allCases.map(\.rawValue)
                var near = Suggestions.nearest(to: key, in: candidates)
                if let byName = Field.allCases.first(where: { $0.chineseName == key }) { near = [byName.rawValue] }
                let hint = key.contains("：") ? "字段名与值之间要用英文冒号加空格（“: ”），不能用中文冒号“：”。"
                    : near.isEmpty ? "可用的字段有：\(Field.allCases.map(\.rawValue).joined(separator: "、"))。"
                    : "是否应为\(Suggestions.quotedList(near))？"
                diagnostics.append(.error(.unknownField, at: reader.location(of: keyNode), "未知字段“\(key)”。", suggestion: hint))
                invalid = true
                continue
            }
            locations[field] = reader.location(of: keyNode)
            if YAMLReader.isNull(value) { continue }
            present.insert(field)
            read(field, value)
        }
    }

    mutating func read(_ field: Field, _ node: Node) {
        switch field {
        case .title: title = string(field, node)
        case .indexNo: indexNo = indexNumber(field, node)
        case .category: category = categoryPath(node)
        case .issuer: issuer = string(field, node)
        case .docNo: docNo = string(field, node).map(DocumentNumber.init(rawValue:))
        case .written, .published, .effective, .expires:
            if let d = date(field, node) { dates[field] = d }
        case .status:
            guard let s = string(field, node) else { return }
            if let v = DeclaredStatus(rawValue: s) ?? DeclaredStatus.allCases.first(where: { Validity($0).chineseName == s }) {
                status = v
            } else {
                error(.invalidValue, node, "有效性“\(s)”无法识别。",
                      suggestion: "可选值：active（现行有效）、amended（已修订）、repealed（已废止）、expired（已失效）。")
            }
        case .topics: topics = list(field, node)
        case .revises: revises = indexNumber(field, node)
        case .repealedBy: repealedBy = indexNumber(field, node)
        case .interprets:
            interprets = list(field, node).compactMap { s in
                guard IndexNumber.isPathSafe(s) else {
                    error(.invalidIndexNumber, node, "解读对象“\(s)”不是有效的索引号。", suggestion: "写被解读文件的索引号，例如 \(Field.indexNo.example)。")
                    return nil
                }
                return IndexNumber(rawValue: s)
            }
        case .form:
            guard let s = string(field, node) else { return }
            if let v = InterpretationForm(rawValue: s) { form = v } else {
                error(.invalidValue, node, "解读形式“\(s)”无法识别。",
                      suggestion: "可选值：\(InterpretationForm.allCases.map(\.rawValue).joined(separator: "、"))。")
            }
        case .stage:
            guard let s = string(field, node) else { return }
            if let v = InterpretationStage(rawValue: s) { stage = v } else {
                error(.invalidValue, node, "解读阶段“\(s)”无法识别。",
                      suggestion: "可选值：\(InterpretationStage.allCases.map(\.rawValue).joined(separator: "、"))。")
            }
        case .attachments: readAttachments(node)
        case .waive: readWaivers(node)
        }
    }

    mutating func string(_ field: Field, _ node: Node) -> String? {
        guard let s = YAMLReader.text(node) else {
            error(.invalidValue, node, "\(field.chineseName)（\(field.rawValue)）应为一段文字。", suggestion: "例如：\(field.rawValue): \(field.example)")
            return nil
        }
        let trimmed = s.trimmingSpaces()
        if trimmed.isEmpty { return nil }
        return trimmed
    }

    mutating func list(_ field: Field, _ node: Node) -> [String] {
        switch node {
        case .sequence(let seq):
            var out: [String] = []
            for item in seq {
                if let s = YAMLReader.text(item)?.trimmingSpaces(), !s.isEmpty { out.append(s) }
                else { error(.invalidValue, item, "\(field.chineseName)（\(field.rawValue)）的每一项应为一段文字。", suggestion: "例如：\(field.rawValue): \(field.example)") }
            }
            return out
        case .scalar:
            return string(field, node).map { [$0] } ?? []
        default:
            error(.invalidValue, node, "\(field.chineseName)（\(field.rawValue)）应为列表。", suggestion: "例如：\(field.rawValue): \(field.example)")
            return []
        }
    }

    mutating func date(_ field: Field, _ node: Node) -> CalendarDate? {
        guard let s = string(field, node) else { return nil }
        if let d = CalendarDate(iso: s) { return d }
        if let d = CalendarDate.lenient(s) {
            error(.invalidDate, node, "\(field.chineseName)“\(s)”格式不对。", suggestion: "日期写成“年-月-日”，月和日用两位数字：\(field.rawValue): \(d.iso)")
        } else {
            error(.invalidDate, node, "\(field.chineseName)“\(s)”不是有效的日期。", suggestion: "日期写成“年-月-日”，例如 \(field.rawValue): \(field.example)；检查月份和日期是否存在。")
        }
        return nil
    }

    mutating func indexNumber(_ field: Field, _ node: Node) -> IndexNumber? {
        guard let s = string(field, node) else { return nil }
        guard IndexNumber.isPathSafe(s) else {
            error(.invalidIndexNumber, node, "\(field.chineseName)“\(s)”含有不允许的字符。",
                  suggestion: "索引号只能由英文字母、数字、“-”“_”“.”和分隔用的“/”组成，例如 \(Field.indexNo.example)。")
            return nil
        }
        return IndexNumber(rawValue: s)
    }

    mutating func categoryPath(_ node: Node) -> CategoryPath? {
        guard let s = string(.category, node) else { return nil }
        guard let catalogue = decoder.catalogue else { return CategoryPath(dotted: s) }
        if let path = CategoryPath(dotted: s), catalogue[path] != nil { return path }
        let all = catalogue.ordered
        var near: [String] = all.filter { catalogue[$0]!.name == s }.map(\.dotted)
        if near.isEmpty {
            near = Suggestions.nearest(to: s, in: all.map(\.dotted))
        }
        if near.isEmpty, let last = s.split(separator: ".").last {
            near = all.filter { $0.components.last == String(last) }.map(\.dotted)
        }
        let suggestion = near.isEmpty
            ? "栏目用目录中的路径表示，如“zcwj.gfxwj”；现有栏目见 catalogue.yaml。"
            : "是否应为\(near.map { "“\($0)”（\(catalogue.names(along: CategoryPath(dotted: $0)!).joined(separator: " › "))）" }.joined(separator: "、"))？"
        error(.unknownCategory, node, "栏目“\(s)”不在公开目录中。", suggestion: suggestion)
        return nil
    }

    mutating func readAttachments(_ node: Node) {
        guard case .sequence(let seq) = node else {
            error(.invalidValue, node, "附件（attachments）应为列表。", suggestion: "例如：\n  - {title: 附件1 申报表, file: files/申报表.docx}")
            return
        }
        let folder = ContentPaths.folder(of: file.contentPath)
        for item in seq {
            guard case .mapping(let m) = item else {
                error(.invalidValue, item, "每个附件应写成 {title: 名称, file: 路径}。", suggestion: "例如：- {title: 附件1 申报表, file: files/申报表.docx}")
                continue
            }
            var title: String?
            var path: String?
            var pathNode = item
            for (k, v) in m {
                switch YAMLReader.text(k) {
                case "title": title = YAMLReader.text(v)
                case "file": path = YAMLReader.text(v); pathNode = v
                default:
                    error(.unknownField, k, "附件中有未知字段“\(YAMLReader.text(k) ?? "")”。", suggestion: "附件只有 title 和 file 两个字段。")
                }
            }
            guard let title, let path else {
                error(.missingField, item, "附件缺少\(title == nil ? "名称（title）" : "文件路径（file）")。", suggestion: "例如：- {title: 附件1 申报表, file: files/申报表.docx}")
                continue
            }
            guard let resolved = ContentPaths.resolve(path, from: folder) else {
                error(.attachmentOutsideContent, pathNode, "附件路径“\(path)”超出了内容目录。",
                      suggestion: "把附件放在内容目录内（如本文件旁的 files/ 目录），路径相对于本文件书写。")
                continue
            }
            guard decoder.contentFiles.contains(resolved) else {
                error(.attachmentMissing, pathNode, "找不到附件文件“\(path)”（应位于 \(resolved)）。",
                      suggestion: "确认文件已提交到仓库，且文件名、大小写与此处一致。")
                continue
            }
            let name = String(resolved.split(separator: "/").last!)
            if attachments.contains(where: { $0.fileName == name }) {
                error(.attachmentDuplicateName, pathNode, "本文件有两个附件同名“\(name)”。", suggestion: "给附件文件改用不同的文件名。")
                continue
            }
            attachments.append(Attachment(title: title, contentPath: resolved, fileName: name, location: reader.location(of: item)))
        }
    }

    mutating func readWaivers(_ node: Node) {
        guard case .mapping(let m) = node else {
            error(.invalidValue, node, "豁免规则（waive）应写成“规则代码: 理由”。", suggestion: "例如：waive: {pii.phone: 12345热线为公开服务号码}")
            return
        }
        for (k, v) in m {
            guard let code = YAMLReader.text(k) else { continue }
            let reason = YAMLReader.text(v)?.trimmingCharacters(in: .whitespaces) ?? ""
            if reason.isEmpty {
                diagnostics.append(.error("meta.waiver-without-reason", at: reader.location(of: k),
                                          "豁免规则“\(code)”没有写明理由。", suggestion: "写成“\(code): 理由”，说明为何此文件可以不受该规则约束。"))
                invalid = true
                continue
            }
            waivers.append(Waiver(code: DiagnosticCode(rawValue: code), reason: reason, location: reader.location(of: k)))
        }
    }

    mutating func finish(body: String) -> (Document?, [Diagnostic]) {
        let start = SourceLocation(file: file.displayPath, line: 1, column: 1)
        var required = Field.alwaysRequired
        if let category, let c = decoder.catalogue?[category] {
            required += c.requires.filter { !required.contains($0) }
        }
        for field in required where !present.contains(field) {
            let at = locations[field] ?? start
            let inCategory = Field.alwaysRequired.contains(field) ? "" : "（栏目“\(decoder.catalogue?[category!]?.name ?? "")”要求）"
            diagnostics.append(.error(.missingField, at: at, "缺少必填字段“\(field.rawValue)”（\(field.chineseName)）\(inCategory)。",
                                      suggestion: "在文件头中加入一行：\(field.rawValue): \(field.example)"))
            invalid = true
        }
        guard !invalid, let title, let indexNo, let category, let published = dates[.published] else {
            return (nil, diagnostics)
        }
        var fieldLocations = FieldLocations()
        for (field, at) in locations { fieldLocations[field] = (at.line, at.column) }
        let document = Document(
            contentPath: file.contentPath, displayPath: file.displayPath,
            title: title, indexNo: indexNo, category: category, issuer: issuer, docNo: docNo,
            written: dates[.written], published: published, effective: dates[.effective], expires: dates[.expires],
            declaredStatus: status, topics: topics, revises: revises, repealedBy: repealedBy,
            interprets: interprets, form: form, stage: stage, attachments: attachments, waivers: waivers,
            body: body, bodyLine: bodyLine, fieldLocations: fieldLocations)
        return (document, diagnostics)
    }
}
