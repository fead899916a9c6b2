import Foundation

/// Where to read, where to write, and the build date.
public struct BuildOptions: Sendable {
    public var contentFolder: String
    public var templatesFolder: String
    public var outputFolder: String
    /// The build date in China's calendar; validity and deadlines are judged against it.
    public var today: CalendarDate
    public var renderer: any MarkdownRendering
    /// Told the stages and counts as the build goes (a terminal's progress line); nil: silent.
    public var progress: (any BuildProgressObserver)?
    /// The build cache folder (`--cache`, e.g. `.gongkai-cache`); nil: no cache. See `BuildCacheSession`.
    public var cacheFolder: String? = nil
    /// Documents per segment of the search index (also its sample for frequent bigrams): smaller
    /// only in tests, so that a small site has many segments.
    var searchSegmentSize = GramIndex.sampleSize
    /// With a cache: whether an edit of one document's body alone is patched into the site
    /// (`BodyPatch`) rather than built; false only in tests of what the pipeline does then.
    var patchesBodies = true
    /// false for a process that exits right after the build (the command line): the build's large
    /// values are then left for the exit to reclaim instead of being freed one object at a time
    /// (`ExitParking`). The outcome is the same.
    public var releasesMemoryOnReturn = true

    public init(contentFolder: String = "content", templatesFolder: String = "templates", outputFolder: String = "site",
                today: CalendarDate, renderer: any MarkdownRendering = CMarkGFMRenderer(),
                progress: (any BuildProgressObserver)? = nil) {
        self.contentFolder = contentFolder
        self.templatesFolder = templatesFolder
        self.outputFolder = outputFolder
        self.today = today
        self.renderer = renderer
        self.progress = progress
    }
}

/// What `check` found.
public struct CheckOutcome: Sendable {
    public var diagnostics: [Diagnostic]
    public var waived: [WaivedFinding]
    /// nil when the content could not be modelled at all (e.g. a broken catalogue).
    public var model: SiteModel?
    public var source: ContentSource
    /// The annual report data files (`annual/<year>.yaml`) that could be read.
    public var annual: [AnnualData] = []
    /// With a build cache: documents whose text-rule findings came from the cache.
    var textChecksRemembered = 0
}

/// What `build` did.
public struct BuildOutcome: Sendable {
    public var diagnostics: [Diagnostic]
    public var waived: [WaivedFinding]
    /// True when a new site replaced the old one.
    public var published: Bool
    public var documentCount: Int
    public var filesWritten: Int
    public var bytesWritten: Int
    /// Seconds spent in each stage, in pipeline order.
    public var timings: [(stage: String, seconds: Double)]
    /// With a build cache: files of the previous site kept exactly as they were (not written, linked or renamed).
    public var filesReused = 0
    /// With a build cache: Markdown files neither read nor decoded, their decoded form taken from
    /// the cache (same bytes, same catalogue, same list of files).
    public var documentsRemembered = 0
    /// With a build cache: documents whose text checks (wording, secrecy, personal data) were not run
    /// again, their findings taken from the cache (same bytes, same settings, same date).
    public var textChecksRemembered = 0
    /// With a build cache: document bodies not rendered, their rendering taken from the cache (same
    /// body, same program, and every link in them resolves to the same URL as before).
    public var bodiesRemembered = 0
    /// With a build cache: segments of the search index taken from the last build, not indexed again.
    public var searchSegmentsRemembered = 0
    /// With a build cache: when the search index was patched rather than merged (the documents
    /// were the last build's, in order), the shards made again; nil when it was merged.
    public var searchShardsPatched: Int?
    /// With a build cache: pages kept from the previous site without being rendered (their view
    /// model, template and program were the same); counted in `filesReused` too.
    public var pagesKept = 0
    /// With a build cache: of `pagesKept`, those kept on their inputs alone (`PageInputs`): the
    /// documents and settings they are made from were the same, so not even their view model was built.
    public var pagesKeptUnbuilt = 0
    /// With a build cache: files kept by their key alone — pages, search results, open data, feeds —
    /// neither made nor written (the pages among them are `pagesKept`).
    public var filesKeptUnmade = 0
    /// With a build cache: nothing had changed, the report is the previous build's and the site was not touched.
    public var replayed = false
    /// With a build cache: only one document's body had changed, and the files it reaches were
    /// patched without running the pipeline (`BodyPatch`).
    public var bodyPatched = false
    /// With a build cache: one line about what the cache did (missing, damaged, reused …), for the terminal.
    public var cacheNote: String? = nil
}

