// A progress snapshot handed to the progress printer after every committed or received result.

/// Progress of one run invocation.
public struct RunProgress: Sendable, Equatable {
    public var modelVariant: String
    /// Utterances processed in this invocation (predictions + failures).
    public var done: Int
    /// Utterances planned in this invocation.
    public var total: Int
    public var failed: Int
    /// Audio seconds inferred so far.
    public var audioSeconds: Double
    /// Wall-clock seconds since the invocation started.
    public var elapsed: Double
    /// Audio seconds planned (0 when durations are unknown).
    public var totalAudioSeconds: Double

    public init(modelVariant: String, done: Int, total: Int, failed: Int, audioSeconds: Double, elapsed: Double,
                totalAudioSeconds: Double) {
        self.modelVariant = modelVariant
        self.done = done
        self.total = total
        self.failed = failed
        self.audioSeconds = audioSeconds
        self.elapsed = elapsed
        self.totalAudioSeconds = totalAudioSeconds
    }

    public var utterancesPerSecond: Double { elapsed > 0 ? Double(done) / elapsed : 0 }
    public var audioSecondsPerSecond: Double { elapsed > 0 ? audioSeconds / elapsed : 0 }

    /// Seconds left at the current pace (by audio when durations are known, else by count); nil before any result.
    public var estimatedSecondsLeft: Double? {
        guard done > 0, elapsed > 0 else { return nil }
        if totalAudioSeconds > 0, audioSeconds > 0 {
            return max(0, totalAudioSeconds - audioSeconds) / audioSecondsPerSecond
        }
        return Double(total - done) / utterancesPerSecond
    }
}
