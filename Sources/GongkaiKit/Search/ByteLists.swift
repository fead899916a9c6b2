/// Many append-only byte lists (the index's document and position lists: millions of them, most a
/// few bytes long) in pages of one arena instead of one heap array each: no allocation per list, no
/// copy-on-write checks on the hot path, and a fraction of the memory.
///
/// A list is a chain of chunks of 8, 16, 32 … 64 KiB bytes; each chunk is followed by the address
/// of the next one. Addresses are `page << 20 | offset`; a chunk never straddles a page.
struct ByteLists {
    private static let pageBits = 20
    private static let pageSize = 1 << pageBits
    private static let firstChunk: Int32 = 8
    private static let largestChunk: Int32 = 65536

    private let owner = PageOwner()
    private var pages: [UnsafeMutablePointer<UInt8>] = []
    private var pageUsed = ByteLists.pageSize
    private var head: [Int] = []
    private var tail: [Int] = []
    private var used: [Int32] = []
    private var capacity: [Int32] = []
    /// Bytes in the full chunks before the current one.
    private var before: [Int] = []

    /// Number of lists.
    var lists: Int { head.count }

    /// Adds an empty list and returns its number.
    mutating func add() -> Int {
        head.append(-1); tail.append(-1); used.append(0); capacity.append(0); before.append(0)
        return head.count - 1
    }

    func count(_ list: Int) -> Int { before[list] + Int(used[list]) }

    @inline(__always)
    mutating func append(_ list: Int, _ byte: UInt8) {
        if used[list] == capacity[list] { grow(list) }
        let address = tail[list] &+ Int(used[list])
        pages[address >> Self.pageBits][address & (Self.pageSize - 1)] = byte
        used[list] &+= 1
    }

    /// LEB128 unsigned varint (the index's integer coding).
    @inline(__always)
    mutating func appendVarint(_ list: Int, _ value: UInt32) {
        var v = value
        while v >= 0x80 {
            append(list, UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        append(list, UInt8(v))
    }

    /// Appends the bytes of `list` to `out`.
    func copy(_ list: Int, into out: inout [UInt8]) {
        var remaining = count(list)
        var address = head[list]
        var size = Self.firstChunk
        while remaining > 0 {
            let n = min(Int(size), remaining)
            let start = pages[address >> Self.pageBits] + (address & (Self.pageSize - 1))
            out.append(contentsOf: UnsafeBufferPointer(start: start, count: n))
            remaining -= n
            if remaining > 0 {
                address = UnsafeRawPointer(start + Int(size)).loadUnaligned(as: Int.self)
                size = min(size * 2, Self.largestChunk)
            }
        }
    }

    private mutating func grow(_ list: Int) {
        let size = capacity[list] == 0 ? Self.firstChunk : min(capacity[list] * 2, Self.largestChunk)
        let needed = Int(size) + MemoryLayout<Int>.size
        if pageUsed + needed > Self.pageSize {
            let page = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.pageSize)
            owner.pages.append(page)
            pages.append(page)
            pageUsed = 0
        }
        let address = (pages.count - 1) << Self.pageBits | pageUsed
        pageUsed += needed
        if tail[list] >= 0 {
            let end = tail[list] + Int(capacity[list])
            UnsafeMutableRawPointer(pages[end >> Self.pageBits] + (end & (Self.pageSize - 1)))
                .storeBytes(of: address, as: Int.self)
            before[list] += Int(capacity[list])
        } else {
            head[list] = address
        }
        tail[list] = address
        used[list] = 0
        capacity[list] = size
    }
}

/// Frees the arena's pages when the last copy of the lists goes.
private final class PageOwner {
    var pages: [UnsafeMutablePointer<UInt8>] = []
    deinit { for p in pages { p.deallocate() } }
}
