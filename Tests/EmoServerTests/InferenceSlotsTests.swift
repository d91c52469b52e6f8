// InferenceSlots: never more than `capacity` jobs at once, the rest wait and all finish; errors come back.
import Foundation
import Testing
@testable import EmoServer

private final class Gauge: @unchecked Sendable {
    private let lock = NSLock()
    private var running = 0
    private(set) var peak = 0
    func enter() { lock.lock(); running += 1; peak = max(peak, running); lock.unlock() }
    func leave() { lock.lock(); running -= 1; lock.unlock() }
}

private struct Boom: Error, Equatable {}

@Suite("InferenceSlots")
struct InferenceSlotsTests {
    @Test("12 jobs on 2 slots: at most 2 run at once, 10 waited, every result returned")
    func capacityIsRespected() async throws {
        let slots = InferenceSlots(capacity: 2)
        let gauge = Gauge()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<12 {
                group.addTask {
                    try await slots.run {
                        gauge.enter()
                        Thread.sleep(forTimeInterval: 0.05)
                        gauge.leave()
                        return i * i
                    }
                }
            }
            var all: [Int] = []
            for try await value in group { all.append(value) }
            return all
        }
        #expect(results.sorted() == (0..<12).map { $0 * $0 })
        #expect(gauge.peak == 2)
        #expect(await slots.queuedTotal == 10)
    }

    @Test("a job's error reaches its caller and frees the slot")
    func errorsPropagate() async throws {
        let slots = InferenceSlots(capacity: 1)
        await #expect(throws: Boom.self) { try await slots.run { () throws -> Int in throw Boom() } }
        #expect(try await slots.run { 7 } == 7)
    }
}
