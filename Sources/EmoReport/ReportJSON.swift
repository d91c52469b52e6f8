// The `--json` form of a report: the same figures as one object, for scripts.

import EmoMetrics
import EmoTypes
import Foundation

/// JSON document of a report. Metric values are fractions in [0, 1]; published figures are in percent.
public struct ReportJSON: Sendable, Codable, Equatable {
    public struct Interval: Sendable, Codable, Equatable {
        public var lower: Double
        public var upper: Double
    }

    public struct Fold: Sendable, Codable, Equatable {
        public var fold: String
        public var count: Int
        public var wa: Double
        public var ua: Double
        public var macroF1: Double
        public var weightedF1: Double
        public var confusion: [[Int]]
    }

    public struct Summary: Sendable, Codable, Equatable {
        public var mean: Double
        public var standardDeviation: Double?
    }

    public struct Run: Sendable, Codable, Equatable {
        public var run: String
        public var model: String
        public var family: String
        public var checkpointSHA256: String
        public var toolkitVersions: [String]
        public var status: String
        public var policy: String
        public var labelMap: [String: String]
        /// Row order of `confusion` and order of `perClass`.
        public var labels: [String]
        /// Column order of `confusion` (labels, then "other" under the full policy).
        public var confusionColumns: [String]
        public var scored: Int
        public var failed: Int
        public var failuresByKind: [String: Int]
        public var otherPredictions: Int
        public var wa: Double
        public var ua: Double
        public var macroF1: Double
        public var weightedF1: Double
        public var perClass: [ClassMetrics]
        public var confusion: [[Int]]
        public var confusionRowNormalised: [[Double]]
        /// Keys "WA", "UA", "macro-F1", "weighted-F1"; absent without a bootstrap.
        public var intervals: [String: Interval]?
        public var intervalUnit: String?
        public var intervalUnits: Int?
        public var folds: [Fold]
        /// Mean ± sample SD over folds, keyed like `intervals`; empty without folds.
        public var foldSummary: [String: Summary]
        public var contamination: [String]
        /// Calibration, groups, speakers, duration bands (absent when not computed).
        public var breakdowns: RunBreakdowns?
        /// The recipe's `models:` key whose label map and policy applied (absent when the input does not say).
        public var recipeEntry: String? = nil
    }

    public struct Reference: Sendable, Codable, Equatable {
        public var model: String
        /// Percent, keyed "WA", "UA", "macro-F1", "weighted-F1".
        public var figures: [String: Double]
        public var evaluationProtocol: String
        public var source: String
        public var caveat: String?
        public var seenInTraining: TrainingExposure
        public var sameProtocol: Bool
    }

    /// One published dimensional figure (e.g. CCC of valence 0.638) with its reference's provenance.
    public struct DimensionReference: Sendable, Codable, Equatable {
        /// Model variant, matched against a run's `ModelProvenance.variant`.
        public var model: String
        public var dimension: EmotionDimension
        public var metric: RegressionMetric
        /// As published (CCC and r unitless; MAE and RMSE on the publication's scale).
        public var value: Double
        public var evaluationProtocol: String
        public var source: String
        public var caveat: String?
        public var seenInTraining: TrainingExposure
        public var sameProtocol: Bool
    }

    public var recipe: RecipeProvenance
    public var generated: String
    public var toolkitVersion: String
    public var units: String
    public var bootstrap: BootstrapSettings
    public var runs: [Run]
    public var references: [Reference]
    /// Dimensional results (CCC, r, MAE, RMSE per dimension); empty for a categorical-only report.
    public var dimensionalRuns: [DimensionalRun]
    /// Published dimensional figures (CCC and r unitless, MAE/RMSE on the publication's scale).
    public var dimensionReferences: [DimensionReference]

    /// Builds the document from the same input as the markdown.
    public init(_ input: ReportInput) {
        recipe = input.recipe
        generated = input.generated
        toolkitVersion = input.toolkitVersion
        units = "metrics are fractions in [0, 1]; reference figures are percent"
        bootstrap = input.bootstrap
        dimensionalRuns = Self.dimensionalRuns(input)
        dimensionReferences = input.references.flatMap { r in
            r.dimensionFigures.map { figure in
                DimensionReference(model: r.model, dimension: figure.dimension, metric: figure.metric, value: figure.value,
                                   evaluationProtocol: r.evaluationProtocol, source: r.source, caveat: r.caveat,
                                   seenInTraining: r.seenInTraining, sameProtocol: r.sameProtocol)
            }
        }
        references = input.references.map { r in
            Reference(model: r.model,
                      figures: Dictionary(uniqueKeysWithValues: r.figures.map { ($0.key.name, $0.value) }),
                      evaluationProtocol: r.evaluationProtocol, source: r.source, caveat: r.caveat,
                      seenInTraining: r.seenInTraining, sameProtocol: r.sameProtocol)
        }
        runs = input.runs.map { run in
            let m = run.metrics
            var intervals: [String: Interval]? = nil
            if let found = m.intervals {
                intervals = Dictionary(uniqueKeysWithValues: HeadlineMetric.allCases.map {
                    ($0.name, Interval(lower: found[$0].lower, upper: found[$0].upper))
                })
            }
            var summary: [String: Summary] = [:]
            for metric in HeadlineMetric.allCases {
                if let s = m.foldSummary(metric) {
                    summary[metric.name] = Summary(mean: s.mean, standardDeviation: s.standardDeviation)
                }
            }
            return Run(run: run.name, model: run.model.variant, family: run.model.family,
                       checkpointSHA256: run.model.checkpointSHA256, toolkitVersions: run.toolkitVersions,
                       status: run.status, policy: run.policy.rawValue, labelMap: run.labelMap,
                       labels: m.labels, confusionColumns: m.confusion.columnLabels, scored: m.pooled.count,
                       failed: run.failures.total, failuresByKind: run.failures.countsByKind,
                       otherPredictions: m.pooled.otherCount, wa: m.pooled.wa, ua: m.pooled.ua,
                       macroF1: m.pooled.macroF1, weightedF1: m.pooled.weightedF1, perClass: m.pooled.perClass,
                       confusion: m.confusion.rows, confusionRowNormalised: m.confusion.rowNormalised,
                       intervals: intervals, intervalUnit: m.intervals?.wa.unit.rawValue,
                       intervalUnits: m.intervals?.wa.units,
                       folds: m.folds.map { f in
                           Fold(fold: f.fold, count: f.metrics.count, wa: f.metrics.wa, ua: f.metrics.ua,
                                macroF1: f.metrics.macroF1, weightedF1: f.metrics.weightedF1,
                                confusion: f.confusion.rows)
                       },
                       foldSummary: summary,
                       contamination: contaminationWarnings(model: run.model, corpus: input.recipe.corpus,
                                                            references: input.references),
                       breakdowns: run.breakdowns, recipeEntry: run.recipeEntry)
        }
    }
}

/// Pretty-printed JSON with sorted keys (stable across runs), ending with a newline.
public func encodeJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
}
