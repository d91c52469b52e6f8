// emotion2vec's ALiBi attention bias as a per-head distance table (docs/specs/emotion2vec.md §4.6).
// Ports funasr/models/emotion2vec/base.py `get_alibi` and `ModalitySpecificEncoder.contextualized_features`
// (FunASR 1.4.16): bias[h, i, j] = fp32(fp32(slope_h) · −|i − j|) · max(alibi_scale[h], 0), zero for the
// extra tokens, shared by every block.
import Foundation
import EmoKernels

/// The learned per-head ALiBi scale and the slopes, from which each utterance's bias table is built.
public struct AlibiBias: Sendable {
    /// Per-head slopes (Float32, as `torch.Tensor(get_slopes(n))`); applied before the scale, as PyTorch does.
    let slopes: [Float]
    /// `alibi_scale` clamped at 0, one per ALiBi head.
    let scales: [Float]
    /// Total attention heads (heads ≥ slopes.count get no bias).
    let heads: Int

    /// Reads `alibi_scale` [1, 1, alibiHeads, 1, 1].
    init(heads: Int, alibiHeads: Int, weights: WeightScope) throws {
        let raw = try weights.values("alibi_scale", shape: [1, 1, alibiHeads, 1, 1])
        scales = raw.map { max($0, 0) }
        slopes = AlibiBias.slopes(heads: alibiHeads)
        self.heads = heads
    }

    /// ALiBi slopes for `n` heads (Press et al.; fairseq's recipe for non-powers of two), computed in
    /// Float64 like Python then rounded to Float32 as `torch.Tensor(list)` does.
    public static func slopes(heads n: Int) -> [Float] {
        func powerOfTwo(_ n: Int) -> [Double] {
            let start = pow(2.0, -pow(2.0, -(log2(Double(n)) - 3)))
            return (0..<n).map { start * pow(start, Double($0)) }
        }
        func recipe(_ n: Int) -> [Double] {
            if log2(Double(n)).rounded() == log2(Double(n)) { return powerOfTwo(n) }
            let closest = 1 << Int(log2(Double(n)).rounded(.down))
            let extra = recipe(2 * closest).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            return powerOfTwo(closest) + extra.prefix(n - closest)
        }
        return recipe(n).map { Float($0) }
    }

    /// The distance table for `frames` audio frames after `offset` extra tokens:
    /// table[h, d] = fp32(slope_h · −d) · scale_h for d < frames, zero rows for heads without ALiBi.
    func table(frames: Int, offset: Int, into table: inout Tensor) -> AttentionBias {
        table.resizeForOutput([heads, max(frames, 1)])
        table.data.withUnsafeMutableBufferPointer { p in
            for h in 0..<heads {
                for d in 0..<max(frames, 1) {
                    if h < slopes.count {
                        let product: Float = slopes[h] * -Float(d)   // PyTorch: slopes * pos_bias (fp32)
                        p[h * max(frames, 1) + d] = product * scales[h]
                    } else {
                        p[h * max(frames, 1) + d] = 0
                    }
                }
            }
        }
        return .distance(table: table, offset: offset)
    }
}
