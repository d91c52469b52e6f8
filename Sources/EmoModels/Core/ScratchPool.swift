// Scratch buffers lent to concurrent `infer` calls, shared by every model: each call borrows one and gives it
// back, so N workers end up with N scratches reused across their utterances (no page faults after the first
// long utterance).
import Foundation

/// A small lock-protected pool of one model's scratch type (`Emotion2VecScratch`, `Wav2Vec2Scratch`).
final class ScratchPool<Scratch>: @unchecked Sendable {
    // @unchecked: `free` is only touched under `lock`; a borrowed scratch belongs to one call.
    private let lock = NSLock()
    private var free: [Scratch] = []
    private let make: () -> Scratch

    /// `make` builds an empty scratch when every pooled one is lent out.
    init(_ make: @escaping () -> Scratch) {
        self.make = make
    }

    func withScratch<R>(_ body: (inout Scratch) throws -> R) rethrows -> R {
        lock.lock()
        var scratch = free.popLast() ?? make()
        lock.unlock()
        defer {
            lock.lock()
            free.append(scratch)
            lock.unlock()
        }
        return try body(&scratch)
    }
}
