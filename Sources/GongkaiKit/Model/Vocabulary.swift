/// 索引号: the unique identifier of a published item (`11999900MB0000001X/2025-00012`). Permalinks are
/// derived from it alone, so they never change when a title changes or a file moves.
public struct IndexNumber: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// Characters an index number may contain so that it can name a folder of the site safely.
    public static func isPathSafe(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 120, !s.hasPrefix("/"), !s.hasSuffix("/") else { return false }
        for segment in s.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty || segment == "." || segment == ".." { return false }
        }
        return s.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "/")
        }
    }
}

/// 发文字号 as written (`示政办发〔2025〕2号`).
public struct DocumentNumber: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
}

/// 有效性 as declared in front matter (`status:`).
public enum DeclaredStatus: String, Sendable, CaseIterable {
    case active, amended, repealed, expired
}

/// 有效性 as shown to citizens, derived from the declared status, expiry and revisions.
public enum Validity: String, Sendable, CaseIterable, Comparable {
    case active, amended, repealed, expired

    public init(_ declared: DeclaredStatus) {
        switch declared {
        case .active: self = .active
        case .amended: self = .amended
        case .repealed: self = .repealed
        case .expired: self = .expired
        }
    }

    public var chineseName: String {
        switch self {
        case .active: "现行有效"
        case .amended: "已修订"
        case .repealed: "已废止"
        case .expired: "已失效"
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// 解读形式
public enum InterpretationForm: String, Sendable, CaseIterable {
    case text = "文字解读"
    case graphic = "图解"
    case questions = "问答"
    case pressConference = "新闻发布会"
    case expert = "专家解读"
    case video = "视频"
}

/// 解读阶段
public enum InterpretationStage: String, Sendable, CaseIterable {
    case drafting = "起草"
    case release = "发布"
    case implementation = "实施"
}

/// Whether a category's documents need an interpretation (政策解读).
public enum InterpretationPolicy: String, Sendable, CaseIterable {
    case required, recommended, none
}
