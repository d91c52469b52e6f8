// A recipe's runs read from the store and turned into the plain values EmoMetrics / EmoReport take: run
// selection, label decoding under each family's policy, truth-label checks, failure summaries, metrics.
// `report`, `compare` (and a web page) call this and only parse arguments and write its output.
import EmoHash
import EmoCorpus
import EmoMetrics
import EmoReport
import EmoStore
import EmoTypes
import Foundation

/// Which stored runs to evaluate, and how.
public struct EvaluationSelection: Sendable, Equatable {
    /// Run ids to include; empty means every run of the recipe's corpus that has predictions and scores.
    public var runs: [Int64]
    /// Decoding policy for every run, overriding the recipe's per-family policy.
    public var policy: LabelPolicy?
    /// Resamples and seed of the bootstrap confidence intervals.
    public var bootstrap: BootstrapSettings

    public init(runs: [Int64] = [], policy: LabelPolicy? = nil, bootstrap: BootstrapSettings = BootstrapSettings()) {
        self.runs = runs
        self.policy = policy
        self.bootstrap = bootstrap
    }
}

/// A recipe's runs read from the store, decoded under their policies, with their metrics.
public struct StoredEvaluation {
    public let recipe: Recipe
    public let provenance: RecipeProvenance
    /// One per selected run, in selection order (run id order by default).
    public let sections: [RunSection]
    /// The decoded items of each run (same order as `sections`), for paired comparisons.
    public let items: [RunItems]
    /// Dimensional results of the runs whose model predicts a recipe dimension (a run may be in both lists,
    /// under the same name; a dimension-only model is only here).
    public let dimensionalSections: [DimensionalRunSection]
    /// Per categorical run (same order as `sections`), what `compare` pairs for the breakdowns.
    let breakdownItems: [RunBreakdownItems]
    public let bootstrap: BootstrapSettings

    /// Loads the recipe at `recipePath` and evaluates its runs in the database at `databasePath` (default:
    /// `defaultDatabasePath(recipe:)`). Throws `EvaluationError.missingDatabase` rather than creating one.
    public init(recipePath: String, databasePath: String? = nil, selection: EvaluationSelection) throws {
        let recipe = try loadRecipe(path: recipePath)
        let path = databasePath ?? defaultDatabasePath(recipe: recipe)
        guard FileManager.default.fileExists(atPath: path) else { throw EvaluationError.missingDatabase(path: path) }
        try self.init(recipe: recipe, store: try EvalStore(path: path, readOnly: true), databaseName: path,
                      selection: selection)
    }

    /// Evaluates `recipe`'s runs in `store`; `databaseName` names the store in error messages.
    public init(recipe: Recipe, store: EvalStore, databaseName: String, selection: EvaluationSelection) throws {
        let overviews = try store.runOverviews()
        var selected: [RunOverview] = []
        if selection.runs.isEmpty {
            // Embedding-only runs (a model without a classifier head, e.g. emotion2vec_base) have no scores.
            selected = overviews.filter {
                $0.corpus.name == recipe.name && $0.predicted > 0 && !$0.model.labels.isEmpty
            }
            guard !selected.isEmpty else {
                throw EvaluationError.noRuns(recipe: recipe.name, database: databaseName,
                                             available: Array(Set(overviews.map(\.corpus.name))).sorted())
            }
        } else {
            for id in selection.runs {
                guard let found = overviews.first(where: { $0.run.id == id }) else {
                    throw EvaluationError.unknownRun(id: id, database: databaseName)
                }
                selected.append(found)
            }
        }
        var sections: [RunSection] = [], items: [RunItems] = [], dimensional: [DimensionalRunSection] = []
        var breakdownItems: [RunBreakdownItems] = []
        let truths = try Self.dimensionTruths(recipe)
        let setup = try BreakdownSetup(recipe: recipe)
        for overview in selected {
            let loaded = try Self.load(overview, store: store, recipe: recipe, selection: selection, truths: truths,
                                       setup: setup)
            if let (section, runItems, breakdown) = loaded.categorical {
                sections.append(section)
                items.append(runItems)
                breakdownItems.append(breakdown)
            }
            if let section = loaded.dimensional { dimensional.append(section) }
        }
        dimensionalSections = dimensional
        self.recipe = recipe
        provenance = RecipeProvenance(name: recipe.name, path: recipe.path, sha256: sha256Hex(of: Array(recipe.source.utf8)),
                                      description: recipe.description,
                                      corpus: selected.first?.corpus.name ?? recipe.name, labels: recipe.labels)
        self.sections = sections
        self.items = items
        self.breakdownItems = breakdownItems
        bootstrap = selection.bootstrap
    }

    /// The recipe's published figures (categorical and dimensional), as the report shows them.
    public var references: [PublishedFigure] { recipe.references }

    /// What `report` renders: the runs, the published figures and provenance. `figurePrefix` starts the SVG
    /// file names; `generated` is the report's one date line (`reportDateLine()`).
    public func reportInput(generated: String, toolkitVersion: String, figurePrefix: String) -> ReportInput {
        ReportInput(recipe: provenance, generated: generated, toolkitVersion: toolkitVersion, runs: sections,
                    references: references, bootstrap: bootstrap, figurePrefix: figurePrefix,
                    dimensionalRuns: dimensionalSections)
    }

