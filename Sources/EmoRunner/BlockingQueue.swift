// A bounded FIFO between threads (decoder → workers → writer), with close and timeouts.
import Foundation

/// A thread-safe FIFO: `put` blocks while full, `take` while empty; `close` ends it for consumers once drained.
final class BlockingQueue<Element>: @unchecked Sendable {
    // @unchecked: every stored property is read and written only while holding `condition`.
    enum Taken {
        case item(Element)
        case timedOut
        case closed
    }

    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private let capacity: Int
    private var closed = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    private var count: Int { items.count - head }

    /// Appends `element`, waiting for room. Returns false (dropping it) once the queue is closed.
    @discardableResult
    func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        items.append(element)
        condition.broadcast()
        return true
    }

    /// Removes the oldest element, waiting until one arrives, the queue is closed and drained, or `deadline`.
    func take(before deadline: Date? = nil) -> Taken {
        condition.lock()
        defer { condition.unlock() }
        while count == 0 && !closed {
            // `wait(until: .distantFuture)` traps on Linux (timespec overflow), so "no deadline" is a plain wait.
            guard let deadline else {
                condition.wait()
                continue
            }
            if !condition.wait(until: deadline) { return count > 0 ? pop() : .timedOut }
        }
        return count > 0 ? pop() : .closed
    }

    private func pop() -> Taken {
        let element = items[head]
        head += 1
        if head > 64 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return .item(element)
    }

    /// No more elements will be put; consumers drain what is queued.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Closes and drops everything queued.
    func cancel() {
        condition.lock()
        closed = true
        items.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
    }
}
