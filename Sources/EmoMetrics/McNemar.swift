// Exact McNemar test: a two-sided binomial test on the discordant pairs of two classifiers.

import Foundation

/// The outcome of McNemar's exact test.
public struct McNemarResult: Sendable, Equatable, Codable {
    /// Items the first run gets right and the second wrong.
    public let firstOnlyCorrect: Int
    /// Items the second run gets right and the first wrong.
    public let secondOnlyCorrect: Int
    /// Two-sided exact p-value: min(1, 2·P(X ≤ min(b, c))), X ~ Binomial(b + c, ½); 1 when b + c = 0.
    public let pValue: Double
}

/// Exact two-sided McNemar test on discordant counts `b` and `c`.
/// Equals scipy.stats.binomtest(min(b,c), b+c, 0.5).pvalue (the binomial is symmetric at p = ½).
public func mcNemarExact(b: Int, c: Int) -> McNemarResult {
    let n = b + c
    guard n > 0 else { return McNemarResult(firstOnlyCorrect: b, secondOnlyCorrect: c, pValue: 1) }
    let k = min(b, c)
    // P(X ≤ k) summed in log space, log P(X = i) = log C(n, i) + n·log ½ built up term by term
    // (log C(n, i+1) = log C(n, i) + log(n − i) − log(i + 1)), so n in the thousands cannot overflow.
    var terms: [Double] = []
    var logTerm = Double(n) * log(0.5)
    for i in 0...k {
        terms.append(logTerm)
        logTerm += log(Double(n - i)) - log(Double(i + 1))
    }
    let largest = terms.max() ?? 0
    let tail = exp(largest) * terms.reduce(0) { $0 + exp($1 - largest) }
    return McNemarResult(firstOnlyCorrect: b, secondOnlyCorrect: c, pValue: min(1, 2 * tail))
}