    /// What `compare` renders: the runs paired on the utterances both scored, with McNemar tests and
    /// paired-bootstrap intervals. Throws `EvaluationError.comparison` (e.g. fewer than two runs).
    public func comparisonInput(generated: String, toolkitVersion: String) throws -> ComparisonInput {
        let comparison: RunComparison
        let breakdowns: ComparisonBreakdowns
        do {
            comparison = try compareRuns(items, labels: recipe.labels, settings: bootstrap)
            breakdowns = try compareBreakdowns(items, breakdownItems, labels: recipe.labels, settings: bootstrap)
        } catch {
            throw EvaluationError.comparison(error)
        }
        return ComparisonInput(recipe: provenance, generated: generated, toolkitVersion: toolkitVersion,
                               runs: sections, comparison: comparison, bootstrap: bootstrap,
                               dimensionalRuns: dimensionalSections, dimensionComparisons: try dimensionComparisons(),
                               breakdowns: breakdowns)
    }

    /// One run's categorical section (nil for a model with no category of the recipe) and dimensional
    /// section (nil for a model that predicts none of the recipe's dimensions).
    private static func load(_ overview: RunOverview, store: EvalStore, recipe: Recipe, selection: EvaluationSelection,
                             truths: [String: [EmotionDimension: Double]], setup: BreakdownSetup)
        throws -> (categorical: (RunSection, RunItems, RunBreakdownItems)?, dimensional: DimensionalRunSection?) {
        let runId = overview.run.id
        let entry = recipe.entry(forFamily: overview.model.family,
                                 modelNames: Recipe.modelNames(variant: overview.model.variant,
                                                               directory: overview.model.directory))
        let mapping = entry?.mapping
        let policy = selection.policy ?? mapping?.policy ?? .restricted
        let labelMap = mapping?.labelMap ?? [:]
        do {
            let plan = try DimensionPlan(recipe: recipe, mapping: mapping, modelLabels: overview.model.labels)
            var labelDecoder: LabelDecoder?
            do {
                labelDecoder = try LabelDecoder(modelLabels: overview.model.labels, datasetLabels: recipe.labels,
                                                labelMap: labelMap, policy: policy)
            } catch {
                // A dimension-only model (e.g. arousal/dominance/valence outputs) has no category to decode.
                guard case .nothingMapped = error, plan != nil, labelMap.isEmpty else { throw error }
            }
            let predictions = try store.predictions(runId: runId)
            var scored: [ScoredItem] = []
            for p in predictions {
                guard let decoder = labelDecoder else { break }
                guard let label = p.label, let truth = recipe.labels.firstIndex(of: label) else {
                    throw EvaluationError.label(run: runId, utterance: p.utteranceKey, label: p.label,
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
            // A non-fp32 run of a model is another run of the same variant: its name says which.
            let name = "run \(runId)" + (overview.run.options.precisionLabel.map { " (\($0))" } ?? "")
            let model = ModelProvenance(variant: overview.model.variant, family: overview.model.family,
                                        checkpointSHA256: overview.model.checkpointSHA256, labels: overview.model.labels)
            var categorical: (RunSection, RunItems, RunBreakdownItems)?
            if let decoder = labelDecoder {
                let metrics = try evaluateRun(items: scored, labels: recipe.labels, hasOther: decoder.hasOtherColumn,
                                              bootstrap: selection.bootstrap)
                let (breakdowns, breakdownItems) = try computeBreakdowns(
                    predictions: predictions, scored: scored, decoder: decoder, setup: setup,
                    settings: selection.bootstrap)
                let section = RunSection(
                    name: name, model: model, toolkitVersions: versions, status: overview.run.status.rawValue,
                    policy: policy, labelMap: labelMap, corpusUtterances: overview.utteranceCount, failures: summary,
                    metrics: metrics, recipeEntry: entry?.key, breakdowns: breakdowns)
                categorical = (section, RunItems(name: name, items: scored, hasOther: decoder.hasOtherColumn),
                               breakdownItems)
            }
            var dimensional: DimensionalRunSection?
            if let plan {
                let items = try plan.items(predictions, truths: truths, recipe: recipe)
                var metrics: [DimensionMetrics] = []
                for scale in recipe.dimensions {
                    guard let values = items[scale.dimension.rawValue] else { continue }
                    metrics.append(try evaluateDimension(scale.dimension.rawValue, items: values,
                                                         bootstrap: selection.bootstrap))
                }
                var outputs: [String: String] = [:]
                for (dimension, index) in plan.decoder.outputIndex { outputs[dimension] = overview.model.labels[index] }
                dimensional = DimensionalRunSection(
                    name: name, model: model, status: overview.run.status.rawValue, outputs: outputs,
                    alignments: plan.alignments, scaleAssumed: plan.scaleAssumed,
                    corpusUtterances: overview.utteranceCount, failures: summary, dimensions: metrics, items: items)
            }
            return (categorical, dimensional)
        } catch let error as MetricsError {
            throw EvaluationError.metrics(run: runId, error)
        }
    }
}

/// The one date line of a report: `date` (default now) in UTC, to the minute.
public func reportDateLine(_ date: Date = Date()) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
    return formatter.string(from: date)
}
