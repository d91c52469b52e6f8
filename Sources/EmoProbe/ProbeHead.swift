// The emotion2vec downstream head (and a logistic-regression variant), forward and backward by hand.
//
// mlp (emotion2vec `iemocap_downstream/model.py` BaseModel): for utterance i with frames X_i (T_i, D)
//   A_i = ReLU(X_i W1ᵀ + b1) (T_i, H);  p_i = mean over the T_i real frames of A_i (H);  logits = p W2ᵀ + b2 (C)
// logreg: p_i = mean over frames of X_i (D);  logits = p Wᵀ + b (C).
// Loss: cross-entropy averaged over the batch (torch `nn.CrossEntropyLoss()` default 'mean').
// Letters: B utterances in a batch, N frames in the batch, D input width, H hidden width, C classes.
import Foundation
import EmoKernels
import EmoMetrics

/// Which head to train.
public enum ProbeHeadKind: String, Sendable, Codable, CaseIterable {
    /// Linear(D→H) → ReLU → masked mean over frames → Linear(H→C) (the paper's head).
    case mlp
    /// Linear(D→C) on the mean-pooled utterance embedding.
    case logreg
}

/// Head parameters. mlp: [W1 (H, D), b1 (H), W2 (C, H), b2 (C)]; logreg: [W (C, D), b (C)].
public struct ProbeHead: Sendable, Equatable {
    public let kind: ProbeHeadKind
    public let inputDim: Int
    public let hiddenDim: Int
    public let classCount: Int
    public var parameters: [Tensor]

    /// Initialises like torch `nn.Linear` (weights and biases uniform in ±1/sqrt(fan_in)), from `generator`.
    public init(kind: ProbeHeadKind, inputDim: Int, hiddenDim: Int = 256, classCount: Int,
                generator: inout SplitMix64) {
        self.kind = kind
        self.inputDim = inputDim
        self.hiddenDim = kind == .mlp ? hiddenDim : 0
        self.classCount = classCount
        func linear(out: Int, in fanIn: Int) -> [Tensor] {
            let bound = 1 / Float(fanIn).squareRoot()
            func draw(_ n: Int) -> [Float] { (0..<n).map { _ in (generator.unitFloat() * 2 - 1) * bound } }
            let weight = Tensor(shape: [out, fanIn], data: draw(out * fanIn))
            return [weight, Tensor(shape: [out], data: draw(out))]
        }
        switch kind {
        case .mlp: parameters = linear(out: hiddenDim, in: inputDim) + linear(out: classCount, in: hiddenDim)
        case .logreg: parameters = linear(out: classCount, in: inputDim)
        }
    }

    /// Logits (B, C) of the utterances `indices`.
    public func logits(features: FrameFeatures, indices: [Int], workspace: ProbeWorkspace) -> Tensor {
        forward(features: features, indices: indices, workspace: workspace)
        return workspace.logits
    }

    /// Mean cross-entropy over the batch and its gradients (same layout as `parameters`).
    public func lossAndGradients(features: FrameFeatures, indices: [Int], labels: [Int],
                                 workspace ws: ProbeWorkspace) -> (loss: Float, gradients: [Tensor]) {
        forward(features: features, indices: indices, workspace: ws)
        let B = indices.count, C = classCount
        // dL/dlogits = (softmax - onehot) / B
        var loss: Float = 0
        ws.dLogits.resizeForOutput([B, C])
        for i in 0..<B {
            let row = Array(ws.logits.data[i * C..<(i + 1) * C])
            let top = row.max() ?? 0
            let exps = row.map { Foundation.exp($0 - top) }
            let sum = exps.reduce(0, +)
            loss += (Foundation.log(sum) + top) - row[labels[i]]
            for c in 0..<C { ws.dLogits.data[i * C + c] = (exps[c] / sum - (c == labels[i] ? 1 : 0)) / Float(B) }
        }
        loss /= Float(B)
        var gradients: [Tensor] = []
        // Output layer: dW = dLᵀ P, db = column sums of dL.
        var dOutWeight = Tensor(zeros: [C, ws.pooled.shape[1]])
        gemm(a: ws.dLogits, transposeA: true, b: ws.pooled, into: &dOutWeight)
        let dOutBias = Tensor(shape: [C], data: columnSums(ws.dLogits))
        if kind == .logreg { return (loss, [dOutWeight, dOutBias]) }
        // Hidden layer: dP = dL W2 (B, H); dZ_t = dP_i / T_i where A_t > 0; dW1 = dZᵀ X; db1 = column sums.
        let H = hiddenDim
        gemm(a: ws.dLogits, b: parameters[2], into: &ws.dPooled)
        ws.dHidden.resizeForOutput([ws.hidden.shape[0], H])
        let lengths = indices.map { features.lengths[$0] }
        ws.hidden.data.withUnsafeBufferPointer { a in
            ws.dPooled.data.withUnsafeBufferPointer { dP in
                ws.dHidden.data.withUnsafeMutableBufferPointer { dZ in
                    var row = 0
                    for (i, T) in lengths.enumerated() {
                        let scale = 1 / Float(T)
                        for _ in 0..<T {
                            for h in 0..<H { dZ[row * H + h] = a[row * H + h] > 0 ? dP[i * H + h] * scale : 0 }
                            row += 1
                        }
                    }
                }
            }
        }
        var dInWeight = Tensor(zeros: [H, inputDim])
        gemm(a: ws.dHidden, transposeA: true, b: ws.x, into: &dInWeight)
        gradients = [dInWeight, Tensor(shape: [H], data: columnSums(ws.dHidden)), dOutWeight, dOutBias]
        return (loss, gradients)
    }

