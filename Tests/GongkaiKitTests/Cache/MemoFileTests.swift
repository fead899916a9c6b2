import Foundation
import Testing
@testable import GongkaiKit

/// The memo files' layout (`MemoStore`, `MemoWriter`, `MemoFile`): a rebuild appends new entries and
/// an index; the file is written afresh only when dead bytes outweigh live ones or the context
/// changed; a damaged, cut or half-appended file is only a miss, never a wrong result.
@Suite("Memo file")
struct MemoFileTests {
    static let magic = Array("gongkai test memo\n".utf8)

    final class Folder {
        let path: String
        var file: String { path + "/test.cache" }
        init() throws {
            path = NSTemporaryDirectory() + "gongkai-memo-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func load(context: UInt64 = 7) -> MemoFile? {
            MemoFile.load(file, magic: MemoFileTests.magic, version: 1).flatMap { $0.context == context ? $0 : nil }
        }

        /// Saves `entries` (a nil payload: carried over from the memo in place).
        func save(_ entries: [(String, UInt64, [UInt8]?)], context: UInt64 = 7) throws {
            try MemoFile.save(file, magic: MemoFileTests.magic, version: 1, context: context,
                              entries.map { ($0.0, $0.1, $0.2.map { $0[...] } ?? MemoFile.carriedOver) },
                              previous: MemoFile.load(file, magic: MemoFileTests.magic, version: 1))
        }

        var bytes: [UInt8] {
            get { (try? [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))) ?? [] }
            set { try! Data(newValue).write(to: URL(fileURLWithPath: file)) }
        }

        var inode: Int { (try? FileManager.default.attributesOfItem(atPath: file)[.systemFileNumber] as? Int) ?? -1 }

