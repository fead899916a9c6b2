/// Open data: the catalogue of every document as JSON (`data/catalogue.json`), one JSON per document
/// next to its page (`documents/<索引号>/index.json`), the same as CSV for Excel
/// (`data/catalogue.csv`), JSON Schemas for both JSON forms, and a page describing them
/// (`data/index.html`). Same content, same bytes: keys sorted, documents ordered by 索引号.
public struct OpenDataStage: Sendable {
    public static let catalogueJSON = "data/catalogue.json"
    public static let catalogueCSV = "data/catalogue.csv"
    public static let catalogueSchema = "data/catalogue.schema.json"
    public static let documentSchema = "data/document.schema.json"
    public static let statisticsSchema = "data/statistics.schema.json"
    public static let page = "data/index.html"

    public static func documentJSON(_ indexNo: IndexNumber) -> String { "documents/\(indexNo.rawValue)/index.json" }

    /// One field of a document record, in the order of the CSV.
    public struct FieldSpec: Sendable {
        public enum Kind: Sendable { case text, optionalText, date, optionalDate, list, attachments }
        public var key: String
        public var label: String
        public var kind: Kind
        public var meaning: String
    }

    public static let fields: [FieldSpec] = [
        FieldSpec(key: "index_no", label: "索引号", kind: .text, meaning: "索引号，全平台唯一"),
        FieldSpec(key: "title", label: "标题", kind: .text, meaning: "文件标题"),
        FieldSpec(key: "category", label: "栏目路径", kind: .text, meaning: "所属栏目在主动公开事项目录中的路径，如 zcwj.gfxwj"),
        FieldSpec(key: "category_name", label: "栏目", kind: .text, meaning: "所属栏目名称"),
        FieldSpec(key: "issuer", label: "发文机关", kind: .optionalText, meaning: "发文机关"),
        FieldSpec(key: "doc_no", label: "发文字号", kind: .optionalText, meaning: "发文字号"),
        FieldSpec(key: "written", label: "成文日期", kind: .optionalDate, meaning: "成文日期（YYYY-MM-DD）"),
        FieldSpec(key: "published", label: "发布日期", kind: .date, meaning: "发布日期（YYYY-MM-DD）"),
        FieldSpec(key: "effective", label: "施行日期", kind: .optionalDate, meaning: "施行日期（YYYY-MM-DD）"),
        FieldSpec(key: "expires", label: "有效期至", kind: .optionalDate, meaning: "有效期至（YYYY-MM-DD）"),
        FieldSpec(key: "validity", label: "有效性代码", kind: .text, meaning: "有效性：active（现行有效）、amended（已修订）、repealed（已废止）、expired（已失效），按生成日期判断"),
        FieldSpec(key: "validity_name", label: "有效性", kind: .text, meaning: "有效性的中文名称"),
        FieldSpec(key: "topics", label: "主题分类", kind: .list, meaning: "主题分类"),
        FieldSpec(key: "revises", label: "修订对象", kind: .optionalText, meaning: "本文件修订的旧版本的索引号"),
        FieldSpec(key: "revised_by", label: "被修订为", kind: .optionalText, meaning: "修订本文件的新版本的索引号"),
        FieldSpec(key: "repealed_by", label: "废止文件", kind: .optionalText, meaning: "废止本文件的文件的索引号"),
        FieldSpec(key: "interprets", label: "解读对象", kind: .list, meaning: "本文件（政策解读）所解读文件的索引号"),
        FieldSpec(key: "interpretations", label: "相关解读", kind: .list, meaning: "解读本文件的政策解读的索引号，按发布日期"),
        FieldSpec(key: "form", label: "解读形式", kind: .optionalText, meaning: "解读形式（文字解读、图解、问答……）"),
        FieldSpec(key: "stage", label: "解读阶段", kind: .optionalText, meaning: "解读阶段（起草、发布、实施）"),
        FieldSpec(key: "url", label: "网址", kind: .text, meaning: "文件页面的网址"),
        FieldSpec(key: "json_url", label: "JSON 网址", kind: .text, meaning: "本文件 JSON 数据的网址"),
        FieldSpec(key: "attachments", label: "附件", kind: .attachments, meaning: "附件：标题、文件名、网址（CSV 中为“标题 网址”，多个以换行分隔）"),
    ]

