import Yams

/// `catalogue.yaml` → `Catalogue`, reporting every problem of the file at once.
public enum CatalogueDecoder {
    static let siteKeys = ["title", "base_url", "agency", "agency_code", "page_size", "latest_count"]
    static let categoryKeys = [
        "id", "name", "description", "children", "requires", "interpretation", "interpretation_delay_days",
        "empty_reason", "update_period_days", "retention_years",
    ]
    static let topKeys = ["site", "catalogue", "rules", "checks", "reports"]

    public static func decode(_ file: SourceFile?, contentRoot: String) -> (Catalogue?, [Diagnostic]) {
        guard let file else {
            let path = ContentLoader.display(contentRoot, ContentLoader.catalogueFileName)
            return (nil, [.error(.catalogueMissing, at: SourceLocation(file: path, line: 1), "找不到公开目录文件 catalogue.yaml。",
                                 suggestion: "在内容目录中创建 catalogue.yaml，写明 site（站点信息）和 catalogue（主动公开事项目录）。")])
        }
        let start = SourceLocation(file: file.displayPath, line: 1)
        let root: Node?
        switch YAMLReader.read(file) {
        case .success(let node): root = node
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        let reader = YAMLReader(file: file.displayPath, lineOffset: 0)
        guard let root, case .mapping(let top) = root else {
            return (nil, [.error(.catalogueInvalid, at: start, "catalogue.yaml 应包含 site 和 catalogue 两部分。")])
        }
        var d = State(reader: reader)
        var site: SiteSettings?
        var roots: [CategoryPath] = []
        var rules: [DiagnosticCode: RuleSetting] = [:]
        var settings: [String: String] = [:]
        var sawCatalogue = false
        var reportsNode: Node?
        for (k, v) in top {
            switch YAMLReader.text(k) {
            case "site": site = d.site(v)
            case "catalogue":
                sawCatalogue = true
                roots = d.categories(v, parent: nil, inherited: [])
            case "rules": rules = d.rules(v)
            case "reports": reportsNode = v
            case "checks":
                if case .mapping(let m) = v {
                    for (sk, sv) in m { if let key = YAMLReader.text(sk), let val = YAMLReader.text(sv) { settings[key] = val } }
                } else { d.error(.catalogueInvalid, v, "checks 应为“设置名: 值”。") }
            default:
                d.unknownKey(k, among: topKeys, context: "目录文件顶层")
            }
        }
        if site == nil && !d.diagnostics.contains(where: { $0.code == .catalogueInvalid }) {
            d.diagnostics.append(.error(.catalogueInvalid, at: start, "缺少站点信息 site。",
                                        suggestion: "加入：\nsite:\n  title: 示例市人民政府信息公开\n  base_url: https://www.example.gov.cn/\n  agency: 示例市人民政府办公室"))
        }
        if !sawCatalogue || roots.isEmpty {
            d.diagnostics.append(.error(.catalogueInvalid, at: start, "公开目录 catalogue 为空。", suggestion: "在 catalogue 下列出栏目，每个栏目有 id 和 name。"))
        }
        var reports = ReportSettings.default
        // One 公开时限 for the deadline check and the annual report: `checks.deadline_working_days`
        // (an invalid value is reported by the check settings rule, and the default used).
        let checksDeadline = settings["deadline_working_days"]
            .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.flatMap { (1...365).contains($0) ? $0 : nil }
        reports.deadlineWorkingDays = checksDeadline ?? ReportSettings.defaultDeadline
        if let reportsNode {
            let (decoded, found, deadline) = ReportSettings.decode(reportsNode, reader: reader, categories: d.categories)
            reports = decoded
            d.diagnostics += found
            if let deadline, let checksDeadline, checksDeadline != decoded.deadlineWorkingDays {
                d.error(.catalogueInvalid, deadline,
                        "公开时限设置了两次且不一致：checks 中为 \(checksDeadline) 个工作日，reports 中为 \(decoded.deadlineWorkingDays) 个工作日。",
                        suggestion: "只在 checks: 中写 deadline_working_days（检查和年度报告都按它计算），删去 reports 中的这一行。")
            } else if deadline == nil {
                reports.deadlineWorkingDays = checksDeadline ?? ReportSettings.defaultDeadline
            }
        }
        guard let site, !d.diagnostics.hasErrors else { return (nil, d.diagnostics) }
        let catalogue = Catalogue(
            site: site, roots: roots, ordered: d.ordered, categories: d.categories, ruleSeverities: rules,
            settings: settings, reports: reports, location: start)
        return (catalogue, d.diagnostics)
    }

    private struct State {
        let reader: YAMLReader
        var diagnostics: [Diagnostic] = []
        var ordered: [CategoryPath] = []
        var categories: [CategoryPath: Category] = [:]

        init(reader: YAMLReader) { self.reader = reader }

        mutating func error(_ code: DiagnosticCode, _ node: Node, _ message: String, suggestion: String? = nil) {
            diagnostics.append(.error(code, at: reader.location(of: node), message, suggestion: suggestion))
        }

        mutating func unknownKey(_ k: Node, among keys: [String], context: String) {
            let key = YAMLReader.text(k) ?? ""
            let near = Suggestions.nearest(to: key, in: keys)
            error(.catalogueUnknownKey, k, "\(context)中有未知设置“\(key)”。",
                  suggestion: near.isEmpty ? "可用的设置：\(keys.joined(separator: "、"))。" : "是否应为\(Suggestions.quotedList(near))？")
        }

        mutating func site(_ node: Node) -> SiteSettings? {
            guard case .mapping(let m) = node else {
                error(.catalogueInvalid, node, "site 应为“设置名: 值”。")
                return nil
            }
            var values: [String: String] = [:]
            var nodes: [String: Node] = [:]
            for (k, v) in m {
                guard let key = YAMLReader.text(k), Self.siteKeysSet.contains(key) else {
                    unknownKey(k, among: CatalogueDecoder.siteKeys, context: "site")
                    continue
                }
                values[key] = YAMLReader.text(v)?.trimmingCharacters(in: .whitespaces)
                nodes[key] = v
            }
            var ok = true
            for key in ["title", "base_url", "agency"] where (values[key] ?? "").isEmpty {
                error(.catalogueInvalid, node, "site 缺少 \(key)。", suggestion: "例如：\(key): \(["title": "示例市人民政府信息公开", "base_url": "https://www.example.gov.cn/", "agency": "示例市人民政府办公室"][key]!)")
                ok = false
            }
            var baseURL = values["base_url"] ?? ""
            if ok, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
                error(.catalogueInvalid, nodes["base_url"]!, "base_url“\(baseURL)”应是以 https:// 开头的完整网址。", suggestion: "例如：base_url: https://www.example.gov.cn/")
                ok = false
            }
            if !baseURL.hasSuffix("/") { baseURL += "/" }
            func positive(_ key: String, _ fallback: Int) -> Int {
                guard let s = values[key] else { return fallback }
                guard let n = Int(s), n > 0, n <= 1000 else {
                    error(.catalogueInvalid, nodes[key]!, "\(key) 应为 1 到 1000 之间的整数。")
                    ok = false
                    return fallback
                }
                return n
            }
            let pageSize = positive("page_size", 20)
            let latest = positive("latest_count", 10)
            guard ok else { return nil }
            return SiteSettings(title: values["title"]!, baseURL: baseURL, agency: values["agency"]!,
                                agencyCode: values["agency_code"], pageSize: pageSize, latestCount: latest)
        }

        static let siteKeysSet = Set(CatalogueDecoder.siteKeys)

        mutating func categories(_ node: Node, parent: CategoryPath?, inherited: [Field]) -> [CategoryPath] {
            guard case .sequence(let seq) = node else {
                error(.catalogueInvalid, node, "栏目列表应以“- id: …”逐项书写。")
                return []
            }
            var paths: [CategoryPath] = []
            for item in seq {
                if let p = category(item, parent: parent, inherited: inherited) { paths.append(p) }
            }
            return paths
        }

        mutating func category(_ node: Node, parent: CategoryPath?, inherited: [Field]) -> CategoryPath? {
            guard case .mapping(let m) = node else {
                error(.catalogueInvalid, node, "每个栏目应包含 id 和 name。")
                return nil
            }
            var fields: [String: Node] = [:]
            for (k, v) in m {
                guard let key = YAMLReader.text(k), CatalogueDecoder.categoryKeys.contains(key) else {
                    unknownKey(k, among: CatalogueDecoder.categoryKeys, context: "栏目")
                    continue
                }
                fields[key] = v
            }
            guard let idNode = fields["id"], let id = YAMLReader.text(idNode) else {
                error(.catalogueInvalid, node, "栏目缺少 id。", suggestion: "id 用小写英文字母或拼音首字母，如 gfxwj。")
                return nil
            }
            guard CategoryPath.isValidID(id) else {
                error(.catalogueInvalid, idNode, "栏目 id“\(id)”只能用小写英文字母、数字、“-”和“_”，且以字母开头。", suggestion: "例如用拼音首字母：gfxwj。")
                return nil
            }
            let path = CategoryPath((parent?.components ?? []) + [id])
            if categories[path] != nil {
                error(.catalogueDuplicateID, idNode, "栏目“\(path.dotted)”重复定义。", suggestion: "同一层的栏目 id 不能相同。")
                return nil
            }
            let name = fields["name"].flatMap(YAMLReader.text) ?? ""
            if name.isEmpty {
                error(.catalogueInvalid, node, "栏目“\(path.dotted)”缺少 name（栏目名称）。", suggestion: "例如：name: 行政规范性文件")
            }
            var requires = inherited
            if let r = fields["requires"] {
                let items: [Node]
                if case .sequence(let s) = r { items = Array(s) } else { items = [r] }
                for item in items {
                    guard let s = YAMLReader.text(item), let f = Field(rawValue: s), Field.requirable.contains(f) else {
                        let s = YAMLReader.text(item) ?? ""
                        let near = Suggestions.nearest(to: s, in: Field.requirable.map(\.rawValue))
                        error(.catalogueInvalid, item, "requires 中的“\(s)”不是可要求的字段。",
                              suggestion: near.isEmpty ? "可要求的字段：\(Field.requirable.map(\.rawValue).joined(separator: "、"))。" : "是否应为\(Suggestions.quotedList(near))？")
                        continue
                    }
                    if !requires.contains(f) { requires.append(f) }
                }
            }
            var policy = InterpretationPolicy.none
            if let n = fields["interpretation"] {
                if let s = YAMLReader.text(n), let p = InterpretationPolicy(rawValue: s) { policy = p } else {
                    error(.catalogueInvalid, n, "interpretation 只能是 required、recommended 或 none。")
                }
            }
            func count(_ key: String) -> Int? {
                guard let n = fields[key] else { return nil }
                guard let s = YAMLReader.text(n), let v = Int(s), v >= 0 else {
                    error(.catalogueInvalid, n, "\(key) 应为非负整数。")
                    return nil
                }
                return v
            }
            let index = ordered.count
            ordered.append(path)
            var category = Category(
                path: path, name: name, description: fields["description"].flatMap(YAMLReader.text),
                requires: requires, interpretation: policy,
                interpretationDelayDays: count("interpretation_delay_days") ?? 0,
                emptyReason: fields["empty_reason"].flatMap(YAMLReader.text),
                updatePeriodDays: count("update_period_days"), retentionYears: count("retention_years"),
                children: [], location: reader.location(of: idNode))
            categories[path] = category
            if let c = fields["children"] {
                category.children = categories(c, parent: path, inherited: requires)
                categories[path] = category
            }
            _ = index
            return name.isEmpty ? nil : path
        }

        mutating func rules(_ node: Node) -> [DiagnosticCode: RuleSetting] {
            guard case .mapping(let m) = node else {
                error(.catalogueInvalid, node, "rules 应写成“规则代码: error | warning | off”。")
                return [:]
            }
            var out: [DiagnosticCode: RuleSetting] = [:]
            for (k, v) in m {
                guard let code = YAMLReader.text(k) else { continue }
                switch YAMLReader.text(v) {
                case "error": out[DiagnosticCode(rawValue: code)] = .severity(.error)
                case "warning": out[DiagnosticCode(rawValue: code)] = .severity(.warning)
                case "off": out[DiagnosticCode(rawValue: code)] = .off
                default: error(.catalogueInvalid, v, "规则“\(code)”的级别只能是 error、warning 或 off。")
                }
            }
            return out
        }
    }
}
