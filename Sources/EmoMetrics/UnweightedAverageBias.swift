// audmetric's `unweighted_average_bias` with its defaults (metric = fscore_per_class, reduction = np.std):
// how much the per-class F-score differs between the groups of a protected variable (docs/specs/corpora.md §14,
// audmetric 1.4.2 core/api.py).

import Foundation

/// The F-score of one class in one group with audmetric's NaN rules: P and R are NaN where their
/// denominator is 0; P·R = 0 → 0; P = 0 with R NaN (or R = 0 with P NaN) → 0; else 2PR / (P + R)
/// (NaN when either is NaN).
func audmetricFScore(truePositives: Int, predicted: Int, support: Int) -> Double {
    let p = predicted == 0 ? Double.nan : Double(truePositives) / Double(predicted)
    let r = support == 0 ? Double.nan : Double(truePositives) / Double(support)
    if p * r == 0 { return 0 }
    if (p == 0 && r.isNaN) || (r == 0 && p.isNaN) { return 0 }
    return 2 * p * r / (p + r)
}

/// Unweighted average bias of `predicted` against `truth` over the groups in `groups` (parallel arrays;
/// class indices, "other" included as its own class). Classes are those present in the truth or the
/// predictions; for each class the population SD (ddof 0) of its F-score over the groups where it is
/// defined is taken when at least two groups define it; the result is the mean over those classes.
/// nil where audmetric returns NaN (no class defined in two groups). 0 means no difference.
public func unweightedAverageBias(truth: [Int], predicted: [Int], groups: [String]) -> Double? {
    precondition(truth.count == predicted.count && truth.count == groups.count, "inputs differ in length")
    let classes = Set(truth).union(predicted).sorted()
    let groupNames = Set(groups).sorted()
    var sum = 0.0, counted = 0
    // Per group: counts of (truth == c), (predicted == c), (both).
    var support: [String: [Int: Int]] = [:], predictedCount: [String: [Int: Int]] = [:]
    var hits: [String: [Int: Int]] = [:]
    for i in truth.indices {
        let g = groups[i]
        support[g, default: [:]][truth[i], default: 0] += 1
        predictedCount[g, default: [:]][predicted[i], default: 0] += 1
        if truth[i] == predicted[i] { hits[g, default: [:]][truth[i], default: 0] += 1 }
    }
    for c in classes {
        let scores = groupNames.map { g in
            audmetricFScore(truePositives: hits[g]?[c] ?? 0, predicted: predictedCount[g]?[c] ?? 0,
                            support: support[g]?[c] ?? 0)
        }.filter { !$0.isNaN }
        guard scores.count > 1 else { continue }
        let mean = scores.reduce(0, +) / Double(scores.count)
        let variance = scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count)
        sum += variance.squareRoot()
        counted += 1
    }
    return counted == 0 ? nil : sum / Double(counted)
}
