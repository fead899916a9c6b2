/// A document body after Markdown rendering: safe HTML, plain text for search and checks, and what
/// the body links to.
public struct RenderedBody: Sendable, Hashable {
    public var html: String
    public var plainText: String
    public var headings: [Heading]
    public var links: [BodyLink]

    public init(html: String, plainText: String, headings: [Heading], links: [BodyLink]) {
        self.html = html
        self.plainText = plainText
        self.headings = headings
        self.links = links
    }
}

public struct Heading: Sendable, Hashable {
    /// The level in the page (body headings start at 2: the page's h1 is the title).
    public var level: Int
    public var text: String
    public var anchor: String
}

/// A link or image in the body, as written, with its 1-based line within the body.
public struct BodyLink: Sendable, Hashable {
    public var destination: String
    public var line: Int
    public var column: Int
    public var isImage: Bool
}

/// Turns Markdown into `RenderedBody`. The C library sits behind this protocol, imported by one file.
public protocol MarkdownRendering: Sendable {
    /// `rewrite` maps a link destination as written to the URL to use in the page (nil: keep it).
    func render(_ markdown: String, rewrite: (String) -> String?) -> RenderedBody
    /// The links and images of a body as written (what `render(…).links` gives), without rendering it.
    func links(in markdown: String) -> [BodyLink]
    /// `links(in: document.body)`.
    func links(of document: Document) -> [BodyLink]
}

extension MarkdownRendering {
    public func links(in markdown: String) -> [BodyLink] { render(markdown) { _ in nil }.links }
    public func links(of document: Document) -> [BodyLink] { links(in: document.body) }
}

public enum Anchors {
    /// A stable fragment id for a heading: letters, digits and CJK kept, other runs become `-`.
    public static func slug(_ text: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.unicodeScalars {
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil {
                if pendingDash && !out.isEmpty { out += "-" }
                pendingDash = false
                if scalar.isASCII { out += String(scalar).lowercased() } else { out.unicodeScalars.append(scalar) }
            } else {
                pendingDash = true
            }
        }
        return out.isEmpty ? "section" : out
    }

    /// Makes `slug` unique among `used` by appending -2, -3 ….
    public static func unique(_ slug: String, _ used: inout Set<String>) -> String {
        var candidate = slug
        var n = 2
        while used.contains(candidate) {
            candidate = "\(slug)-\(n)"
            n += 1
        }
        used.insert(candidate)
        return candidate
    }
}
