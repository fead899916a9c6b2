/// `sitemap.xml` (sitemaps.org 0.9): one `<url>` per page, canonical URLs, in the order given.
public struct Sitemap: Sendable, Equatable {
    public struct URLEntry: Sendable, Equatable {
        public var location: String
        /// The day the page last changed, when known (a document's publication date).
        public var lastModified: CalendarDate?
    }

    public var urls: [URLEntry]

    public func render() -> String {
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">

            """
        for url in urls {
            out += "  <url><loc>\(XML.escape(url.location))</loc>"
            if let d = url.lastModified { out += "<lastmod>\(d.iso)</lastmod>" }
            out += "</url>\n"
        }
        out += "</urlset>\n"
        return out
    }
}

/// `robots.txt`: everything may be crawled; points to the sitemap.
public enum Robots {
    public static func render(sitemapURL: String) -> String {
        "User-agent: *\nAllow: /\n\nSitemap: \(sitemapURL)\n"
    }
}
