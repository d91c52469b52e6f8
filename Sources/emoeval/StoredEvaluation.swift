// Reads a recipe's runs from the store and turns them into the plain values EmoMetrics/EmoReport take.

import EmoCheckpoint
import ArgumentParser
import EmoCorpus
import EmoMetrics
import EmoReport
import EmoStore
import Foundation

/// Why `report` or `compare` cannot run.
enum ReportCommandError: Error, CustomStringConvertible {
    case missingDatabase(path: String)
    case noRuns(recipe: String, database: String, available: [String])
    case unknownRun(id: Int64, database: String)
    case label(run: Int64, utterance: String, label: String?, labels: [String])
    case metrics(run: Int64, MetricsError)
    case comparison(MetricsError)

    var description: String {
        switch self {
        case let .missingDatabase(path):
            return "\(path): no such result database\nhint: run `emoeval run RECIPE --db \(path)` first"
        case let .noRuns(recipe, database, available):
            return "\(database): no run of recipe '\(recipe)' with predictions"
                + (available.isEmpty ? "" : " (corpora in this database: \(available.joined(separator: ", ")))")
                + "\nhint: run `emoeval run` with this recipe first, or pick runs with --run"
        case let .unknownRun(id, database):
            return "\(database): there is no run \(id)\nhint: `emoeval runs --db \(database)` lists them"
        case let .label(run, utterance, label, labels):
            return "run \(run): utterance '\(utterance)' has label '\(label ?? "(none)")', not in the recipe's "
                + "label set [\(labels.joined(separator: ", "))]\nhint: the database was made with another "
                + "version of the recipe; re-run `emoeval run`"
        case let .metrics(run, error):
            return "run \(run): \(error)"
        case let .comparison(error):
            return "compare: \(error)"
        }
    }
}

/// Options shared by `report` and `compare`.
struct EvaluationOptions: ParsableArguments {
    @Argument(help: "Recipe file (YAML), e.g. Recipes/demo.yaml.")
    var recipe: String

    @Option(help: "Result database (default: the one `emoeval run` uses for this recipe).")
    var db: String?

    @Option(name: .customLong("run"), help: "Run id to include (repeatable; default: every run of the recipe).")
    var runs: [Int64] = []

    @Option(help: "Decoding policy for every run, overriding the recipe's per-family policy.")
    var policy: LabelPolicy?

    @Option(help: "Bootstrap resamples for the confidence intervals.")
    var resamples: Int = 1000

    @Option(help: "Bootstrap seed (same seed, same intervals).")
    var seed: UInt64 = BootstrapSettings().seed

    func validate() throws {
        guard resamples >= 1 else { throw ValidationError("--resamples must be at least 1") }
    }

    var bootstrap: BootstrapSettings { BootstrapSettings(resamples: resamples, seed: seed) }
}

extension LabelPolicy: ExpressibleByArgument {}

/// A recipe's runs read from the store, decoded under their policies.
struct StoredEvaluation {
    let recipe: Recipe
    let provenance: RecipeProvenance
    let sections: [RunSection]
    let items: [RunItems]

    /// Loads the selected runs (or every run of the recipe's corpus that has predictions).
    init(options: EvaluationOptions) throws {
        let recipe = try loadRecipe(path: options.recipe)
        let path = options.db ?? defaultDatabasePath(recipe: recipe)
        guard FileManager.default.fileExists(atPath: path) else { throw ReportCommandError.missingDatabase(path: path) }
        let store = try EvalStore(path: path)
        let overviews = try store.runOverviews()
        let recipeHash = sha256Hex(of: Array(recipe.source.utf8))
        var selected: [RunOverview] = []
        if options.runs.isEmpty {
            // Embedding-only runs (a model without a classifier head, e.g. emotion2vec_base) have no scores.
            selected = overviews.filter {
                $0.corpus.name == recipe.name && $0.predicted > 0 && !$0.model.labels.isEmpty
            }
            guard !selected.isEmpty else {
                throw ReportCommandError.noRuns(recipe: recipe.name, database: path,
                                                available: Array(Set(overviews.map(\.corpus.name))).sorted())
            }
        } else {
            for id in options.runs {
                guard let found = overviews.first(where: { $0.run.id == id }) else {
                    throw ReportCommandError.unknownRun(id: id, database: path)
                }
                selected.append(found)
            }
        }
        var sections: [RunSection] = [], items: [RunItems] = []
        for overview in selected {
            let (section, runItems) = try Self.load(overview, store: store, recipe: recipe, options: options)
            sections.append(section)
            items.append(runItems)
        }
        self.recipe = recipe
        self.provenance = RecipeProvenance(name: recipe.name, path: recipe.path, sha256: recipeHash,
                                           description: recipe.description,
                                           corpus: selected.first?.corpus.name ?? recipe.name, labels: recipe.labels)
        self.sections = sections
        self.items = items
    }

