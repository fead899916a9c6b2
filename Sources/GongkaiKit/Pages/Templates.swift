import Foundation
import Mustache

/// The Mustache templates of a site (`templates/*.mustache`, partials in subfolders), loaded once.
/// A template that is missing or does not parse is an error with its file and line.
public struct Templates: Sendable {
    let library: MustacheLibrary
    public let folder: String

    /// Templates every site needs.
    public static let required = ["home", "category", "document", "404", "compare", "interpretations", "browse", "browse-index", "search"]

    public static func load(from folder: String) throws -> (Templates?, [Diagnostic]) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw BuildError.templatesFolderMissing(folder)
        }
        var diagnostics: [Diagnostic] = []
        var library = MustacheLibrary()
        var names: Set<String> = []
        var broken: Set<String> = []
        /// Where a template names a fragment field (`PageFragments.partials`): file, line, partial.
        var fragmentUses: [(display: String, line: Int, partial: String)] = []
        let files = (fm.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".mustache") }.sorted()
        for file in files {
            let display = ContentLoader.display(folder, file)
            let name = String(file.dropLast(".mustache".count))
            guard let data = fm.contents(atPath: folder + "/" + file) else { continue }
            guard case .success(let text) = TextDecoding.decode([UInt8](data)) else {
                diagnostics.append(.error("template.utf8", at: SourceLocation(file: display, line: 1), "模板文件不是 UTF-8 编码。"))
                continue
            }
            for (field, partial) in PageFragments.partials.sorted(by: { $0.key < $1.key }) {
                if let range = text.range(of: field) {
                    fragmentUses.append((display, text[..<range.lowerBound].count(where: { $0 == "\n" }) + 1, partial))
                }
            }
            // Strings handed over wrapped cannot name a partial: see `TemplateText`.
            if TemplateText.wrapping && TemplateText.mayUseDynamicPartial(text) { TemplateText.wrapping = false }
            do {
                library.register(try MustacheTemplate(string: TemplateHTMLContentType.pragma + text), named: name)
                names.insert(name)
            } catch let error as MustacheTemplate.ParserError {
                broken.insert(name)
                diagnostics.append(.error(
                    "template.syntax",
                    at: SourceLocation(file: display, line: error.context.lineNumber - 1, column: error.context.columnNumber),
                    "模板语法错误：\(error.error)。", suggestion: "检查此处的 {{#…}} 与 {{/…}} 是否成对、名称是否一致。"))
            } catch {
                broken.insert(name)
                diagnostics.append(.error("template.syntax", at: SourceLocation(file: display, line: 1), "模板语法错误：\(error)。"))
            }
        }
        for name in required where !names.contains(name) && !broken.contains(name) {
            diagnostics.append(.error(
                "template.missing", at: SourceLocation(file: ContentLoader.display(folder, name + ".mustache"), line: 1),
                "缺少模板 \(name).mustache。", suggestion: "从 gongkai 自带的 templates/ 目录复制该模板。"))
        }
        // A fragment renders empty without its partial: a header, footer or table rows missing silently.
        for use in fragmentUses where !names.contains(use.partial) && !broken.contains(use.partial) {
            diagnostics.append(.error(
                "template.missing", at: SourceLocation(file: use.display, line: use.line),
                "此模板用到的 \(use.partial).mustache 不存在。",
                suggestion: "从 gongkai 自带的 templates/ 目录复制 \(use.partial).mustache。"))
        }
        if diagnostics.hasErrors { return (nil, diagnostics) }
        return (Templates(library: library, folder: folder), diagnostics)
    }

    /// Renders `view` with the template `name`; a missing template is a programming error caught by
    /// `load`'s list of required templates, so it is reported, never rendered as an empty page.
    public func render(_ view: Any, with name: String) throws -> String {
        guard let html = library.render(view, withTemplate: name) else {
            throw TemplateMissing(name: name, folder: folder)
        }
        return html
    }

    /// Renders `view` with the template `name` and hands the page to `emit` — unless `memo` keeps
    /// the previous build's page at `sitePath` (same `PageKey`): then nothing is rendered or written.
    /// `recording`: the page's inputs digest (`PageMemo.inputs`), recorded with its key.
    func emitPage<View: TemplateValue>(_ view: View, with name: String, at sitePath: String, memo: PageMemo?,
                                       recording inputs: UInt64? = nil, _ emit: (OutputItem) throws -> Void) throws {
        if let memo, memo.keep(view, template: name, at: sitePath, inputs: inputs) { return }
        try emit(.file(path: sitePath, bytes: Array(try render(view, with: name).utf8)))
    }

    /// The same for a page whose inputs are known (`PageInputs`): when the previous build recorded
    /// the page under the same inputs, it is kept without even building its view model.
    func emitPage<View: TemplateValue>(inputs: UInt64?, _ view: () -> View, with name: String, at sitePath: String,
                                       memo: PageMemo?, _ emit: (OutputItem) throws -> Void) throws {
        // The epoch and the template are part of every key, so of every inputs digest too.
        let inputs = inputs.flatMap { inputs in memo.map { $0.inputs(inputs, template: name) } }
        if let memo, let inputs, memo.keep(inputs: inputs, template: name, at: sitePath, view: view) { return }
        try emitPage(view(), with: name, at: sitePath, memo: memo, recording: inputs, emit)
    }

    public func has(_ name: String) -> Bool { library.getTemplate(named: name) != nil }

    public struct TemplateMissing: Error, CustomStringConvertible {
        public var name: String
        public var folder: String
        public var description: String { "缺少模板 \(folder)/\(name).mustache。" }
    }
}