        /// The offset of the index in force, as the header holds it.
        var slot: UInt64 {
            get { bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: MemoStore.slotOffset(MemoFileTests.magic), as: UInt64.self) } }
            set {
                var b = bytes
                withUnsafeBytes(of: newValue.littleEndian) { b.replaceSubrange(MemoStore.slotOffset(MemoFileTests.magic)..<MemoStore.slotOffset(MemoFileTests.magic) + 8, with: $0) }
                bytes = b
            }
        }
    }

    static func payload(_ text: String, repeat n: Int = 1) -> [UInt8] { Array(String(repeating: text, count: n).utf8) }

    static func contents(_ memo: MemoFile?, _ names: [String]) -> [String: String] {
        var out: [String: String] = [:]
        for name in names { if let p = memo?.payload(name) { out[name] = String(decoding: p.bytes, as: UTF8.self) } }
        return out
    }

    @Test func appendsOnlyWhatChanged() throws {
        let f = try Folder()
        try f.save([("a", 1, Self.payload("甲", repeat: 100)), ("b", 2, Self.payload("乙", repeat: 100)), ("c", 3, Self.payload("丙", repeat: 100))])
        let first = f.bytes, inode = f.inode
        #expect(f.load()?.count == 3)

        // Nothing changed: not a byte written.
        try f.save([("a", 1, nil), ("b", 2, nil), ("c", 3, nil)])
        #expect(f.bytes == first && f.inode == inode)

        // One entry changed: its frame and an index appended to the same file, the rest left in place.
        try f.save([("a", 1, nil), ("b", 4, Self.payload("新")), ("c", 3, nil)])
        let second = f.bytes
        #expect(f.inode == inode)
        // The old bytes are all still there, but for the header's pointer to the index.
        let slot = MemoStore.slotOffset(Self.magic)
        #expect(second[..<slot] == first[..<slot] && second[(slot + 8)..<first.count] == first[(slot + 8)...])
        #expect(second.count - first.count < 16 + 3 + 200)
        let memo = f.load()
        #expect(memo?.has("b", hash: 4) == true && memo?.has("b", hash: 2) == false)
        #expect(Self.contents(memo, ["a", "b", "c"]) == ["a": String(repeating: "甲", count: 100), "b": "新", "c": String(repeating: "丙", count: 100)])

        // An entry dropped, one added: the index says so.
        try f.save([("a", 1, nil), ("d", 5, Self.payload("丁"))])
        let third = f.load()
        #expect(third?.count == 2 && third?.has("c", hash: 3) == false)
        #expect(Self.contents(third, ["a", "d"]) == ["a": String(repeating: "甲", count: 100), "d": "丁"])
        #expect(f.inode == inode)
    }

    @Test func writtenAfreshWhenMostlyDead() throws {
        let f = try Folder()
        try f.save([("a", 1, Self.payload("甲")), ("b", 0, Self.payload("乙", repeat: 50))])
        let inode = f.inode
        var rewrites = 0
        var lastInode = inode
        for k in 1...12 {
            try f.save([("a", 1, nil), ("b", UInt64(k), Self.payload("乙\(k)", repeat: 50))])
            let memo = try #require(f.load())
            #expect(Self.contents(memo, ["a", "b"]) == ["a": "甲", "b": String(repeating: "乙\(k)", count: 50)])
            // Never more than twice what is live (plus the one frame and index just appended).
            #expect(f.bytes.count <= 2 * memo.store.liveBytes + 400)
            if f.inode != lastInode { rewrites += 1; lastInode = f.inode }
        }
        #expect(rewrites >= 2 && rewrites <= 6, "\(rewrites)")
    }

    @Test func anotherContextIsWrittenAfresh() throws {
        let f = try Folder()
        try f.save([("a", 1, Self.payload("甲")), ("b", 2, Self.payload("乙"))])
        let inode = f.inode
        #expect(f.load(context: 8) == nil)
        try f.save([("a", 1, Self.payload("甲")), ("b", 2, Self.payload("乙2"))], context: 8)
        #expect(f.inode != inode)
        #expect(f.load() == nil)
        #expect(Self.contents(f.load(context: 8), ["a", "b"]) == ["a": "甲", "b": "乙2"])
        // Entries carried while writing afresh are copied.
        var bytes = f.bytes
        bytes.append(contentsOf: [UInt8](repeating: 0xAB, count: 4000))   // dead bytes: more than live
        f.bytes = bytes
        try f.save([("a", 1, nil), ("b", 2, nil), ("c", 3, Self.payload("丙"))], context: 8)
        #expect(f.bytes.count < 1000)
        #expect(Self.contents(f.load(context: 8), ["a", "b", "c"]) == ["a": "甲", "b": "乙2", "c": "丙"])
    }

    @Test(arguments: ["truncate-tail", "truncate-index", "flip-index", "flip-index-length", "slot-past-end", "garbage", "empty", "version"])
    func damagedFileIsNotUsed(damage: String) throws {
        let f = try Folder()
        try f.save([("a", 1, Self.payload("甲", repeat: 30)), ("b", 2, Self.payload("乙", repeat: 30))])
        var bytes = f.bytes
        let index = Int(f.slot)
        switch damage {
        case "truncate-tail": bytes.removeLast(1)
        case "truncate-index": bytes.removeLast(bytes.count - index - 12)
        case "flip-index": bytes[index + 12] ^= 0x01
        case "flip-index-length": bytes[index] ^= 0x04
        case "slot-past-end": bytes[MemoStore.slotOffset(Self.magic) + 1] = 0x7f
        case "garbage": bytes = Array("这不是缓存".utf8)
        case "version": bytes[Self.magic.count + 8] ^= 0x01
        default: bytes = []
        }
        f.bytes = bytes
        #expect(f.load() == nil, "\(damage)")
        // And the next save writes a whole file again.
        try f.save([("a", 1, Self.payload("甲")), ("b", 2, Self.payload("乙"))])
        #expect(Self.contents(f.load(), ["a", "b"]) == ["a": "甲", "b": "乙"])
    }

    /// A damaged payload is a miss for its entry only.
    @Test func damagedEntryIsOnlyThatEntry() throws {
        let f = try Folder()
        try f.save([("a", 1, Self.payload("甲", repeat: 30)), ("b", 2, Self.payload("乙", repeat: 30))])
        let memo = try #require(f.load())
        let a = memo.store.entries.first { $0.name == "a" }!.payload
        var bytes = f.bytes
        bytes[a.lowerBound + 5] ^= 0x01
        f.bytes = bytes
        let damaged = try #require(f.load())
        #expect(damaged.has("a", hash: 1))   // the index still names it…
        #expect(damaged.payload("a") == nil)   // …but its payload fails its hash
        #expect(Self.contents(damaged, ["b"]) == ["b": String(repeating: "乙", count: 30)])
    }

    /// A build stopped after appending but before pointing the header at its index leaves the last
    /// whole index in force; so does one stopped half-way through a frame. The next build appends
    /// after what was left.
    @Test(arguments: ["before-slot", "mid-frame"])
    func interruptedAppendKeepsTheLastIndex(stop: String) throws {
        let f = try Folder()
        try f.save([("a", 1, Self.payload("甲", repeat: 30)), ("b", 2, Self.payload("乙", repeat: 30))])
        let before = f.bytes, slot = f.slot
        try f.save([("a", 1, nil), ("b", 3, Self.payload("新"))])
        if stop == "before-slot" {
            f.slot = slot
        } else {
            f.bytes = before + Array(f.bytes[before.count..<before.count + 20])
        }
        let memo = try #require(f.load())
        #expect(memo.has("b", hash: 2) && !memo.has("b", hash: 3))
        #expect(Self.contents(memo, ["a", "b"]) == ["a": String(repeating: "甲", count: 30), "b": String(repeating: "乙", count: 30)])
        let inode = f.inode
        try f.save([("a", 1, nil), ("b", 4, Self.payload("又新"))])
        #expect(f.inode == inode)
        #expect(Self.contents(f.load(), ["a", "b"]) == ["a": String(repeating: "甲", count: 30), "b": "又新"])
    }
}

extension MemoStore {
    /// The memo file `appended` as a build stopped right before pointing the header at the index it
    /// had just appended would leave it: the header still names the index of `before`.
    static func stoppedAppend(_ appended: [UInt8], before: [UInt8], magic: [UInt8]) -> [UInt8] {
        let slot = slotOffset(magic)
        var stopped = appended
        stopped.replaceSubrange(slot..<slot + 8, with: before[slot..<slot + 8])
        return stopped
    }
}
