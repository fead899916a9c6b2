/// An Atom 1.0 feed (RFC 4287), built from values and written as text in a fixed order.
public struct AtomFeed: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// A permanent IRI: the document's canonical URL.
        public var id: String
        public var title: String
        public var link: String
        public var updated: CalendarDate
        public var published: CalendarDate
        public var summary: String
        /// `(term, label)` pairs: the document's category.
        public var categories: [(term: String, label: String)]

        public static func == (a: Entry, b: Entry) -> Bool {
            a.id == b.id && a.title == b.title && a.link == b.link && a.updated == b.updated
                && a.published == b.published && a.summary == b.summary
                && a.categories.map(\.term) == b.categories.map(\.term)
                && a.categories.map(\.label) == b.categories.map(\.label)
        }
    }

    public var id: String
    public var title: String
    public var subtitle: String?
    /// Absolute URL of the feed itself (`rel="self"`).
    public var selfURL: String
    /// Absolute URL of the HTML page the feed follows (`rel="alternate"`).
    public var pageURL: String
    public var author: String
    /// When nothing is in the feed, the feed's `updated` falls back to this date.
    public var fallbackUpdated: CalendarDate
    public var entries: [Entry]

    /// The newest `updated` of the entries: the feed changes only when an entry does.
    public var updated: CalendarDate { entries.map(\.updated).max() ?? fallbackUpdated }

    public func render() -> String {
        let e = XML.escape
        var out = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
              <id>\(e(id))</id>
              <title>\(e(title))</title>

            """
        if let subtitle, !subtitle.isEmpty { out += "  <subtitle>\(e(subtitle))</subtitle>\n" }
        out += """
              <link rel="self" type="application/atom+xml" href="\(e(selfURL))"/>
              <link rel="alternate" type="text/html" href="\(e(pageURL))"/>
              <updated>\(updated.rfc3339ChinaMidnight)</updated>
              <author><name>\(e(author))</name></author>
              <generator>gongkai</generator>

            """
        for entry in entries {
            out += """
                  <entry>
                    <id>\(e(entry.id))</id>
                    <title>\(e(entry.title))</title>
                    <link rel="alternate" type="text/html" href="\(e(entry.link))"/>
                    <published>\(entry.published.rfc3339ChinaMidnight)</published>
                    <updated>\(entry.updated.rfc3339ChinaMidnight)</updated>

                """
            for c in entry.categories {
                out += "    <category term=\"\(e(c.term))\" label=\"\(e(c.label))\"/>\n"
            }
            if !entry.summary.isEmpty { out += "    <summary>\(e(entry.summary))</summary>\n" }
            out += "  </entry>\n"
        }
        out += "</feed>\n"
        return out
    }
}
