import Foundation

/// A document's body as the documents stage holds it: what the page and search digests need (the
/// hashes of the HTML and the plain text, the article count) at once; the HTML and the text
/// themselves only when a page or search file must be made after all (`rendered`).
///
/// A rebuild with a cache keeps almost every document's page and search files on their digests, so
/// for those the body memo's head is all that is read (`BodyMemo.head`): not the kilobytes of HTML
/// and text behind it, which would otherwise be copied, checked and decoded into strings for every
/// document of the site on every build.
final class DocumentBody: @unchecked Sendable {
    let htmlHash: UInt64
    let textHash: UInt64
    let articleCount: Int
    private let lock = NSLock()
    private var body: RenderedBody?
    private var fetch: (() -> RenderedBody)?

    /// A body rendered (or read whole) now.
    init(_ body: RenderedBody, articleCount: Int) {
        (htmlHash, textHash, self.articleCount) = (FastHash.hash(body.html), FastHash.hash(body.plainText), articleCount)
        self.body = body
    }

    /// A body the memo remembers, by its head; `fetch` reads the rest (or renders it again).
    init(head: RememberedBody.Head, fetch: @escaping () -> RenderedBody) {
        (htmlHash, textHash, articleCount) = (head.htmlHash, head.textHash, head.articleCount)
        self.fetch = fetch
    }

    /// The HTML, text, headings and links; fetched once, on first use.
    var rendered: RenderedBody {
        lock.withLock {
            if let body { return body }
            let fetched = fetch!()
            (body, fetch) = (fetched, nil)
            return fetched
        }
    }
}
