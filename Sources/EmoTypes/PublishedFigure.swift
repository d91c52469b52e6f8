// A published result for a model on a corpus: read from a recipe's `references:` (EmoCorpus), shown beside the
// measured figures in reports and behind their contamination warnings (EmoReport).

/// A published dimensional figure, e.g. CCC of valence = 0.638.
public struct DimensionFigure: Sendable, Equatable {
    public var metric: RegressionMetric
    public var dimension: EmotionDimension
    /// The value as published (CCC and r in [−1, 1]; MAE and RMSE on the publication's scale).
    public var value: Double

    public init(metric: RegressionMetric, dimension: EmotionDimension, value: Double) {
        self.metric = metric
        self.dimension = dimension
        self.value = value
    }

    /// The key used under `figures:` in a recipe, e.g. `CCC-valence`, `Pearson-arousal`.
    public var key: String { "\(metric.figureKeyName)-\(dimension.rawValue)" }

    /// The figure under `key` (`CCC-valence`); nil when `key` is not `<metric>-<dimension>`.
    public init?(key: String, value: Double) {
        guard let dash = key.lastIndex(of: "-"),
              let metric = RegressionMetric.allCases.first(where: { $0.figureKeyName == key[..<dash] }),
              let dimension = EmotionDimension(rawValue: String(key[key.index(after: dash)...])) else { return nil }
        self.init(metric: metric, dimension: dimension, value: value)
    }
}

/// One published result for one model on this corpus.
public struct PublishedFigure: Sendable, Equatable {
    /// Model variant as in `ModelIdentity.variant`, e.g. `emotion2vec_plus_base`; matched against a run's model.
    public var model: String
    /// Model family (`ModelFamily.rawValue`), when the model is one emoeval runs.
    public var family: String?
    /// Published values in percent, one per metric.
    public var figures: [HeadlineMetric: Double]
    /// The protocol behind the figures (split, training, aggregation).
    public var evaluationProtocol: String
    /// Where the figures are published.
    public var source: String
    /// What makes the comparison imperfect.
    public var caveat: String?
    /// Whether the model saw this corpus in training (contamination).
    public var seenInTraining: TrainingExposure
    /// Whether this recipe follows the same protocol as the published figures.
    public var sameProtocol: Bool
    /// Published dimensional figures (`CCC-valence: 0.638`), in metric then dimension order.
    public var dimensionFigures: [DimensionFigure]

    public init(model: String, family: String? = nil, figures: [HeadlineMetric: Double],
                evaluationProtocol: String, source: String, caveat: String? = nil,
                seenInTraining: TrainingExposure = .unknown, sameProtocol: Bool = false,
                dimensionFigures: [DimensionFigure] = []) {
        self.model = model
        self.family = family
        self.figures = figures
        self.evaluationProtocol = evaluationProtocol
        self.source = source
        self.caveat = caveat
        self.seenInTraining = seenInTraining
        self.sameProtocol = sameProtocol
        self.dimensionFigures = dimensionFigures
    }

    /// The figures in `HeadlineMetric.allCases` order.
    public var orderedFigures: [(metric: HeadlineMetric, value: Double)] {
        HeadlineMetric.allCases.compactMap { metric in figures[metric].map { (metric, $0) } }
    }
}
