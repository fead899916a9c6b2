/// JSON Schemas (draft 2020-12) for every JSON file the build writes, generated from the same field
/// list the exports use, so the schema and the data cannot drift apart.
public enum OpenDataSchemas {
    static let draft = "https://json-schema.org/draft/2020-12/schema"
    static let date = JSON.sortedObject(["type": JSON.string("string"), "format": JSON.string("date"),
                                         "pattern": JSON.string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")])
    static let string = JSON.sortedObject(["type": JSON.string("string")])
    static let stringList = JSON.sortedObject(["type": JSON.string("array"), "items": string])
    static let count = JSON.sortedObject(["type": JSON.string("integer"), "minimum": "0"])

    static func closedObject(_ properties: [String: String], description: String? = nil) -> String {
        var pairs = [
            "type": JSON.string("object"), "additionalProperties": "false",
            "required": JSON.strings(properties.keys.sorted()), "properties": JSON.sortedObject(properties),
        ]
        if let description { pairs["description"] = JSON.string(description) }
        return JSON.sortedObject(pairs)
    }

    /// The schema of one document record (without `$schema` / `$id`).
    static var documentBody: [String: String] {
        var properties: [String: String] = [:]
        for f in OpenDataStage.fields {
            var p: [String: String]
            switch f.kind {
            case .text: p = ["type": JSON.string("string"), "minLength": "1"]
            case .optionalText: p = ["type": JSON.strings(["string", "null"])]
            case .date: p = ["type": JSON.string("string"), "format": JSON.string("date"), "pattern": JSON.string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
            case .optionalDate: p = ["type": JSON.strings(["string", "null"]), "format": JSON.string("date"), "pattern": JSON.string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
            case .list: p = ["type": JSON.string("array"), "items": string]
            case .attachments:
                p = ["type": JSON.string("array"), "items": closedObject(["title": string, "file": string, "url": string])]
            }
            if f.key == "validity" { p["enum"] = JSON.strings(Validity.allCases.map(\.rawValue)) }
            if f.key == "validity_name" { p["enum"] = JSON.strings(Validity.allCases.map(\.chineseName)) }
            p["description"] = JSON.string(f.label + "：" + f.meaning)
            properties[f.key] = JSON.sortedObject(p)
        }
        return [
            "type": JSON.string("object"), "additionalProperties": "false",
            "required": JSON.strings(properties.keys.sorted()), "properties": JSON.sortedObject(properties),
        ]
    }

    public static func document(baseURL: String) -> String {
        var pairs = documentBody
        pairs["$schema"] = JSON.string(draft)
        pairs["$id"] = JSON.string(baseURL + OpenDataStage.documentSchema)
        pairs["title"] = JSON.string("政府信息公开文件元数据（documents/<索引号>/index.json）")
        return JSON.sortedObject(pairs) + "\n"
    }

    public static func catalogue(baseURL: String) -> String {
        let site = closedObject(["title": string, "agency": string, "base_url": string])
        let properties = [
            "$schema": string, "site": site, "generated": date, "count": count,
            "documents": JSON.sortedObject(["type": JSON.string("array"), "items": JSON.sortedObject(["$ref": JSON.string("#/$defs/document")])]),
        ]
        return JSON.sortedObject([
            "$schema": JSON.string(draft), "$id": JSON.string(baseURL + OpenDataStage.catalogueSchema),
            "title": JSON.string("政府信息公开目录（data/catalogue.json）"),
            "$defs": JSON.sortedObject(["document": JSON.sortedObject(documentBody)]),
            "type": JSON.string("object"), "additionalProperties": "false",
            "required": JSON.strings(properties.keys.sorted()), "properties": JSON.sortedObject(properties),
        ]) + "\n"
    }

    public static func statistics(baseURL: String) -> String {
        let share = JSON.sortedObject(["type": JSON.strings(["number", "null"]), "minimum": "0", "maximum": "1"])
        let metric = closedObject(["count": count, "documents": stringList])
        let group = closedObject([
            "group": JSON.sortedObject(["enum": JSON.strings(AnnualStatistics.Group.allCases.map(\.rawValue))]),
            "name": string, "categories": stringList,
            "published": metric, "repealed": metric, "valid": metric, "amended": metric,
        ])
        let indicator = closedObject([
            "issuer": JSON.sortedObject(["type": JSON.strings(["string", "null"])]),
            "timely_eligible": count, "timely": count, "timely_share": share,
            "policies": count, "interpreted": count, "interpreted_share": share,
            "in_step": count, "in_step_share": share, "ended": count,
        ])
        var pairs = [
            "type": JSON.string("object"), "additionalProperties": "false",
        ]
        let properties = [
            "year": JSON.sortedObject(["type": JSON.string("integer"), "minimum": "1990"]),
            "as_of": date, "complete_year": JSON.sortedObject(["type": JSON.string("boolean")]),
            "deadline_working_days": count,
            "statistics": JSON.sortedObject(["type": JSON.string("array"), "items": group]),
            "undated": stringList,
            "indicators": closedObject(["total": indicator, "by_issuer": JSON.sortedObject(["type": JSON.string("array"), "items": indicator])]),
        ]
        pairs["required"] = JSON.strings(properties.keys.sorted())
        pairs["properties"] = JSON.sortedObject(properties)
        pairs["$schema"] = JSON.string(draft)
        pairs["$id"] = JSON.string(baseURL + OpenDataStage.statisticsSchema)
        pairs["title"] = JSON.string("年度主动公开统计与公开指标（reports/<年度>/statistics.json）")
        return JSON.sortedObject(pairs) + "\n"
    }
}
