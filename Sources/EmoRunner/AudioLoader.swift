// How the runner turns an utterance into model input, and how it names a failure.
import EmoStore

/// Loads one utterance's samples (mono, at the model's rate) and classifies load errors for the failure table.
/// `standard` decodes with EmoAudio; tests inject their own.
public struct AudioLoader: Sendable {
    /// Returns mono samples at `sampleRate` with at least `minimumSamples`, or throws.
    public var load: @Sendable (_ utterance: UtteranceRecord, _ sampleRate: Int, _ minimumSamples: Int) throws -> [Float]
    /// The failure kind stored for an error thrown by `load`.
    public var classify: @Sendable (_ error: any Error) -> FailureKind

    public init(load: @escaping @Sendable (UtteranceRecord, Int, Int) throws -> [Float],
                classify: @escaping @Sendable (any Error) -> FailureKind) {
        self.load = load
        self.classify = classify
    }
}
