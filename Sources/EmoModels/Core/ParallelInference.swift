// Parallelism across utterances: N worker threads, each running whole utterances with single-threaded BLAS
// (and, through the model's scratch pool, its own reused buffers); results are delivered in input order.
import Foundation
import EmoKernels

/// Runs `model` on `count` inputs with `jobs` workers and hands each result to `deliver` in input order, on
/// the calling thread.
///
/// - Parameters:
///   - load: produces input `i` (mono samples at the model's rate); called on a worker thread. A thrown
///     error becomes that item's failure; the other items still run.
///   - deliver: receives `(i, result)` for i = 0, 1, … in order. If it throws, workers stop after their
///     current item and the error is rethrown.
/// OpenBLAS is set to one thread for the duration (restored afterwards): the workers then do not
/// oversubscribe the cores, and results are bit-identical for any `jobs` (multi-threaded OpenBLAS sgemm
/// partitions, and so rounds, differently from single-threaded). Each utterance runs alone.
public func runInference(model: any EmotionModel, count: Int, jobs: Int, includeFrames: Bool,
                         load: @escaping @Sendable (Int) throws -> [Float],
                         deliver: (Int, Result<ModelOutput, any Error>) throws -> Void) throws {
    guard count > 0 else { return }
    try BlasThreads.using(1) {
        try runWorkers(model: model, count: count, workers: max(1, min(jobs, count)), includeFrames: includeFrames,
                       load: load, deliver: deliver)
    }
}

private func runWorkers(model: any EmotionModel, count: Int, workers: Int, includeFrames: Bool,
                        load: @escaping @Sendable (Int) throws -> [Float],
                        deliver: (Int, Result<ModelOutput, any Error>) throws -> Void) throws {
    let queue = ResultQueue(count: count, window: 2 * workers)
    for _ in 0..<workers {
        let thread = Thread {
            while let index = queue.claim() {
                let result = Result { try model.infer(try load(index), includeFrames: includeFrames) }
                queue.put(index, result)
            }
            queue.workerFinished()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    defer { queue.waitForWorkers(workers) }
    for index in 0..<count {
        let result = queue.take(index)
        do {
            try deliver(index, result)
        } catch {
            queue.cancel()
            throw error
        }
    }
}

/// Hands out item indices to workers and collects their results for in-order delivery. Workers stay at
/// most `window` items ahead of the consumer, which bounds the memory held by undelivered results.
private final class ResultQueue: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while holding `condition`.
    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    private var nextClaim = 0
    private var nextDelivery = 0
    private var results: [Int: Result<ModelOutput, any Error>] = [:]
    private var cancelled = false
    private var finishedWorkers = 0

    init(count: Int, window: Int) {
        self.count = count
        self.window = window
    }

    /// The next index to run, or nil when all are claimed or the run was cancelled.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && nextClaim < count && nextClaim >= nextDelivery + window { condition.wait() }
        guard !cancelled, nextClaim < count else { return nil }
        nextClaim += 1
        return nextClaim - 1
    }

    func put(_ index: Int, _ result: Result<ModelOutput, any Error>) {
        condition.lock()
        results[index] = result
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until item `index` is done, then removes and returns it.
    func take(_ index: Int) -> Result<ModelOutput, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil { condition.wait() }
        nextDelivery = index + 1
        condition.broadcast()
        return results.removeValue(forKey: index)!
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    func workerFinished() {
        condition.lock()
        finishedWorkers += 1
        condition.broadcast()
        condition.unlock()
    }

    func waitForWorkers(_ workers: Int) {
        condition.lock()
        while finishedWorkers < workers { condition.wait() }
        condition.unlock()
    }
}