/// The whole pipeline, in order:
///
///     load → decode → link → check → render (Markdown + pages) → write
///
/// Only `load` and `write` touch the disk; every stage in between takes values and returns values.
public enum Pipeline {
    /// Load, decode, link and check: everything `gongkai check` does, and the first half of a build.
    public static func check(_ options: BuildOptions, timings: inout [(stage: String, seconds: Double)]) throws -> CheckOutcome {
        try check(options, timings: &timings, reuse: nil)
    }

    /// `reuse` (a build with a cache): Markdown files whose decoded form the last build left are
    /// neither read nor decoded; this build's results are left for the next one.
    static func check(_ options: BuildOptions, timings: inout [(stage: String, seconds: Double)],
                      reuse: DecodeReuse?, bodies: BodyReuse? = nil) throws -> CheckOutcome {
        var clock = StageClock()
        let progress = options.progress
        progress?.begin(.load, total: 0)
        var source = try ContentLoader.load(
            from: options.contentFolder,
            remembered: reuse.map { reuse in
                { reuse.remembered(contentFolder: options.contentFolder, catalogue: $0, files: $1, markdown: $2) }
            })
        clock.lap("load", into: &timings)
        progress?.begin(.decode, total: source.documents.count)

        var diagnostics: [Diagnostic] = []
        let (catalogue, catalogueDiagnostics) = CatalogueDecoder.decode(source.catalogue, contentRoot: source.root)
        diagnostics += catalogueDiagnostics
        let decoder = DocumentDecoder(catalogue: catalogue, contentFiles: source.allFiles)
        var documents: [Document] = []
        documents.reserveCapacity(source.documents.count)
        let fileCount = source.documents.count
        do {
            let files = source.documents
            if let reuse {
                let base = options.contentFolder.hasSuffix("/") ? options.contentFolder : options.contentFolder + "/"
                // In batches, each kept for the next build before the next is decoded (`DecodeReuse.keep`).
                var start = 0
                while start < files.count {
                    let first = start, end = min(start + DecodeReuse.batchSize, files.count)
                    let results = Parallel.map(end - first) { i -> (Document?, [Diagnostic], path: String, hash: UInt64, encoded: ArraySlice<UInt8>, reused: Bool) in
                        var file = files[first + i]
                        if file.bytes.isEmpty, let r = reuse.result(file.contentPath) {
                            return (r.document, r.diagnostics, file.contentPath, r.hash, r.encoded, true)
                        }
                        // A remembered file the memo could not give back after all is read now. The
                        // result is kept under the hash of the bytes actually decoded (not the
                        // fingerprint's, which a file changed since the scan would no longer match).
                        if file.bytes.isEmpty { file.bytes = (try? ContentLoader.readBytes(base + file.contentPath)) ?? [] }
                        let (decoded, found) = decoder.decode(file)
                        let document = decoded?.keepingMetadataDigest()
                        return (document, found, file.contentPath, FastHash.hash(file.bytes), DecodeMemo.encode(document, found), false)
                    }
                    for (document, found, _, _, _, _) in results {
                        diagnostics += found
                        if let document { documents.append(document) }
                    }
                    reuse.keep(results.map { ($0.path, $0.hash, $0.encoded) }, reused: results.count { $0.reused })
                    start = end
                }
                reuse.finishKeeping()
            } else {
                for (document, found) in Parallel.map(files.count, { decoder.decode(files[$0]) }) {
                    diagnostics += found
                    if let document { documents.append(document) }
                }
            }
        }
        // The Markdown files' bytes are not read again once decoded (each body lives on in its
        // `Document`): dropped here rather than held to the end of the build (252 MB at 100,000 documents).
        source.documents = []
        progress?.advance(.decode, done: fileCount)
        clock.lap("decode", into: &timings)
        guard let catalogue else {
            return CheckOutcome(diagnostics: diagnostics.sortedForReport(), waived: [], model: nil, source: source)
        }

        progress?.begin(.link, total: 0)
        let (model, linkDiagnostics) = Linker.link(documents, catalogue: catalogue, today: options.today)
        diagnostics += linkDiagnostics
        clock.lap("link", into: &timings)

        progress?.begin(.check, total: 0)
        let renderer: any MarkdownRendering = bodies.map { RememberingRenderer(base: options.renderer, bodies: $0) } ?? options.renderer
        var input = CheckInput(model: model, source: source, renderer: renderer)
        let runner = CheckRunner()
        if let reuse {
            let documentRules = runner.rules.compactMap { $0 as? any DocumentRule }.map { String(reflecting: type(of: $0)) }
            input.textScanReuse = TextScanReuse(
                folder: reuse.folder,
                context: CheckMemo.context(decoding: reuse.context, today: options.today, dataFiles: source.dataFiles, rules: documentRules),
                fileHashes: reuse.decodedHashes)
        }
        let checked = runner.run(input)
        diagnostics += checked.diagnostics
        let (annual, annualDiagnostics) = AnnualDataDecoder.decodeAll(source.annual)
        diagnostics += CheckRunner.settle(annualDiagnostics, model: model).diagnostics
        clock.lap("check", into: &timings)
        Memory.returnFreed()
        return CheckOutcome(diagnostics: diagnostics.sortedForReport(), waived: checked.waived, model: model, source: source,
                            annual: annual, textChecksRemembered: input.textScanReuse?.reused ?? 0)
    }

