// One post-LN transformer block of emotion2vec (docs/specs/emotion2vec.md §4.10).
// Ports funasr/models/emotion2vec/modules.py `AltBlock.forward` (layer_norm_first False branch) and
// `AltAttention.forward` (FunASR 1.4.16): qkv with bias, q scaled by d^-1/2, additive ALiBi bias on the
// scores, softmax in float32, output projection `attn.proj`; then the MLP (timm `Mlp`, exact GELU).
import EmoKernels

/// z → norm2(r + fc2(GELU(fc1(r)))) with r = norm1(z + attn(z)). The MLP residual adds to the
/// normalised r, not to z + attn(z).
struct Emotion2VecBlock: Sendable {
    let qkv: LinearLayer          // attn.qkv (3D, D)
    let attentionOut: LinearLayer // attn.proj (D, D)
    let norm1: NormLayer          // norm1 (D)
    let fc1: LinearLayer          // mlp.fc1 (F, D)
    let fc2: LinearLayer          // mlp.fc2 (D, F)
    let norm2: NormLayer          // norm2 (D)
    let heads: Int

    init(_ config: Emotion2VecConfig, weights w: WeightScope) throws {
        let D = config.embedDim, F = config.ffnDim
        qkv = try LinearLayer(inputs: D, outputs: 3 * D, weights: w.scope("attn.qkv"), quantizable: true)
        attentionOut = try LinearLayer(inputs: D, outputs: D, weights: w.scope("attn.proj"), quantizable: true)
        norm1 = try NormLayer(dim: D, eps: config.normEps, affine: config.normAffine, weights: w.scope("norm1"))
        fc1 = try LinearLayer(inputs: D, outputs: F, weights: w.scope("mlp.fc1"), quantizable: true)
        fc2 = try LinearLayer(inputs: F, outputs: D, weights: w.scope("mlp.fc2"), quantizable: true)
        norm2 = try NormLayer(dim: D, eps: config.normEps, affine: config.normAffine, weights: w.scope("norm2"))
        heads = config.numHeads
    }

    /// z (N, D) in `scratch.tokens`, replaced by the block output.
    func callAsFunction(_ scratch: Emotion2VecScratch, bias: AttentionBias) {
        qkv(scratch.tokens, into: &scratch.qkv, workspace: &scratch.workspace)
        attention(out: &scratch.attended, qkv: scratch.qkv, heads: heads, bias: bias, workspace: &scratch.workspace)
        attentionOut(scratch.attended, into: &scratch.residual, workspace: &scratch.workspace)
        addResidual(&scratch.residual, scratch.tokens)   // z + attn(z)
        norm1(&scratch.residual)                          // r
        fc1(scratch.residual, into: &scratch.hidden, workspace: &scratch.workspace)
        applyGelu(&scratch.hidden)
        fc2(scratch.hidden, into: &scratch.tokens, workspace: &scratch.workspace)
        addResidual(&scratch.tokens, scratch.residual)    // r + mlp(r)
        norm2(&scratch.tokens)
    }
}
