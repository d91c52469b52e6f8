// A row of `checkpointHash`: a cached sha256 of a checkpoint file, valid while its size and mtime match.

/// A cached file hash keyed by (path, size, modification time).
public struct CheckpointHashRecord: Sendable, Equatable {
    public var path: String
    public var size: Int64
    /// Seconds since 1970.
    public var modificationTime: Double
    public var sha256: String

    public init(path: String, size: Int64, modificationTime: Double, sha256: String) {
        self.path = path
        self.size = size
        self.modificationTime = modificationTime
        self.sha256 = sha256
    }
}