    public static func check(_ options: BuildOptions) throws -> CheckOutcome {
        var timings: [(stage: String, seconds: Double)] = []
        return try check(options, timings: &timings)
    }

    /// Builds the site. Content errors are returned as diagnostics and leave the old site untouched;
    /// problems with the invocation itself (no content folder …) are thrown as `BuildError`.
    public static func build(_ options: BuildOptions) throws -> BuildOutcome {
        var timings: [(stage: String, seconds: Double)] = []
        let parking = ExitParking()
        defer {
            options.progress?.end()
            parking.end(release: options.releasesMemoryOnReturn)
        }
        var cacheClock = StageClock()
        let cache = options.cacheFolder.map { BuildCacheSession(folder: $0, options: options) }
        parking.hold(cache as Any)
        if let replayed = cache?.replay(outputFolder: options.outputFolder) {
            var outcome = replayed
            cacheClock.lap("cache", into: &outcome.timings)
            (outcome.replayed, outcome.cacheNote) = (true, cache?.note)
            return outcome
        }
        if options.patchesBodies, let patched = try cache?.patchBody(options) { return patched }
        // The memos the last build left are opened here, in the "cache" stage.
        let decodeReuse = cache?.decodeReuse
        // With a cache, bodies the last build rendered are not rendered again (`BodyMemo`).
        let bodies = options.renderer is CMarkGFMRenderer ? cache?.bodyReuse(renderer: options.renderer) : nil
        parking.hold((decodeReuse as Any, bodies as Any))
        if cache != nil { cacheClock.lap("cache", into: &timings) }
        // Templates first: a missing or broken template folder is found before the long stages.
        let (templates, templateDiagnostics) = try Templates.load(from: options.templatesFolder)
        let checked = try check(options, timings: &timings, reuse: decodeReuse, bodies: bodies)
        parking.hold(checked)
        var diagnostics = checked.diagnostics + templateDiagnostics
        guard let model = checked.model, let templates, !diagnostics.hasErrors else {
            return BuildOutcome(diagnostics: diagnostics.sortedForReport(), waived: checked.waived, published: false,
                                documentCount: checked.model?.documents.count ?? 0, filesWritten: 0, bytesWritten: 0, timings: timings)
        }

        var clock = StageClock()
        var searchShardsPatched: Int?
        var searchShape: (segmentSize: Int, shards: Int, listBytes: Int, frequent: [UInt64])?
        let writer = try SiteWriter(output: options.outputFolder, contentRoot: options.contentFolder,
                                    reusing: cache?.canRecord == true ? cache?.previousOutputs ?? .empty : nil)
        parking.hold(writer)
        do {
            var pages = SitePages(model: model, templates: templates, renderer: options.renderer, fileSizes: checked.source.fileSizes)
            let memo = writer.keepsManifest ? cache?.renderingEpoch.map { PageMemo(epoch: $0, writer: writer) } : nil
            pages.memo = memo
            if memo != nil {
                pages.inputs = PageInputs(model: model, catalogueSource: checked.source.catalogue?.bytes, contentRoot: checked.source.root)
            }
            if memo != nil, let cache, let epoch = cache.renderingEpoch { pages.diffs = DiffReuse(folder: cache.folder, context: epoch) }
            let emit = writer.write
            options.progress?.begin(.documents, total: model.documents.count)
            // Document pages on all cores, in batches so that memory stays flat; cmark-gfm itself is
            // serialised inside the renderer, templates and writing run in parallel. Each batch is one
            // segment of the search index (`SearchSegments.swift`): its result files are written (or
            // kept) beside the pages; its segment comes from the last build when the cache has it
            // (same texts), else its texts are normalised on all cores and the segment is built on
            // the index's own thread while the next batch renders (at most one batch waits for it,
            // so memory stays flat); segments are merged there in order.
            let search = SearchIndexBuilder(segmentSize: options.searchSegmentSize)
            parking.hold((pages, search))
            let segmentMemo = cache?.canRecord == true ? cache?.searchSegments : nil
            // With the memo, shard files are kept by their keys, and when the documents line up
            // with the last build's, the index is patched instead of merged (`ShardPatch.swift`).
            if let segmentMemo, writer.keepsManifest {
                search.use(SearchIndexReuse(writer: writer, memo: segmentMemo, segmentSize: search.segmentSize,
                                            documents: model.documents.count))
            }
            let keepResults = memo.map { (epoch: $0.epoch, writer: writer) }
            let categories = SearchCategories(model.catalogue)
            let indexQueue = DispatchQueue(label: "gongkai.search-index")
            let indexed = DispatchGroup()
            let indexFailure = FirstError()
            var batchStart = 0
            while batchStart < model.documents.count {
                let batchEnd = min(batchStart + search.segmentSize, model.documents.count)
                let first = batchStart
                // Without a memo every text is normalised, right away. With one, a remembered body's
                // text is read only when its result file or its segment must be made (`DocumentBody`).
                // Released on all cores at the end of the batch (`Parallel.release`).
                var documents = try Parallel.mapSlots(batchEnd - batchStart) {
                    k -> (SearchDocument, SearchIndexBuilder.Recorded, (text: [UInt32], headEnd: Int)?, BodyMemoEntry?, DocumentBody) in
                    let (body, entry) = try pages.renderDocument(first + k, emit, remembering: bodies)
                    var document = SearchDocument(model: model, id: first + k, plainText: "",
                                                  category: categories[model[first + k].category])
                    let recorded = try search.result(document, id: first + k, textHash: body.textHash, text: { body.rendered.plainText },
                                                     keep: keepResults, emit)
                    guard segmentMemo == nil else { return (document, recorded, nil, entry, body) }
                    document.plainText = body.rendered.plainText
                    return (document, recorded, search.timedSearchText(document), entry, body)
                }
                bodies?.keep(documents.compactMap { $0!.3 })
                indexed.wait()
                if let error = indexFailure.error { throw error }
                // After the wait: segment 0, which chooses the frequent bigrams, is merged.
                let key = segmentMemo?.key(documents.map { $0!.1.textKey }, frequent: first == 0 ? 0 : search.frequentHash,
                                           segmentSize: search.segmentSize)
                let remembered = key.flatMap { segmentMemo?.segment($0) }
                let texts = remembered != nil ? []
                    : segmentMemo == nil ? documents.map { $0!.2! }
                    : Parallel.map(documents.count) { k in
                        var document = documents[k]!.0
                        document.plainText = documents[k]!.4.rendered.plainText
                        return search.timedSearchText(document)
                    }
                let recorded = documents.map { $0!.1 }
                indexQueue.async(group: indexed) {
                    do {
                        for r in recorded { search.record(r.facets, docNoKey: r.docNoKey, resultHash: r.resultHash) }
                        if let remembered {
                            segmentMemo?.add(key!, remembered.encoded, place: remembered.place)
                            try search.addSegment(.mapped(remembered.encoded), key: key!)
                            segmentMemo?.release(remembered.encoded)
                        } else {
                            let encoded = search.buildSegment(texts)
                            if let key {
                                encoded.withUnsafeBytes { segmentMemo?.add(key, $0, place: nil) }
                                try search.addSegment(.built(encoded), key: key)
                            } else {
                                try encoded.withUnsafeBytes { try search.addSegment($0) }
                            }
                        }
                    } catch {
                        indexFailure.record(error)
                    }
                }
                Parallel.release(&documents)
                options.progress?.advance(.documents, done: batchEnd)
                batchStart = batchEnd
            }
            indexed.wait()
            if let error = indexFailure.error { throw error }
            bodies?.finish()
            options.progress?.begin(.listings, total: 0)
            clock.lap("documents", into: &timings)
            Memory.returnFreed()
            try search.finish(emit)
            searchShardsPatched = search.patchedShards
            searchShape = (search.segmentSize, search.finishedShards, search.finishedListBytes, search.frequentKeys)
            try pages.renderSearchPage(emit)
            clock.lap("search", into: &timings)
            Memory.returnFreed()
            // The index's share of the build, as its own stage: the processor time of `prepare` and
            // `add` (which ran beside the page rendering, on all cores) divided by the cores, moved out
            // of "documents"; `finish` is in the "search" lap itself.
            let indexing = (search.addSeconds + search.prepareSeconds) / Double(Parallel.threads)
            timings[timings.count - 2].seconds -= indexing
            timings[timings.count - 1].seconds += indexing
            try pages.renderListings(emit)
            pages.diffs?.save()
            // Every document table is made: the rows rendered for them (~100 MB at 100k) go.
            pages.context.fragments.forgetRows()
            Memory.returnFreed()
            clock.lap("listings", into: &timings)
            let reportsStage = {
                ReportsStage(model: model, annual: checked.annual, templates: templates,
                             days: HolidayWorkingDays(calendar: DeadlineRule.calendar(CheckInput(model: model, source: checked.source)).0))
            }
            // With a cache, reports made from the same documents, data files and settings are kept unmade.
            let reportInputs = pages.inputs.map {
                ReportsStage.inputs(model: model, $0, annual: checked.source.annual, dataFiles: checked.source.dataFiles)
            }
            if let memo, let reportInputs, ReportsStage.keepPrevious(inputs: reportInputs, memo: memo) {
                #if DEBUG
                try reportsStage().auditKept(writer)
                #endif
            } else {
                var reports = reportsStage()
                (reports.memo, reports.inputs) = (memo, reportInputs)
                try reports.render(emit)
            }
            clock.lap("reports", into: &timings)
            var openData = OpenDataStage(context: pages.context, templates: templates)
            openData.memo = memo
            openData.inputs = pages.inputs
            try openData.render(emit)
            clock.lap("open data", into: &timings)
            for file in SiteFeeds(model: model).files(pages: writer.writtenPaths, inputs: pages.inputs) {
                if let memo, let inputs = file.inputs, memo.keepFile(file.path, inputs: inputs, kind: file.path, make: file.make) { continue }
                try writer.write(.file(path: file.path, bytes: file.make()))
            }
            let assets = options.templatesFolder + "/assets"
            if FileManager.default.fileExists(atPath: assets) {
                try writer.copyFolder(assets, to: SitePaths.assets)
            }
            clock.lap("feeds", into: &timings)
            diagnostics = diagnostics.sortedForReport()
            if diagnostics.hasErrors {
                writer.abort()
                return BuildOutcome(diagnostics: diagnostics, waived: checked.waived, published: false,
                                    documentCount: model.documents.count, filesWritten: 0, bytesWritten: 0, timings: timings)
            }
            options.progress?.begin(.write, total: 0)
            try writer.commit(invalidatingCache: cache.map { cache in { try cache.invalidate() } })
            clock.lap("commit", into: &timings)
        } catch {
            writer.abort()
            throw error
        }
        var outcome = BuildOutcome(diagnostics: diagnostics, waived: checked.waived, published: true,
                                   documentCount: model.documents.count, filesWritten: writer.filesWritten,
                                   bytesWritten: writer.bytesWritten, timings: timings)
        if let cache {
            cache.record(outcome, outputs: writer.committedManifest())
            // What a body patch needs of this build (`BodyPatch`); a plan that cannot be written only means full builds.
            if let fingerprint = cache.fingerprint, let searchShape {
                let plan = PatchPlan(digest: fingerprint.digest, options: fingerprint.options, decodeContext: decodeReuse?.context ?? 0,
                                     segmentSize: searchShape.segmentSize, shards: searchShape.shards,
                                     listBytes: searchShape.listBytes, frequent: searchShape.frequent, model: model)
                try? plan.save(to: cache.folder)
            }
            if cache.canRecord { cache.searchSegments?.done() }
            clock.lap("cache record", into: &outcome.timings)
            (outcome.filesReused, outcome.pagesKept, outcome.cacheNote) = (writer.filesReused, writer.pagesKept, cache.note)
            (outcome.pagesKeptUnbuilt, outcome.filesKeptUnmade) = (writer.pagesKeptByInputs, writer.filesKeptByKey)
            outcome.documentsRemembered = cache.decodeReuse?.reused ?? 0
            outcome.textChecksRemembered = checked.textChecksRemembered
            outcome.bodiesRemembered = bodies?.remembered ?? 0
            outcome.searchSegmentsRemembered = cache.canRecord ? cache.searchSegments?.remembered ?? 0 : 0
            outcome.searchShardsPatched = searchShardsPatched
        }
        return outcome
    }
}

/// Measures the stages of a build (reported by `--timings` and the benchmark).
struct StageClock {
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap(_ stage: String, into timings: inout [(stage: String, seconds: Double)]) {
        let now = DispatchTime.now().uptimeNanoseconds
        timings.append((stage, Double(now - last) / 1e9))
        last = now
    }
}

