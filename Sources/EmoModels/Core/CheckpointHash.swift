// The sha256 of a checkpoint (emotion2vec model.pt, SpeechBrain wav2vec2.ckpt) for the model identity, computed
// on first request rather than at load: hashing a 373 MB model.pt takes longer than mapping and binding it, and `classify`/`bench` never need it.
// Requested before the first inference (as the runner does), the hash's own mapping is gone again before
// the weights are paged in, so it does not add the file size to the peak RSS.
// A checkpoint that can no longer be read is an error naming the file (`ModelError.checkpointUnhashable`),
// never a stand-in string: only a real hash is ever stored with a model.
import EmoCheckpoint
import EmoHash
import Foundation

/// A file's sha256 (hex), given up front or computed once on first request; safe to share between threads.
final class CheckpointHash: @unchecked Sendable {
    // @unchecked: `cached` is only read or written under `lock`.
    private let lock = NSLock()
    private var cached: Result<String, ModelError>?
    /// The file(s) hashed: one checkpoint, or the shards of a sharded Hugging Face checkpoint.
    let paths: [String]

    init(path: String, known: String? = nil) {
        paths = [path]
        cached = known.map { .success($0) }
    }

    /// Several files (shards): the value is the sha256 of their "<sha256>  <file name>" lines in order
    /// (`sha256sum` output), so any changed shard changes it; one file gives that file's sha256.
    init(paths: [String], known: String? = nil) {
        self.paths = paths
        cached = known.map { .success($0) }
    }

    /// Lower-case hex sha256. Computed on the first call; the outcome (hash or error) is kept, so every caller
    /// of one loaded model sees the same answer. Throws `ModelError.checkpointUnhashable` naming the file
    /// that could not be read.
    func sha256() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return try cached.get() }
        let computed = Result<String, ModelError> { () throws(ModelError) in try Self.compute(paths) }
        cached = computed
        return try computed.get()
    }

    private static func compute(_ paths: [String]) throws(ModelError) -> String {
        func hash(_ path: String) throws(ModelError) -> String {
            do {
                return try sha256Hex(ofFile: path)
            } catch let CheckpointError.cannotOpen(_, reason) {
                throw .checkpointUnhashable(file: path, problem: reason)
            } catch {
                throw .checkpointUnhashable(file: path, problem: "\(error)")
            }
        }
        if paths.count == 1 { return try hash(paths[0]) }
        var lines = ""
        for path in paths { lines += "\(try hash(path))  \((path as NSString).lastPathComponent)\n" }
        return sha256Hex(of: Array(lines.utf8))
    }
}
