@testable import GongkaiKit

/// Findings of one family or code (`"pii."`, `"pii.phone"`).
func findings(_ outcome: CheckOutcome, _ prefix: String) -> [Diagnostic] {
    outcome.diagnostics.filter { $0.code.rawValue == prefix || (prefix.hasSuffix(".") && $0.code.rawValue.hasPrefix(prefix)) }
}

/// `code file:line:column` of each finding, the file relative to the content folder, for compact equality checks.
func places(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.map { d in
        let file = d.location.file.components(separatedBy: "/content/").last!
        return "\(d.code) \(file):\(d.location.line):\(d.location.column)"
    }
}

/// A catalogue with one leaf, so that no other category is reported empty.
let oneCategoryCatalogue = """
    site:
      title: 测试市人民政府信息公开
      base_url: https://www.example.gov.cn/
      agency: 测试市人民政府办公室
    catalogue:
      - id: zcwj
        name: 政策文件
        children:
          - id: gfxwj
            name: 行政规范性文件
            requires: [issuer, doc_no, written]

    """

/// A site with one category and the given documents (path → text).
func site(_ files: [String: String], checks: String = "", extraCatalogue: String = "") throws -> TestSite {
    var catalogue = oneCategoryCatalogue + extraCatalogue
    if !checks.isEmpty { catalogue += "checks:\n" + checks + "\n" }
    return try TestSite(catalogue: catalogue, files: files)
}

/// One 规范性文件 whose body is `body` (body line 1 is file line 11).
func bodySite(_ body: String, title: String = "测试市人民政府办公室关于测试工作的通知", checks: String = "") throws -> TestSite {
    try site(["zcwj/gfxwj/2025-00001.md": policy("2025-00001", title: title, body: body)], checks: checks)
}