    /// The recipe's published figures as report values.
    var references: [PublishedFigure] {
        recipe.references.map { r in
            var figures: [HeadlineMetric: Double] = [:]
            for (metric, value) in r.figures {
                if let m = HeadlineMetric(rawValue: metric.rawValue) { figures[m] = value }
            }
            return PublishedFigure(model: r.model, figures: figures, evaluationProtocol: r.evaluationProtocol,
                                   source: r.source, caveat: r.caveat, seenInTraining: r.seenInTraining.rawValue,
                                   sameProtocol: r.sameProtocol)
        }
    }

    private static func load(_ overview: RunOverview, store: EvalStore, recipe: Recipe,
                             options: EvaluationOptions) throws -> (RunSection, RunItems) {
        let runId = overview.run.id ?? 0
        let mapping = recipe.mapping(forFamily: overview.model.family)
        let policy = options.policy ?? mapping.flatMap { LabelPolicy(rawValue: $0.policy.rawValue) } ?? .restricted
        let labelMap = mapping?.labelMap ?? [:]
        do {
            let decoder = try LabelDecoder(modelLabels: overview.model.labels, datasetLabels: recipe.labels,
                                           labelMap: labelMap, policy: policy)
            var scored: [ScoredItem] = []
            for p in try store.predictions(runId: runId) {
                guard let label = p.label, let truth = recipe.labels.firstIndex(of: label) else {
                    throw ReportCommandError.label(run: runId, utterance: p.utteranceKey, label: p.label,
                                                   labels: recipe.labels)
                }
                scored.append(ScoredItem(utterance: p.utteranceKey, truth: truth,
                                         predicted: try decoder.decode(p.scores, utterance: p.utteranceKey),
                                         speaker: p.speaker, fold: p.fold))
            }
            let failures = try store.failures(runId: runId)
            var counts: [String: Int] = [:]
            for f in failures { counts[f.kind.rawValue, default: 0] += 1 }
            let summary = FailureSummary(countsByKind: counts, examples: failures.prefix(10).map {
                FailureSummary.Example(utterance: $0.utteranceKey, kind: $0.kind.rawValue, message: $0.message)
            })
            let versions = Array(Set(try store.sessions(runId: runId).map(\.toolkitVersion))).sorted()
            let name = "run \(runId)"
            let metrics = try evaluateRun(items: scored, labels: recipe.labels, hasOther: decoder.hasOtherColumn,
                                          bootstrap: options.bootstrap)
            let section = RunSection(
                name: name,
                model: ModelProvenance(variant: overview.model.variant, family: overview.model.family,
                                       checkpointSHA256: overview.model.checkpointSHA256, labels: overview.model.labels),
                toolkitVersions: versions, status: overview.run.status.rawValue, policy: policy,
                labelMap: labelMap, corpusUtterances: overview.utteranceCount, failures: summary, metrics: metrics)
            return (section, RunItems(name: name, items: scored, hasOther: decoder.hasOtherColumn))
        } catch let error as MetricsError {
            throw ReportCommandError.metrics(run: runId, error)
        }
    }
}

/// The database `emoeval run` writes for `recipe` when no `--db` is given.
func defaultDatabasePath(recipe: Recipe) -> String {
    "Results/\(recipe.name).sqlite"
}

/// The one date line of a report: today's date and time in UTC.
func generationLine() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
    return formatter.string(from: Date())
}
