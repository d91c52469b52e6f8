// The options that change what a run stores, and the run status values.

/// Options that are part of a run's identity (changing one starts a different run).
public struct RunOptions: Sendable, Equatable, Codable {
    /// Store the utterance embedding with every prediction.
    public var embeddings: Bool
    /// Store frame features with every prediction.
    public var frames: Bool
    /// The precision of the model's linear layers when not Float32 ("int8"); nil = fp32. Optional so that a
    /// fp32 run's options (and so its identity) are the same as before precisions existed.
    public var precision: String?
    /// The quantization scheme behind `precision` (`Precision.scheme`), nil for fp32: a run stored by an
    /// earlier int8 arithmetic (no scheme, or another one) is another run.
    public var quantization: String?

    public init(embeddings: Bool = false, frames: Bool = false, precision: String? = nil, quantization: String? = nil) {
        self.embeddings = embeddings
        self.frames = frames
        self.precision = precision
        self.quantization = quantization
    }

    /// The precision as reports, listings and the page name the run: nil for fp32, "int8", or "int8 v1" for an
    /// int8 run stored before the scheme was recorded (symmetric 8-bit activations: other numbers).
    public var precisionLabel: String? {
        precision.map { quantization == nil && $0 == "int8" ? "\($0) v1" : $0 }
    }
}

/// Where a run stands. Stored as text.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// A process is working on it (or was killed: a stale `running` means the process died).
    case running
    /// Every utterance has a prediction or a failure.
    case complete
    /// Stopped early on purpose (`--limit`, a shard, SIGINT); resumable.
    case incomplete
    /// Stopped by `--max-failures`.
    case aborted
}

/// Why one utterance has no prediction. Stored as text.
public enum FailureKind: String, Sendable, Codable, CaseIterable {
    /// The audio file does not exist.
    case missingAudio = "missing-audio"
    /// The file exists but could not be decoded.
    case unreadableAudio = "unreadable-audio"
    /// Fewer samples than the model needs for one frame.
    case tooShort = "too-short"
    /// The model failed on this input (e.g. non-finite values).
    case inference
}