    public let model: SiteModel
    public let templates: Templates
    /// With a build cache: the open data page is kept, not rendered, when its key did not change.
    var memo: PageMemo? = nil
    /// With a page memo: the documents' records (`PageInputs`), so that files made from documents
    /// that did not change are kept without being made again.
    var inputs: PageInputs? = nil
    let context: PageContext

    public init(model: SiteModel, templates: Templates) {
        self.init(context: PageContext(model: model, templates: templates), templates: templates)
    }

    /// With the build's page context, made once for every stage (its look-up of documents by path
    /// is a dictionary of every document).
    init(context: PageContext, templates: Templates) {
        self.model = context.model
        self.templates = templates
        self.context = context
    }

    var baseURL: String { model.catalogue.site.baseURL }

    /// Documents in 索引号 order.
    var ordered: [SiteModel.DocumentID] {
        // The numbers taken out first: comparing through the documents themselves made the sort a
        // noticeable share of a large site's rebuild.
        let numbers = model.documents.map(\.indexNo)
        return numbers.indices.sorted { numbers[$0] < numbers[$1] }
    }

    /// `emit` must be thread-safe: the per-document files are written from all cores.
    public func render(_ emit: (OutputItem) throws -> Void) throws {
        let ordered = self.ordered
        if let memo, let inputs {
            try renderKeeping(ordered, memo: memo, inputs: inputs, emit)
        } else {
            let records = try Parallel.map(ordered.count, grain: 64) { k in
                let id = ordered[k]
                let object = documentObject(id)
                try emit(.file(path: Self.documentJSON(model[id].indexNo), bytes: Array((object + "\n").utf8)))
                return object
            }
            try emit(.file(path: Self.catalogueJSON, bytes: catalogueFile(records)))
            try emit(.file(path: Self.catalogueCSV, bytes: csv(ordered)))
        }
        try emit(.file(path: Self.catalogueSchema, bytes: Array(OpenDataSchemas.catalogue(baseURL: baseURL).utf8)))
        try emit(.file(path: Self.documentSchema, bytes: Array(OpenDataSchemas.document(baseURL: baseURL).utf8)))
        try emit(.file(path: Self.statisticsSchema, bytes: Array(OpenDataSchemas.statistics(baseURL: baseURL).utf8)))
        try templates.emitPage(openDataPage(), with: "open-data", at: Self.page, memo: memo, emit)
    }

    /// `render`'s data files with a build cache: each is keyed by what it is made from (see
    /// `PageInputs`) and kept, not made, when the previous site has it under the same key. A
    /// document's JSON shows the document, the index numbers of the version revising it and of its
    /// interpretations, and the catalogue; the whole catalogue (JSON and CSV) shows every document.
    /// Debug builds make every kept file anyway and stop when its bytes are not the kept ones.
    func renderKeeping(_ ordered: [SiteModel.DocumentID], memo: PageMemo, inputs: PageInputs,
                       _ emit: (OutputItem) throws -> Void) throws {
        var all = PageInputs.Digest(inputs, "open data")
        inputs.add(ordered, to: &all)
        let keptCatalogue = memo.keepFile(Self.catalogueJSON, inputs: all.value, kind: Self.catalogueJSON) {
            catalogueFile(ordered.map(documentObject))
        }
        let keptCSV = memo.keepFile(Self.catalogueCSV, inputs: all.value, kind: Self.catalogueCSV) { csv(ordered) }
        let objects = try Parallel.map(ordered.count, grain: 64) { k -> String? in
            let id = ordered[k]
            var digest = PageInputs.Digest(inputs, "document data")
            digest.add(inputs.records[id])
            digest.add(model.revisedBy[id].map { inputs.records[$0] } ?? 0)
            inputs.add(model.interpretations[id], to: &digest)
            let path = Self.documentJSON(model[id].indexNo)
            if memo.keepFile(path, inputs: digest.value, kind: "open data document", make: { Array((documentObject(id) + "\n").utf8) }) {
                return keptCatalogue ? nil : documentObject(id)
            }
            let object = documentObject(id)
            try emit(.file(path: path, bytes: Array((object + "\n").utf8)))
            return object
        }
        if !keptCatalogue { try emit(.file(path: Self.catalogueJSON, bytes: catalogueFile(objects.map { $0! }))) }
        if !keptCSV { try emit(.file(path: Self.catalogueCSV, bytes: csv(ordered))) }
    }

