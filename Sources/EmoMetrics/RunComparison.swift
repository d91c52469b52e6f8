// Several runs compared pairwise (every i < j) plus their agreement matrix.

/// The pairwise comparisons of runs 0..<M (pairs in order (0,1), (0,2), ..., (1,2), ...) and their agreement.
public struct RunComparison: Sendable, Equatable, Codable {
    public let pairs: [PairedComparison]
    public let agreement: AgreementMatrix
}

/// Compares every pair of `runs` on their common utterances with the same bootstrap settings.
public func compareRuns(_ runs: [RunItems], labels: [String],
                        settings: BootstrapSettings = BootstrapSettings()) throws(MetricsError) -> RunComparison {
    var pairs: [PairedComparison] = []
    for i in runs.indices {
        for j in runs.indices where j > i {
            pairs.append(try comparePaired(runs[i], runs[j], labels: labels, settings: settings))
        }
    }
    return RunComparison(pairs: pairs, agreement: AgreementMatrix(runs))
}
