// WavLM's gated relative position bias, as an additive attention bias of the shared encoder layers: bucketed
// signed distances looked up in layer 0's embedding (passed on, ungated, to every layer) and a per-layer, per-head,
// per-query gate computed from that layer's attention input. Ports transformers models/wavlm/modeling_wavlm.py
// (v5.23) `WavLMAttention.compute_bias`, `_relative_positions_bucket` and the gate in `WavLMAttention.forward`
// (Tests/Fixtures/README.md §9.4 item 9).
import EmoKernels
import Foundation

/// Layer 0's `attention.rel_attn_embed` (num_buckets, H) and the bucketing of key − query distances.
struct WavLMRelativePositionBias: Sendable {
    /// `encoder.layers.0.attention.rel_attn_embed.weight` (num_buckets, H).
    let embedding: Weight
    let buckets: Wav2Vec2Config.RelativePositionBuckets
    let heads: Int

    init(config: Wav2Vec2Config, buckets: Wav2Vec2Config.RelativePositionBuckets, weights: WeightScope) throws {
        embedding = try weights.weight("weight", shape: [buckets.numBuckets, config.numAttentionHeads])
        self.buckets = buckets
        heads = config.numAttentionHeads
    }

    init(embedding: Weight, buckets: Wav2Vec2Config.RelativePositionBuckets, heads: Int) {
        self.embedding = embedding
        self.buckets = buckets
        self.heads = heads
    }

    /// The bucket of the signed distance δ = key − query: half the buckets for δ > 0, exact below
    /// num_buckets / 4, logarithmic up to max_bucket_distance, clamped to the last bucket of each half.
    /// Float32 arithmetic, as transformers computes it on a float tensor.
    static func bucket(_ delta: Int, buckets: Wav2Vec2Config.RelativePositionBuckets) -> Int {
        let half = buckets.numBuckets / 2, maxExact = half / 2
        let sign = delta > 0 ? half : 0
        let distance = abs(delta)
        if distance < maxExact { return sign + distance }
        let logRatio = Float(log(Double(buckets.maxDistance) / Double(maxExact)))   // math.log(...) → float32
        var large = logf(Float(distance) / Float(maxExact)) / logRatio
        large = large * Float(half - maxExact)
        let bucket = Int(Float(maxExact) + large)   // .to(torch.long): truncation toward zero
        return sign + min(bucket, half - 1)
    }

    /// table (H, 2N − 1): table[h, (N − 1) + δ] = rel_attn_embed[bucket(δ), h] for δ in −(N − 1) … N − 1, the
    /// `.gatedRelative` layout of `compute_bias(N, N)` (whose entry [h, i, j] depends only on j − i).
    func table(frames N: Int, into out: inout Tensor) {
        let width = max(2 * N - 1, 0), H = heads
        out.resizeForOutput([H, width])
        embedding.withUnsafeBufferPointer { e in
            out.data.withUnsafeMutableBufferPointer { p in
                for index in 0..<width {
                    let row = Self.bucket(index - (N - 1), buckets: buckets) * H
                    for h in 0..<H { p[h * width + index] = e[row + h] }
                }
            }
        }
    }
}

/// One layer's gate: `attention.gru_rel_pos_linear` (8, d) and `attention.gru_rel_pos_const` (1, H, 1, 1).
struct WavLMGate: Sendable {
    let linear: LinearLayer
    /// gru_rel_pos_const, one value per head.
    let constant: [Float]
    let heads: Int

    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        let H = config.numAttentionHeads
        linear = try LinearLayer(inputs: config.headDim, outputs: 8, weights: weights.scope("gru_rel_pos_linear"))
        constant = try weights.values("gru_rel_pos_const", shape: [1, H, 1, 1])
        heads = H
    }

    /// gate (H, T) from the attention input x (T, D): per frame and head, r = linear(x_h) (8) → two sums of four
    /// → sigmoid → a, b; gate = a · (b · const_h − 1) + 2. `projection` is scratch (T·H, 8).
    func callAsFunction(_ x: Tensor, into gate: inout Tensor, projection: inout Tensor) {
        let T = x.shape[0], H = heads, d = x.shape[1] / H
        // x.view(T, H, d): rows of d values, head-major within each frame; no copy (the array is shared).
        linear(Tensor(shape: [T * H, d], data: x.data), into: &projection)
        gate.resizeForOutput([H, T])
        projection.data.withUnsafeBufferPointer { r in
            gate.data.withUnsafeMutableBufferPointer { g in
                guard let r = r.baseAddress else { return }
                for t in 0..<T {
                    for h in 0..<H {
                        let p = r + (t * H + h) * 8
                        let sumA = ((p[0] + p[1]) + p[2]) + p[3], sumB = ((p[4] + p[5]) + p[6]) + p[7]
                        let a = 1 / (1 + expf(-sumA)), b = 1 / (1 + expf(-sumB))
                        g[h * T + t] = a * (b * constant[h] - 1) + 2
                    }
                }
            }
        }
    }
}
