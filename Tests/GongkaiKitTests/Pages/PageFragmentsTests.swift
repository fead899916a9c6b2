import Foundation
import Mustache
import Testing
@testable import GongkaiKit

/// The site header and footer are rendered once per kind of page (`PageFragments`) and must come
/// out as they would rendered in place; absent fields stop the look-up where they are (`TemplateNull`).
@Suite("Chrome fragments")
struct PageFragmentsTests {
    /// Templates as `Templates.load` registers them (HTML escaping), without the required set.
    func templates(_ files: [String: String]) throws -> Templates {
        var library = MustacheLibrary()
        for (name, text) in files { library.register(try MustacheTemplate(string: TemplateHTMLContentType.pragma + text), named: name) }
        return Templates(library: library, folder: "test")
    }

    func chrome(root: String, current: Int?, fragments: PageFragments) -> PageChrome {
        PageChrome(
            root: root, siteTitle: "示例市人民政府", agency: "示例市人民政府办公室", pageTitle: "页面 \(root)",
            canonical: "https://example.gov.cn/x", homeURL: root + "index.html", searchURL: root + "search/index.html",
            interpretationIndexURL: root + "interpretations/index.html", assetsURL: root + "assets/", feedURL: root + "feed.xml",
            nav: ["甲", "乙"].enumerated().map { NavLink(name: $1, url: root + "c\($0)/", current: $0 == current) },
            breadcrumbs: [Crumb(name: "首页", url: nil)], hasBreadcrumbs: true,
            buildDate: "2026-11-22", buildDateChinese: "2026年11月22日", description: "说明", fragments: fragments)
    }

    static let header = "<h>{{siteTitle}}|{{pageTitle}}|{{#nav}}{{name}}{{#current}}*{{/current}}@{{url}};{{/nav}}</h>\n"

    @Test func fragmentsMatchThePartialRenderedInPlace() throws {
        let inPlace = try templates(["page": "{{#chrome}}" + Self.header + "{{/chrome}}"])
        let split = try templates(["page": "{{#chrome}}{{{siteHeader}}}\n{{/chrome}}", "partials/site-header": Self.header])
        let fragments = PageFragments(templates: split)
        for (root, current) in [("", nil), ("../", 0), ("../", 1), ("../", 0), ("../../", 1)] as [(String, Int?)] {
            struct Page: TemplateValue {
                var chrome: PageChrome
                static let templateFields: TemplateFields<Self> = ["chrome": { $0.chrome }]
            }
            let page = Page(chrome: chrome(root: root, current: current, fragments: fragments))
            let expected = try inPlace.render(page, with: "page")
            // The header sees only the shared chrome: the page's own title is not one of its fields.
            #expect(expected.contains("|页面 \(root)|"))
            #expect(try split.render(page, with: "page") == expected.replacingOccurrences(of: "页面 \(root)", with: ""))
        }
    }

    @Test func aRebasedChromeGetsItsOwnHeader() throws {
        let split = try templates(["partials/site-header": Self.header])
        let relative = chrome(root: "../../", current: 1, fragments: PageFragments(templates: split))
        #expect(relative.fragment("siteHeader") == "<h>示例市人民政府||甲@../../c0/;乙*@../../c1/;</h>")
        let rebased = PageContext.rebase(relative, root: "/gk/")
        #expect(rebased.fragment("siteHeader") == "<h>示例市人民政府||甲@/gk/c0/;乙@/gk/c1/;</h>")
        #expect(relative.fragment("siteFooter") == "", "no footer partial: nothing")
    }

    @Test(arguments: [
        ("partials/site-footer", "layout.mustache", 32),
        ("partials/document-row", "partials/document-table.mustache", 9),
    ])
    func aTemplateNamingAMissingFragmentIsAnError(partial: String, user: String, line: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fragments-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: TestSite.templates, toPath: folder.path)
        try FileManager.default.removeItem(at: folder.appendingPathComponent(partial + ".mustache"))
        let (loaded, diagnostics) = try Templates.load(from: folder.path)
        #expect(loaded == nil)
        let missing = try #require(diagnostics.first { $0.code.rawValue == "template.missing" })
        #expect(missing.location.file.hasSuffix(user))
        #expect(missing.location.line == line)
        #expect(missing.message.contains(partial + ".mustache"))
    }

    @Test func anAbsentFieldDoesNotFallThroughToAnEnclosingOne() throws {
        struct Link: TemplateValue {
            var url: String?
            var name: String
            static let templateFields: TemplateFields<Self> = ["url": { $0.url }, "name": { $0.name }]
        }
        struct Page: TemplateValue {
            var url: String
            var links: [Link]
            static let templateFields: TemplateFields<Self> = ["url": { $0.url }, "links": { $0.links }]
        }
        let t = try templates(["page": "{{#links}}[{{name}}:{{url}}{{#url}}+{{/url}}{{^url}}-{{/url}}]{{/links}}{{url}}"])
        let page = Page(url: "outer", links: [Link(url: "a", name: "甲"), Link(url: nil, name: "乙")])
        #expect(try t.render(page, with: "page") == "[甲:a+][乙:-]outer")
    }
}
