// A thread-safe stop request, set by SIGINT (from the CLI) or by `--max-failures` (from the writer).
import Foundation

/// Asks a running run (its inference pool) to stop after the utterances in flight.
public final class CancellationFlag: @unchecked Sendable {
    // @unchecked: `cancelled` is only read or written under `lock`.
    private let lock = NSLock()
    private var cancelled = false

    public init() {}

    /// Requests the stop.
    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
}
