// Trains one head per fold, keeps the best-validation-accuracy epoch, predicts the test fold.
// Loop as in emotion2vec iemocap_downstream/main.py + utils.py: shuffle the training set every epoch,
// batches of 128 (last one short), one RMSprop step per batch, scheduler step per epoch, validation WA
// after every epoch, keep the parameters of the first epoch with the highest validation WA.
import Foundation
import EmoKernels
import EmoMetrics

/// Trains and evaluates the probe on every fold. `labels[i]` indexes `classes`.
/// Folds run in parallel when `settings.parallelFolds > 1`; each fold draws from its own seeded generator,
/// so the result does not depend on scheduling or the number of workers. It may depend on the OpenBLAS
/// thread count (a threaded sgemm can sum in another order): this function leaves that process-wide
/// setting alone; `runProbe` sets one thread, so `emoeval probe` gives the same figures for any --jobs.
public func trainProbe(features: FrameFeatures, labels: [Int], classes: [String], folds: [ProbeFold],
                       settings: ProbeSettings) throws(ProbeError) -> ProbeResult {
    try settings.validate()
    guard classes.count >= 2 else { throw .invalidLabels(problem: "\(classes.count) classes; need at least 2") }
    guard labels.count == features.count else {
        throw .invalidLabels(problem: "\(labels.count) labels for \(features.count) utterances")
    }
    if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes.count }) {
        throw .invalidLabels(problem: "utterance \(bad) has label index \(labels[bad]) outside 0..<\(classes.count)")
    }
    for fold in folds {
        for index in fold.train + fold.validation + fold.test where index < 0 || index >= features.count || features.lengths[index] == 0 {
            throw .invalidFeatures(item: "utterance \(index) in fold \(fold.name)", problem: "missing or has no frames")
        }
    }
    for fold in folds where fold.train.isEmpty || fold.validation.isEmpty || fold.test.isEmpty {
        throw .invalidFolds(protocolName: "fold \(fold.name)", problem: "empty training, validation or test set")
    }
    let outcomes = FoldOutcomes(count: folds.count)
    let workers = min(settings.parallelFolds, folds.count)
    let next = FoldOutcomes.Counter()
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while let index = next.take(below: folds.count) {
            outcomes.set(index, trainFold(index: index, fold: folds[index], features: features, labels: labels,
                                          classCount: classes.count, settings: settings))
        }
    }
    var results: [ProbeFoldResult] = []
    for (fold, outcome) in zip(folds, outcomes.values) {
        guard let outcome else { throw .invalidSettings(problem: "fold \(fold.name) did not run") }
        let truth = fold.test.map { labels[$0] }
        let confusion: ConfusionMatrix
        do {
            confusion = try ConfusionMatrix(labels: classes, hasOther: false, truth: truth, predicted: outcome.predicted)
        } catch {
            throw .invalidLabels(problem: "fold \(fold.name): \(error)")
        }
        results.append(ProbeFoldResult(name: fold.name, testIndices: fold.test, probabilities: outcome.probabilities,
                                       predicted: outcome.predicted, bestEpoch: outcome.bestEpoch,
                                       bestValidationAccuracy: outcome.bestValidationAccuracy,
                                       trainingLosses: outcome.losses,
                                       metrics: ClassificationMetrics(confusion: confusion)))
    }
    return ProbeResult(classes: classes, folds: results)
}

struct FoldOutcome: Sendable {
    var probabilities: [[Float]]
    var predicted: [Int]
    var bestEpoch: Int
    var bestValidationAccuracy: Double
    var losses: [Double]
}

/// Trains one fold from its own generator and returns test-set probabilities of the best epoch.
func trainFold(index: Int, fold: ProbeFold, features: FrameFeatures, labels: [Int], classCount: Int,
               settings: ProbeSettings) -> FoldOutcome {
    var generator = SplitMix64(seed: foldSeed(settings.seed, index, stream: 2))
    var head = ProbeHead(kind: settings.head, inputDim: features.dim, hiddenDim: settings.hiddenDim,
                         classCount: classCount, generator: &generator)
    var optimizer = RMSprop(shapes: head.parameters)
    let workspace = ProbeWorkspace()
    var best = head.parameters, bestEpoch = 0, bestAccuracy = -1.0
    var losses: [Double] = []
    for epoch in 0..<settings.epochs {
        let (rate, momentum) = settings.schedule.values(at: epoch)
        let order = shuffle(fold.train, with: &generator)
        var lossSum = 0.0, batches = 0
        for start in stride(from: 0, to: order.count, by: settings.batchSize) {
            let batch = Array(order[start..<min(start + settings.batchSize, order.count)])
            let (loss, gradients) = head.lossAndGradients(features: features, indices: batch,
                                                          labels: batch.map { labels[$0] }, workspace: workspace)
            optimizer.step(parameters: &head.parameters, gradients: gradients, learningRate: rate, momentum: momentum)
            lossSum += Double(loss)
            batches += 1
        }
        losses.append(lossSum / Double(max(batches, 1)))
        let predicted = predict(head, features: features, indices: fold.validation,
                                batchSize: settings.batchSize, workspace: workspace).predicted
        let correct = zip(predicted, fold.validation).filter { $0 == labels[$1] }.count
        let accuracy = Double(correct) / Double(fold.validation.count)
        if accuracy > bestAccuracy {
            bestAccuracy = accuracy
            bestEpoch = epoch
            best = head.parameters
        }
    }
    head.parameters = best
    let test = predict(head, features: features, indices: fold.test, batchSize: settings.batchSize, workspace: workspace)
    return FoldOutcome(probabilities: test.probabilities, predicted: test.predicted, bestEpoch: bestEpoch,
                       bestValidationAccuracy: bestAccuracy, losses: losses)
}

/// Softmax probabilities and arg-max class (first maximum, like torch.max) of `indices`.
func predict(_ head: ProbeHead, features: FrameFeatures, indices: [Int], batchSize: Int,
             workspace: ProbeWorkspace) -> (probabilities: [[Float]], predicted: [Int]) {
    var probabilities: [[Float]] = [], predicted: [Int] = []
    let C = head.classCount
    for start in stride(from: 0, to: indices.count, by: batchSize) {
        let batch = Array(indices[start..<min(start + batchSize, indices.count)])
        let logits = head.logits(features: features, indices: batch, workspace: workspace)
        for i in 0..<batch.count {
            let row = Array(logits.data[i * C..<(i + 1) * C])
            let top = row.max() ?? 0
            let exps = row.map { Foundation.exp($0 - top) }
            let sum = exps.reduce(0, +)
            probabilities.append(exps.map { $0 / sum })
            predicted.append(row.firstIndex(of: top) ?? 0)
        }
    }
    return (probabilities, predicted)
}

/// Thread-safe slots for the fold outcomes and a shared work counter.
final class FoldOutcomes: @unchecked Sendable {
    // @unchecked: `slots` is only read or written under `lock`.
    private let lock = NSLock()
    private var slots: [FoldOutcome?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ outcome: FoldOutcome) { lock.withLock { slots[index] = outcome } }
    var values: [FoldOutcome?] { lock.withLock { slots } }

    final class Counter: @unchecked Sendable {
        // @unchecked: `value` is only read or written under `lock`.
        private let lock = NSLock()
        private var value = 0
        func take(below limit: Int) -> Int? {
            lock.withLock {
                guard value < limit else { return nil }
                defer { value += 1 }
                return value
            }
        }
    }
}
