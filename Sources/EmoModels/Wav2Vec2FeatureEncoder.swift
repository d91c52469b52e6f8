// The wav2vec2 CNN feature encoder (group-norm variant) and the feature projection, time-major throughout.
// Ports transformers models/wav2vec2/modeling_wav2vec2.py (v5.23): `Wav2Vec2GroupNormConvLayer`,
// `Wav2Vec2NoLayerNormConvLayer`, `Wav2Vec2FeatureEncoder`, `Wav2Vec2FeatureProjection`
// (specs/wav2vec2-iemocap-spec.md §3 steps 2–3).
import EmoKernels

/// CNN layers: conv (no bias in wav2vec2-base) → GroupNorm(C groups, C channels) on layer 0 only → GELU.
struct Wav2Vec2FeatureEncoder: Sendable {
    /// `feature_extractor.conv_layers.{i}.conv.weight` (C_i, C_{i-1}, K_i); C_{-1} = 1.
    let convWeights: [Weight]
    /// `feature_extractor.conv_layers.{i}.conv.bias` (C_i) when `conv_bias`.
    let convBiases: [Weight?]
    /// `feature_extractor.conv_layers.0.layer_norm.{weight,bias}` (C_0): the GroupNorm affine.
    let groupNormWeight: Weight
    let groupNormBias: Weight
    let strides: [Int]
    let eps: Float

    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        var inputs = 1
        var convWeights: [Weight] = [], convBiases: [Weight?] = []
        for (i, layer) in config.convLayers.enumerated() {
            let conv = weights.scope("conv_layers.\(i).conv")
            convWeights.append(try conv.weight("weight", shape: [layer.channels, inputs, layer.kernel]))
            convBiases.append(config.convBias ? try conv.weight("bias", shape: [layer.channels]) : nil)
            inputs = layer.channels
        }
        self.convWeights = convWeights
        self.convBiases = convBiases
        let norm = weights.scope("conv_layers.0.layer_norm")
        groupNormWeight = try norm.weight("weight", shape: [config.convLayers[0].channels])
        groupNormBias = try norm.weight("bias", shape: [config.convLayers[0].channels])
        strides = config.convLayers.map(\.stride)
        eps = Float(config.layerNormEps)
    }

    /// waveform (L, 1), already normalised → features (T, C_last) in `out`. `spare` is a second activation
    /// buffer; both keep their storage across calls.
    func callAsFunction(_ waveform: Tensor, into out: inout Tensor, spare: inout Tensor,
                        workspace: inout Workspace) {
        var a = Tensor(zeros: [0]), b = Tensor(zeros: [0])
        swap(&a, &out)
        swap(&b, &spare)
        conv1dTimeMajor(out: &a, x: waveform, weight: convWeights[0], bias: convBiases[0], stride: strides[0],
                        workspace: &workspace)
        // GroupNorm with one group per channel: each channel normalised over time on its own.
        applyGroupNormTimeMajor(&a, groups: a.shape[1], weight: groupNormWeight, bias: groupNormBias, eps: eps)
        applyGelu(&a)
        for i in 1..<convWeights.count {
            conv1dTimeMajor(out: &b, x: a, weight: convWeights[i], bias: convBiases[i], stride: strides[i],
                            workspace: &workspace)
            applyGelu(&b)
            swap(&a, &b)
        }
        swap(&a, &out)
        swap(&b, &spare)
    }
}

/// `feature_projection`: LayerNorm(C_last) → Linear(C_last → D). Dropout is off at inference.
struct Wav2Vec2FeatureProjection: Sendable {
    /// `feature_projection.layer_norm.{weight,bias}` (C_last).
    let norm: NormLayer
    /// `feature_projection.projection.{weight,bias}` (D, C_last), (D).
    let projection: LinearLayer

    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        norm = try NormLayer(dim: config.convOutputChannels, eps: config.layerNormEps,
                             weights: weights.scope("layer_norm"))
        projection = try LinearLayer(inputs: config.convOutputChannels, outputs: config.hiddenSize,
                                     weights: weights.scope("projection"))
    }

    /// features (T, C_last), normalised in place → hidden (T, D) in `out`.
    func callAsFunction(_ features: inout Tensor, into out: inout Tensor) {
        norm(&features)
        projection(features, into: &out)
    }
}
