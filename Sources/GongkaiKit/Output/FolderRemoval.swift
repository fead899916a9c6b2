import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Deletes a whole folder tree fast: one listing per folder (file types from `d_type`), the files
/// unlinked folder by folder on all cores with paths relative to an open folder, then the folders
/// deepest first. A replaced site has hundreds of thousands of files; Foundation's `removeItem`
/// stats and deletes them one at a time by full path and took minutes for a 100,000-document site.
enum FolderRemoval {
    /// Removes `path` and everything below it. Symbolic links are removed, never followed.
    /// Throws when something could not be removed (what could be removed is gone).
    static func remove(_ path: String) throws {
        var s = stat()
        guard lstat(path, &s) == 0 else {
            if errno == ENOENT { return }
            throw BuildError.outputNotWritable(path, String(cString: strerror(errno)))
        }
        guard (s.st_mode & S_IFMT) == S_IFDIR else {
            guard unlink(path) == 0 else { throw BuildError.outputNotWritable(path, String(cString: strerror(errno))) }
            return
        }
        // Preorder: a folder comes before everything below it.
        var folders: [(path: String, files: [String])] = []
        try list(path, into: &folders)
        let failures = Parallel.map(folders.count, grain: 8) { i -> (path: String, error: Int32)? in
            let fd = open(folders[i].path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { return (folders[i].path, errno) }
            defer { close(fd) }
            for name in folders[i].files where unlinkat(fd, name, 0) != 0 && errno != ENOENT {
                return (folders[i].path + "/" + name, errno)
            }
            return nil
        }
        if let failed = failures.lazy.compactMap({ $0 }).first {
            throw BuildError.outputNotWritable(failed.path, String(cString: strerror(failed.error)))
        }
        for folder in folders.reversed() where rmdir(folder.path) != 0 && errno != ENOENT {
            throw BuildError.outputNotWritable(folder.path, String(cString: strerror(errno)))
        }
    }

    private static func list(_ folder: String, into folders: inout [(path: String, files: [String])]) throws {
        guard let entries = FolderListing.entries(of: folder) else {
            throw BuildError.outputNotWritable(folder, String(cString: strerror(errno)))
        }
        folders.append((folder, entries.filter { !$0.isFolder }.map(\.name)))
        for entry in entries where entry.isFolder { try list(folder + "/" + entry.name, into: &folders) }
    }
}
