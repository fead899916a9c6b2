import Foundation

/// The kind of document `gongkai new` writes.
public enum ScaffoldKind: String, Sendable, CaseIterable {
    /// An ordinary document (policy, notice, report …).
    case document
    /// A 政策解读 of another document (`interprets:`, `form:`, `stage:`).
    case interpretation
}

/// What the editor asked for with `gongkai new`.
public struct ScaffoldRequest: Sendable {
    public var category: String
    public var title: String?
    public var kind: ScaffoldKind
    /// 索引号 of the document an interpretation interprets.
    public var interprets: String?
    /// 发文机关; defaults to the site's agency.
    public var issuer: String?
    public var today: CalendarDate
    /// Where to write, relative to the working folder; defaults to `<content>/<category folders>/<year-serial>.md`.
    public var file: String?

    public init(category: String, title: String? = nil, kind: ScaffoldKind = .document, interprets: String? = nil,
                issuer: String? = nil, today: CalendarDate, file: String? = nil) {
        self.category = category
        self.title = title
        self.kind = interprets != nil ? .interpretation : kind
        self.interprets = interprets
        self.issuer = issuer
        self.today = today
        self.file = file
    }
}

/// A new file, ready to be written.
public struct ScaffoldPlan: Sendable, Equatable {
    /// The path to write, as the editor named the content folder (`content/zcwj/gfxwj/2025-00039.md`).
    public var path: String
    public var indexNo: IndexNumber
    public var text: String
}

/// Why `gongkai new` refused (exit code 2). Messages are for editors, in Chinese.
public enum ScaffoldError: Error, Equatable, CustomStringConvertible {
    case catalogueUnusable([Diagnostic])
    case unknownCategory(String, suggestions: [String])
    case notLeaf(String, children: [String])
    case noAgencyCode
    case interpretsMissing
    case interpretsUnknown(String, suggestions: [String])
    case invalidTitle(String)
    case invalidFile(String, reason: String)
    case fileExists(String)
    case writeFailed(String, reason: String)

    public var description: String {
        switch self {
        case .catalogueUnusable(let ds):
            return "公开目录 catalogue.yaml 有错误，无法确定栏目：\n"
                + ds.map { "  \($0.location): \($0.message)" }.joined(separator: "\n")
                + "\n请先修正 catalogue.yaml（可运行 gongkai check 查看详情）。"
        case .unknownCategory(let c, let near):
            return "栏目“\(c)”不在公开目录中。" + (near.isEmpty ? "栏目用目录中的路径表示，如 zcwj.gfxwj；现有栏目见 catalogue.yaml。" : "是否应为\(Suggestions.quotedList(near))？")
        case .notLeaf(let c, let children):
            return "栏目“\(c)”下还有子栏目，文件应放在具体的子栏目中：\(children.joined(separator: "、"))。"
        case .noAgencyCode:
            return "无法确定索引号中的机构代码：catalogue.yaml 的 site 中没有 agency_code，也没有该发文机关已有的文件可供参照。"
                + "请在 site 下加入一行 agency_code: \"11999900MB0000001X\"（本机关的统一社会信用代码）。"
        case .interpretsMissing:
            return "新建政策解读时要用 --interprets 写明被解读文件的索引号，例如 --interprets 11999900MB0000001X/2025-00012。"
        case .interpretsUnknown(let i, let near):
            return "找不到索引号为“\(i)”的文件，无法为它新建解读。" + (near.isEmpty ? "请核对索引号（见该文件的 index_no）。" : "是否应为\(Suggestions.quotedList(near))？")
        case .invalidTitle(let why):
            return "标题不能使用：\(why)"
        case .invalidFile(let f, let reason):
            return "不能写入“\(f)”：\(reason)"
        case .fileExists(let f):
            return "文件“\(f)”已经存在，gongkai new 不会覆盖已有文件。请用 --file 指定另一个文件名，或先处理已有文件。"
        case .writeFailed(let f, let reason):
            return "无法写入“\(f)”：\(reason)"
        }
    }
}

/// `gongkai new`: a new Markdown file whose front matter is filled in as far as it can be. Every field
/// the category requires is there with a Chinese comment; what only the editor can know (发文字号,
/// 成文日期 …) is left empty, so `gongkai check` reports it as missing until it is filled in.
public enum Scaffold {
    /// The marker left in the body; `scaffold.unfilled` reports it until the editor writes the text.
    public static let bodyPlaceholder = "【待填写】"

    public static func plan(_ request: ScaffoldRequest, contentFolder: String) throws -> ScaffoldPlan {
        let source = try ContentLoader.load(from: contentFolder)
        return try plan(request, source: source)
    }

