// The dimensional part of a report: per run, each dimension's metrics, its scale alignment and its points.

import EmoMetrics
import EmoTypes

/// One run's dimensional results (a dimension-only model, or the dimensional head of a run that also has
/// categorical results under the same name).
public struct DimensionalRunSection: Sendable, Equatable {
    /// Stable run name, e.g. `run 3` (the same name as the run's categorical section, if it has one).
    public var name: String
    public var model: ModelProvenance
    public var status: String
    /// Dimension → the model output read for it (label, as the model names it).
    public var outputs: [String: String]
    /// Dimension → how truth and prediction were put on one scale.
    public var alignments: [String: ScaleAlignment]
    /// True when the recipe gives no output scale for this model, so the annotation scale was assumed.
    public var scaleAssumed: Bool
    /// Utterances in the corpus, scored or not.
    public var corpusUtterances: Int
    public var failures: FailureSummary
    /// One entry per dimension the model predicts, in the recipe's order.
    public var dimensions: [DimensionMetrics]
    /// Dimension → the aligned (truth, prediction) pairs, for scatter plots and paired comparisons.
    public var items: [String: [DimensionalItem]]

    public init(name: String, model: ModelProvenance, status: String, outputs: [String: String],
                alignments: [String: ScaleAlignment], scaleAssumed: Bool, corpusUtterances: Int,
                failures: FailureSummary, dimensions: [DimensionMetrics], items: [String: [DimensionalItem]]) {
        self.name = name
        self.model = model
        self.status = status
        self.outputs = outputs
        self.alignments = alignments
        self.scaleAssumed = scaleAssumed
        self.corpusUtterances = corpusUtterances
        self.failures = failures
        self.dimensions = dimensions
        self.items = items
    }
}
