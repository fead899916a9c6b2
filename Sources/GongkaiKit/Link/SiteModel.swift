/// The immutable model of the whole portal that every later stage reads: documents in a fixed
/// order, looked up by 索引号 and by category, with the links between them resolved once.
///
/// Documents are referred to by their position in `documents` (a `DocumentID`).
public struct SiteModel: Sendable {
    public typealias DocumentID = Int

    public let catalogue: Catalogue
    /// The build date (China's calendar): validity is derived against it.
    public let today: CalendarDate
    /// Newest first: by 发布日期 descending, then 索引号 ascending.
    public let documents: [Document]
    public let byIndexNo: [IndexNumber: DocumentID]
    /// Documents of each category including its descendants, newest first.
    public let listing: [CategoryPath: [DocumentID]]
    /// Validity as shown to citizens, per document.
    public let validity: [Validity]
    /// Per document: the interpretations of it, oldest first.
    public let interpretations: [[DocumentID]]
    /// Per document: the documents it interprets that exist, in the order written.
    public let interpreted: [[DocumentID]]
    /// Per document: the revision chain it belongs to, oldest version first (a single element when
    /// the document has no revisions).
    public let revisionChain: [[DocumentID]]
    /// Per document: the newer version that revises it, if any.
    public let revisedBy: [DocumentID?]
    /// Per document: the document named by `repealed_by`, if it exists.
    public let repealedBy: [DocumentID?]

    public subscript(id: DocumentID) -> Document { documents[id] }

    public func document(_ indexNo: IndexNumber) -> Document? { byIndexNo[indexNo].map { documents[$0] } }

    /// The current (newest) version of the chain `id` belongs to.
    public func currentVersion(of id: DocumentID) -> DocumentID { revisionChain[id].last ?? id }

    /// Documents directly in `path` (not in its descendants).
    public func ownDocuments(of path: CategoryPath) -> [DocumentID] {
        (listing[path] ?? []).filter { documents[$0].category == path }
    }
}
