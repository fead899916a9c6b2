/// Paths inside the content folder.
public enum ContentPaths {
    /// Resolves `path`, written relative to the folder `folder` (components), to a path relative to
    /// the content folder: `../gz/a.md` from `zcwj/gfxwj` → `zcwj/gz/a.md`. nil when it is absolute,
    /// a URL, or leaves the content folder.
    public static func resolve(_ path: String, from folder: [String]) -> String? {
        if path.hasPrefix("/") || path.contains("\\") || path.contains("://") { return nil }
        var parts = folder
        for segment in path.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..":
                if parts.isEmpty { return nil }
                parts.removeLast()
            default: parts.append(String(segment))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// The folder of a content path, as components (`zcwj/gfxwj/a.md` → `[zcwj, gfxwj]`).
    public static func folder(of contentPath: String) -> [String] {
        contentPath.split(separator: "/").dropLast().map(String.init)
    }
}
