// The sha256 of a checkpoint (emotion2vec model.pt, SpeechBrain wav2vec2.ckpt) for the model identity, computed
// on first request rather than at load: hashing a 373 MB model.pt takes longer than mapping and binding it, and `classify`/`bench` never need it.
// Requested before the first inference (as the runner does), the hash's own mapping is gone again before
// the weights are paged in, so it does not add the file size to the peak RSS.
import EmoCheckpoint
import EmoHash
import Foundation

/// A file's sha256 (hex), given up front or computed once on first access; safe to share between threads.
final class CheckpointHash: @unchecked Sendable {
    // @unchecked: `cached` is only read or written under `lock`.
    private let lock = NSLock()
    private var cached: String?
    /// The file(s) hashed: one checkpoint, or the shards of a sharded Hugging Face checkpoint.
    let paths: [String]

    init(path: String, known: String? = nil) {
        paths = [path]
        cached = known
    }

    /// Several files (shards): the value is the sha256 of their "<sha256>  <file name>" lines in order
    /// (`sha256sum` output), so any changed shard changes it; one file gives that file's sha256.
    init(paths: [String], known: String? = nil) {
        self.paths = paths
        cached = known
    }

    /// Lower-case hex sha256; "unavailable: <reason>" if the file can no longer be read.
    var value: String {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let computed: String
        do {
            if paths.count == 1 {
                computed = try sha256Hex(ofFile: paths[0])
            } else {
                let lines = try paths.map { "\(try sha256Hex(ofFile: $0))  \(($0 as NSString).lastPathComponent)\n" }
                computed = sha256Hex(of: Array(lines.joined().utf8))
            }
        } catch { computed = "unavailable: \(error)" }
        cached = computed
        return computed
    }
}