    /// `data/catalogue.json`: the site's fields around the document records, written straight into
    /// one byte array (no joined copies of the records: 72 MB at 100,000 documents).
    func catalogueFile(_ records: [String]) -> [UInt8] {
        let site = model.catalogue.site
        // Values are JSON already, so a marker stands for the documents array and is cut out.
        let marker = "\u{1}documents\u{1}"
        let frame = JSON.sortedObject([
            "$schema": JSON.string(baseURL + Self.catalogueSchema),
            "site": JSON.sortedObject(["title": JSON.string(site.title), "agency": JSON.string(site.agency), "base_url": JSON.string(site.baseURL)]),
            "generated": JSON.string(model.today.iso),
            "count": String(records.count),
            "documents": marker,
        ]) + "\n"
        let cut = frame.range(of: marker)!
        var out: [UInt8] = []
        out.reserveCapacity(frame.utf8.count + records.reduce(4) { $0 + $1.utf8.count + 2 })
        out.append(contentsOf: frame[..<cut.lowerBound].utf8)
        out.append(contentsOf: "[\n".utf8)
        for (k, record) in records.enumerated() {
            if k > 0 { out.append(contentsOf: ",\n".utf8) }
            out.append(contentsOf: record.utf8)
        }
        out.append(contentsOf: "\n]".utf8)
        out.append(contentsOf: frame[cut.upperBound...].utf8)
        return out
    }

    /// The values of one document in the order of `fields`, already encoded as JSON.
    func encodedValues(_ id: SiteModel.DocumentID) -> [String] {
        let d = model[id]
        let v = model.validity[id]
        func index(_ ids: [Int]) -> String { JSON.strings(ids.map { model[$0].indexNo.rawValue }) }
        let url = SitePaths.canonical(SitePaths.document(d.indexNo), baseURL: baseURL)
        return Self.fields.map { f in
            switch f.key {
            case "index_no": JSON.string(d.indexNo.rawValue)
            case "title": JSON.string(d.title)
            case "category": JSON.string(d.category.dotted)
            case "category_name": JSON.string(model.catalogue[d.category]?.name ?? "")
            case "issuer": JSON.optional(d.issuer)
            case "doc_no": JSON.optional(d.docNo?.rawValue)
            case "written": JSON.optional(d.written?.iso)
            case "published": JSON.string(d.published.iso)
            case "effective": JSON.optional(d.effective?.iso)
            case "expires": JSON.optional(d.expires?.iso)
            case "validity": JSON.string(v.rawValue)
            case "validity_name": JSON.string(v.chineseName)
            case "topics": JSON.strings(d.topics)
            case "revises": JSON.optional(d.revises?.rawValue)
            case "revised_by": JSON.optional(model.revisedBy[id].map { model[$0].indexNo.rawValue })
            case "repealed_by": JSON.optional(d.repealedBy?.rawValue)
            case "interprets": JSON.strings(d.interprets.map(\.rawValue))
            case "interpretations": index(model.interpretations[id])
            case "form": JSON.optional(d.form?.rawValue)
            case "stage": JSON.optional(d.stage?.rawValue)
            case "url": JSON.string(url)
            case "json_url": JSON.string(baseURL + SitePaths.percentEncodePath(Self.documentJSON(d.indexNo)))
            case "attachments":
                JSON.array(d.attachments.map { a in
                    JSON.sortedObject([
                        "title": JSON.string(a.title), "file": JSON.string(a.fileName),
                        "url": JSON.string(baseURL + SitePaths.percentEncodePath(SitePaths.attachment(d.indexNo, a.fileName))),
                    ])
                })
            default: "null"
            }
        }
    }

    /// `fields` in the order of the JSON object (keys by bytes, as `JSON.sortedObject`), each with
    /// its encoded `"key":`, worked out once instead of for every document.
    static let jsonOrder: [(field: Int, prefix: String)] = fields.indices
        .sorted { fields[$0].key.utf8.lexicographicallyPrecedes(fields[$1].key.utf8) }
        .map { ($0, JSON.string(fields[$0].key) + ":") }

