// One run's stored predictions seen through a recipe, utterance by utterance: the truth, the decision under
// the family's policy, and how sure the model was. `StoredEvaluation` computes its metrics from these, and the
// web page lists them (a confusion cell's utterances, two runs' disagreements), so both always agree.
import EmoCorpus
import EmoMetrics
import EmoStore
import EmoTypes

/// A stored prediction decoded to the recipe's labels.
public struct DecodedPrediction: Sendable, Equatable, Codable {
    /// Row id of the utterance in the store (the page fetches its audio by this id).
    public var utteranceId: Int64
    public var key: String
    /// Index into the recipe's labels.
    public var truth: Int
    /// Index into the recipe's labels, or `labels.count` ("other", full policy only).
    public var predicted: Int
    /// The probability of the predicted class (`LabelDecoder.classScores` at `predicted`).
    public var confidence: Float
    /// The model's raw scores in its own label order.
    public var scores: [Float]
    public var speaker: String?
    public var fold: String?

    /// The metrics' view of it.
    public var scoredItem: ScoredItem {
        ScoredItem(utterance: key, truth: truth, predicted: predicted, speaker: speaker, fold: fold)
    }
}

extension Recipe {
    /// The decoder for a model family's scores under this recipe: the family's label map and policy, or
    /// `policy` when given (restricted when the recipe names neither).
    public func labelDecoder(family: String, modelLabels: [String],
                             policy override: LabelPolicy? = nil) throws(MetricsError) -> LabelDecoder {
        let mapping = mapping(forFamily: family)
        let policy = override ?? mapping.flatMap { LabelPolicy(rawValue: $0.policy.rawValue) } ?? .restricted
        return try LabelDecoder(modelLabels: modelLabels, datasetLabels: labels, labelMap: mapping?.labelMap ?? [:],
                                policy: policy)
    }
}

/// The predictions of run `overview` in `store`, decoded with `decoder`, ordered by utterance key.
/// - Throws: `EvaluationError.label` for an utterance whose label is not in the recipe's label set,
///   `EvaluationError.metrics` for a score vector of the wrong length or without a finite score.
public func decodedPredictions(of overview: RunOverview, store: EvalStore, recipe: Recipe,
                               decoder: LabelDecoder) throws -> [DecodedPrediction] {
    let runId = overview.run.id
    var ids: [String: Int64] = [:]
    for utterance in try store.utterances(corpusId: try overview.corpus.storedId()) {
        if let id = utterance.id { ids[utterance.key] = id }
    }
    do {
        return try store.predictions(runId: runId).map { p in
            guard let label = p.label, let truth = recipe.labels.firstIndex(of: label) else {
                throw EvaluationError.label(run: runId, utterance: p.utteranceKey, label: p.label, labels: recipe.labels)
            }
            let predicted = try decoder.decode(p.scores, utterance: p.utteranceKey)
            let confidence = try decoder.classScores(p.scores, utterance: p.utteranceKey)[predicted]
            return DecodedPrediction(utteranceId: ids[p.utteranceKey] ?? 0, key: p.utteranceKey, truth: truth,
                                     predicted: predicted, confidence: confidence, scores: p.scores,
                                     speaker: p.speaker, fold: p.fold)
        }
    } catch let error as MetricsError {
        throw EvaluationError.metrics(run: runId, error)
    }
}

/// Where two runs of the same corpus decide differently.
public struct Disagreements: Sendable, Equatable, Codable {
    /// One utterance both runs scored, decided differently.
    public struct Item: Sendable, Equatable, Codable {
        public var utteranceId: Int64
        public var key: String
        public var truth: Int
        public var first: Int
        public var firstConfidence: Float
        public var second: Int
        public var secondConfidence: Float
    }

    /// Utterances both runs scored.
    public var paired: Int
    public var bothRight: Int
    public var onlyFirstRight: Int
    public var onlySecondRight: Int
    /// Both wrong (with the same or different labels).
    public var bothWrong: Int
    /// Different decisions, ordered by utterance key.
    public var items: [Item]

    /// Pairs `first` and `second` on utterance key.
    public init(first: [DecodedPrediction], second: [DecodedPrediction]) {
        let byKey = Dictionary(second.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var paired = 0, bothRight = 0, onlyFirst = 0, onlySecond = 0, bothWrong = 0
        var items: [Item] = []
        for a in first.sorted(by: { $0.key < $1.key }) {
            guard let b = byKey[a.key] else { continue }
            paired += 1
            switch (a.predicted == a.truth, b.predicted == b.truth) {
            case (true, true): bothRight += 1
            case (true, false): onlyFirst += 1
            case (false, true): onlySecond += 1
            case (false, false): bothWrong += 1
            }
            if a.predicted != b.predicted {
                items.append(Item(utteranceId: a.utteranceId, key: a.key, truth: a.truth, first: a.predicted,
                                  firstConfidence: a.confidence, second: b.predicted, secondConfidence: b.confidence))
            }
        }
        self.paired = paired
        self.bothRight = bothRight
        onlyFirstRight = onlyFirst
        onlySecondRight = onlySecond
        self.bothWrong = bothWrong
        self.items = items
    }
}
