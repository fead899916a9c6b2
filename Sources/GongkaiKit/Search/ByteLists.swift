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
    /// Per list, in one record: appending touches one cache line, not one per field (the index
    /// appends to millions of lists in no order, so these lookups are mostly cache misses).
    private var records: [ListState] = []

    private struct ListState {
        /// Address of the current (last) chunk, and of the first; -1 before the first byte.
        var tail = -1
        var used: Int32 = 0
        var capacity: Int32 = 0
        var head = -1
        /// Bytes in the full chunks before the current one.
        var before = 0
    }

    /// Number of lists.
    var lists: Int { records.count }

    /// Adds an empty list and returns its number.
    mutating func add() -> Int {
        records.append(ListState())
        return records.count - 1
    }

    func count(_ list: Int) -> Int { records[list].before + Int(records[list].used) }

    @inline(__always)
    mutating func append(_ list: Int, _ byte: UInt8) {
        if records[list].used == records[list].capacity { grow(list) }
        let address = records[list].tail &+ Int(records[list].used)
        pages[address >> Self.pageBits][address & (Self.pageSize - 1)] = byte
        records[list].used &+= 1
    }

    /// LEB128 unsigned varint (the index's integer coding): written in one go when it fits in the
    /// list's current chunk (nearly always), byte by byte across a chunk boundary.
    @inline(__always)
    mutating func appendVarint(_ list: Int, _ value: UInt32) {
        let length = value < 1 << 7 ? 1 : value < 1 << 14 ? 2 : value < 1 << 21 ? 3 : value < 1 << 28 ? 4 : 5
        let state = records[list]
        guard Int(state.capacity - state.used) >= length else {
            var v = value
            while v >= 0x80 {
                append(list, UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            append(list, UInt8(v))
            return
        }
        let address = state.tail &+ Int(state.used)
        var out = pages[address >> Self.pageBits] + (address & (Self.pageSize - 1))
        var v = value
        while v >= 0x80 {
            out.pointee = UInt8(v & 0x7F) | 0x80
            out += 1
            v >>= 7
        }
        out.pointee = UInt8(v)
        records[list].used = state.used &+ Int32(length)
    }

    /// Appends `bytes` to `list` (a segment's list when segments are merged): chunk by chunk.
    mutating func append(_ list: Int, contentsOf bytes: UnsafeRawBufferPointer) {
        var from = 0
        while from < bytes.count {
            if records[list].used == records[list].capacity { grow(list) }
            let state = records[list]
            let n = min(Int(state.capacity - state.used), bytes.count - from)
            let address = state.tail &+ Int(state.used)
            (pages[address >> Self.pageBits] + (address & (Self.pageSize - 1)))
                .update(from: bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + from, count: n)
            records[list].used = state.used &+ Int32(n)
            from += n
        }
    }

    /// Appends the bytes of `list` to `out`.
    func copy(_ list: Int, into out: inout [UInt8]) {
        var remaining = count(list)
        var address = records[list].head
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
        var state = records[list]
        let size = state.capacity == 0 ? Self.firstChunk : min(state.capacity * 2, Self.largestChunk)
        let needed = Int(size) + MemoryLayout<Int>.size
        if pageUsed + needed > Self.pageSize {
            let page = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.pageSize)
            owner.pages.append(page)
            pages.append(page)
            pageUsed = 0
        }
        let address = (pages.count - 1) << Self.pageBits | pageUsed
        pageUsed += needed
        if state.tail >= 0 {
            let end = state.tail + Int(state.capacity)
            UnsafeMutableRawPointer(pages[end >> Self.pageBits] + (end & (Self.pageSize - 1)))
                .storeBytes(of: address, as: Int.self)
            state.before += Int(state.capacity)
        } else {
            state.head = address
        }
        state.tail = address
        state.used = 0
        state.capacity = size
        records[list] = state
    }
}

/// Frees the arena's pages when the last copy of the lists goes.
private final class PageOwner {
    var pages: [UnsafeMutablePointer<UInt8>] = []
    deinit { for p in pages { p.deallocate() } }
}
