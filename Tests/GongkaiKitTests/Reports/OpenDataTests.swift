import Foundation
import Testing
@testable import GongkaiKit

@Suite("Open data: catalogue JSON, CSV and schemas")
struct OpenDataTests {
    static let files: [String: String] = [
        "gf/a.md": policy("2025-00001", title: "关于A, \"B\"的通知", extra: "attachments:\n  - {title: 附件1 表, file: files/a.csv}\n  - {title: 附件2 说明, file: files/b.csv}"),
        "gf/files/a.csv": "x\n",
        "gf/files/b.csv": "y\n",
        "gf/b.md": policy("2025-00002", published: "2025-07-01", extra: "revises: 11999900MB0000001X/2025-00001\ntopics: [政务公开, 营商环境]"),
    ]

    func json(_ site: TestSite, _ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: site.output.appendingPathComponent(path)))
    }

    @Test func csvHasBOMCRLFAndRFC4180Quoting() throws {
        #expect(CSV.field("plain") == "plain")
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("line\nbreak") == "\"line\nbreak\"")
        #expect(CSV.field("中文，全角逗号") == "中文，全角逗号")
        #expect(CSV.file([["a", "b"], ["1", "x,y"]]) == CSV.byteOrderMark + Array("a,b\r\n1,\"x,y\"\r\n".utf8))

        let site = try TestSite(files: Self.files)
        #expect(try site.build().published)
        let bytes = [UInt8](try Data(contentsOf: site.output.appendingPathComponent("data/catalogue.csv")))
        #expect(Array(bytes.prefix(3)) == CSV.byteOrderMark)
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        let records = text.components(separatedBy: "\r\n")
        #expect(records.count == 4 && records[3].isEmpty, "header, two documents, final CRLF")
        #expect(records[1].hasPrefix("11999900MB0000001X/2025-00001,\"关于A, \"\"B\"\"的通知\","))
        // Two attachments: one field with a line break inside quotes.
        #expect(records[1].contains("\"附件1 表 https://www.example.gov.cn/documents/11999900MB0000001X/2025-00001/a.csv\n附件2 说明 https://www.example.gov.cn/documents/11999900MB0000001X/2025-00001/b.csv\""))
        #expect(records[2].contains(",政务公开；营商环境,"))
    }

    @Test func schemaDescribesEveryFieldOfEveryRecord() throws {
        let site = try TestSite(files: Self.files)
        #expect(try site.build().published)
        let schema = try json(site, "data/catalogue.schema.json") as! [String: Any]
        #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        let documentSchema = (schema["$defs"] as! [String: Any])["document"] as! [String: Any]
        let properties = documentSchema["properties"] as! [String: [String: Any]]
        let required = Set(documentSchema["required"] as! [String])
        #expect(documentSchema["additionalProperties"] as? Bool == false)
        #expect(Set(properties.keys) == required)
        #expect(Set(properties.keys) == Set(OpenDataStage.fields.map(\.key)))

        let catalogue = try json(site, "data/catalogue.json") as! [String: Any]
        #expect(Set(catalogue.keys) == Set((schema["required"] as! [String])))
        let records = catalogue["documents"] as! [[String: Any]]
        #expect(records.map { $0["index_no"] as! String } == ["11999900MB0000001X/2025-00001", "11999900MB0000001X/2025-00002"])
        for record in records {
            #expect(Set(record.keys) == required)
            for (key, value) in record {
                let type = properties[key]!["type"]
                let allowed: [String] = (type as? [String]) ?? [type as! String]
                let actual: String = value is NSNull ? "null" : value is String ? "string" : value is [Any] ? "array" : "other"
                #expect(allowed.contains(actual), "\(key): \(actual) not in \(allowed)")
            }
            let own = try json(site, "documents/\(record["index_no"] as! String)/index.json") as! [String: Any]
            #expect(NSDictionary(dictionary: own).isEqual(to: record))
        }
        #expect(records[0]["revised_by"] as? String == "11999900MB0000001X/2025-00002")
        #expect(records[0]["validity"] as? String == "amended")
        #expect((records[0]["attachments"] as! [[String: String]]).map { $0["file"]! } == ["a.csv", "b.csv"])
        #expect(records[1]["topics"] as? [String] == ["政务公开", "营商环境"])

        let documentFile = try json(site, "data/document.schema.json") as! [String: Any]
        #expect(NSDictionary(dictionary: documentFile["properties"] as! [String: Any]).isEqual(to: properties))
        let statistics = try json(site, "data/statistics.schema.json") as! [String: Any]
        let stats = try json(site, "reports/2025/statistics.json") as! [String: Any]
        #expect(Set(stats.keys) == Set(statistics["required"] as! [String]))
        #expect(try site.page("data/index.html").contains("<a href=\"catalogue.csv\">catalogue.csv</a>"))
        #expect(try site.page("index.html").contains("href=\"data/index.html\""))
        #expect(try site.page("index.html").contains("href=\"reports/index.html\""))
    }

    @Test func exportsAreStable() throws {
        let a = try TestSite(files: Self.files)
        let b = try TestSite(files: Self.files)
        try a.build()
        try b.build()
        let paths = ["data/catalogue.json", "data/catalogue.csv", "data/catalogue.schema.json",
                     "documents/11999900MB0000001X/2025-00001/index.json", "reports/2025/statistics.json"]
        for p in paths {
            let x = try Data(contentsOf: a.output.appendingPathComponent(p))
            #expect(!x.isEmpty)
            #expect(x == (try Data(contentsOf: b.output.appendingPathComponent(p))), "\(p)")
        }
    }
}
