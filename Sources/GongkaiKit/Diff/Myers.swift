/// What one run of a diff does: keep elements both sides share, delete from the old side, insert
/// from the new side.
public enum DiffOperation: String, Sendable, Hashable {
    case equal, delete, insert
}

/// A run of `count` elements with the same operation. `equal` and `delete` consume the old side,
/// `equal` and `insert` the new side.
public struct DiffRun: Sendable, Hashable {
    public var operation: DiffOperation
    public var count: Int

    public init(_ operation: DiffOperation, _ count: Int) {
        self.operation = operation
        self.count = count
    }
}

/// Eugene Myers' O((N+M)·D) difference algorithm (“An O(ND) Difference Algorithm and Its
/// Variations”, 1986): the shortest edit script turning `old` into `new`. Common prefix and suffix
/// are stripped first; when the texts differ by more than `maxEdits` the middle is reported as one
/// deletion and one insertion, which keeps time and memory bounded on unrelated texts.
public enum Myers {
    public static func diff<E: Equatable>(_ old: [E], _ new: [E], maxEdits: Int = 2000) -> [DiffRun] {
        let (prefix, suffix) = commonEnds(old, new)
        let a = old[prefix..<(old.count - suffix)]
        let b = new[prefix..<(new.count - suffix)]

        var runs: [DiffRun] = []
        append(&runs, .equal, prefix)
        for run in middle(a, b, maxEdits: maxEdits) { append(&runs, run.operation, run.count) }
        append(&runs, .equal, suffix)
        return runs
    }

    /// The lengths of the common prefix and of the common suffix (not overlapping it).
    static func commonEnds<E: Equatable>(_ old: [E], _ new: [E]) -> (prefix: Int, suffix: Int) {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
            old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        return (prefix, suffix)
    }

    /// How many elements `diff(old, new, maxEdits:)` keeps as equal, without the edit script: the
    /// same forward search, with no trace kept. nil when the middle (after the common prefix and
    /// suffix) needs more than `maxDistance` edits (a caller that only needs to know "at least so
    /// many" stops there).
    public static func equalCount<E: Equatable>(_ old: [E], _ new: [E], maxEdits: Int = 2000, maxDistance: Int = .max) -> Int? {
        let (prefix, suffix) = commonEnds(old, new)
        let n = old.count - prefix - suffix
        let m = new.count - prefix - suffix
        if n == 0 || m == 0 { return prefix + suffix }
        let limit = min(n + m, maxEdits)
        let bound = min(limit, maxDistance)
        let offset = limit + 1
        return old.withUnsafeBufferPointer { oldBuffer in
            new.withUnsafeBufferPointer { newBuffer in
                let a = UnsafeBufferPointer(rebasing: oldBuffer[prefix..<(prefix + n)])
                let b = UnsafeBufferPointer(rebasing: newBuffer[prefix..<(prefix + m)])
                var v = [Int](repeating: 0, count: 2 * limit + 3)
                for d in 0...bound {
                    for k in stride(from: -d, through: d, by: 2) {
                        var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                            ? v[offset + k + 1] : v[offset + k - 1] + 1
                        var y = x - k
                        while x < n, y < m, a[x] == b[y] {
                            x += 1
                            y += 1
                        }
                        v[offset + k] = x
                        if x >= n, y >= m { return prefix + suffix + (n + m - d) / 2 }
                    }
                }
                // Not found within `limit`: `diff` reports the middle as one deletion and one insertion.
                return bound < limit ? nil : prefix + suffix
            }
        }
    }

    /// Adds a run, merging it with the previous one when the operation is the same.
    static func append(_ runs: inout [DiffRun], _ operation: DiffOperation, _ count: Int) {
        guard count > 0 else { return }
        if let last = runs.last, last.operation == operation {
            runs[runs.count - 1].count += count
        } else {
            runs.append(DiffRun(operation, count))
        }
    }

    private static func middle<E: Equatable>(_ a: ArraySlice<E>, _ b: ArraySlice<E>, maxEdits: Int) -> [DiffRun] {
        let n = a.count
        let m = b.count
        if n == 0 || m == 0 { return [DiffRun(.delete, n), DiffRun(.insert, m)].filter { $0.count > 0 } }
        let a0 = a.startIndex
        let b0 = b.startIndex
        let limit = min(n + m, maxEdits)
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        // trace[d] holds v[-d...d] as it was before step d, for the walk back.
        var trace: [[Int]] = []
        var found: Int? = nil
        search: for d in 0...limit {
            trace.append(Array(v[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[a0 + x] == b[b0 + y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m {
                    found = d
                    break search
                }
            }
        }
        guard let total = found else { return [DiffRun(.delete, n), DiffRun(.insert, m)] }

        // Walk back from (n, m), collecting single-element operations in reverse.
        var reversed: [DiffOperation] = []
        reversed.reserveCapacity(n + m)
        var x = n
        var y = m
        var d = total
        while d > 0 {
            let before = trace[d]
            func at(_ k: Int) -> Int { before[k + d] }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = at(previousK)
            let previousY = previousX - previousK
            // The edit of step d ends at `mid`; the snake after it runs diagonally to (x, y).
            let inserted = previousK == k + 1
            let midX = inserted ? previousX : previousX + 1
            let midY = inserted ? previousY + 1 : previousY
            while x > midX, y > midY {
                reversed.append(.equal)
                x -= 1
                y -= 1
            }
            reversed.append(inserted ? .insert : .delete)
            x = previousX
            y = previousY
            d -= 1
        }
        while x > 0, y > 0 {
            reversed.append(.equal)
            x -= 1
            y -= 1
        }
        var runs: [DiffRun] = []
        for op in reversed.reversed() { append(&runs, op, 1) }
        return runs
    }
}
