// The probability a stored score vector gives each report column, under the decoder's policy
// (what calibration is measured on).

import Foundation

/// Why a run's scores cannot be read as probabilities (calibration is then left out, with this reason).
public enum ScoreScale: Sendable, Equatable, Codable {
    /// Each score in [0, 1], summing to 1 (softmax output).
    case probabilities
    /// Each score ≤ 0 and Σ exp = 1 (log-softmax output, e.g. SpeechBrain with `apply_log: True`).
    case logProbabilities
    /// Neither: e.g. raw logits; the utterance named is the first that fails.
    case unknown(utterance: String)

    /// Tolerance on Σ p = 1: float32 softmax sums of ≤ 10 000 classes stay well inside it.
    public static let sumTolerance = 1e-3

    /// Classifies one score vector.
    public static func of(_ scores: [Float], utterance: String) -> ScoreScale {
        let values = scores.map(Double.init)
        guard !values.isEmpty, !values.contains(where: { $0.isNaN || $0 == .infinity }) else {
            return .unknown(utterance: utterance)
        }
        if values.allSatisfy({ $0 >= 0 && $0 <= 1 + sumTolerance }),
           abs(values.reduce(0, +) - 1) <= sumTolerance {
            return .probabilities
        }
        if values.allSatisfy({ $0 <= 0 }), abs(values.reduce(0) { $0 + exp($1) } - 1) <= sumTolerance {
            return .logProbabilities
        }
        return .unknown(utterance: utterance)
    }
}

extension LabelDecoder {
    /// Number of report columns: the dataset labels, plus "other" when the policy has that column.
    public var columnCount: Int { datasetLabels.count + (hasOtherColumn ? 1 : 0) }

    /// Probability per report column from one stored score vector (`scale` says how to read it).
    /// `restricted`: the mapped model classes renormalised to sum to 1 (as if the other logits were masked
    /// before the softmax); a dataset class sums its model classes. `full`: the model's own probabilities,
    /// summed per dataset class, with the unmapped classes' total in the "other" column.
    /// Mapped classes with zero total mass under `restricted` give a uniform vector.
    public func columnProbabilities(_ scores: [Float], scale: ScoreScale,
                                    utterance: String = "?") throws(MetricsError) -> [Double] {
        guard scores.count == modelLabels.count else {
            throw .scoreCount(utterance: utterance, expected: modelLabels.count, got: scores.count)
        }
        let k = datasetLabels.count
        var columns = [Double](repeating: 0, count: columnCount)
        for (m, score) in scores.enumerated() {
            let p = scale == .logProbabilities ? exp(Double(score)) : Double(score)
            if let c = datasetClassOfModelClass[m] {
                columns[c] += p
            } else if hasOtherColumn {
                columns[k] += p
            }
        }
        let total = columns.reduce(0, +)
        if policy == .restricted {
            guard total > 0 else { return [Double](repeating: 1 / Double(k), count: k) }
            return columns.map { $0 / total }
        }
        // Full: already a distribution up to float32 rounding; renormalise so Σ = 1 exactly enough for Brier.
        return total > 0 ? columns.map { $0 / total } : columns
    }
}
