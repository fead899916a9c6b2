import Yams

/// The numbers and texts of one year's annual report that cannot be derived from the content,
/// read from `content/annual/<year>.yaml` (format: docs/年度报告数据格式.md).
public struct AnnualData: Sendable {
    public var year: Int
    public var file: String
    public var template: any AnnualReportTemplate
    /// Text parts by key (`overview`), trimmed.
    public var texts: [String: String]
    /// Numbers by row path (`applications.results.withheld`): one value per column; amounts in
    /// ten-thousandths.
    public var values: [String: [Int]]
    /// Where each value was written, per row path, one location per column.
    public var locations: [String: [SourceLocation]]
}

/// Reads annual data files against their template and checks the template's consistency rules.
public enum AnnualDataDecoder {
    public static let folder = "annual"

    /// Every `annual/*.yaml` of the content, with every problem found.
    public static func decodeAll(_ files: [SourceFile]) -> ([AnnualData], [Diagnostic]) {
        var out: [AnnualData] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            let (data, found) = decode(file)
            diagnostics += found
            if let data { out.append(data) }
        }
        return (out.sorted { $0.year < $1.year }, diagnostics)
    }

    public static func decode(_ file: SourceFile) -> (AnnualData?, [Diagnostic]) {
        let start = SourceLocation(file: file.displayPath, line: 1)
        let base = file.contentPath.split(separator: "/").last.map(String.init) ?? file.contentPath
        let stem = base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base
        guard stem.count == 4, stem.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(stem), year >= 1990 else {
            return (nil, [.error(.annualFileName, at: start, "年度报告数据文件名“\(base)”应为四位年份加 .yaml。",
                                 suggestion: "例如 2025 年度的数据写在 content/annual/2025.yaml。")])
        }
        let root: Node?
        switch YAMLReader.read(file) {
        case .success(let node): root = node
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        let reader = YAMLReader(file: file.displayPath, lineOffset: 0)
        guard let root, case .mapping(let top) = root else {
            return (nil, [.error(.annualInvalid, at: start, "年度报告数据文件应为“项目: 内容”的形式。",
                                 suggestion: "参照 docs/年度报告数据格式.md 中的完整示例填写。")])
        }
        var state = State(reader: reader, file: file.displayPath)
        // The template first: it says which keys exist.
        var template: any AnnualReportTemplate = AnnualReportTemplates.current
        for (k, v) in top where YAMLReader.text(k) == "template" {
            let name = YAMLReader.text(v) ?? ""
            if let t = AnnualReportTemplates.named(name) { template = t } else {
                let versions = AnnualReportTemplates.all.map(\.version)
                state.error(.annualTemplate, v, "未知的年度报告格式版本“\(name)”。",
                            suggestion: "可用的版本：\(versions.joined(separator: "、"))（不写则使用 \(AnnualReportTemplates.current.version) 年版）。")
            }
        }
        var texts: [String: (key: String, label: String)] = [:]
        var tables: [String: [ReportTable]] = [:]
        var keyOrder: [String] = ["template"]
        for section in template.sections {
            for part in section.parts {
                switch part {
                case .text(let key, let label):
                    texts[key] = (key, label)
                    keyOrder.append(key)
                case .table(let table):
                    if tables[table.dataKey] == nil { keyOrder.append(table.dataKey) }
                    tables[table.dataKey, default: []].append(table)
                case .derivedStatistics: break
                }
            }
        }
        var seen: Set<String> = []
        for (k, v) in top {
            let key = YAMLReader.text(k) ?? ""
            seen.insert(key)
            if key == "template" { continue }
            if let t = texts[key] {
                if let s = YAMLReader.text(v)?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty {
                    state.texts[key] = s
                } else {
                    state.error(.annualMissing, v, "“\(t.label)”（\(key)）没有内容。", suggestion: "用“\(key): |”另起一行缩进书写；确实没有需要说明的，写“无。”")
                }
            } else if let group = tables[key] {
                state.mapping(v, key: key, tables: group)
            } else {
                state.unknownKey(k, among: keyOrder, context: "年度报告数据文件顶层")
            }
        }
        for key in keyOrder where key != "template" && !seen.contains(key) {
            let label = texts[key]?.label ?? tables[key]!.map(\.caption).joined(separator: "、")
            state.diagnostics.append(.error(.annualMissing, at: start, "缺少“\(label)”（\(key)）。",
                                            suggestion: "按 docs/年度报告数据格式.md 的示例补上 \(key)。"))
        }
        let data = AnnualData(year: year, file: file.displayPath, template: template, texts: state.texts,
                              values: state.values, locations: state.locations)
        state.diagnostics += check(data)
        return (data, state.diagnostics)
    }

    private struct State {
        let reader: YAMLReader
        let file: String
        var diagnostics: [Diagnostic] = []
        var texts: [String: String] = [:]
        var values: [String: [Int]] = [:]
        var locations: [String: [SourceLocation]] = [:]

        init(reader: YAMLReader, file: String) {
            self.reader = reader
            self.file = file
        }

        mutating func error(_ code: DiagnosticCode, _ node: Node, _ message: String, suggestion: String? = nil) {
            diagnostics.append(.error(code, at: reader.location(of: node), message, suggestion: suggestion))
        }

        mutating func unknownKey(_ k: Node, among keys: [String], context: String) {
            let key = YAMLReader.text(k) ?? ""
            let near = Suggestions.nearest(to: key, in: keys)
            error(.annualUnknownKey, k, "\(context)中有未知项目“\(key)”。",
                  suggestion: near.isEmpty ? "可用的项目：\(keys.joined(separator: "、"))。" : "是否应为\(Suggestions.quotedList(near))？")
        }

        /// A data key's mapping, shared by the tables in `tables`.
        mutating func mapping(_ node: Node, key: String, tables: [ReportTable]) {
            var rows: [(ReportRow, ReportTable)] = []
            for t in tables { for r in t.rows { rows.append((r, t)) } }
            rowMapping(node, prefix: key, label: tables.map(\.caption).joined(separator: "、"), rows: rows, subtotal: nil)
        }

        /// A mapping of rows; `subtotal` is the row owning it when it has numbers of its own.
        mutating func rowMapping(_ node: Node, prefix: String, label: String, rows: [(ReportRow, ReportTable)],
                                 subtotal: (ReportRow, ReportTable)?) {
            guard case .mapping(let m) = node else {
                error(.annualInvalid, node, "“\(label)”应为“项目: 数字”的列表，每项一行。",
                      suggestion: "参照 docs/年度报告数据格式.md 中 \(prefix.split(separator: ".").last ?? "") 的写法。")
                return
            }
            var keys = rows.map(\.0.key)
            if subtotal != nil { keys.insert("subtotal", at: 0) }
            var seen: Set<String> = []
            for (k, v) in m {
                let key = YAMLReader.text(k) ?? ""
                if key == "subtotal", let sub = subtotal {
                    seen.insert(key)
                    numbers(v, path: prefix, label: sub.0.label, table: sub.1)
                } else if let found = rows.first(where: { $0.0.key == key }) {
                    let (row, table) = found
                    seen.insert(key)
                    let path = prefix + "." + key
                    if row.children.isEmpty {
                        numbers(v, path: path, label: row.label, table: table)
                    } else {
                        rowMapping(v, prefix: path, label: row.label, rows: row.children.map { ($0, table) },
                                   subtotal: row.hasValue ? (row, table) : nil)
                    }
                } else {
                    unknownKey(k, among: keys, context: "“\(label)”")
                }
            }
            for key in keys where !seen.contains(key) {
                let rowLabel = key == "subtotal" ? "\(label)本身的数字" : rows.first { $0.0.key == key }!.0.label
                error(.annualMissing, node, "“\(label)”中缺少“\(rowLabel)”（\(key)）。",
                      suggestion: key == "subtotal" ? "在 \(prefix.split(separator: ".").last ?? "") 下加一行 subtotal: [...]，写本项合计。" : "加上 \(key): 并填写数字；没有发生的填 0。")
            }
        }

        mutating func numbers(_ node: Node, path: String, label: String, table: ReportTable) {
            var items: [Node]
            if case .sequence(let s) = node { items = Array(s) } else { items = [node] }
            let columns = table.columns
            if case .scalar = node, columns.count > 1 {
                items = []
            }
            guard items.count == columns.count else {
                let names = columns.map(\.label).joined(separator: "、")
                error(.annualRowLength, node, "“\(label)”应有 \(columns.count) 个数字（\(names)），实际为 \(items.count) 个。",
                      suggestion: columns.count == 1 ? "写成 \(path.split(separator: ".").last ?? ""): 0" : "按列的顺序写成 [\(Array(repeating: "0", count: columns.count).joined(separator: ", "))]。")
                return
            }
            var row: [Int] = []
            var locs: [SourceLocation] = []
            for (item, column) in zip(items, columns) {
                let text = YAMLReader.text(item) ?? ""
                guard let v = AnnualDataDecoder.parse(text, kind: table.kind) else {
                    error(.annualNumber, item,
                          table.kind == .count
                            ? "“\(label)”的“\(column.label)”应为非负整数，实际为“\(text)”。"
                            : "“\(label)”的“\(column.label)”应为非负金额（万元，最多四位小数），实际为“\(text)”。",
                          suggestion: table.kind == .count ? "填写 0 或正整数，不写单位。" : "例如 356.8，不写单位和千位分隔符。")
                    return
                }
                row.append(v)
                locs.append(reader.location(of: item))
            }
            values[path] = row
            locations[path] = locs
        }
    }

    /// `12` → 12 for a count; `356.8` → 3568000 (ten-thousandths) for an amount; nil otherwise.
    public static func parse(_ text: String, kind: ValueKind) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        func digits(_ s: Substring) -> Bool { !s.isEmpty && s.utf8.allSatisfy { (0x30...0x39).contains($0) } && s.count <= 12 }
        switch kind {
        case .count:
            guard parts.count == 1, digits(parts[0]) else { return nil }
            return Int(parts[0])
        case .amount:
            guard (1...2).contains(parts.count), digits(parts[0]) else { return nil }
            var v = Int(parts[0])! * 10000
            if parts.count == 2 {
                guard digits(parts[1]), parts[1].count <= 4 else { return nil }
                let padded = parts[1] + String(repeating: "0", count: 4 - parts[1].count)
                v += Int(padded)!
            }
            return v
        }
    }

    /// An amount in ten-thousandths as people write it (`356.8`).
    public static func format(_ v: Int, kind: ValueKind) -> String {
        guard kind == .amount else { return String(v) }
        var frac = String(v % 10000)
        frac = String(repeating: "0", count: 4 - frac.count) + frac
        while frac.hasSuffix("0") { frac.removeLast() }
        return String(v / 10000) + (frac.isEmpty ? "" : "." + frac)
    }

    /// The template's consistency rules, each broken one reported with the numbers involved at the
    /// value it disagrees with.
    public static func check(_ data: AnnualData) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var labels: [String: String] = [:]
        var columnsByKey: [String: [ReportColumn]] = [:]
        var withValues: Set<String> = []
        for section in data.template.sections {
            for case .table(let t) in section.parts {
                for (path, row, depth) in t.valueRows {
                    let full = t.dataKey + "." + path
                    if row.hasValue { withValues.insert(full) }
                    let parent = String(full[..<full.lastIndex(of: ".")!])
                    if depth > 0, withValues.contains(parent), let parentLabel = labels[parent] {
                        labels[full] = parentLabel + row.label
                    } else {
                        labels[full] = row.label
                    }
                    columnsByKey[full] = t.columns
                }
            }
        }
        func label(_ p: String) -> String { "“\(labels[p] ?? p)”" }
        func sum(_ paths: [String], _ c: Int) -> (Int, String) {
            let vs = paths.map { data.values[$0]![c] }
            return (vs.reduce(0, +), vs.map(String.init).joined(separator: " + "))
        }
        for rule in data.template.rules {
            switch rule {
            case .columnTotal(let code, let dataKey, let totalKey):
                for path in data.values.keys.sorted() where path.hasPrefix(dataKey + ".") {
                    guard let columns = columnsByKey[path], let t = columns.firstIndex(where: { $0.key == totalKey }) else { continue }
                    let row = data.values[path]!
                    let parts = row.indices.filter { $0 != t }
                    let total = parts.map { row[$0] }.reduce(0, +)
                    if total != row[t] {
                        let terms = parts.map { "\(columns[$0].label) \(row[$0])" }.joined(separator: " + ")
                        out.append(.error(code, at: data.locations[path]![t],
                                          "\(label(path))的“\(columns[t].label)”应等于其他各列之和：\(terms) = \(total)，但填写的是 \(row[t])。",
                                          suggestion: "核对本行各列数字，使总计等于各列之和。"))
                    }
                }
            case .sum(let code, let totalPath, let parts):
                guard let total = data.values[totalPath], parts.allSatisfy({ data.values[$0] != nil }) else { continue }
                let columns = columnsByKey[totalPath]!
                for c in total.indices {
                    let (s, terms) = sum(parts, c)
                    if s != total[c] {
                        out.append(.error(code, at: data.locations[totalPath]![c],
                                          "\(label(totalPath))的“\(columns[c].label)”列应等于\(parts.map(label).joined(separator: "、"))之和：\(terms) = \(s)，但填写的是 \(total[c])。",
                                          suggestion: "核对各分项和合计，使合计等于分项之和。"))
                    }
                }
            case .balance(let code, let left, let right):
                guard (left + right).allSatisfy({ data.values[$0] != nil }), let anchor = right.last else { continue }
                let columns = columnsByKey[anchor]!
                for c in columns.indices {
                    let (l, lterms) = sum(left, c)
                    let (r, rterms) = sum(right, c)
                    if l != r {
                        out.append(.error(code, at: data.locations[anchor]![c],
                                          "“\(columns[c].label)”列数字不平衡：\(left.map(label).joined(separator: " + ")) = \(lterms) = \(l)，而 \(right.map(label).joined(separator: " + ")) = \(rterms) = \(r)，两者应相等。",
                                          suggestion: "本年新收加上年结转，应等于本年办理结果总计加结转下年度继续办理。"))
                    }
                }
            }
        }
        return out
    }
}
