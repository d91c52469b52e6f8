// WA, UA, macro-F1, weighted-F1 and per-class figures from a confusion matrix (docs/specs/protocols-and-peers.md §5).
import EmoTypes

/// One class's figures. Fractions in [0, 1].
public struct ClassMetrics: Sendable, Equatable, Codable {
    public let label: String
    /// tp / (tp + fp); 0 when the class is never predicted.
    public let precision: Double
    /// tp / support; 0 when the class has no items (then it is left out of UA).
    public let recall: Double
    /// 2PR / (P + R); 0 when P + R = 0.
    public let f1: Double
    /// Items whose true class is this one.
    public let support: Int
    /// Items predicted as this class.
    public let predicted: Int
}

/// The headline figures of one set of predictions. Fractions in [0, 1].
public struct ClassificationMetrics: Sendable, Equatable, Codable {
    /// Weighted accuracy = overall accuracy = Σ correct / N ("other" predictions are wrong).
    public let wa: Double
    /// Unweighted accuracy = mean recall over classes with support > 0 (sklearn balanced_accuracy).
    public let ua: Double
    /// Mean F1 over the classes present in the truth or the predictions (sklearn's default label set;
    /// "other" is never a class).
    public let macroF1: Double
    /// Σ_k (n_k / N) F1_k (emotion2vec's "WF1", sklearn average="weighted").
    public let weightedF1: Double
    /// Per dataset class, in label order.
    public let perClass: [ClassMetrics]
    /// Number of scored items N.
    public let count: Int
    /// Items predicted outside the dataset labels (full policy); 0 otherwise.
    public let otherCount: Int

    /// Computes every figure from `confusion`. An empty matrix gives zeros.
    public init(confusion: ConfusionMatrix) {
        let k = confusion.labels.count
        let support = confusion.support
        let predicted = confusion.predictedCounts
        let n = confusion.total
        var perClass: [ClassMetrics] = []
        perClass.reserveCapacity(k)
        for c in 0..<k {
            let tp = Double(confusion[c, c])
            let precision = predicted[c] == 0 ? 0 : tp / Double(predicted[c])
            let recall = support[c] == 0 ? 0 : tp / Double(support[c])
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            perClass.append(ClassMetrics(label: confusion.labels[c], precision: precision, recall: recall,
                                         f1: f1, support: support[c], predicted: predicted[c]))
        }
        let present = perClass.filter { $0.support > 0 }
        let seen = perClass.filter { $0.support > 0 || $0.predicted > 0 }
        self.wa = n == 0 ? 0 : Double(confusion.correct) / Double(n)
        self.ua = present.isEmpty ? 0 : present.reduce(0) { $0 + $1.recall } / Double(present.count)
        self.macroF1 = seen.isEmpty ? 0 : seen.reduce(0) { $0 + $1.f1 } / Double(seen.count)
        self.weightedF1 = n == 0 ? 0 : perClass.reduce(0) { $0 + Double($1.support) * $1.f1 } / Double(n)
        self.perClass = perClass
        self.count = n
        self.otherCount = confusion.hasOther ? predicted[k] : 0
    }

    /// The value of one headline metric.
    public func value(_ metric: HeadlineMetric) -> Double {
        switch metric {
        case .wa: return wa
        case .ua: return ua
        case .macroF1: return macroF1
        case .weightedF1: return weightedF1
        }
    }
}
