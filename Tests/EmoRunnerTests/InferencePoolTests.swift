// The one inference pool (`runInferencePool`, and `runInference` on top of it): in-order delivery, the same
// results for any number of workers, which step failed (one failure does not stop the others), cancellation
// delivering the claimed prefix, the idle callback, an error from the consumer.
import EmoModels
import Foundation
import Testing

private struct Unreadable: Error {}

/// Input `i` for `FakeModel`: every 5th cannot be loaded, every 7th is too short for the model (it throws).
@Sendable private func input(_ i: Int) throws -> [Float] {
    if i % 5 == 4 { throw Unreadable() }
    let count = i % 7 == 6 ? 100 : 400 + 37 * i
    return (0..<count).map { Float(sin(Double($0 * (i + 3)) * 0.01)) * 0.5 }
}

private enum Seen: Equatable {
    case output([Float], [Float])
    case loadFailed, inferenceFailed
}

private func seen(_ item: InferenceItem) -> Seen {
    switch item.outcome {
    case .output(let output): return .output(output.scores, output.embedding)
    case .loadFailed(let error): #expect(error is Unreadable); return .loadFailed
    case .inferenceFailed(let error): #expect(error is FakeModel.TooShort); return .inferenceFailed
    }
}

/// A counter the pool's @Sendable closures can share.
private final class Counter: @unchecked Sendable {   // @unchecked: `value` is only touched while holding `lock`.
    private let lock = NSLock()
    private var value = 0
    func add() { lock.lock(); value += 1; lock.unlock() }
    var current: Int { lock.lock(); defer { lock.unlock() }; return value }
}

@Suite("Inference pool")
struct InferencePoolTests {
    @Test("results arrive in input order, identical for 1, 2 and 5 workers; failed items do not stop the others")
    func orderAndDeterminism() throws {
        var runs: [[Seen]] = []
        for jobs in [1, 2, 5] {
            var items: [Seen] = []
            let delivered = try runInferencePool(model: FakeModel(), count: 23, jobs: jobs, includeFrames: false,
                                                 load: input) { item in
                #expect(item.index == items.count)
                #expect(item.loadSeconds >= 0 && item.inferenceSeconds >= 0)
                if case .loadFailed = item.outcome {
                    #expect(item.sampleCount == 0)
                } else {
                    #expect(item.sampleCount == (item.index % 7 == 6 ? 100 : 400 + 37 * item.index))
                }
                items.append(seen(item))
            }
            #expect(delivered == 23)
            runs.append(items)
        }
        #expect(runs[0] == runs[1] && runs[1] == runs[2])
        #expect(runs[0][4] == .loadFailed && runs[0][6] == .inferenceFailed)
        #expect(runs[0].filter { $0 == .loadFailed }.count == 4)
        #expect(runs[0].filter { $0 == .inferenceFailed }.count == 3)
        #expect(runs[0].filter { if case .output = $0 { return true } else { return false } }.count == 16)
        // runInference delivers the same items as Result values.
        var viaResults: [Seen] = []
        try runInference(model: FakeModel(), count: 23, jobs: 2, includeFrames: false, load: input) { i, result in
            #expect(i == viaResults.count)
            switch result {
            case .success(let output): viaResults.append(.output(output.scores, output.embedding))
            case .failure(let error): viaResults.append(error is Unreadable ? .loadFailed : .inferenceFailed)
            }
        }
        #expect(viaResults == runs[0])
    }

    @Test("cancelled mid-run: no new input starts, every claimed one is delivered, as a prefix", arguments: [1, 2, 4])
    func cancellation(jobs: Int) throws {
        let delivered = Counter(), loaded = Counter()
        var indices: [Int] = []
        var slow = FakeModel()
        slow.delay = 0.005
        let count = try runInferencePool(model: slow, count: 200, jobs: jobs, includeFrames: false,
                                         isCancelled: { delivered.current >= 3 },
                                         load: { i in loaded.add(); return try input(i) }) { item in
            indices.append(item.index)
            delivered.add()
        }
        #expect(count == indices.count)
        #expect(indices == Array(0..<indices.count))
        #expect(loaded.current == indices.count, "every claimed input is delivered")
        // After the flag is set only the window (2 per worker) can still be claimed.
        #expect(indices.count >= 3 && indices.count <= 3 + 2 * jobs, "\(indices.count) delivered")
    }

    @Test("a larger window lets the other workers run on while one item is slow")
    func window() throws {
        // Input 0 takes 0.5 s to load; with the default window (4 for 2 workers) the second worker stops after
        // input 4; with a window of 50 it finishes all of them meanwhile.
        for (window, expectAll) in [(nil, false), (50, true)] as [(Int?, Bool)] {
            let loaded = Counter()
            var loadedWhenFirstArrived = -1
            try runInferencePool(model: FakeModel(), count: 50, jobs: 2, includeFrames: false, window: window,
                                 load: { i in
                                     if i == 0 { Thread.sleep(forTimeInterval: 0.5) }
                                     loaded.add()
                                     return [Float](repeating: 0.1, count: 400)
                                 }) { item in
                if item.index == 0 { loadedWhenFirstArrived = loaded.current }
            }
            if expectAll {
                #expect(loadedWhenFirstArrived == 50)
            } else {
                #expect(loadedWhenFirstArrived <= 5, "\(loadedWhenFirstArrived) loaded")
            }
        }
    }

    @Test("idle is called on the calling thread while a slow item runs, so a caller can commit on time")
    func idleCallback() throws {
        var idles = 0
        var delivered = 0
        var slow = FakeModel()
        slow.delay = 0.4
        try runInferencePool(model: slow, count: 2, jobs: 1, includeFrames: false,
                             idleDeadline: { Date().addingTimeInterval(0.05) }, idle: { idles += 1 },
                             load: { _ in [Float](repeating: 0.1, count: 400) }) { _ in delivered += 1 }
        #expect(delivered == 2)
        #expect(idles >= 4, "\(idles) idle calls during 0.8 s of inference")
    }

    @Test("an error thrown by deliver stops the pool and is rethrown")
    func deliverThrows() throws {
        struct Stop: Error {}
        let loads = Counter()
        var delivered = 0
        #expect(throws: Stop.self) {
            try runInferencePool(model: FakeModel(), count: 500, jobs: 2, includeFrames: false,
                                 load: { i in loads.add(); return try input(i) }) { item in
                delivered += 1
                if item.index == 2 { throw Stop() }
            }
        }
        #expect(delivered == 3)
        #expect(loads.current <= 3 + 4, "\(loads.current) inputs loaded; the window is 4")
    }
}
