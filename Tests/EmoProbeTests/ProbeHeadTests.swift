// The hand-written backward pass against central finite differences of a plain Double twin.
import Foundation
import Testing
import EmoKernels
import EmoMetrics
@testable import EmoProbe

/// Plain Double re-implementation of the head's loss (the slow twin): loops only, no BLAS.
func referenceLoss(kind: ProbeHeadKind, parameters: [[Double]], inputDim D: Int, hiddenDim H: Int, classCount C: Int,
                   frames: [[Double]], labels: [Int]) -> Double {
    var total = 0.0
    for (x, label) in zip(frames, labels) {
        let T = x.count / D
        let width = kind == .mlp ? H : D
        var pooled = [Double](repeating: 0, count: width)
        for t in 0..<T {
            if kind == .mlp {
                for h in 0..<H {
                    var z = parameters[1][h]
                    for d in 0..<D { z += parameters[0][h * D + d] * x[t * D + d] }
                    pooled[h] += max(z, 0) / Double(T)
                }
            } else {
                for d in 0..<D { pooled[d] += x[t * D + d] / Double(T) }
            }
        }
        let (w, b) = kind == .mlp ? (parameters[2], parameters[3]) : (parameters[0], parameters[1])
        let logits = (0..<C).map { c in b[c] + (0..<width).reduce(0.0) { $0 + w[c * width + $1] * pooled[$1] } }
        let top = logits.max() ?? 0
        let logSum = log(logits.reduce(0.0) { $0 + exp($1 - top) }) + top
        total += logSum - logits[label]
    }
    return total / Double(frames.count)
}

@Suite struct ProbeHeadTests {
    /// Float analytic gradients vs Double central differences: float32 rounding in the forward pass
    /// (sums of a few products of O(1) values) leaves relative errors near 1e-6; 1e-3 leaves margin
    /// while still catching any wrong term (a missing 1/T or ReLU mask is off by > 10 %).
    static let gradientTolerance = 1e-3

    func check(kind: ProbeHeadKind) throws {
        let D = 5, H = 4, C = 3
        var generator = SplitMix64(seed: 7)
        let lengths = [2, 3, 1, 4]
        let utterances: [[Float]] = lengths.map { T in (0..<(T * D)).map { _ in generator.unitFloat() * 2 - 1 } }
        let features = try FrameFeatures(dim: D, utterances: utterances)
        let labels = [0, 2, 1, 2]
        let head = ProbeHead(kind: kind, inputDim: D, hiddenDim: H, classCount: C, generator: &generator)
        let (loss, gradients) = head.lossAndGradients(features: features, indices: [0, 1, 2, 3], labels: labels,
                                                      workspace: ProbeWorkspace())
        var parameters = head.parameters.map { $0.data.map(Double.init) }
        let frames = utterances.map { $0.map(Double.init) }
        func lossAt(_ p: [[Double]]) -> Double {
            referenceLoss(kind: kind, parameters: p, inputDim: D, hiddenDim: H, classCount: C, frames: frames,
                          labels: labels)
        }
        #expect(abs(Double(loss) - lossAt(parameters)) < 1e-5)
        let step = 1e-6
        var worst = 0.0
        for k in parameters.indices {
            #expect(gradients[k].count == parameters[k].count)
            for j in parameters[k].indices {
                let saved = parameters[k][j]
                parameters[k][j] = saved + step
                let up = lossAt(parameters)
                parameters[k][j] = saved - step
                let down = lossAt(parameters)
                parameters[k][j] = saved
                let numeric = (up - down) / (2 * step)
                let analytic = Double(gradients[k].data[j])
                worst = max(worst, abs(numeric - analytic) / max(abs(numeric), 1e-2))
            }
        }
        #expect(worst < Self.gradientTolerance, "worst relative gradient error \(worst)")
    }

    @Test func mlpGradientsMatchFiniteDifferences() throws { try check(kind: .mlp) }

    @Test func logregGradientsMatchFiniteDifferences() throws { try check(kind: .logreg) }

    @Test func initialisationFollowsTorchLinearBounds() {
        var generator = SplitMix64(seed: 1)
        let head = ProbeHead(kind: .mlp, inputDim: 768, hiddenDim: 256, classCount: 4, generator: &generator)
        #expect(head.parameters.map(\.shape) == [[256, 768], [256], [4, 256], [4]])
        let bound1 = 1 / Float(768).squareRoot(), bound2 = 1 / Float(256).squareRoot()
        #expect(head.parameters[0].data.allSatisfy { abs($0) <= bound1 })
        #expect(head.parameters[2].data.allSatisfy { abs($0) <= bound2 })
        #expect(head.parameters[0].data.max()! > 0.9 * bound1)   // spread over the whole range
    }
}
