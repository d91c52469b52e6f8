// The wav2vec2-base (post-LN) transformer encoder: weight-normalised grouped positional conv with SamePad
// and GELU added to its input, LayerNorm, then the layers. Ports transformers
// models/wav2vec2/modeling_wav2vec2.py (v5.23): `Wav2Vec2PositionalConvEmbedding`, `Wav2Vec2SamePadLayer`,
// `Wav2Vec2Encoder` (do_stable_layer_norm = false), `Wav2Vec2EncoderLayer`, `Wav2Vec2Attention`,
// `Wav2Vec2FeedForward` (specs/wav2vec2-iemocap-spec.md §3 steps 5–7).
import EmoKernels

/// `encoder.pos_conv_embed`: h + GELU(SamePad(conv(h))), conv (D → D, kernel K, padding K/2, G groups, bias).
struct Wav2Vec2PositionalConv: Sendable {
    /// The effective weight g · v / ‖v‖, norm over dims (0, 1) for each kernel tap (weight_norm dim = 2),
    /// reconstructed once at load: (D, D/G, K), kept kernel-major for the time-major conv.
    let weight: TimeMajorConvWeight
    /// `encoder.pos_conv_embed.conv.bias` (D).
    let bias: Weight
    let kernel: Int
    let groups: Int

    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        let D = config.hiddenSize, K = config.numConvPosEmbeddings, G = config.numConvPosEmbeddingGroups
        let naming = Wav2Vec2Keys.weightNormNaming(in: weights)
        // transformers: weight_norm(conv, name="weight", dim=2); g is stored (1, 1, K), v (D, D/G, K).
        let g = try weights.weight(naming.magnitude, shape: [1, 1, K])
        let v = try weights.weight(naming.direction, shape: [D, D / G, K])
        weight = TimeMajorConvWeight(weightNorm(g: g, v: v, dim: 2))
        bias = try weights.weight("bias", shape: [D])
        kernel = K
        groups = G
    }

    /// hidden (T, D) += GELU(conv(hidden)[..T]); `scratch` receives the conv output.
    func callAsFunction(_ hidden: inout Tensor, scratch: inout Tensor, workspace: inout Workspace) {
        let T = hidden.shape[0], D = hidden.shape[1]
        conv1dTimeMajor(out: &scratch, x: hidden, weight: weight, bias: bias, padding: kernel / 2, groups: groups,
                        workspace: &workspace)
        // SamePad: an even kernel yields T + 1 frames; the last one is dropped (time-major: the last row).
        if scratch.shape[0] != T { scratch.resizeForOutput([T, D]) }
        applyGelu(&scratch)
        addResidual(&hidden, scratch)
    }
}

/// One post-LN layer: h = LN1(h + Attn(h)); h = LN2(h + FFN(h)).
struct Wav2Vec2EncoderLayer: Sendable {
    /// `attention.{q,k,v,out}_proj.{weight,bias}` (D, D), (D).
    let query: LinearLayer
    let key: LinearLayer
    let value: LinearLayer
    let output: LinearLayer
    /// `layer_norm` (D): after the attention residual.
    let attentionNorm: NormLayer
    /// `feed_forward.intermediate_dense` (F, D) and `feed_forward.output_dense` (D, F).
    let intermediate: LinearLayer
    let outputDense: LinearLayer
    /// `final_layer_norm` (D): after the FFN residual.
    let finalNorm: NormLayer
    let heads: Int

    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        let D = config.hiddenSize, F = config.intermediateSize
        let attention = weights.scope("attention")
        query = try LinearLayer(inputs: D, outputs: D, weights: attention.scope("q_proj"))
        key = try LinearLayer(inputs: D, outputs: D, weights: attention.scope("k_proj"))
        value = try LinearLayer(inputs: D, outputs: D, weights: attention.scope("v_proj"))
        output = try LinearLayer(inputs: D, outputs: D, weights: attention.scope("out_proj"))
        attentionNorm = try NormLayer(dim: D, eps: config.layerNormEps, weights: weights.scope("layer_norm"))
        intermediate = try LinearLayer(inputs: D, outputs: F, weights: weights.scope("feed_forward.intermediate_dense"))
        outputDense = try LinearLayer(inputs: F, outputs: D, weights: weights.scope("feed_forward.output_dense"))
        finalNorm = try NormLayer(dim: D, eps: config.layerNormEps, weights: weights.scope("final_layer_norm"))
        heads = config.numAttentionHeads
    }

    /// hidden (T, D) in place.
    func callAsFunction(_ hidden: inout Tensor, scratch s: inout Wav2Vec2Scratch) {
        query(hidden, into: &s.query)
        key(hidden, into: &s.key)
        value(hidden, into: &s.value)
        // softmax(q kᵀ / √d) v per head, no mask (SpeechBrain passes no lengths; one utterance at a time).
        attention(out: &s.context, q: s.query, k: s.key, v: s.value, heads: heads, bias: .none,
                  workspace: &s.workspace)
        output(s.context, into: &s.query)
        addResidual(&hidden, s.query)
        attentionNorm(&hidden)
        intermediate(hidden, into: &s.ffn)
        applyGelu(&s.ffn)
        outputDense(s.ffn, into: &s.query)
        addResidual(&hidden, s.query)
        finalNorm(&hidden)
    }
}

/// `encoder`: positional conv, LayerNorm (before the layers: post-LN wav2vec2 has no final norm), layers.
struct Wav2Vec2Encoder: Sendable {
    let positionalConv: Wav2Vec2PositionalConv
    /// `encoder.layer_norm` (D).
    let norm: NormLayer
    /// `encoder.layers.{i}`.
    let layers: [Wav2Vec2EncoderLayer]

    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        positionalConv = try Wav2Vec2PositionalConv(config: config,
                                                    weights: weights.scope(Wav2Vec2Keys.positionalConvScope))
        let encoder = weights.scope("encoder")
        norm = try NormLayer(dim: config.hiddenSize, eps: config.layerNormEps, weights: encoder.scope("layer_norm"))
        layers = try (0..<config.numHiddenLayers).map {
            try Wav2Vec2EncoderLayer(config: config, weights: encoder.scope("layers.\($0)"))
        }
    }

    /// hidden (T, D) (the projected features) in place → the last layer's hidden state.
    func callAsFunction(_ hidden: inout Tensor, scratch: inout Wav2Vec2Scratch) {
        positionalConv(&hidden, scratch: &scratch.ffn, workspace: &scratch.workspace)
        norm(&hidden)
        for layer in layers { layer(&hidden, scratch: &scratch) }
    }
}
