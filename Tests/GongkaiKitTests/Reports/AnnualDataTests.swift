import Foundation
import Testing
@testable import GongkaiKit

@Suite("Reports: annual report data files")
struct AnnualDataTests {
    /// The example portal's data file: the passing case.
    static func example() throws -> String {
        try String(contentsOf: TestSite.repository.appendingPathComponent("content/annual/2025.yaml"), encoding: .utf8)
    }

    static func decode(_ text: String, path: String = "annual/2025.yaml") -> (AnnualData?, [Diagnostic]) {
        AnnualDataDecoder.decode(SourceFile(contentPath: path, displayPath: "content/" + path, bytes: Array(text.utf8)))
    }

    /// The example with one line replaced; returns the diagnostics and the 1-based line changed.
    static func broken(_ line: String, _ replacement: String) throws -> ([Diagnostic], Int) {
        let text = try example()
        let lines = text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex(of: line), "no line \(line)")
        var changed = lines
        changed[index] = replacement
        return (decode(changed.joined(separator: "\n")).1, index + 1)
    }

    @Test func theExampleIsConsistent() throws {
        let (data, d) = Self.decode(try Self.example())
        #expect(d.isEmpty, "\(d)")
        let data_ = try #require(data)
        #expect(data_.year == 2025)
        #expect(data_.values["applications.new"] == [86, 12, 1, 0, 3, 2, 104])
        #expect(data_.values["applications.results.withheld"] == [5, 1, 0, 0, 0, 0, 6])
        #expect(data_.values["proactive.fees"] == [3_568_000])
        #expect(data_.values["appeals.review"] == [3, 1, 0, 1, 5])
        #expect(data_.texts["other_matters"] == "本年度未收取信息处理费。")
    }

    @Test func totalColumnMustBeTheSumOfTheOthers() throws {
        let (d, line) = try Self.broken("  review:                  [3, 1, 0, 1, 5]", "  review:                  [3, 1, 0, 1, 6]")
        #expect(d.map(\.code) == [.annualColumnTotal])
        #expect(d.first?.location == SourceLocation(file: "content/annual/2025.yaml", line: line, column: 41))
        #expect(d.first?.message.contains("结果维持 3 + 结果纠正 1 + 其他结果 0 + 尚未审结 1 = 5，但填写的是 6") == true)
    }

    @Test func subtotalMustBeTheSumOfItsItems() throws {
        let (d, _) = try Self.broken("      state_secret:       [1, 0, 0, 0, 0, 0, 1]", "      state_secret:       [2, 0, 0, 0, 0, 0, 2]")
        #expect(d.map(\.code) == [.annualSubtotal, .annualSubtotal])
        let subtotalLine = try Self.example().components(separatedBy: "\n").firstIndex(of: "      subtotal:           [5, 1, 0, 0, 0, 0, 6]")! + 1
        #expect(d.map(\.location.line) == [subtotalLine, subtotalLine])
        #expect(d[0].message.contains("“（三）不予公开”的“自然人”列"))
        #expect(d[0].message.contains("2 + 0 + 0 + 2 + 1 + 1 + 0 + 0 = 6，但填写的是 5"))
    }

    @Test func resultsTotalMustBeTheSumOfTheResults() throws {
        // Total and carried-forward both moved by one: only 三（七） is wrong.
        var text = try Self.example()
        text = text.replacingOccurrences(of: "total:            [83, 11, 1, 0, 3, 2, 100]", with: "total:            [84, 11, 1, 0, 3, 2, 101]")
        text = text.replacingOccurrences(of: "carried_forward:   [8, 2, 0, 0, 0, 0, 10]", with: "carried_forward:   [7, 2, 0, 0, 0, 0, 9]")
        let d = Self.decode(text).1
        #expect(d.map(\.code) == [.annualResultsTotal, .annualResultsTotal])
        #expect(d[0].message.contains("40 + 8 + 5 + 20 + 6 + 4 = 83，但填写的是 84"))
    }

    @Test func receivedPlusCarriedOverEqualsAnsweredPlusCarriedForward() throws {
        let (d, line) = try Self.broken("  carried_forward:   [8, 2, 0, 0, 0, 0, 10]", "  carried_forward:   [9, 2, 0, 0, 0, 0, 11]")
        #expect(d.map(\.code) == [.annualBalance, .annualBalance])
        #expect(d.map(\.location.line) == [line, line])
        #expect(d[0].message.contains("= 86 + 5 = 91"))
        #expect(d[0].message.contains("= 83 + 9 = 92"))
    }

    @Test func numbersAreNonNegativeIntegers() throws {
        let (d, line) = try Self.broken("  coercion: 12         # 行政强制", "  coercion: -1")
        #expect(d.map(\.code) == [.annualNumber])
        #expect(d.first?.location.line == line)
        let (d2, _) = try Self.broken("  licensing: 1520      # 行政许可 本年处理决定数量", "  licensing: 15.5")
        #expect(d2.map(\.code) == [.annualNumber])
        let (d3, _) = try Self.broken("  fees: 356.8          # 行政事业性收费 本年收费金额（万元）", "  fees: 1.23456")
        #expect(d3.map(\.code) == [.annualNumber])
        #expect(AnnualDataDecoder.parse("356.8", kind: .amount) == 3_568_000)
        #expect(AnnualDataDecoder.format(3_568_000, kind: .amount) == "356.8")
    }

    @Test func rowsHaveOneNumberPerColumn() throws {
        let (d, line) = try Self.broken("  review:                  [3, 1, 0, 1, 5]", "  review:                  [3, 1, 0, 1]")
        #expect(d.map(\.code) == [.annualRowLength])
        #expect(d.first?.location.line == line)
    }

    @Test func unknownAndMissingKeys() throws {
        let (d, line) = try Self.broken("  licensing: 1520      # 行政许可 本年处理决定数量", "  licencing: 1520")
        #expect(d.map(\.code) == [.annualUnknownKey, .annualMissing])
        #expect(d[0].location.line == line)
        #expect(d[0].suggestion?.contains("licensing") == true)
        let (t, _) = try Self.broken("template: \"2021\"", "template: \"2019\"")
        #expect(t.map(\.code) == [.annualTemplate])
        let name = Self.decode(try Self.example(), path: "annual/2025年.yaml").1
        #expect(name.map(\.code) == [.annualFileName])
    }

    @Test func buildFailsOnABrokenDataFileAndCheckReportsIt() throws {
        let site = try ReportFixture.site()
        try site.write("annual/2025.yaml", try Self.example().replacingOccurrences(of: "[3, 1, 0, 1, 5]", with: "[3, 1, 0, 1, 6]"))
        let outcome = try site.build()
        #expect(!outcome.published)
        let errors = outcome.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.code) == [.annualColumnTotal])
        #expect(errors.first?.location.file.hasSuffix("content/annual/2025.yaml") == true)
    }

    @Test func theReportPageFollowsTheTemplate() throws {
        let site = try ReportFixture.site()
        try site.write("annual/2025.yaml", try Self.example())
        let outcome = try site.build()
        #expect(outcome.published, "\(outcome.diagnostics)")
        let page = try site.page("reports/2025/annual-report/index.html")
        let headings = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
        let positions = headings.map { page.range(of: "<h2>\($0)</h2>")!.lowerBound }
        #expect(positions == positions.sorted())
        #expect(page.contains("<th scope=\"colgroup\" colspan=\"5\">法人或其他组织</th>"))
        #expect(page.contains("<th scope=\"row\" class=\"level-2\">1.属于国家秘密</th>"))
        #expect(page.contains("<td class=\"num\">356.8</td>"))
        // Part two's first table is counted from the content, and links to the documents.
        #expect(page.contains("<a href=\"../../../reports/2025/normative-valid/index.html\">3</a>"))
        #expect(try site.page("reports/2025/index.html").contains("href=\"../../reports/2025/annual-report/index.html\""))
    }
}
