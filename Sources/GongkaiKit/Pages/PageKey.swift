import Foundation

/// The key of a page rendered from a template: a 64-bit hash of the rendering epoch (the program,
/// every template file and the output options: see `BuildCacheSession.renderingEpoch`), the
/// template's name and the complete view model. A page whose key is the one recorded for the same
/// path by the previous build has the same bytes, so with a build cache it is neither rendered nor
/// written (`SiteWriter.keep`).
///
/// The view model is walked through the same field tables the templates read
/// (`TemplateFields`, Pages/TemplateValues.swift), so the key covers exactly what a template can
/// see. It is complete by construction: a value whose type the walker does not know makes the page
/// unkeyable (it is rendered, never kept); debug builds stop with a message instead, so a new kind
/// of field is noticed by the tests. Templates cannot read anything else: they use no lambdas or
/// transforms, only field look-ups, sections, partials and layout blocks (all in the epoch).
struct PageKey {
    private(set) var bytes: [UInt8] = []

    /// The key of `view` rendered with `template`; nil when the view holds something unkeyable.
    static func of<View: TemplateValue>(_ view: View, template: String, epoch: UInt64) -> UInt64? {
        var key = PageKey()
        key.bytes.reserveCapacity(4096)
        key.u64(epoch)
        key.string(template)
        guard view.addPageKey(to: &key) else { return nil }
        let hash = FastHash.hash(key.bytes)
        return hash == 0 ? 1 : hash  // 0 means "no key" in the manifest
    }

    // Every value starts with a tag, so that values of different kinds never encode alike.
    enum Tag: UInt8 {
        case absent = 0, string, int, bool, double, array, view
    }

    mutating func tag(_ t: Tag) { bytes.append(t.rawValue) }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ s: String) {
        tag(.string)
        u64(UInt64(s.utf8.count))
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A value read from a field table. `field` and `owner` only name it in the debug message.
    mutating func add(_ value: Any?, field: String, of owner: Any.Type) -> Bool {
        guard let value else {
            tag(.absent)
            return true
        }
        if let s = value as? String {
            string(s)
            return true
        }
        if let view = value as? any TemplateValue { return view.addPageKey(to: &self) }
        if let part = value as? any PageKeyPart { return part.addPageKey(to: &self) }
        #if DEBUG
        fatalError("""
            \(owner).\(field) is a \(type(of: value)), which PageKey cannot hash: make it a TemplateValue \
            (Pages/TemplateValues.swift) or give it a PageKeyPart conformance (Pages/PageKey.swift)
            """)
        #else
        return false
        #endif
    }
}

/// A value that can be part of a page's key (see `PageKey`). Conformances exist for the values a
/// view model is made of: strings, integers, booleans, doubles, optionals and arrays of those, and
/// every `TemplateValue`. Anything else is unkeyable.
protocol PageKeyPart {
    /// Appends this value to `key`; false when some part of it cannot be keyed.
    func addPageKey(to key: inout PageKey) -> Bool
}

extension String: PageKeyPart {
    func addPageKey(to key: inout PageKey) -> Bool {
        key.string(self)
        return true
    }
}

extension Int: PageKeyPart {
    func addPageKey(to key: inout PageKey) -> Bool {
        key.tag(.int)
        key.u64(UInt64(bitPattern: Int64(self)))
        return true
    }
}

extension Bool: PageKeyPart {
    func addPageKey(to key: inout PageKey) -> Bool {
        key.tag(.bool)
        key.u64(self ? 1 : 0)
        return true
    }
}

extension Double: PageKeyPart {
    func addPageKey(to key: inout PageKey) -> Bool {
        key.tag(.double)
        key.u64(bitPattern)
        return true
    }
}

// Optionals and arrays conform whatever they hold (a conditional conformance would need
// `TemplateValue` to refine this internal protocol); their elements go through `add`, which stops
// at anything it does not know.
extension Optional: PageKeyPart {
    func addPageKey(to key: inout PageKey) -> Bool {
        guard let self else {
            key.tag(.absent)
            return true
        }
        return key.add(self, field: "(optional)", of: Wrapped.self)
    }
}

extension Array: PageKeyPart {
    func addPageKey(to key: inout PageKey) -> Bool {
        key.tag(.array)
        key.u64(UInt64(count))
        for element in self where !key.add(element, field: "[element]", of: Element.self) { return false }
        return true
    }
}

