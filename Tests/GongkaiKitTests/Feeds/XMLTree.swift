import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML document for tests: well-formedness by Foundation's `XMLParser`, then a tiny tree.
final class XMLTree: NSObject, XMLParserDelegate {
    final class Element {
        let name: String
        let namespace: String?
        let attributes: [String: String]
        var text = ""
        var children: [Element] = []
        init(name: String, namespace: String?, attributes: [String: String]) {
            self.name = name
            self.namespace = namespace
            self.attributes = attributes
        }

        func all(_ name: String) -> [Element] { children.filter { $0.name == name } }
        func first(_ name: String) -> Element? { children.first { $0.name == name } }
    }

    private var stack: [Element] = []
    private(set) var root: Element?

    /// Parses `data`; throws with the parser's line and column when it is not well-formed XML.
    static func parse(_ data: Data) throws -> Element {
        let tree = XMLTree()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = tree
        guard parser.parse(), let root = tree.root else {
            throw NotWellFormed(line: parser.lineNumber, column: parser.columnNumber,
                                reason: parser.parserError.map { "\($0)" } ?? "no root element")
        }
        return root
    }

    static func parse(_ text: String) throws -> Element { try parse(Data(text.utf8)) }

    struct NotWellFormed: Error, CustomStringConvertible {
        var line: Int
        var column: Int
        var reason: String
        var description: String { "not well-formed XML at \(line):\(column): \(reason)" }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let element = Element(name: elementName, namespace: namespaceURI, attributes: attributeDict)
        if let parent = stack.last { parent.children.append(element) } else { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}
