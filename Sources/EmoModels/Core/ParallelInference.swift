// The one inference pool: N worker threads, each loading and running whole utterances with single-threaded
// BLAS (and, through the model's scratch pool, its own reused buffers); results are delivered in input order
// on the calling thread. Used by classify, bench, probe (`runInference`) and the runner (`runInferencePool`,
// with cancellation, per-item timings and an idle callback for its timed commits).
import Foundation
import EmoKernels

/// What the pool produced for one input.
public struct InferenceItem: Sendable {
    public enum Outcome: Sendable {
        case output(ModelOutput)
        /// `load` threw: the input could not be read.
        case loadFailed(any Error)
        /// The model threw on the loaded samples.
        case inferenceFailed(any Error)
    }

    /// Position of the input (0..<count).
    public var index: Int
    public var outcome: Outcome
    /// Samples `load` returned (0 when it threw).
    public var sampleCount: Int
    /// Wall seconds spent in `load` and in `model.infer`.
    public var loadSeconds: Double
    public var inferenceSeconds: Double

    /// The output, or whichever error ended the item.
    public var result: Result<ModelOutput, any Error> {
        switch outcome {
        case .output(let output): return .success(output)
        case .loadFailed(let error), .inferenceFailed(let error): return .failure(error)
        }
    }
}

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
    try runInferencePool(model: model, count: count, jobs: jobs, includeFrames: includeFrames, load: load) { item in
        try deliver(item.index, item.result)
    }
}

/// The pool itself, for callers that need more than `runInference` gives:
/// - `isCancelled`: checked before each input is claimed. Once it is true no new input starts; every input
///   already claimed still runs and is delivered, so the delivered items are always a prefix 0..<n.
/// - per-item `loadSeconds` / `inferenceSeconds` and which step failed (`InferenceItem.Outcome`).
/// - `idle`: called on the calling thread whenever no item has arrived by `idleDeadline()` (asked again after
///   each item and each idle call), e.g. to commit what is done on time while a long utterance runs.
/// - `window`: how many items the workers may run ahead of the one delivered next (default two per worker,
///   which bounds the memory held by undelivered results). A caller that must not let one long item stall the
///   other workers (the runner, whose writer keeps its own order) passes a larger one.
/// - `blasThreads`: OpenBLAS threads for the duration (restored afterwards); nil leaves the count alone
///   (a caller that already chose it).
/// Returns the number of items delivered.
@discardableResult
public func runInferencePool(model: any EmotionModel, count: Int, jobs: Int, includeFrames: Bool,
                             window: Int? = nil, blasThreads: Int? = 1,
                             isCancelled: @escaping @Sendable () -> Bool = { false },
                             idleDeadline: (() -> Date)? = nil, idle: () throws -> Void = {},
                             load: @escaping @Sendable (Int) throws -> [Float],
                             deliver: (InferenceItem) throws -> Void) throws -> Int {
    guard count > 0 else { return 0 }
    let workers = max(1, min(jobs, count))
    let window = max(1, min(window ?? 2 * workers, count))
    guard let blasThreads else {
        return try runWorkers(model: model, count: count, workers: workers, window: window,
                              includeFrames: includeFrames, isCancelled: isCancelled, idleDeadline: idleDeadline,
                              idle: idle, load: load, deliver: deliver)
    }
    return try BlasThreads.using(blasThreads) {
        try runWorkers(model: model, count: count, workers: workers, window: window, includeFrames: includeFrames,
                       isCancelled: isCancelled, idleDeadline: idleDeadline, idle: idle, load: load, deliver: deliver)
    }
}

