// The sha256 of a large checkpoint, computed once on first request instead of at load: hashing wav2vec2.ckpt
// (377 MB) takes longer than loading it, and commands such as `classify` never need the hash.
import EmoCheckpoint
import Foundation

/// A file's sha256 (hex), computed on first access and cached; safe to share between threads.
final class Wav2Vec2FileHash: @unchecked Sendable {
    // @unchecked: `cached` is only read or written under `lock`.
    private let lock = NSLock()
    private var cached: String?
    let path: String

    init(path: String) {
        self.path = path
    }

    /// The lower-case hex sha256 of the file. If the file cannot be read any more (removed since the model
    /// was loaded), the text "unavailable: <reason>" so provenance shows the problem instead of a wrong hash.
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
