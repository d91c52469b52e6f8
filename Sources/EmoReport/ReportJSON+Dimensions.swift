// The dimensional part of `report --json`: per run and dimension, the same figures as the markdown.

import EmoMetrics
import EmoTypes

extension ReportJSON {
    /// One dimension of one run. Values on the evaluation scale; nil where undefined.
    public struct DimensionResult: Sendable, Codable, Equatable {
        public var dimension: String
        public var scored: Int
        /// The model output read for this dimension.
        public var output: String?
        /// How annotation and model scales were aligned, in words (also in the markdown).
        public var alignment: String?
        /// `[low, high]` of the scale every figure is on.
        public var evaluationRange: [Double]?
        public var ccc: Double?
        public var pearson: Double?
        public var mae: Double?
        public var rmse: Double?
        /// Keys "CCC", "Pearson r", "MAE", "RMSE"; absent without a bootstrap.
        public var intervals: [String: Interval]?
        public var intervalUnit: String?
        public var intervalUnits: Int?
        public var folds: [DimensionFold]
        /// Mean ± sample SD over folds, keyed like `intervals`; empty without folds.
        public var foldSummary: [String: Summary]
    }

    public struct DimensionFold: Sendable, Codable, Equatable {
        public var fold: String
        public var count: Int
        public var ccc: Double?
        public var pearson: Double?
        public var mae: Double?
        public var rmse: Double?
    }

    public struct DimensionalRun: Sendable, Codable, Equatable {
        public var run: String
        public var model: String
        public var family: String
        public var checkpointSHA256: String
        public var status: String
        public var failed: Int
        /// True when the recipe gives no output scale for the model (the annotation scale was assumed).
        public var scaleAssumed: Bool
        public var dimensions: [DimensionResult]
    }

    static func dimensionalRuns(_ input: ReportInput) -> [DimensionalRun] {
        input.dimensionalRuns.map { run in
            DimensionalRun(
                run: run.name, model: run.model.variant, family: run.model.family,
                checkpointSHA256: run.model.checkpointSHA256, status: run.status, failed: run.failures.total,
                scaleAssumed: run.scaleAssumed,
                dimensions: run.dimensions.map { d in
                    var intervals: [String: Interval]?
                    if let found = d.intervals {
                        var values: [String: Interval] = [:]
                        for metric in RegressionMetric.allCases {
                            if let i = found[metric] { values[metric.name] = Interval(lower: i.lower, upper: i.upper) }
                        }
                        intervals = values
                    }
                    var summary: [String: Summary] = [:]
                    for metric in RegressionMetric.allCases {
                        if let s = d.foldSummary(metric), s.folds > 0 {
                            summary[metric.name] = Summary(mean: s.mean, standardDeviation: s.standardDeviation)
                        }
                    }
                    let alignment = run.alignments[d.dimension]
                    return DimensionResult(
                        dimension: d.dimension, scored: d.pooled.count, output: run.outputs[d.dimension],
                        alignment: alignment?.summary,
                        evaluationRange: alignment.map { [$0.evaluationRange.lowerBound, $0.evaluationRange.upperBound] },
                        ccc: d.pooled.ccc, pearson: d.pooled.pearson, mae: d.pooled.mae, rmse: d.pooled.rmse,
                        intervals: intervals, intervalUnit: d.intervals?.ccc?.unit.rawValue,
                        intervalUnits: d.intervals?.ccc?.units,
                        folds: d.folds.map { f in
                            DimensionFold(fold: f.fold, count: f.metrics.count, ccc: f.metrics.ccc,
                                          pearson: f.metrics.pearson, mae: f.metrics.mae, rmse: f.metrics.rmse)
                        },
                        foldSummary: summary)
                })
        }
    }
}
