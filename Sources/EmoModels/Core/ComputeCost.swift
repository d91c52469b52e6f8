// The arithmetic a model performs, as the list of its matrix products: the FLOP count `bench` divides by
// and the shapes on which it measures the sgemm rate (the "sgemm-bound floor").

/// One matrix product `C (m, n) = A (m, k) · op(B)`, performed `count` times per utterance.
public struct GemmShape: Sendable, Hashable, CustomStringConvertible {
    public var m: Int
    public var n: Int
    public var k: Int
    /// B is stored (n, k) and used transposed (Linear weights, im2col convolutions, q·kᵀ).
    public var transposeB: Bool
    /// How many times the product runs per utterance (e.g. once per head and block).
    public var count: Int

    public init(m: Int, n: Int, k: Int, transposeB: Bool, count: Int = 1) {
        self.m = m
        self.n = n
        self.k = k
        self.transposeB = transposeB
        self.count = count
    }

    /// 2·m·n·k·count (a multiply-add is two FLOPs).
    public var flops: Double { 2 * Double(m) * Double(n) * Double(k) * Double(count) }

    public var description: String { "\(m)×\(n)×\(k)\(transposeB ? "ᵀ" : "")×\(count)" }
}

/// A model that can state its own arithmetic cost.
public protocol ComputeCost {
    /// Every matrix product of one utterance of `samples` samples at the model's rate. Element-wise work
    /// (LayerNorm, GELU, softmax; < 1 %) is not counted.
    func gemmShapes(samples: Int) -> [GemmShape]
}

extension ComputeCost {
    /// FLOPs of one utterance: the sum over `gemmShapes` (spec: emotion2vec base ≈ 15.4 GFLOP for 1 s).
    public func flopCount(samples: Int) -> Double {
        gemmShapes(samples: samples).reduce(0) { $0 + $1.flops }
    }
}