    private func forward(features: FrameFeatures, indices: [Int], workspace ws: ProbeWorkspace) {
        let D = inputDim, B = indices.count
        let N = indices.reduce(0) { $0 + features.lengths[$1] }
        ws.x.resizeForOutput([N, D])
        ws.x.data.withUnsafeMutableBufferPointer { out in
            var position = 0
            for index in indices {
                let rows = features.frames(index)
                (out.baseAddress! + position).update(from: rows.baseAddress!, count: rows.count)
                position += rows.count
            }
        }
        let pooledInput: Tensor
        if kind == .mlp {
            gemm(a: ws.x, b: parameters[0], transposeB: true, into: &ws.hidden)
            let H = hiddenDim, bias = parameters[1].data
            ws.hidden.data.withUnsafeMutableBufferPointer { z in
                for r in 0..<N { for h in 0..<H { z[r * H + h] = max(z[r * H + h] + bias[h], 0) } }
            }
            pooledInput = ws.hidden
        } else {
            pooledInput = ws.x
        }
        meanRows(pooledInput, lengths: indices.map { features.lengths[$0] }, into: &ws.pooled)
        let outIndex = kind == .mlp ? 2 : 0
        gemm(a: ws.pooled, b: parameters[outIndex], transposeB: true, into: &ws.logits)
        let bias = parameters[outIndex + 1].data, C = classCount
        for i in 0..<B { for c in 0..<C { ws.logits.data[i * C + c] += bias[c] } }
    }
}

/// Mean of consecutive row groups: out[i] = mean of the `lengths[i]` rows after the previous groups.
func meanRows(_ input: Tensor, lengths: [Int], into out: inout Tensor) {
    let width = input.shape[1]
    out.resizeForOutput([lengths.count, width])
    input.data.withUnsafeBufferPointer { x in
        out.data.withUnsafeMutableBufferPointer { p in
            var row = 0
            for (i, T) in lengths.enumerated() {
                for d in 0..<width { p[i * width + d] = 0 }
                for _ in 0..<T {
                    for d in 0..<width { p[i * width + d] += x[row * width + d] }
                    row += 1
                }
                let scale = 1 / Float(T)
                for d in 0..<width { p[i * width + d] *= scale }
            }
        }
    }
}

func columnSums(_ matrix: Tensor) -> [Float] {
    let rows = matrix.shape[0], width = matrix.shape[1]
    var sums = [Float](repeating: 0, count: width)
    matrix.data.withUnsafeBufferPointer { m in
        sums.withUnsafeMutableBufferPointer { out in
            for r in 0..<rows { for c in 0..<width { out[c] += m[r * width + c] } }
        }
    }
    return sums
}

/// Reusable activation buffers for one training thread.
public final class ProbeWorkspace {
    var x = Tensor(zeros: [0, 0])
    var hidden = Tensor(zeros: [0, 0])
    var pooled = Tensor(zeros: [0, 0])
    var logits = Tensor(zeros: [0, 0])
    var dLogits = Tensor(zeros: [0, 0])
    var dPooled = Tensor(zeros: [0, 0])
    var dHidden = Tensor(zeros: [0, 0])

    public init() {}
}

extension SplitMix64 {
    /// Uniform in [0, 1) with 24 random bits (every value exactly representable as Float).
    mutating func unitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }
}
