// A small seeded PRNG (Steele, Lea & Flood 2014, "SplitMix64") so bootstraps are reproducible everywhere.

/// Deterministic 64-bit generator: the same seed gives the same stream on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform integer in 0..<bound, without modulo bias (rejects the short top range).
    public mutating func uniform(below bound: Int) -> Int {
        precondition(bound > 0, "empty range")
        let b = UInt64(bound)
        let limit = UInt64.max - (UInt64.max % b)   // accept values < limit, a multiple of b
        while true {
            let x = next()
            if x < limit { return Int(x % b) }
        }
    }
}