private func runWorkers(model: any EmotionModel, count: Int, workers: Int, window: Int, includeFrames: Bool,
                        isCancelled: @escaping @Sendable () -> Bool,
                        idleDeadline: (() -> Date)?, idle: () throws -> Void,
                        load: @escaping @Sendable (Int) throws -> [Float],
                        deliver: (InferenceItem) throws -> Void) throws -> Int {
    let queue = ResultQueue(count: count, window: window, workers: workers, isCancelled: isCancelled)
    for _ in 0..<workers {
        let thread = Thread {
            while let index = queue.claim() {
                queue.put(runOne(model: model, index: index, includeFrames: includeFrames, load: load))
            }
            queue.workerFinished()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    defer { queue.waitForWorkers() }
    var index = 0
    while true {
        switch queue.take(index, before: idleDeadline?()) {
        case .finished:
            return index
        case .timedOut:
            do { try idle() } catch { queue.cancel(); throw error }
        case .item(let item):
            index += 1
            do { try deliver(item) } catch { queue.cancel(); throw error }
        }
    }
}

private func runOne(model: any EmotionModel, index: Int, includeFrames: Bool,
                    load: (Int) throws -> [Float]) -> InferenceItem {
    let started = DispatchTime.now().uptimeNanoseconds
    let samples: [Float]
    do {
        samples = try load(index)
    } catch {
        return InferenceItem(index: index, outcome: .loadFailed(error), sampleCount: 0,
                             loadSeconds: seconds(since: started), inferenceSeconds: 0)
    }
    let loadSeconds = seconds(since: started)
    let inferStarted = DispatchTime.now().uptimeNanoseconds
    let outcome: InferenceItem.Outcome
    do {
        outcome = .output(try model.infer(samples, includeFrames: includeFrames))
    } catch {
        outcome = .inferenceFailed(error)
    }
    return InferenceItem(index: index, outcome: outcome, sampleCount: samples.count, loadSeconds: loadSeconds,
                         inferenceSeconds: seconds(since: inferStarted))
}

private func seconds(since start: UInt64) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Hands out item indices to workers and collects their results for in-order delivery. Workers stay at
/// most `window` items ahead of the consumer, which bounds the memory held by undelivered results.
private final class ResultQueue: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while holding `condition`.
    enum Taken {
        case item(InferenceItem)
        case timedOut
        /// No item will come for this index: every claimed item was delivered and no worker claims more.
        case finished
    }

    private let condition = NSCondition()
    private let count: Int
    private let window: Int
    private let workers: Int
    private let isCancelled: @Sendable () -> Bool
    private var nextClaim = 0
    private var nextDelivery = 0
    private var results: [Int: InferenceItem] = [:]
    private var cancelled = false
    private var finishedWorkers = 0

    init(count: Int, window: Int, workers: Int, isCancelled: @escaping @Sendable () -> Bool) {
        self.count = count
        self.window = window
        self.workers = workers
        self.isCancelled = isCancelled
    }

    /// The next index to run, or nil when all are claimed or the run was cancelled.
    func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && nextClaim < count && nextClaim >= nextDelivery + window { condition.wait() }
        if !cancelled && isCancelled() { cancelled = true }
        guard !cancelled, nextClaim < count else { return nil }
        nextClaim += 1
        return nextClaim - 1
    }

    func put(_ item: InferenceItem) {
        condition.lock()
        results[item.index] = item
        condition.broadcast()
        condition.unlock()
    }

    /// Waits (until `deadline`, if given) for item `index`, then removes and returns it.
    func take(_ index: Int, before deadline: Date?) -> Taken {
        condition.lock()
        defer { condition.unlock() }
        while results[index] == nil {
            // Nothing claimed is outstanding and no worker will claim again: the run is over.
            if index >= nextClaim && finishedWorkers == workers { return .finished }
            if let deadline {
                // `wait(until:)` with a distant date traps on Linux (timespec overflow); deadlines here are near.
                if !condition.wait(until: deadline) && results[index] == nil { return .timedOut }
            } else {
                condition.wait()
            }
        }
        nextDelivery = index + 1
        condition.broadcast()
        return .item(results.removeValue(forKey: index)!)
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

    func waitForWorkers() {
        condition.lock()
        while finishedWorkers < workers { condition.wait() }
        condition.unlock()
    }
}
