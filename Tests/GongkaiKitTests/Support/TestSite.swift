import Foundation
@testable import GongkaiKit

/// A whole site written inline in a test (catalogue + documents as strings), built in a temporary
/// folder with the repository's real templates. Removed when the test ends.
final class TestSite {
    let root: URL
    var content: URL { root.appendingPathComponent("content") }
    var output: URL { root.appendingPathComponent("site") }

    /// The repository's folders, found from this file's path.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let templates = repository.appendingPathComponent("templates").path
    static let fixtures = repository.appendingPathComponent("Tests/GongkaiKitTests/Fixtures")

    /// Every leaf has an `empty_reason`, so tests that fill only some categories are not failed by
    /// `catalogue.empty`.
    static let defaultCatalogue = """
        site:
          title: 测试市人民政府信息公开
          base_url: https://www.example.gov.cn/
          agency: 测试市人民政府办公室
          page_size: 2
        catalogue:
          - id: zcwj
            name: 政策文件
            children:
              - id: gz
                name: 政府规章
                requires: [issuer, doc_no, written]
                empty_reason: 测试站点
              - id: gfxwj
                name: 行政规范性文件
                requires: [issuer, doc_no, written]
                empty_reason: 测试站点
              - id: qtwj
                name: 其他文件
                empty_reason: 测试站点
          - id: zcjd
            name: 政策解读
            children:
              - id: wzjd
                name: 文字解读
                empty_reason: 测试站点

        """

    /// `files`: content-relative path → text. `catalogue: nil` writes no catalogue file.
    init(catalogue: String? = TestSite.defaultCatalogue, files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        if let catalogue { try write("catalogue.yaml", catalogue) }
        for (path, text) in files { try write(path, text) }
    }

    /// A copy of a fixture folder (`Fixtures/<name>/content`).
    init(fixture name: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: TestSite.fixtures.appendingPathComponent(name).appendingPathComponent("content"), to: content)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        let url = content.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func remove(_ path: String) throws { try FileManager.default.removeItem(at: content.appendingPathComponent(path)) }

    func options(today: String = "2026-11-21", templates: String = TestSite.templates) -> BuildOptions {
        BuildOptions(contentFolder: content.path, templatesFolder: templates, outputFolder: output.path,
                     today: CalendarDate(iso: today)!)
    }

    func check(today: String = "2026-11-21") throws -> CheckOutcome { try Pipeline.check(options(today: today)) }

    @discardableResult
    func build(today: String = "2026-11-21") throws -> BuildOutcome { try Pipeline.build(options(today: today)) }

    /// A page of the built site, as text.
    func page(_ sitePath: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(sitePath), encoding: .utf8)
    }

    func exists(_ sitePath: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(sitePath).path)
    }

    /// Every file of the built site: path → bytes.
    func siteFiles() throws -> [String: Data] { try TestSite.files(under: output) }

    static func files(under folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = folder.standardizedFileURL.path
        guard let e = FileManager.default.enumerator(atPath: base) else { return [:] }
        for case let rel as String in e {
            var isDir: ObjCBool = false
            let path = base + "/" + rel
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = try Data(contentsOf: URL(fileURLWithPath: path))
            }
        }
        return out
    }
}

/// A document's front matter + body, with sensible defaults for a 规范性文件.
func policy(
    _ serial: String, title: String = "测试市人民政府办公室关于测试工作的通知", category: String = "zcwj.gfxwj",
    published: String = "2025-06-06", written: String = "2025-06-05", docNo: String? = nil, extra: String = "",
    body: String = "第一条 为了测试，制定本办法。\n"
) -> String {
    """
    ---
    title: \(title)
    index_no: 11999900MB0000001X/\(serial)
    category: \(category)
    issuer: 测试市人民政府办公室
    doc_no: \(docNo ?? "测政办发〔2025〕\(Int(serial.split(separator: "-").last ?? "") ?? 1)号")
    written: \(written)
    published: \(published)
    \(extra)
    ---
    \(body)
    """
}
