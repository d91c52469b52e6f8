// The sha256 of a checkpoint (emotion2vec model.pt, SpeechBrain wav2vec2.ckpt) for the model identity, computed
// on first request rather than at load: hashing a 373 MB model.pt takes longer than mapping and binding it, and `classify`/`bench` never need it.
// Requested before the first inference (as the runner does), the hash's own mapping is gone again before
// the weights are paged in, so it does not add the file size to the peak RSS.
import EmoCheckpoint
import Foundation

/// A file's sha256 (hex), given up front or computed once on first access; safe to share between threads.
final class CheckpointHash: @unchecked Sendable {
    // @unchecked: `cached` is only read or written under `lock`.
    private let lock = NSLock()
    private var cached: String?
    let path: String

    init(path: String, known: String? = nil) {
        self.path = path
        cached = known
    }

    /// Lower-case hex sha256; "unavailable: <reason>" if the file can no longer be read.
    var value: String {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let computed: String
        do { computed = try sha256Hex(ofFile: path) } catch { computed = "unavailable: \(error)" }
        cached = computed
        return computed
    }
}
