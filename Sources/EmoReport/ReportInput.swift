// The plain values a report is rendered from; the CLI fills them from the store and the recipe.

import EmoMetrics
import EmoTypes

/// Where the numbers came from: recipe and tool.
public struct RecipeProvenance: Sendable, Equatable, Codable {
    public var name: String
    public var path: String
    /// sha256 (hex) of the recipe file's text.
    public var sha256: String
    public var description: String?
    /// Corpus name as stored.
    public var corpus: String
    /// Dataset labels in report order.
    public var labels: [String]

    public init(name: String, path: String, sha256: String, description: String? = nil, corpus: String,
                labels: [String]) {
        self.name = name
        self.path = path
        self.sha256 = sha256
        self.description = description
        self.corpus = corpus
        self.labels = labels
    }
}

/// The model a run used.
public struct ModelProvenance: Sendable, Equatable, Codable {
    /// e.g. `emotion2vec_plus_base`.
    public var variant: String
    /// `ModelFamily.rawValue`, e.g. `emotion2vec`.
    public var family: String
    /// sha256 (hex) of the checkpoint file.
    public var checkpointSHA256: String
    /// Model output labels in score order.
    public var labels: [String]

    public init(variant: String, family: String, checkpointSHA256: String, labels: [String]) {
        self.variant = variant
        self.family = family
        self.checkpointSHA256 = checkpointSHA256
        self.labels = labels
    }
}

/// Failed utterances of a run, summarised.
public struct FailureSummary: Sendable, Equatable, Codable {
    public struct Example: Sendable, Equatable, Codable {
        public var utterance: String
        public var kind: String
        public var message: String
        public init(utterance: String, kind: String, message: String) {
            self.utterance = utterance
            self.kind = kind
            self.message = message
        }
    }

    /// Failure kind → count.
    public var countsByKind: [String: Int]
    /// The first few failures, in utterance order.
    public var examples: [Example]

    public var total: Int { countsByKind.values.reduce(0, +) }

    public init(countsByKind: [String: Int] = [:], examples: [Example] = []) {
        self.countsByKind = countsByKind
        self.examples = examples
    }
}

/// One run of one model over the recipe's corpus, with its computed metrics.
public struct RunSection: Sendable, Equatable {
    /// Stable run name, e.g. `run 3`.
    public var name: String
    public var model: ModelProvenance
    /// Toolkit version(s) of the sessions that wrote the run.
    public var toolkitVersions: [String]
    /// Run status as stored (`complete`, `incomplete`, ...).
    public var status: String
    public var policy: LabelPolicy
    /// Model label → dataset label actually applied.
    public var labelMap: [String: String]
    /// Utterances in the corpus, scored or not.
    public var corpusUtterances: Int
    public var failures: FailureSummary
    public var metrics: RunMetrics
    /// The recipe's `models:` key whose label map and policy applied (the model's name or its family); nil when
    /// the recipe has none for this model.
    public var recipeEntry: String?
    /// Calibration, groups, speakers and duration bands (nil: not computed, nothing is shown).
    public var breakdowns: RunBreakdowns?

    public init(name: String, model: ModelProvenance, toolkitVersions: [String], status: String,
                policy: LabelPolicy, labelMap: [String: String], corpusUtterances: Int,
                failures: FailureSummary, metrics: RunMetrics, recipeEntry: String? = nil,
                breakdowns: RunBreakdowns? = nil) {
        self.name = name
        self.model = model
        self.toolkitVersions = toolkitVersions
        self.status = status
        self.policy = policy
        self.labelMap = labelMap
        self.corpusUtterances = corpusUtterances
        self.failures = failures
        self.metrics = metrics
        self.recipeEntry = recipeEntry
        self.breakdowns = breakdowns
    }
}

/// Everything `renderReport` needs.
public struct ReportInput: Sendable, Equatable {
    public var recipe: RecipeProvenance
    /// The report's single date line, e.g. `2026-11-22` (the only time-dependent text).
    public var generated: String
    public var toolkitVersion: String
    public var runs: [RunSection]
    /// The recipe's published figures: percentages per headline metric and dimensional figures.
    public var references: [PublishedFigure]
    /// The settings the intervals were computed with (printed).
    public var bootstrap: BootstrapSettings
    /// File-name prefix of the SVG heat maps written next to the report, e.g. `demo` → `demo-run-1-confusion.svg`.
    public var figurePrefix: String
    /// Dimensional results (arousal, valence, dominance), beside or instead of the categorical `runs`.
    public var dimensionalRuns: [DimensionalRunSection] = []

    public init(recipe: RecipeProvenance, generated: String, toolkitVersion: String, runs: [RunSection],
                references: [PublishedFigure], bootstrap: BootstrapSettings, figurePrefix: String,
                dimensionalRuns: [DimensionalRunSection] = []) {
        self.recipe = recipe
        self.generated = generated
        self.toolkitVersion = toolkitVersion
        self.runs = runs
        self.references = references
        self.bootstrap = bootstrap
        self.figurePrefix = figurePrefix
        self.dimensionalRuns = dimensionalRuns
    }
}

/// A rendered report: the markdown and the figure files to write next to it.
public struct RenderedReport: Sendable, Equatable {
    public var markdown: String
    /// File name (no directory) → SVG text.
    public var figures: [(name: String, svg: String)]

    public static func == (a: RenderedReport, b: RenderedReport) -> Bool {
        a.markdown == b.markdown && a.figures.map(\.name) == b.figures.map(\.name)
            && a.figures.map(\.svg) == b.figures.map(\.svg)
    }
}
