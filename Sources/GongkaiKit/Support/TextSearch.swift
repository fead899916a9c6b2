extension StringProtocol {
    /// The first occurrence of `needle`, compared byte by byte in UTF-8. For markup searches on hot
    /// paths (`<p>`, `<h2>`): Foundation's `range(of:)` bridges to NSString and costs far more.
    func firstByteRange(of needle: String) -> Range<String.Index>? {
        let n = Array(needle.utf8)
        guard let first = n.first else { return nil }
        let bytes = utf8
        var i = bytes.startIndex
        while i != bytes.endIndex {
            if bytes[i] == first {
                var j = bytes.index(after: i)
                var k = 1
                while k < n.count, j != bytes.endIndex, bytes[j] == n[k] {
                    j = bytes.index(after: j)
                    k += 1
                }
                if k == n.count { return i..<j }
            }
            i = bytes.index(after: i)
        }
        return nil
    }
}
