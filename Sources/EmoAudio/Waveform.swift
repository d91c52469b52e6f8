// The audio value every later step consumes: mono Float32 samples at a known rate.

/// Mono PCM audio, samples in [-1, 1] scaled as Python's soundfile does (int16 / 32768).
public struct Waveform: Sendable, Equatable {
    /// Mono samples.
    public var samples: [Float]
    /// Samples per second.
    public var sampleRate: Int

    public init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Duration in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }
}

/// A Kaldi `segments` cut: `[start, end)` in seconds of a recording.
public struct AudioSegment: Sendable, Hashable, Codable {
    public var start: Double
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }
}
