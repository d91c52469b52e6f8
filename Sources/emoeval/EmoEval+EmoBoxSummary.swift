// `emoeval emobox-summary --model DIR`: run one model over every prepared EmoBox dataset and write one
// report — the emotion2vec+ EmoBox table with measured figures beside the published ones.
import ArgumentParser
import EmoCorpus
import EmoEvaluation
import EmoMetrics
import EmoRunner
import EmoStore
import Foundation

extension EmoEval {
    struct EmoBoxSummaryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "emobox-summary",
            abstract: "Run a model over every prepared EmoBox dataset and write the emotion2vec+ table, measured beside published.",
            discussion: """
            Reads Recipes/emobox/<ds>-4class.yaml for EmoBox's 32 datasets (the 4 primary classes of the \
            emotion2vec+ table). A dataset whose data directory does not exist (prepare it with `emoeval \
            prepare emobox`) is listed as not measured. Every prepared one is run (resumable: stored results \
            are reused; one database for all) and evaluated; the report has one row per dataset (pooled over \
            its test folds, plus the fold mean) beside the published figures of --compare-as (default: the \
            model's own variant), and the English / Mandarin / Other / All averages the table gives.

            Exit status: 0 done; 1 error; \(ExitStatus.itemFailures.rawValue) done, but some utterances failed \
            (they are counted in the report); 130 interrupted (run again to resume).
            """)

        @Option(name: .customLong("model"), help: "Model directory (an emotion2vec+ release or any supported model).")
        var model: String

        @Option(help: "Folder of the EmoBox recipes.")
        var recipes: String = "Recipes/emobox"

        @Option(help: "Published model to compare with: emotion2vec_plus_seed, emotion2vec_plus_base or emotion2vec_plus_large (default: the model's variant).")
        var compareAs: String?

        @Option(help: "Result database shared by all datasets.")
        var db: String = "Results/emobox-summary.sqlite"

        @Option(name: .shortAndLong, help: "Report file (default: Reports/emobox-summary-<variant>.md).")
        var output: String?

        @Option(name: .customLong("jobs"), help: ArgumentHelp("Worker threads.", valueName: "jobs"))
        var jobCount: JobCount = .cores
        var jobs: Int { jobCount.value }

        @Flag(help: "Do not infer: report what the database already holds.")
        var noRun = false

        @Option(help: "Progress on stderr: bar, lines or none.")
        var progress: ProgressPrinter.Style?

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            let store = try EvalStore(path: db)
            let model = try loadModel(directory: model, hashCache: store)
            let identity = try model.hashedIdentity()
            let compareAs = self.compareAs ?? identity.variant
            let printer = ProgressPrinter(style: progress ?? ProgressPrinter.automaticStyle)
            let cancellation = CancellationFlag()
            let interrupt = InterruptHandler(cancellation)
            defer { interrupt.remove() }
            var rows: [EmoBoxSummaryRow] = []
            var anyFailures = false
            for dataset in EmoBoxCatalog.datasets {
                if cancellation.isCancelled { break }
                let path = (recipes as NSString).appendingPathComponent("\(dataset.id)-4class.yaml")
                guard FileManager.default.fileExists(atPath: path) else {
                    rows.append(EmoBoxSummaryRow(dataset: dataset, missing: "no recipe \(path)"))
                    continue
                }
                let recipe = try loadRecipe(path: path)
                let published = EmoBoxSummaryRow.published(recipe, model: compareAs)
                guard FileManager.default.fileExists(atPath: (recipe.dataDirectory as NSString).appendingPathComponent("wav.scp")) else {
                    rows.append(EmoBoxSummaryRow(dataset: dataset, recipeName: recipe.name,
                                                 missing: "not prepared (no \(recipe.dataDirectory); run `emoeval prepare emobox "
                                                     + "EMOBOX/data \(dataset.id) AUDIO_ROOT \(recipe.dataDirectory)`)",
                                                 published: published))
                    continue
                }
                let corpus = try recipe.loadCorpus()
                var runId: Int64?
                if noRun {
                    runId = try store.runOverviews().last {
                        $0.corpus.name == recipe.name && $0.model.checkpointSHA256 == identity.checkpointSHA256 && $0.predicted > 0
                    }?.run.id
                } else {
                    let request = RunRequest(
                        corpus: CorpusRecord(recipe: recipe), utterances: UtteranceRecord.records(of: corpus),
                        options: RunOptions(), jobs: jobs, shard: nil, limit: nil, maxFailures: nil, rerun: false,
                        retryFailures: false, batchSize: 32, command: CommandLine.arguments.joined(separator: " "))
                    let runner = Runner(store: store, loader: .standard, environment: .current(),
                                        progress: { printer.update($0) })
                    let summary = try runner.run(request, model: model, cancellation: cancellation)
                    printer.finish()
                    print("\(dataset.name): run \(summary.runId), \(summary.predicted) predicted, \(summary.failed) failed"
                          + (summary.alreadyDone > 0 ? ", \(summary.alreadyDone) already stored" : ""))
                    anyFailures = anyFailures || summary.storedFailures > 0
                    if summary.ending == .interrupted { break }
                    runId = summary.runId
                }
                guard let runId else {
                    rows.append(EmoBoxSummaryRow(dataset: dataset, recipeName: recipe.name,
                                                 missing: "no stored run of this model (--no-run)", published: published))
                    continue
                }
                do {
                    let evaluation = try StoredEvaluation(recipe: recipe, store: store, databaseName: db,
                                                          selection: EvaluationSelection(runs: [runId]))
                    guard let section = evaluation.sections.first else { continue }
                    rows.append(EmoBoxSummaryRow(dataset: dataset, recipe: recipe, section: section,
                                                 excluded: corpus.excluded, compareAs: compareAs))
                } catch {
                    rows.append(EmoBoxSummaryRow(dataset: dataset, recipeName: recipe.name,
                                                 missing: "not evaluated: \(error)", published: published))
                }
            }
            if cancellation.isCancelled {
                FileHandle.standardError.write(Data("interrupted: results so far are stored; run the same command again to resume\n".utf8))
                throw ExitCode(130)
            }
            let summary = EmoBoxSummary(modelVariant: identity.variant, checkpointSHA256: identity.checkpointSHA256,
                                        compareAs: compareAs, rows: rows)
            let path = output ?? "Reports/emobox-summary-\(identity.variant).md"
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try summary.render(generated: reportDateLine(), toolkitVersion: EmoEvalVersion.string)
                .write(toFile: path, atomically: true, encoding: .utf8)
            for average in summary.averages where average.measured != nil {
                let m = average.measured!
                print("Avg \(average.name) (\(average.measuredCount)/\(average.groupSize)): "
                      + String(format: "UA %.1f  WA %.1f  F1 %.1f", m.ua, m.wa, m.macroF1))
            }
            print("wrote \(path): \(rows.filter { $0.measured != nil }.count) of \(rows.count) datasets measured")
            if anyFailures { throw ExitStatus.itemFailures.code }
        }
    }
}
