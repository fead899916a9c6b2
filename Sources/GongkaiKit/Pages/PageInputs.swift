import Foundation

/// What each page's view model is made from, as one digest per page: a stand-in for the page's key
/// (`PageKey`) that costs a few hashes instead of building the view model and walking it.
///
/// A one-document edit in a site of 100,000 documents changes a handful of pages, yet keying every
/// page means building all 130,000 view models. With a build cache the manifest records, per page,
/// the digest of its inputs beside its key; a page whose inputs digest is the recorded one has the
/// recorded key (its view model is a function of those inputs), so it is kept without being built
/// (`PageMemo.keep(inputs:…)`). Any other page is built and keyed as before, so a digest that
/// changes when the page does not costs only time.
///
/// The inputs of a page are:
/// - `site`: the catalogue (its file's bytes and the content folder: the catalogue is decoded from
///   them alone) and the build date — names, paths, settings and chrome of every page;
/// - `records`: per document, its decoded form without the body (`DocumentCodec.metadataDigest`: every field,
///   complete by construction) and its validity — what rows, links and notices show of it;
/// - what the page itself lists or links, in order: the records of those documents, the listing
///   counts where trees show them, the rendered body of a document page, the bodies a comparison
///   page compares, the sizes of attachments.
/// The program, the templates and the template's name are added by `PageMemo.inputs`.
///
/// Each digest mirrors the code that builds its page's view model (`SitePages`, `LinkagePages`);
/// a change there must be mirrored here. Debug builds check every page kept on its inputs against
/// its real key, so the test suite's cached-equals-clean builds stop on a digest that misses
/// something.
struct PageInputs: Sendable {
    let site: UInt64
    /// Per document (`SiteModel.DocumentID`).
    let records: [UInt64]
    /// The number of documents of every category, in catalogue order (category trees show them).
    let counts: UInt64

    init(model: SiteModel, catalogueSource: [UInt8]?, contentRoot: String) {
        var site = HashAccumulator()
        site.add("gongkai page inputs")
        site.add(contentRoot)
        site.add(UInt64(catalogueSource?.count ?? 0))
        site.add(FastHash.hash(catalogueSource ?? []))
        site.add(model.today.iso)
        self.site = site.digest
        let documents = model.documents, validity = model.validity
        records = Parallel.map(documents.count, grain: 256) { id in
            FastHash.hash(validity[id].rawValue, seed: documents[id].metadataDigest)
        }
        var counts = HashAccumulator()
        for path in model.catalogue.ordered { counts.add(UInt64(model.listing[path]?.count ?? 0)) }
        self.counts = counts.digest
    }

    /// A page's digest, built from its parts in order.
    struct Digest {
        private var sum = HashAccumulator()

        init(_ inputs: PageInputs, _ kind: String) {
            sum.add(inputs.site)
            sum.add(kind)
        }

        mutating func add(_ value: UInt64) { sum.add(value) }
        mutating func add(_ value: Int) { sum.add(UInt64(bitPattern: Int64(value))) }
        mutating func add(_ value: Bool) { sum.add(value ? 1 : 0) }
        mutating func add(_ value: String) { sum.add(value) }
        mutating func add(_ value: String?) {
            add(value != nil)
            if let value { add(value) }
        }

        var value: UInt64 { sum.digest }
    }

    /// The records of `ids`, in order, with their number.
    func add(_ ids: some Collection<SiteModel.DocumentID>, to digest: inout Digest) {
        digest.add(ids.count)
        for id in ids { digest.add(records[id]) }
    }
}

extension SitePages {
    /// The digest of a document page's inputs (see `renderDocument`, `documentExtras`): the
    /// document, its rendered body, its attachments' sizes, and the documents its notices and
    /// linkage lists show.
    func documentInputs(_ id: SiteModel.DocumentID, htmlHash: UInt64, articleCount: Int, _ inputs: PageInputs) -> UInt64 {
        let d = model[id]
        var digest = PageInputs.Digest(inputs, "document")
        digest.add(inputs.records[id])
        digest.add(htmlHash)
        digest.add(articleCount)
        for a in d.attachments { digest.add(fileSizes[a.contentPath] ?? 0) }
        switch model.validity[id] {
        case .amended:
            let newest = model.currentVersion(of: id)
            digest.add(inputs.records[newest])
            digest.add(newest == id)
        case .repealed:
            digest.add(model.repealedBy[id].map { inputs.records[$0] } ?? 0)
        case .expired, .active:
            break
        }
        inputs.add(model.interpretations[id], to: &digest)
        inputs.add(model.interpreted[id], to: &digest)
        let chain = model.revisionChain[id]
        inputs.add(chain, to: &digest)
        for v in chain { digest.add(v == id) }
        return digest.value
    }

    /// A category page: the category's documents on this page, and every category's count.
    func categoryInputs(_ path: CategoryPath, page: Int, slice: some Collection<SiteModel.DocumentID>, _ inputs: PageInputs) -> UInt64 {
        var digest = PageInputs.Digest(inputs, "category")
        digest.add(inputs.counts)
        digest.add(path.components.joined(separator: "\u{0}"))
        digest.add(page)
        inputs.add(slice, to: &digest)
        return digest.value
    }

    /// A page of a document list: what the list is, how long it is and the documents on this page.
    func listInputs(_ list: DocumentList, page: Int, slice: some Collection<SiteModel.DocumentID>, _ inputs: PageInputs) -> UInt64 {
        var digest = PageInputs.Digest(inputs, "list")
        digest.add(list.identity)
        digest.add(list.ids.count)
        digest.add(page)
        inputs.add(slice, to: &digest)
        return digest.value
    }

    /// The home page: the whole catalogue tree with counts, and the latest documents.
    func homeInputs(_ inputs: PageInputs) -> UInt64 {
        var digest = PageInputs.Digest(inputs, "home")
        digest.add(inputs.counts)
        digest.add(model.documents.count)
        inputs.add(model.documents.indices.prefix(model.catalogue.site.latestCount), to: &digest)
        return digest.value
    }

    /// A comparison of two versions: both documents and both bodies.
    func comparisonInputs(older: SiteModel.DocumentID, newer: SiteModel.DocumentID, _ inputs: PageInputs) -> UInt64 {
        var digest = PageInputs.Digest(inputs, "compare")
        for id in [older, newer] {
            digest.add(inputs.records[id])
            digest.add(model[id].bodyHash)
        }
        return digest.value
    }

    /// The interpretation index: every policy document that asks for interpretations, and theirs.
    func interpretationIndexInputs(_ inputs: PageInputs) -> UInt64 {
        var digest = PageInputs.Digest(inputs, "interpretations")
        for (id, d) in model.documents.enumerated() where !d.isInterpretation && model.interpretationPolicy(of: id) != .none {
            digest.add(inputs.records[id])
            inputs.add(model.interpretations[id], to: &digest)
        }
        return digest.value
    }
}
