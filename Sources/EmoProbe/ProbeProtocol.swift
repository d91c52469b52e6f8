// The cross-validation protocols of the emotion2vec paper's IEMOCAP table, as fold assignments.
import EmoMetrics

/// How utterances are split into training, validation and test sets.
public enum ProbeProtocol: String, Sendable, Codable, CaseIterable {
    /// Leave one session out (IEMOCAP: 5 folds); validation = a random 20 % of the training utterances.
    case loso
    /// Leave one speaker out (IEMOCAP: 10 folds): one speaker tests, the next speaker (sorted order,
    /// wrapping round) validates, the rest train. The paper does not say which speaker validates.
    case losoSpeaker = "loso-speaker"
    /// Leave one session out with the test fold also used for validation (model selection on the test
    /// set): the paper's `*` rows, kept only for comparison with earlier work.
    case valEqualsTest = "val-eq-test"

    /// True when figures must carry the `*` mark (model selected on the test fold).
    public var selectsOnTest: Bool { self == .valEqualsTest }

    /// Short label used in run names and reports, e.g. "probe:loso" or "probe:val-eq-test*".
    public var label: String { "probe:\(rawValue)" + (selectsOnTest ? "*" : "") }
}

/// One fold: indices into the utterance list.
public struct ProbeFold: Sendable, Equatable {
    /// Held-out group (session or speaker).
    public var name: String
    public var train: [Int]
    public var validation: [Int]
    public var test: [Int]
}

/// Builds the folds of `probeProtocol` from each utterance's session (or recipe fold) and speaker.
/// The random validation split of `loso` is drawn from `SplitMix64(seed)` mixed with the fold index,
/// so each fold's split is reproducible on its own.
public func makeFolds(protocol probeProtocol: ProbeProtocol, sessions: [String?], speakers: [String?],
                      seed: UInt64, validationFraction: Double = 0.2) throws(ProbeError) -> [ProbeFold] {
    let name = probeProtocol.rawValue
    let keys = probeProtocol == .losoSpeaker ? speakers : sessions
    let what = probeProtocol == .losoSpeaker ? "speaker" : "session (or fold)"
    if let missing = keys.firstIndex(where: { $0 == nil }) {
        throw .invalidFolds(protocolName: name, problem: "utterance \(missing) has no \(what)")
    }
    let groups = orderedFolds(Set(keys.compactMap { $0 }))
    guard groups.count >= (probeProtocol == .losoSpeaker ? 3 : 2) else {
        throw .invalidFolds(protocolName: name, problem: "needs more groups than the \(groups.count) \(what)s found")
    }
    var members: [String: [Int]] = [:]
    for (i, key) in keys.enumerated() { if let key { members[key, default: []].append(i) } }
    return groups.enumerated().map { foldIndex, group in
        let test = members[group] ?? []
        let rest = keys.indices.filter { keys[$0] != group }
        switch probeProtocol {
        case .loso:
            var generator = SplitMix64(seed: foldSeed(seed, foldIndex, stream: 1))
            let shuffled = shuffle(rest, with: &generator)
            let trainCount = Int(Double(rest.count) * (1 - validationFraction))   // torch: int(0.8 * n)
            return ProbeFold(name: group, train: Array(shuffled[..<trainCount]).sorted(),
                             validation: Array(shuffled[trainCount...]).sorted(), test: test)
        case .losoSpeaker:
            let validationGroup = groups[(foldIndex + 1) % groups.count]
            return ProbeFold(name: group, train: rest.filter { keys[$0] != validationGroup },
                             validation: members[validationGroup] ?? [], test: test)
        case .valEqualsTest:
            return ProbeFold(name: group, train: rest, validation: test, test: test)
        }
    }
}

/// A per-fold, per-purpose seed: folds train independently (and in parallel) yet reproducibly.
func foldSeed(_ seed: UInt64, _ fold: Int, stream: UInt64) -> UInt64 {
    var mixer = SplitMix64(seed: seed ^ (UInt64(fold) &* 0x9E37_79B9_7F4A_7C15) ^ (stream << 56))
    return mixer.next()
}

/// Fisher–Yates with the given generator (deterministic for a seed on every platform).
func shuffle(_ values: [Int], with generator: inout SplitMix64) -> [Int] {
    var out = values
    if out.count < 2 { return out }
    for i in stride(from: out.count - 1, to: 0, by: -1) {
        out.swapAt(i, generator.uniform(below: i + 1))
    }
    return out
}
