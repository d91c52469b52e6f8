// The wav2vec2-family transformer encoder: weight-normalised grouped positional conv with SamePad and GELU added
// to its input, then the layers, post-LN (base models: encoder LayerNorm before layer 0) or stable / pre-LN
// (large models: encoder LayerNorm after the last layer); WavLM layers add the gated relative position bias.
// Ports transformers (v5.23) models/wav2vec2/modeling_wav2vec2.py: `Wav2Vec2PositionalConvEmbedding`,
// `Wav2Vec2SamePadLayer`, `Wav2Vec2Encoder`, `Wav2Vec2EncoderStableLayerNorm`, `Wav2Vec2EncoderLayer`,
// `Wav2Vec2EncoderLayerStableLayerNorm`, `Wav2Vec2Attention`, `Wav2Vec2FeedForward`; HuBERT's modules are the same;
// models/wavlm/modeling_wavlm.py `WavLMEncoder(StableLayerNorm)`, `WavLMEncoderLayer(StableLayerNorm)`
// (docs/specs/wav2vec2-iemocap.md §3 steps 5–7; Tests/Fixtures/README.md §9.4 items 5–10).
import EmoKernels

/// `encoder.pos_conv_embed`: h + GELU(SamePad(conv(h))), conv (D → D, kernel K, padding K/2, G groups, bias).
struct Wav2Vec2PositionalConv: Sendable {
    /// The effective weight g · v / ‖v‖, norm over dims (0, 1) for each kernel tap (weight_norm dim = 2),
    /// reconstructed once at load: (D, D/G, K), kept kernel-major for the time-major conv (at `.int8` only its
    /// int8 rows per group are kept, and v's mapped pages are released).
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
        weight = try positionalConvWeight(weightNorm(g: g, v: v, dim: 2), groups: G, name: naming.direction, in: weights)
        if weights.precision == .int8 { v.releaseMappedPages() }
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

/// One encoder layer. Post-LN: h = LN1(h + Attn(h)); h = LN2(h + FFN(h)).
/// Stable (pre-LN): h = h + Attn(LN1(h)); h = h + FFN(LN2(h)).
struct Wav2Vec2EncoderLayer: Sendable {
    /// `attention.{q,k,v,out}_proj.{weight,bias}` (D, D), (D).
    let query: LinearLayer
    let key: LinearLayer
    let value: LinearLayer
    let output: LinearLayer
    /// `layer_norm` (D): after the attention residual (post-LN) or before the attention (stable).
    let attentionNorm: NormLayer
    /// `feed_forward.intermediate_dense` (F, D) and `feed_forward.output_dense` (D, F).
    let intermediate: LinearLayer
    let outputDense: LinearLayer
    /// `final_layer_norm` (D): after the FFN residual (post-LN) or before the FFN (stable).
    let finalNorm: NormLayer
    /// WavLM only: `attention.gru_rel_pos_linear` and `attention.gru_rel_pos_const`.
    let gate: WavLMGate?
    let heads: Int
    let stable: Bool

    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        let D = config.hiddenSize, F = config.intermediateSize
        let attention = weights.scope("attention")
        query = try LinearLayer(inputs: D, outputs: D, weights: attention.scope("q_proj"), quantizable: true)
        key = try LinearLayer(inputs: D, outputs: D, weights: attention.scope("k_proj"), quantizable: true)
        value = try LinearLayer(inputs: D, outputs: D, weights: attention.scope("v_proj"), quantizable: true)
        output = try LinearLayer(inputs: D, outputs: D, weights: attention.scope("out_proj"), quantizable: true)
        attentionNorm = try NormLayer(dim: D, eps: config.layerNormEps, weights: weights.scope("layer_norm"))
        intermediate = try LinearLayer(inputs: D, outputs: F, weights: weights.scope("feed_forward.intermediate_dense"), quantizable: true)
        outputDense = try LinearLayer(inputs: F, outputs: D, weights: weights.scope("feed_forward.output_dense"), quantizable: true)
        finalNorm = try NormLayer(dim: D, eps: config.layerNormEps, weights: weights.scope("final_layer_norm"))
        gate = config.relativePositionBuckets == nil ? nil : try WavLMGate(config: config, weights: attention)
        heads = config.numAttentionHeads
        stable = config.stableLayerNorm
    }

