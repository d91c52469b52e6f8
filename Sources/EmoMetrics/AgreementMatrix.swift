// How often runs predict the same class on the utterances they share.

/// Pairwise agreement between runs: for runs i and j, the fraction of their common utterances on which
/// the predicted class is the same ("other" agrees with "other"), and the number of common utterances.
public struct AgreementMatrix: Sendable, Equatable, Codable {
    public let runs: [String]
    /// `agreement[i][j]` in [0, 1]; 1 on the diagonal; 0 when nothing is shared.
    public let agreement: [[Double]]
    /// `common[i][j]`: utterances scored by both.
    public let common: [[Int]]

    /// Builds the matrix for `runs`, in the given order.
    public init(_ runs: [RunItems]) {
        let maps = runs.map { run in
            Dictionary(run.items.map { ($0.utterance, $0.predicted) }, uniquingKeysWith: { first, _ in first })
        }
        var agreement = [[Double]](repeating: [Double](repeating: 0, count: runs.count), count: runs.count)
        var common = [[Int]](repeating: [Int](repeating: 0, count: runs.count), count: runs.count)
        for i in runs.indices {
            for j in runs.indices {
                var shared = 0, same = 0
                for (utterance, p) in maps[i] {
                    guard let q = maps[j][utterance] else { continue }
                    shared += 1
                    if p == q { same += 1 }
                }
                common[i][j] = shared
                agreement[i][j] = shared == 0 ? 0 : Double(same) / Double(shared)
            }
        }
        self.runs = runs.map(\.name)
        self.agreement = agreement
        self.common = common
    }
}
