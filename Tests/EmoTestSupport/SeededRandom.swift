// The one seeded generator of the test suite.
import EmoMetrics

/// Deterministic random numbers for tests, so a failure is reproducible from its seed: EmoMetrics'
/// `SplitMix64` (the bootstrap's generator; the only SplitMix64 in the package) with helpers for floats.
/// Usable with the standard library (`Int.random(in:using:)`).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var base: SplitMix64

    public init(seed: UInt64) { base = SplitMix64(seed: seed) }

    public mutating func next() -> UInt64 { base.next() }

    /// Uniform in [low, high), 24 bits of resolution.
    public mutating func float(_ low: Float = -1, _ high: Float = 1) -> Float {
        low + (high - low) * Float(next() >> 40) / Float(1 << 24)
    }

    /// `n` values uniform in [low, high).
    public mutating func floats(_ n: Int, _ low: Float = -1, _ high: Float = 1) -> [Float] {
        (0..<n).map { _ in float(low, high) }
    }
}