    /// hidden (T, D) in place. `relativeTable` (H, 2T − 1): WavLM's ungated position bias (nil otherwise).
    func callAsFunction(_ hidden: inout Tensor, relativeTable: Tensor?, scratch s: inout Wav2Vec2Scratch) {
        if stable {
            s.normed.resizeForOutput(hidden.shape)
            s.normed.data.withUnsafeMutableBufferPointer { p in _ = p.update(fromContentsOf: hidden.data) }
            attentionNorm(&s.normed)
            attend(s.normed, relativeTable: relativeTable, scratch: &s)  // → s.query
            addResidual(&hidden, s.query)
            s.normed.data.withUnsafeMutableBufferPointer { p in _ = p.update(fromContentsOf: hidden.data) }
            finalNorm(&s.normed)
            feedForward(s.normed, scratch: &s)  // → s.query
            addResidual(&hidden, s.query)
        } else {
            attend(hidden, relativeTable: relativeTable, scratch: &s)
            addResidual(&hidden, s.query)
            attentionNorm(&hidden)
            feedForward(hidden, scratch: &s)
            addResidual(&hidden, s.query)
            finalNorm(&hidden)
        }
    }

    /// out_proj(softmax(q kᵀ / √d + bias) v) for x (T, D) → s.query. No mask: one utterance at a time, unpadded.
    private func attend(_ x: Tensor, relativeTable: Tensor?, scratch s: inout Wav2Vec2Scratch) {
        query(x, into: &s.query, workspace: &s.workspace)
        key(x, into: &s.key, workspace: &s.workspace)
        value(x, into: &s.value, workspace: &s.workspace)
        var bias = AttentionBias.none
        if let gate, let relativeTable {
            // The gate comes from this layer's attention input (post-LN: the residual stream; stable: after LN1).
            gate(x, into: &s.gate, projection: &s.gateProjection)
            bias = .gatedRelative(table: relativeTable, gate: s.gate)
        }
        attention(out: &s.context, q: s.query, k: s.key, v: s.value, heads: heads, bias: bias,
                  workspace: &s.workspace)
        output(s.context, into: &s.query, workspace: &s.workspace)
    }

    /// output_dense(GELU(intermediate_dense(x))) → s.query.
    private func feedForward(_ x: Tensor, scratch s: inout Wav2Vec2Scratch) {
        intermediate(x, into: &s.ffn, workspace: &s.workspace)
        applyGelu(&s.ffn)
        outputDense(s.ffn, into: &s.query, workspace: &s.workspace)
    }
}

/// `encoder`: positional conv, the encoder LayerNorm (before the layers when post-LN, after them when stable),
/// the layers; WavLM's position bias table from layer 0.
struct Wav2Vec2Encoder: Sendable {
    let positionalConv: Wav2Vec2PositionalConv
    /// `encoder.layer_norm` (D).
    let norm: NormLayer
    /// `encoder.layers.{i}`.
    let layers: [Wav2Vec2EncoderLayer]
    /// WavLM: `encoder.layers.0.attention.rel_attn_embed` (only layer 0 has it; its bias is passed to all layers).
    let relativePositionBias: WavLMRelativePositionBias?
    let stable: Bool

    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        positionalConv = try Wav2Vec2PositionalConv(config: config,
                                                    weights: weights.scope(Wav2Vec2Keys.positionalConvScope))
        let encoder = weights.scope("encoder")
        norm = try NormLayer(dim: config.hiddenSize, eps: config.layerNormEps, weights: encoder.scope("layer_norm"))
        layers = try (0..<config.numHiddenLayers).map {
            try Wav2Vec2EncoderLayer(config: config, weights: encoder.scope("layers.\($0)"))
        }
        relativePositionBias = try config.relativePositionBuckets.map {
            try WavLMRelativePositionBias(config: config, buckets: $0,
                                          weights: encoder.scope("layers.0.attention.rel_attn_embed"))
        }
        stable = config.stableLayerNorm
    }

    /// hidden (T, D) (the projected features) in place → `last_hidden_state`.
    ///
    /// `observe`, when given, sees the hidden states a weighted layer sum combines, as (index, state):
    /// 0 = the input of layer 0 (post-LN: after `encoder.layer_norm`; stable: x + pos, no norm), i = the output of
    /// layer i. For a stable encoder the last one is observed **after** the final `encoder.layer_norm`, as in
    /// transformers 4.x (`Wav2Vec2EncoderStableLayerNorm.forward` appended the normed state); transformers 5.x
    /// (`capture_outputs`) records the last layer's output without that norm. See `HFAudioClassifier.infer`.
    func callAsFunction(_ hidden: inout Tensor, scratch: inout Wav2Vec2Scratch,
                        observe: ((Int, Tensor) -> Void)? = nil) {
        positionalConv(&hidden, scratch: &scratch.ffn, workspace: &scratch.workspace)
        if !stable { norm(&hidden) }
        var table: Tensor?
        if let relativePositionBias {
            relativePositionBias.table(frames: hidden.shape[0], into: &scratch.relativeTable)
            table = scratch.relativeTable
        }
        observe?(0, hidden)
        for (i, layer) in layers.enumerated() {
            layer(&hidden, relativeTable: table, scratch: &scratch)
            if stable && i == layers.count - 1 { norm(&hidden) }
            observe?(i + 1, hidden)
        }
        if stable && layers.isEmpty { norm(&hidden) }
    }
}
