// Seeded random data and the named tolerances of the kernel parity tests.
import EmoKernels
import EmoTestSupport

/// Random tensors and weights for the parity tests (the generator is EmoTestSupport's `SeededRandom`).
extension SeededRandom {
    mutating func tensor(_ shape: [Int], _ low: Float = -1, _ high: Float = 1) -> Tensor {
        Tensor(shape: shape, data: floats(shape.reduce(1, *), low, high))
    }

    mutating func weight(_ shape: [Int], _ low: Float = -1, _ high: Float = 1) -> Weight {
        Weight(shape: shape, values: floats(shape.reduce(1, *), low, high))
    }
}

enum Tolerance {
    /// sgemm-based ops (linear, conv1d, attention) vs a Float64 reference, inputs in [−1, 1]: float32
    /// accumulation over up to a few hundred products of magnitude ≤ 1 in an order chosen by OpenBLAS's
    /// blocking gives errors around 1e-5; 2e-4 leaves room for the worst case without hiding a wrong index
    /// (which produces errors of order 0.1–1).
    static let gemm: Float = 2e-4
    /// Normalisations (outputs up to ~4 in magnitude): Float32 row statistics and one rounding per step.
    static let norm: Float = 2e-5
    /// Element-wise maps (GELU, softmax): libm's float erf/exp are within a few ulp of Float64.
    static let elementwise: Float = 1e-6
    /// Reductions accumulated in Float64 and rounded once (mean pooling, weight norm): a couple of ulp.
    static let reduction: Float = 1e-6
}

func maxAbs(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "maxAbs: \(a.count) vs \(b.count) values")
    var m: Float = 0
    for i in 0..<a.count {
        let d = abs(a[i] - b[i])
        if d.isNaN { return .infinity }
        m = max(m, d)
    }
    return m
}

/// An owner object standing in for a memory-mapped checkpoint buffer in `Weight(shape:base:owner:)` tests.
final class OwnedFloats: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int
    init(_ values: [Float]) {
        count = values.count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(from: values, count: count)
    }
    deinit { pointer.deallocate() }
}