    public static func plan(_ request: ScaffoldRequest, source: ContentSource) throws(ScaffoldError) -> ScaffoldPlan {
        let (decoded, catalogueDiagnostics) = CatalogueDecoder.decode(source.catalogue, contentRoot: source.root)
        guard let catalogue = decoded else { throw .catalogueUnusable(catalogueDiagnostics.filter { $0.severity == .error }) }

        // Category: must exist and be a leaf.
        let wanted = request.category.trimmingCharacters(in: .whitespaces)
        guard let path = CategoryPath(dotted: wanted) ?? catalogue.ordered.first(where: { catalogue[$0]!.name == wanted }),
            let category = catalogue[path]
        else {
            var near = Suggestions.nearest(to: wanted, in: catalogue.leaves.map(\.dotted))
            if near.isEmpty { near = catalogue.leaves.filter { catalogue[$0]!.name.contains(wanted) }.map(\.dotted) }
            throw .unknownCategory(wanted, suggestions: near)
        }
        guard category.isLeaf else {
            throw .notLeaf(path.dotted, children: category.children.map { "\($0.dotted)（\(catalogue[$0]!.name)）" })
        }

        let existing = ContentScanner.scan(source)

        // Interpreted document.
        var interpreted: ScannedDocument?
        if request.kind == .interpretation {
            guard let target = request.interprets?.trimmingCharacters(in: .whitespaces), !target.isEmpty else { throw .interpretsMissing }
            guard let found = existing.first(where: { $0.indexNo == target }) else {
                throw .interpretsUnknown(target, suggestions: Suggestions.nearest(to: target, in: existing.compactMap(\.indexNo).sorted()))
            }
            interpreted = found
        }

        // Issuer and agency code.
        let issuer = request.issuer?.trimmingCharacters(in: .whitespaces).nonEmpty ?? catalogue.site.agency
        let agencyCode: String
        if request.issuer != nil, let code = IndexNumbering.agencyCode(ofIssuer: issuer, in: existing) {
            agencyCode = code
        } else if let code = catalogue.site.agencyCode?.nonEmpty {
            agencyCode = code
        } else if let code = IndexNumbering.agencyCode(ofIssuer: issuer, in: existing) {
            agencyCode = code
        } else {
            throw .noAgencyCode
        }
        let number = IndexNumbering.next(agencyCode: agencyCode, year: request.today.year, existing: existing.compactMap(\.indexNo))

        // Title.
        var title = request.title?.trimmingCharacters(in: .whitespacesAndNewlines)
        if title?.isEmpty == true { title = nil }
        if let t = title, t.contains("\n") { throw .invalidTitle("标题应为一行文字，不能换行。") }
        if title == nil, let interpreted, let policyTitle = interpreted.title {
            title = interpretationTitle(for: policyTitle)
        }

        // File path.
        let display: String
        if let file = request.file {
            display = try checkedFile(file, contentRoot: source.root)
        } else {
            display = ContentLoader.display(source.root, path.components.joined(separator: "/") + "/" + number.yearAndSerial + ".md")
        }

        let text = render(
            title: title, indexNo: number.indexNo, category: path, categoryName: catalogue.names(along: path).joined(separator: " › "),
            requires: category.requires, issuer: issuer, today: request.today, kind: request.kind,
            interprets: interpreted?.indexNo, interpretedTitle: interpreted?.title, formHint: defaultForm(for: path, catalogue: catalogue))
        return ScaffoldPlan(path: display, indexNo: number.indexNo, text: text)
    }

