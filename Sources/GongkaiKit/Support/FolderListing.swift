import Foundation
#if canImport(Glibc)
import Glibc
#endif

enum FolderListing {
    /// The names in `folder` (not `.` and `..`), each with whether it is a folder, from the
    /// directory entries' types (`lstat` where the file system does not fill them in, so a symbolic
    /// link is never a folder); nil when the folder cannot be read.
    static func entries(of folder: String) -> [(name: String, isFolder: Bool)]? {
        guard let dir = opendir(folder) else { return nil }
        defer { closedir(dir) }
        var out: [(name: String, isFolder: Bool)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            var isFolder = entry.pointee.d_type == UInt8(DT_DIR)
            if entry.pointee.d_type == UInt8(DT_UNKNOWN) {
                var s = stat()
                guard lstat(folder + "/" + name, &s) == 0 else { return nil }
                isFolder = (s.st_mode & S_IFMT) == S_IFDIR
            }
            out.append((name, isFolder))
        }
        return out
    }
}
