// Applies a label map and a LabelPolicy to stored score vectors.
import EmoTypes

/// Turns one model score vector into a dataset class index (or `otherIndex`).
public struct LabelDecoder: Sendable, Equatable {
    /// Model output labels, in score order.
    public let modelLabels: [String]
    /// Dataset labels; class index k is `datasetLabels[k]`.
    public let datasetLabels: [String]
    /// For each model class, the dataset class it maps to, or nil when unmapped.
    public let datasetClassOfModelClass: [Int?]
    public let policy: LabelPolicy

    /// Index used for a prediction outside the dataset labels (only under `.full`): `datasetLabels.count`.
    public var otherIndex: Int { datasetLabels.count }

    /// - Parameter labelMap: model label → dataset label. When empty, model labels spelled exactly like a
    ///   dataset label map to it (e.g. SpeechBrain's neu/ang/hap/sad on IEMOCAP).
    public init(modelLabels: [String], datasetLabels: [String], labelMap: [String: String],
                policy: LabelPolicy) throws(MetricsError) {
        var classOf = [Int?](repeating: nil, count: modelLabels.count)
        if labelMap.isEmpty {
            for (m, label) in modelLabels.enumerated() { classOf[m] = datasetLabels.firstIndex(of: label) }
        } else {
            for (source, target) in labelMap.sorted(by: { $0.key < $1.key }) {
                guard let k = datasetLabels.firstIndex(of: target) else {
                    throw .mapTargetNotInLabelSet(modelLabel: source, datasetLabel: target, labelSet: datasetLabels)
                }
                guard modelLabels.contains(source) else {
                    throw .mapSourceNotInModel(modelLabel: source, modelLabels: modelLabels)
                }
                for (m, label) in modelLabels.enumerated() where label == source { classOf[m] = k }
            }
        }
        guard classOf.contains(where: { $0 != nil }) else {
            throw .nothingMapped(modelLabels: modelLabels, labelSet: datasetLabels)
        }
        self.modelLabels = modelLabels
        self.datasetLabels = datasetLabels
        self.datasetClassOfModelClass = classOf
        self.policy = policy
    }

    /// The dataset class index predicted from `scores` (`otherIndex` when the full-argmax winner is
    /// unmapped). Ties go to the lowest model index, as numpy's argmax; NaN scores never win.
    public func decode(_ scores: [Float], utterance: String = "?") throws(MetricsError) -> Int {
        guard scores.count == modelLabels.count else {
            throw .scoreCount(utterance: utterance, expected: modelLabels.count, got: scores.count)
        }
        var best: Int? = nil
        for (m, score) in scores.enumerated() where !score.isNaN {
            if policy == .restricted && datasetClassOfModelClass[m] == nil { continue }
            if let b = best, scores[b] >= score { continue }
            best = m
        }
        guard let winner = best else { throw .noFiniteScore(utterance: utterance) }
        return datasetClassOfModelClass[winner] ?? otherIndex
    }

    /// The probability each dataset class gets from `scores`: the highest score among the model classes mapped
    /// to it (0 when none is), followed by the highest unmapped score when `hasOtherColumn`. `decode`
    /// returns the argmax of these values (up to ties), so a chart of them agrees with the decision; the
    /// browse page sorts by the predicted class's value ("confidence").
    public func classScores(_ scores: [Float], utterance: String = "?") throws(MetricsError) -> [Float] {
        guard scores.count == modelLabels.count else {
            throw .scoreCount(utterance: utterance, expected: modelLabels.count, got: scores.count)
        }
        var values = [Float](repeating: 0, count: datasetLabels.count + (hasOtherColumn ? 1 : 0))
        for (m, score) in scores.enumerated() where !score.isNaN {
            guard let k = datasetClassOfModelClass[m] ?? (hasOtherColumn ? otherIndex : nil) else { continue }
            values[k] = max(values[k], score)
        }
        return values
    }

    /// Whether predictions can fall outside the dataset labels (adds the "other" column).
    public var hasOtherColumn: Bool {
        policy == .full && datasetClassOfModelClass.contains(where: { $0 == nil })
    }
}
