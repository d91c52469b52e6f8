// The probe learns a separable problem, and is deterministic for a seed (also when folds run in parallel).
import Testing
import EmoMetrics
@testable import EmoProbe

/// 4 classes with distinct means in 16 dimensions, 3–8 frames per utterance of mean + noise, 3 sessions.
func separableProblem(utterancesPerSession: Int = 60, seed: UInt64 = 3) throws -> (FrameFeatures, [Int], [String?]) {
    let D = 16, classes = 4
    var generator = SplitMix64(seed: seed)
    let means: [[Float]] = (0..<classes).map { _ in (0..<D).map { _ in generator.unitFloat() * 2 - 1 } }
    var utterances: [[Float]] = [], labels: [Int] = [], sessions: [String?] = []
    for session in 1...3 {
        for _ in 0..<utterancesPerSession {
            let label = generator.uniform(below: classes)
            let frames = 3 + generator.uniform(below: 6)
            var values: [Float] = []
            for _ in 0..<frames {
                for d in 0..<D { values.append(means[label][d] + (generator.unitFloat() - 0.5) * 0.8) }
            }
            utterances.append(values)
            labels.append(label)
            sessions.append("\(session)")
        }
    }
    return (try FrameFeatures(dim: D, utterances: utterances), labels, sessions)
}

@Suite struct ProbeTrainerTests {
    let classes = ["ang", "hap", "neu", "sad"]

    func settings(_ head: ProbeHeadKind, epochs: Int, parallel: Int = 1) -> ProbeSettings {
        var settings = ProbeSettings(head: head, epochs: epochs, seed: 42, parallelFolds: parallel)
        settings.hiddenDim = 32
        settings.batchSize = 16
        return settings
    }

    @Test(arguments: [ProbeHeadKind.mlp, .logreg])
    func learnsASeparableProblem(head: ProbeHeadKind) throws {
        let (features, labels, sessions) = try separableProblem()
        let folds = try makeFolds(protocol: .loso, sessions: sessions, speakers: sessions, seed: 42)
        let result = try trainProbe(features: features, labels: labels, classes: classes, folds: folds,
                                    settings: settings(head, epochs: 20))
        #expect(result.folds.count == 3)
        for fold in result.folds { #expect(fold.metrics.wa >= 0.95, "fold \(fold.name): WA \(fold.metrics.wa)") }
        #expect(result.meanWA.mean >= 0.95)
        let losses = result.folds[0].trainingLosses
        #expect(losses.last! < losses.first!)
        #expect(result.folds.allSatisfy { $0.probabilities.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-4 } })
    }

    @Test func sameSeedSameResultAlsoInParallel() throws {
        let (features, labels, sessions) = try separableProblem(utterancesPerSession: 20)
        let folds = try makeFolds(protocol: .loso, sessions: sessions, speakers: sessions, seed: 42)
        func run(_ parallel: Int, seed: UInt64 = 42) throws -> [[[Float]]] {
            var s = settings(.mlp, epochs: 3, parallel: parallel)
            s.seed = seed
            return try trainProbe(features: features, labels: labels, classes: classes, folds: folds, settings: s)
                .folds.map(\.probabilities)
        }
        let first = try run(1)
        #expect(try run(1) == first)
        #expect(try run(2) == first)
        #expect(try run(1, seed: 7) != first)
    }

    @Test func rejectsBadLabels() throws {
        let (features, labels, sessions) = try separableProblem(utterancesPerSession: 5)
        let folds = try makeFolds(protocol: .loso, sessions: sessions, speakers: sessions, seed: 42)
        var bad = labels
        bad[0] = 9
        #expect(throws: ProbeError.self) {
            _ = try trainProbe(features: features, labels: bad, classes: classes, folds: folds,
                               settings: settings(.mlp, epochs: 1))
        }
    }
}
