// The four headline metrics, their names and the formulas printed in reports.

/// WA, UA, macro-F1, weighted-F1, in the fixed order reports use.
public enum HeadlineMetric: String, Sendable, Codable, CaseIterable {
    case wa = "WA"
    case ua = "UA"
    case macroF1 = "macro-F1"
    case weightedF1 = "weighted-F1"

    /// Column header.
    public var name: String { rawValue }

    /// The definition, for the report's formula section (K classes, n_k items of class k, N items).
    public var formula: String {
        switch self {
        case .wa: return "WA = Σ_k tp_k / N (overall accuracy; a prediction outside the label set is wrong)"
        case .ua: return "UA = (1/K′) Σ_k recall_k, recall_k = tp_k / n_k, over the K′ classes with n_k > 0 "
            + "(unweighted average recall, sklearn balanced_accuracy_score)"
        case .macroF1: return "macro-F1 = (1/K″) Σ_k F1_k, F1_k = 2·P_k·R_k / (P_k + R_k), over the K″ classes "
            + "that occur in the truth or the predictions (sklearn f1_score average=\"macro\")"
        case .weightedF1: return "weighted-F1 = Σ_k (n_k / N)·F1_k (emotion2vec's \"WF1\", sklearn average=\"weighted\")"
        }
    }
}

/// The zero-division conventions, printed under the formulas.
public let zeroDivisionConventions: [String] = [
    "precision_k = 0 when class k is never predicted (emotion2vec's convention, sklearn zero_division=0)",
    "recall_k = 0 when class k has no items; such a class is left out of UA (sklearn balanced_accuracy_score)",
    "F1_k = 0 when precision_k + recall_k = 0",
    "a fold with no scored items is left out of the fold mean",
]
