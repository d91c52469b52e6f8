// Decoder thread → N inference workers → results, in plan order. Audio of the next utterances is decoded
// while the workers infer; each worker runs one utterance at a time (single-threaded BLAS, set by the runner).
import Foundation
import EmoModels
import EmoStore

/// What one utterance produced.
struct ItemResult: Sendable {
    enum Outcome: Sendable {
        case output(ModelOutput)
        case failure(FailureKind, String)
    }

    /// Position in the plan.
    var sequence: Int
    var utterance: UtteranceRecord
    var outcome: Outcome
    var audioSeconds: Double
    var decodeSeconds: Double
    var inferenceSeconds: Double
}

/// Runs the plan's utterances through `model` on `jobs` worker threads and delivers results to `results`
/// (not ordered: the writer reorders by `sequence`). Stops taking new utterances once `cancellation` is set;
/// every utterance already taken still yields a result, so the finished ones always form a prefix of the plan.
final class InferencePipeline: @unchecked Sendable {
    // @unchecked: `runningWorkers` is only touched under `lock`; the rest are `let`s of Sendable values.
    let results: BlockingQueue<ItemResult>
    private let decoded: BlockingQueue<(Int, UtteranceRecord, Result<[Float], Failure>, Double)>
    private let model: any EmotionModel
    private let loader: AudioLoader
    private let includeFrames: Bool
    private let cancellation: CancellationFlag
    private let lock = NSLock()
    private var runningWorkers: Int

    struct Failure: Error {
        var kind: FailureKind
        var message: String
    }

    init(model: any EmotionModel, loader: AudioLoader, jobs: Int, includeFrames: Bool, cancellation: CancellationFlag) {
        self.model = model
        self.loader = loader
        self.includeFrames = includeFrames
        self.cancellation = cancellation
        runningWorkers = max(1, jobs)
        // Two decoded utterances per worker keep every worker busy while the decoder reads ahead.
        decoded = BlockingQueue(capacity: 2 * max(1, jobs))
        results = BlockingQueue(capacity: Int.max)
    }

    /// Starts the decoder and the workers; returns at once.
    func start(_ utterances: [UtteranceRecord]) {
        let workers = runningWorkers
        Thread.detachNewThread { [self] in decodeAll(utterances) }
        for _ in 0..<workers {
            Thread.detachNewThread { [self] in work() }
        }
    }

    private func decodeAll(_ utterances: [UtteranceRecord]) {
        for (sequence, utterance) in utterances.enumerated() {
            if cancellation.isCancelled { break }
            let started = DispatchTime.now().uptimeNanoseconds
            let samples: Result<[Float], Failure>
            do {
                samples = .success(try loader.load(utterance, model.sampleRate, model.minimumSamples))
            } catch {
                samples = .failure(Failure(kind: loader.classify(error), message: "\(error)"))
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            if !decoded.put((sequence, utterance, samples, seconds)) { break }
        }
        decoded.close()
    }

    private func work() {
        while !cancellation.isCancelled, case let .item((sequence, utterance, samples, decodeSeconds)) = decoded.take() {
            var result = ItemResult(sequence: sequence, utterance: utterance, outcome: .failure(.inference, ""),
                                    audioSeconds: 0, decodeSeconds: decodeSeconds, inferenceSeconds: 0)
            switch samples {
            case .failure(let failure):
                result.outcome = .failure(failure.kind, failure.message)
            case .success(let samples):
                result.audioSeconds = Double(samples.count) / Double(model.sampleRate)
                let started = DispatchTime.now().uptimeNanoseconds
                do {
                    result.outcome = .output(try model.infer(samples, includeFrames: includeFrames))
                } catch {
                    result.outcome = .failure(loader.classify(error), "\(utterance.audioPath): \(error)")
                }
                result.inferenceSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            }
            results.put(result)
        }
        lock.lock()
        runningWorkers -= 1
        let last = runningWorkers == 0
        lock.unlock()
        if last {
            decoded.cancel()   // unblocks the decoder if it waits for room after a cancellation
            results.close()
        }
    }
}
