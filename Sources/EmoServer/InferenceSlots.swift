// At most N inferences at once, each on its own thread with a large stack; the rest wait in arrival order.
import EmoKernels
import Foundation

/// A counting gate for CPU-bound work. `run` waits (without blocking a thread) for a free slot, then runs
/// the blocking `work` on a fresh thread, so the server's event loops and Swift's cooperative threads never
/// compute. One slot per core keeps every request's inference single-threaded (each slot's work runs inside
/// `BlasThreads.using(1)`), which is also what makes its numbers identical to `classify`'s.
public actor InferenceSlots {
    public let capacity: Int
    private var busy = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    /// Requests that have waited for a slot since the start (for tests and the status line).
    public private(set) var queuedTotal = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Runs `work` once a slot is free; its result or error is returned.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try BlasThreads.using(1) { try work() } })
            }
            thread.stackSize = 8 << 20   // as EmoModels' inference workers
            thread.start()
        }
    }

    private func acquire() async {
        if busy < capacity {
            busy += 1
            return
        }
        queuedTotal += 1
        await withCheckedContinuation { waiting.append($0) }
        // The releasing caller handed its slot over: `busy` is unchanged.
    }

    private func release() {
        if waiting.isEmpty {
            busy -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
