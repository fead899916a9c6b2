import Testing
@testable import GongkaiKit

@Suite("Catalogue")
struct CatalogueDecoderTests {
    func decode(_ yaml: String) -> (Catalogue?, [Diagnostic]) {
        CatalogueDecoder.decode(
            SourceFile(contentPath: "catalogue.yaml", displayPath: "content/catalogue.yaml", bytes: Array(yaml.utf8)),
            contentRoot: "content")
    }

    @Test func readsTreeSettingsAndInheritance() throws {
        let (catalogue, diagnostics) = decode("""
            site:
              title: 测试
              base_url: https://www.example.gov.cn/gk
              agency: 测试办
              page_size: 15
            catalogue:
              - id: zcwj
                name: 政策文件
                requires: [issuer]
                children:
                  - id: gfxwj
                    name: 行政规范性文件
                    requires: [doc_no, written]
                    interpretation: required
                    interpretation_delay_days: 3
              - id: czxx
                name: 财政信息
                empty_reason: 本年度暂无
            rules:
              wording.typo: error
              pii.phone: off
            """)
        #expect(diagnostics.isEmpty)
        let c = try #require(catalogue)
        #expect(c.site.baseURL == "https://www.example.gov.cn/gk/")
        #expect(c.site.pageSize == 15)
        #expect(c.ordered.map(\.dotted) == ["zcwj", "zcwj.gfxwj", "czxx"])
        let leaf = try #require(c[CategoryPath(dotted: "zcwj.gfxwj")!])
        #expect(leaf.requires == [.issuer, .docNo, .written])
        #expect(leaf.interpretation == .required)
        #expect(leaf.interpretationDelayDays == 3)
        #expect(c[CategoryPath(dotted: "czxx")!]?.emptyReason == "本年度暂无")
        #expect(c.ruleSeverities["wording.typo"] == .severity(.error))
        #expect(c.ruleSeverities["pii.phone"] == .off)
        #expect(c.names(along: leaf.path) == ["政策文件", "行政规范性文件"])
    }

    @Test func reportsEveryMistakeWithItsLine() {
        let (catalogue, diagnostics) = decode("""
            site:
              title: 测试
              base_url: www.example.gov.cn
              agency: 测试办
              pagesize: 10
            catalogue:
              - id: zcwj
                name: 政策文件
                requires: [isuer]
              - id: zcwj
                name: 重复
              - id: 财政
                name: 财政信息
              - id: rsxx
                interpretation: always
            """)
        #expect(catalogue == nil)
        #expect(diagnostics.map { "\($0.code)@\($0.location.line)" }.sorted() == [
            "catalogue.duplicate-id@10", "catalogue.invalid@12", "catalogue.invalid@14", "catalogue.invalid@15",
            "catalogue.invalid@3", "catalogue.invalid@9", "catalogue.unknown-key@5",
        ])
        #expect(diagnostics.first { $0.code == .catalogueUnknownKey }?.suggestion == "是否应为“page_size”？")
    }

    @Test func missingCatalogueFile() {
        let (catalogue, diagnostics) = CatalogueDecoder.decode(nil, contentRoot: "content")
        #expect(catalogue == nil)
        #expect(diagnostics.map(\.code) == [.catalogueMissing])
        #expect(diagnostics.first?.location.file == "content/catalogue.yaml")
    }
}