    /// `JSON.sortedObject(values(id))`, without the dictionary and the sort.
    func documentObject(_ id: SiteModel.DocumentID) -> String {
        let values = encodedValues(id)
        var out = "{"
        out.reserveCapacity(values.reduce(64) { $0 + $1.utf8.count + 16 })
        for (n, entry) in Self.jsonOrder.enumerated() {
            if n > 0 { out += "," }
            out += entry.prefix
            out += values[entry.field]
        }
        return out + "}"
    }

    func csv() -> [UInt8] { csv(ordered) }

    func csv(_ ordered: [SiteModel.DocumentID]) -> [UInt8] {
        var out = CSV.byteOrderMark
        CSV.append(Self.fields.map(\.label), to: &out)
        for id in ordered {
            let d = model[id]
            let v = model.validity[id]
            let row: [String] = Self.fields.map { f in
                switch f.key {
                case "index_no": d.indexNo.rawValue
                case "title": d.title
                case "category": d.category.dotted
                case "category_name": model.catalogue[d.category]?.name ?? ""
                case "issuer": d.issuer ?? ""
                case "doc_no": d.docNo?.rawValue ?? ""
                case "written": d.written?.iso ?? ""
                case "published": d.published.iso
                case "effective": d.effective?.iso ?? ""
                case "expires": d.expires?.iso ?? ""
                case "validity": v.rawValue
                case "validity_name": v.chineseName
                case "topics": d.topics.joined(separator: "；")
                case "revises": d.revises?.rawValue ?? ""
                case "revised_by": model.revisedBy[id].map { model[$0].indexNo.rawValue } ?? ""
                case "repealed_by": d.repealedBy?.rawValue ?? ""
                case "interprets": d.interprets.map(\.rawValue).joined(separator: "；")
                case "interpretations": model.interpretations[id].map { model[$0].indexNo.rawValue }.joined(separator: "；")
                case "form": d.form?.rawValue ?? ""
                case "stage": d.stage?.rawValue ?? ""
                case "url": SitePaths.canonical(SitePaths.document(d.indexNo), baseURL: baseURL)
                case "json_url": baseURL + SitePaths.percentEncodePath(Self.documentJSON(d.indexNo))
                case "attachments":
                    d.attachments.map { "\($0.title) \(baseURL + SitePaths.percentEncodePath(SitePaths.attachment(d.indexNo, $0.fileName)))" }
                        .joined(separator: "\n")
                default: ""
                }
            }
            CSV.append(row, to: &out)
        }
        return out
    }

    func openDataPage() -> OpenDataPage {
        let sitePath = Self.page
        let chrome = context.chrome(at: sitePath, title: "开放数据", crumbs: [Crumb(name: "开放数据", url: nil)])
        let files = [
            OpenDataFile(name: "catalogue.json", href: "catalogue.json", format: "JSON", meaning: "全部 \(model.documents.count) 篇文件的元数据和网址（按索引号排序）"),
            OpenDataFile(name: "catalogue.csv", href: "catalogue.csv", format: "CSV", meaning: "同上，CSV 格式（UTF-8 带 BOM，可直接用 Excel 打开）"),
            OpenDataFile(name: "catalogue.schema.json", href: "catalogue.schema.json", format: "JSON Schema", meaning: "catalogue.json 的结构说明（JSON Schema 2020-12）"),
            OpenDataFile(name: "document.schema.json", href: "document.schema.json", format: "JSON Schema", meaning: "单篇文件 JSON（documents/<索引号>/index.json）的结构说明"),
            OpenDataFile(name: "statistics.schema.json", href: "statistics.schema.json", format: "JSON Schema", meaning: "年度统计 JSON（reports/<年度>/statistics.json）的结构说明"),
        ]
        let page = OpenDataPage(
            chrome: chrome, files: files,
            fields: Self.fields.map { OpenDataFieldView(key: $0.key, label: $0.label, meaning: $0.meaning) },
            documentCount: model.documents.count, generated: model.today.chinese,
            reportsURL: chrome.root + ReportPaths.index)
        return page
    }
}

public struct OpenDataFile: Sendable {
    public var name: String
    public var href: String
    public var format: String
    public var meaning: String
}

public struct OpenDataFieldView: Sendable {
    public var key: String
    public var label: String
    public var meaning: String
}

public struct OpenDataPage: Sendable {
    public var chrome: PageChrome
    public var files: [OpenDataFile]
    public var fields: [OpenDataFieldView]
    public var documentCount: Int
    public var generated: String
    public var reportsURL: String
}
