import Foundation

/// How links written in a document body become links in the site: a relative link to another
/// Markdown file becomes that document's permalink (its anchor kept), a link to one of the
/// document's own attachments points at the copy next to the page; everything else is left as is.
public enum BodyLinks {
    public enum Target: Equatable, Sendable {
        case external
        case anchor(String)
        case document(SiteModel.DocumentID, fragment: String?)
        case attachment(fileName: String)
        /// A relative link that names no document or attachment of this site.
        case broken(contentPath: String?)
    }

    public static func classify(_ destination: String, in d: Document, context: PageContext) -> Target {
        if destination.isEmpty { return .broken(contentPath: nil) }
        if destination.hasPrefix("#") { return .anchor(String(destination.dropFirst())) }
        if destination.contains(":") || destination.hasPrefix("//") { return .external }
        var path = destination
        var fragment: String? = nil
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            path = String(path[..<hash])
        }
        if let q = path.firstIndex(of: "?") { path = String(path[..<q]) }
        let decoded = path.removingPercentEncoding ?? path
        guard let resolved = ContentPaths.resolve(decoded, from: ContentPaths.folder(of: d.contentPath)) else { return .broken(contentPath: nil) }
        if let id = context.documentByContentPath[resolved] { return .document(id, fragment: fragment) }
        if let a = d.attachments.first(where: { $0.contentPath == resolved }) { return .attachment(fileName: a.fileName) }
        return .broken(contentPath: resolved)
    }

    static func rewrite(_ destination: String, in d: Document, root: String, context: PageContext) -> String? {
        switch classify(destination, in: d, context: context) {
        case .document(let id, let fragment):
            let url = root + SitePaths.document(context.model[id].indexNo)
            return fragment.map { url + "#" + $0 } ?? url
        case .attachment(let name):
            return SitePaths.percentEncodePath(name)
        case .external, .anchor, .broken:
            return nil
        }
    }
}
