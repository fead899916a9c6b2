import Mustache
import Testing
@testable import GongkaiKit

/// Strings and integers reach swift-mustache wrapped (`TemplateText`, `TemplateNumber`) for speed;
/// every way a template can use a value must print what the plain value prints.
@Suite("Template text")
struct TemplateTextTests {
    static let template = """
        {{a}}|{{{a}}}|{{#a}}[{{.}}:{{a}}:{{missing}}:{{b.c}}]{{/a}}|{{^a}}none{{/a}}|{{uppercased(a)}}|{{#empty(a)}}E{{/empty(a)}}|\
        {{a.x}}|{{n}}|{{#n}}({{.}}{{n}}){{/n}}|{{^n}}zero{{/n}}|{{plusone(n)}}|{{#even(n)}}even{{/even(n)}}|\
        {{z}}|{{#z}}z{{/z}}|{{^z}}not{{/z}}|{{e}}|{{#e}}e{{/e}}|{{^e}}empty{{/e}}
        """

    func render(_ values: [String: Any]) throws -> String {
        try MustacheTemplate(string: TemplateHTMLContentType.pragma + Self.template).render(values)
    }

    @Test func wrappedValuesPrintAsPlainValues() throws {
        let plain: [String: Any] = ["a": "<甲&'\">", "n": 4, "z": 0, "e": "", "b": ["c": "outer"]]
        let wrapped: [String: Any] = [
            "a": TemplateText(renderText: "<甲&'\">"), "n": TemplateNumber(value: 4), "z": TemplateNumber(value: 0),
            "e": TemplateText(renderText: ""), "b": ["c": TemplateText(renderText: "outer")],
        ]
        let expected = try render(plain)
        #expect(try render(wrapped) == expected)
        #expect(expected.contains("&lt;甲&amp;&#39;&quot;&gt;"))
    }

    @Test func wrapLeavesOtherValuesAlone() {
        #expect(TemplateText.wrap(nil) == nil)
        #expect(TemplateText.wrap(true) as? Bool == true)
        #expect(TemplateText.wrap([1, 2]) as? [Int] == [1, 2])
    }

    @Test func dynamicPartialNamesAreNoticed() {
        #expect(TemplateText.mayUseDynamicPartial("{{>*name}}"))
        #expect(TemplateText.mayUseDynamicPartial("{{> \t*name}}"))
        #expect(TemplateText.mayUseDynamicPartial("{{<*parent}}{{/parent}}"))
        #expect(TemplateText.mayUseDynamicPartial("{{=<% %>=}}<%>*name%>"))
        #expect(!TemplateText.mayUseDynamicPartial("{{> partials/history}}<p>注*</p>"))
        #expect(!TemplateText.mayUseDynamicPartial("{{<layout}}{{$main}}{{/main}}{{/layout}}"))
    }
}