    /// Writes the file, creating folders; never replaces an existing file (even one created meanwhile).
    public static func write(_ plan: ScaffoldPlan) throws(ScaffoldError) {
        let url = URL(fileURLWithPath: plan.path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(plan.path, reason: error.localizedDescription)
        }
        let fd = open(plan.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if fd < 0 {
            if errno == EEXIST { throw .fileExists(plan.path) }
            throw .writeFailed(plan.path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let bytes = Array(plan.text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { throw .writeFailed(plan.path, reason: String(cString: strerror(errno))) }
            written += n
        }
    }

    /// `…关于印发《示例市X办法》的通知` → `《示例市X办法》解读`.
    static func interpretationTitle(for policyTitle: String) -> String {
        if let open = policyTitle.firstIndex(of: "《"), let close = policyTitle[open...].firstIndex(of: "》") {
            return String(policyTitle[open...close]) + "解读"
        }
        return "《\(policyTitle)》解读"
    }

    /// The 解读形式 a category suggests by its name (图解, 新闻发布会 …), else 文字解读.
    static func defaultForm(for path: CategoryPath, catalogue: Catalogue) -> InterpretationForm {
        let name = catalogue[path]?.name ?? ""
        if name.contains("图解") { return .graphic }
        if name.contains("发布会") { return .pressConference }
        if name.contains("视频") { return .video }
        if name.contains("问答") { return .questions }
        if name.contains("专家") { return .expert }
        return .text
    }

    static func checkedFile(_ file: String, contentRoot: String) throws(ScaffoldError) -> String {
        guard file.hasSuffix(".md") else { throw .invalidFile(file, reason: "文件名应以 .md 结尾。") }
        let root = URL(fileURLWithPath: contentRoot).standardizedFileURL.path
        let target = URL(fileURLWithPath: file).standardizedFileURL.path
        guard target.hasPrefix(root + "/") else {
            throw .invalidFile(file, reason: "文件应位于内容目录“\(contentRoot)”之内，否则不会被构建。")
        }
        let relative = String(target.dropFirst(root.count + 1))
        if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            throw .invalidFile(file, reason: "以“.”开头的文件和目录会被忽略。")
        }
        return file
    }

    // MARK: - The text

    static func render(
        title: String?, indexNo: IndexNumber, category: CategoryPath, categoryName: String, requires: [Field],
        issuer: String, today: CalendarDate, kind: ScaffoldKind, interprets: String?, interpretedTitle: String?,
        formHint: InterpretationForm
    ) -> String {
        var lines: [String] = ["---"]
        func line(_ field: Field, _ value: String?, _ comment: String) {
            let head = value.map { "\(field.rawValue): \($0)" } ?? "\(field.rawValue):"
            lines.append(head + "   # " + comment)
        }
        func optional(_ field: Field, _ comment: String) {
            lines.append("# \(field.rawValue): \(field.example)   # " + comment)
        }
        let required = Set(requires)
        func need(_ f: Field) -> String { required.contains(f) ? "本栏目必填" : "选填" }

        line(.title, title.map(YAMLText.scalar), "标题（必填）：与正式发文的标题一致")
        line(.indexNo, YAMLText.scalar(indexNo.rawValue), "索引号（必填）：已按本机关本年度顺序自动编号，勿与其他文件重复")
        line(.category, category.dotted, "所属栏目（必填）：\(categoryName)")
        line(.issuer, YAMLText.scalar(issuer), "发文机关（\(need(.issuer))）：已填本机关，以其他机关名义发文时请修改")
        if kind == .document || required.contains(.docNo) {
            if required.contains(.docNo) {
                line(.docNo, nil, "发文字号（本栏目必填）：如 示政办发〔2025〕2号，注意用六角括号〔〕")
            } else {
                optional(.docNo, "发文字号（选填）：有文号时去掉行首的“# ”并改为本文的文号")
            }
        }
        if required.contains(.written) {
            line(.written, nil, "成文日期（本栏目必填）：落款日期，写成 年-月-日，如 \(today.iso)")
        } else if kind == .document {
            optional(.written, "成文日期（选填）：落款日期，写成 年-月-日")
        }
        line(.published, today.iso, "发布日期（必填）：已填今天，发布日不同时请修改")
        for f in [Field.effective, .expires] {
            let what = f == .effective ? "施行日期" : "有效期至"
            if required.contains(f) {
                line(f, nil, "\(what)（本栏目必填）：写成 年-月-日")
            } else if kind == .document {
                optional(f, "\(what)（选填）：去掉行首的“# ”后填写")
            }
        }
        if required.contains(.topics) {
            line(.topics, "[]", "主题分类（本栏目必填）：如 [政务公开, 营商环境]，至少写一个")
        } else {
            optional(.topics, "主题分类（选填）：去掉行首的“# ”后填写")
        }
        if kind == .interpretation {
            let target = interprets.map { YAMLText.scalar($0) } ?? ""
            let about = interpretedTitle.map { "：\($0)" } ?? ""
            line(.interprets, "[\(target)]", "解读对象（必填）：被解读文件的索引号\(about)")
            line(.form, formHint.rawValue, "解读形式：\(InterpretationForm.allCases.map(\.rawValue).joined(separator: " | "))")
            line(.stage, InterpretationStage.release.rawValue, "解读阶段：\(InterpretationStage.allCases.map(\.rawValue).joined(separator: " | "))")
        } else {
            for f in [Field.form, .stage] where required.contains(f) {
                line(f, nil, "\(f.chineseName)（本栏目必填）：如 \(f.example)")
            }
        }
        lines.append("---")
        lines.append("\(bodyPlaceholder)在此处写正文（Markdown 格式），写好后删除本行。")
        lines.append("")
        return lines.joined(separator: "\n")
    }
}

/// Writing a YAML scalar so that it reads back as exactly the same text.
enum YAMLText {
    /// The text plain when YAML reads it back unchanged, else double-quoted with escapes.
    static func scalar(_ s: String) -> String {
        if isPlainSafe(s) { return s }
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\x%02X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    static func isPlainSafe(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, let last = s.unicodeScalars.last else { return false }
        if first == " " || last == " " { return false }
        if "-?:,[]{}#&*!|>'\"%@`~".unicodeScalars.contains(first) { return false }
        if s.contains(": ") || s.contains(" #") || s.hasSuffix(":") { return false }
        if s.unicodeScalars.contains(where: { $0.value < 0x20 || "[]{},".unicodeScalars.contains($0) }) { return false }
        let lower = s.lowercased()
        if ["null", "true", "false", "yes", "no", "on", "off", "y", "n"].contains(lower) { return false }
        return true
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