extension TemplateValue {
    /// The type's shape (its name and field names), then every field in the table's fixed order.
    func addPageKey(to key: inout PageKey) -> Bool {
        let table = Self.templateFields
        #if DEBUG
        TemplateFieldsAudit.check(Self.self, self, table)
        #endif
        key.tag(.view)
        key.u64(table.shape)
        for (name, read) in table.ordered where !key.add(read(self), field: name, of: Self.self) { return false }
        return true
    }
}

#if DEBUG
/// Debug builds check each view model type once: every stored property must be in its field table.
/// A property left out of the table cannot be looked up by a template, but `{{.}}` on the value
/// would print all of them — and the key would not cover it.
enum TemplateFieldsAudit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var checked: Set<ObjectIdentifier> = []

    static func check<V>(_ type: V.Type, _ value: V, _ table: TemplateFields<V>) {
        guard lock.withLock({ checked.insert(ObjectIdentifier(type)).inserted }) else { return }
        for child in Mirror(reflecting: value).children {
            guard let label = child.label, !(child.value is TemplateInvisible) else { continue }
            if table.fields[label] == nil {
                fatalError("\(V.self).templateFields lacks “\(label)”: add it in Pages/TemplateValues.swift")
            }
        }
    }
}
#endif

/// A build's page memo: the rendering epoch and the writer that knows the previous site's keys.
/// Set on `SitePages` only for a build with a cache whose writer keeps a manifest.
struct PageMemo: Sendable {
    let epoch: UInt64
    let writer: SiteWriter

    /// True when the page of `view` at `path` is the previous build's, kept in the new site.
    /// Otherwise the key is remembered (with `inputs`, when given) for the page the caller is about
    /// to write.
    func keep<View: TemplateValue>(_ view: View, template: String, at path: String, inputs: UInt64? = nil) -> Bool {
        guard let key = PageKey.of(view, template: template, epoch: epoch) else { return false }
        return writer.keep(path, key: key, inputs: inputs ?? 0)
    }

    /// A page's inputs digest (`PageInputs`) with what every key holds besides the view model: the
    /// rendering epoch and the template. Never 0 (0 means "no inputs" in the manifest).
    func inputs(_ digest: UInt64, template: String) -> UInt64 {
        var sum = HashAccumulator()
        sum.add("page inputs")
        sum.add(epoch)
        sum.add(template)
        sum.add(digest)
        let d = sum.digest
        return d == 0 ? 1 : d
    }

    /// True when the file at `path` (not a page: `kind` names what it is) is kept unmade: the
    /// previous site has it under the same inputs digest (`PageInputs`). Otherwise the key is
    /// remembered for the file the caller is about to write. Debug builds make the kept file
    /// anyway and stop when its bytes are not the kept ones: the digest missed an input.
    func keepFile(_ path: String, inputs digest: UInt64, kind: String, make: () -> [UInt8]) -> Bool {
        guard let kept = writer.keptHash(path, key: inputs(digest, template: kind)) else { return false }
        #if DEBUG
        if FastHash.hash(make()) != kept { fatalError("the inputs of \(path) (\(kind)) missed something the file shows") }
        #endif
        return true
    }

    /// True when the page at `path` is kept on its inputs alone: the previous site recorded it with
    /// the same inputs digest (`PageInputs`), so its view model — a function of those inputs — would
    /// have the recorded key, and the file still holds the page. The view model is not built.
    ///
    /// Debug builds build it anyway and stop when its key is not the recorded one: the digest left
    /// out something the page shows (see `PageInputs`), which the tests' cached-equals-clean builds
    /// then catch at once instead of publishing a stale page.
    func keep<View: TemplateValue>(inputs: UInt64, template: String, at path: String, view: () -> View) -> Bool {
        guard let (key, index) = writer.previousKeyAndIndex(path, inputs: inputs) else { return false }
        #if DEBUG
        if let actual = PageKey.of(view(), template: template, epoch: epoch), actual != key {
            fatalError("PageInputs of \(path) (\(template)) missed something its view model shows: add it to the digest (Pages/PageInputs.swift)")
        }
        #endif
        guard writer.keep(path, at: index, key: key, inputs: inputs) else { return false }
        writer.countKeptByInputs()
        return true
    }
}
