// The wav2vec2 CNN feature encoder (group-norm and layer-norm variants) and the feature projection, time-major
// throughout. Ports transformers models/wav2vec2/modeling_wav2vec2.py (v5.23): `Wav2Vec2GroupNormConvLayer`,
// `Wav2Vec2LayerNormConvLayer`, `Wav2Vec2NoLayerNormConvLayer`, `Wav2Vec2FeatureEncoder`,
// `Wav2Vec2FeatureProjection` (HuBERT's and WavLM's are the same modules; docs/specs/wav2vec2-iemocap.md §3
// steps 2–3, Tests/Fixtures/README.md §9.4 items 3–4).
import EmoKernels

/// CNN layers: conv (no bias in wav2vec2-base) → norm → GELU. `group`: GroupNorm(C groups, C channels) on
/// layer 0 only; `layer`: LayerNorm(C) over the channels of each frame after every conv.
struct Wav2Vec2FeatureEncoder: Sendable {
    /// `feature_extractor.conv_layers.{i}.conv.weight` (C_i, C_{i-1}, K_i), C_{-1} = 1, reordered kernel-major
    /// once at load (a 17 MB copy at base size) so the im2col is a plain copy, or none where windows do not overlap;
    /// int8 from layer 1 on at `--precision int8` (`featureEncoderConvWeight`).
    let convWeights: [TimeMajorConvWeight]
    /// `feature_extractor.conv_layers.{i}.conv.bias` (C_i) when `conv_bias`.
    let convBiases: [Weight?]
    /// `feature_extractor.conv_layers.0.layer_norm.{weight,bias}` (C_0): the GroupNorm affine (group style).
    let groupNormWeight: Weight?
    let groupNormBias: Weight?
    /// `feature_extractor.conv_layers.{i}.layer_norm.{weight,bias}` (C_i), one per layer (layer style); empty
    /// in group style.
    let layerNorms: [NormLayer]
    let strides: [Int]
    let kernelSizes: [Int]

    /// The CNN norms are built with torch's default eps (`nn.GroupNorm(..., affine=True)`,
    /// `nn.LayerNorm(C, elementwise_affine=True)`), not `config.layer_norm_eps`.
    static let eps: Float = 1e-5

    /// Layer-1 output frames per chunk of the fused layer 0 → 1 pass. Layer 0's whole output (C_0 × 3200 floats
    /// per second: 65 MB for 10 s) is never held; ~8 MB of chunk buffers are.
    static let chunkFrames = 1024

    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        var inputs = 1
        var convWeights: [TimeMajorConvWeight] = [], convBiases: [Weight?] = []
        for (i, layer) in config.convLayers.enumerated() {
            let conv = weights.scope("conv_layers.\(i).conv")
            convWeights.append(try featureEncoderConvWeight(conv, "weight", shape: [layer.channels, inputs, layer.kernel]))
            convBiases.append(config.convBias ? try conv.weight("bias", shape: [layer.channels]) : nil)
            inputs = layer.channels
        }
        self.convWeights = convWeights
        self.convBiases = convBiases
        switch config.featureNorm {
        case .group:
            let norm = weights.scope("conv_layers.0.layer_norm")
            groupNormWeight = try norm.weight("weight", shape: [config.convLayers[0].channels])
            groupNormBias = try norm.weight("bias", shape: [config.convLayers[0].channels])
            layerNorms = []
        case .layer:
            groupNormWeight = nil
            groupNormBias = nil
            layerNorms = try config.convLayers.indices.map {
                try NormLayer(dim: config.convLayers[$0].channels, eps: Double(Self.eps),
                              weights: weights.scope("conv_layers.\($0).layer_norm"))
            }
        }
        strides = config.convLayers.map(\.stride)
        kernelSizes = config.convLayers.map(\.kernel)
    }

    /// Conv output (T, C_i) of layer `i` ≥ 1 → norm (layer style) → GELU, in place.
    private func normaliseAndActivate(_ x: inout Tensor, layer i: Int) {
        if !layerNorms.isEmpty { layerNorms[i](&x) }
        applyGelu(&x)
    }

    /// waveform (L, 1), already normalised → features (T, C_last) in `out`. `spare`, `chunk` and `chunkOut` are
    /// scratch; all keep their storage across calls.
    ///
    /// Layer 0 runs twice, chunk by chunk: once for its GroupNorm statistics (per channel over all frames), then
    /// again, normalised and through GELU, feeding layer 1 chunk by chunk. The repeat costs ~0.2 % of the model's
    /// FLOPs and saves the largest activation of the whole model.
    func callAsFunction(_ waveform: Tensor, into out: inout Tensor, spare: inout Tensor,
                        chunk: inout Tensor, chunkOut: inout Tensor, workspace: inout Workspace) {
        var a = Tensor(zeros: [0]), b = Tensor(zeros: [0])
        swap(&a, &out)
        swap(&b, &spare)
        defer {
            swap(&a, &out)
            swap(&b, &spare)
        }
        let frames0 = conv1dOutputLength(inputLength: waveform.count, kernel: kernelSizes[0], stride: strides[0])
        // Group style needs layer 0's statistics over all frames first; layer style normalises each frame alone.
        let norm: Layer0Norm = layerNorms.isEmpty
            ? .groupAffine(groupNormAffine(waveform, frames: frames0, chunk: &chunk, workspace: &workspace))
            : .perFrame
        guard convWeights.count > 1 else {
            layer0(waveform, frames: 0..<frames0, into: &a, norm: norm, workspace: &workspace)
            return
        }
        let (k1, s1, c1) = (kernelSizes[1], strides[1], convWeights[1].shape[0])
        let frames1 = conv1dOutputLength(inputLength: frames0, kernel: k1, stride: s1)
        a.resizeForOutput([frames1, c1])
        var j0 = 0
        while j0 < frames1 {
            let m = min(Self.chunkFrames, frames1 - j0)
            layer0(waveform, frames: (j0 * s1)..<(j0 * s1 + (m - 1) * s1 + k1), into: &chunk, norm: norm,
                   workspace: &workspace)
            conv1dTimeMajor(out: &chunkOut, x: chunk, weight: convWeights[1], bias: convBiases[1], stride: s1,
                            workspace: &workspace)
            a.data.withUnsafeMutableBufferPointer { pa in
                chunkOut.data.withUnsafeBufferPointer { pc in
                    guard let destination = pa.baseAddress, let source = pc.baseAddress else { return }
                    (destination + j0 * c1).update(from: source, count: m * c1)
                }
            }
            j0 += m
        }
        normaliseAndActivate(&a, layer: 1)
        for i in 2..<convWeights.count {
            conv1dTimeMajor(out: &b, x: a, weight: convWeights[i], bias: convBiases[i], stride: strides[i],
                            workspace: &workspace)
            normaliseAndActivate(&b, layer: i)
            swap(&a, &b)
        }
    }

    /// How layer 0's output is normalised before its GELU.
    private enum Layer0Norm {
        /// None: the raw conv output (for the GroupNorm statistics pass).
        case raw
        /// GroupNorm folded into a per-channel affine y = x·scale + shift.
        case groupAffine((scale: [Float], shift: [Float]))
        /// LayerNorm over the channels of each frame (`layerNorms[0]`).
        case perFrame
    }

    /// Layer 0 for its output frames `range`: conv, then (unless `norm` is `.none`) the norm and GELU.
    /// out: (range.count, C_0).
    private func layer0(_ waveform: Tensor, frames range: Range<Int>, into out: inout Tensor,
                        norm: Layer0Norm, workspace: inout Workspace) {
        let start = range.lowerBound * strides[0], length = (range.count - 1) * strides[0] + kernelSizes[0]
        let slice = Tensor(shape: [length, 1], data: Array(waveform.data[start..<(start + length)]))
        conv1dTimeMajor(out: &out, x: slice, weight: convWeights[0], bias: convBiases[0], stride: strides[0],
                        workspace: &workspace)
        switch norm {
        case .raw:
            return
        case let .groupAffine(affine):
            let channels = out.shape[1]
            out.data.withUnsafeMutableBufferPointer { p in
                for t in 0..<range.count {
                    for c in 0..<channels {
                        p[t * channels + c] = p[t * channels + c] * affine.scale[c] + affine.shift[c]
                    }
                }
            }
        case .perFrame:
            layerNorms[0](&out)
        }
        applyGelu(&out)
    }

    /// GroupNorm(C_0 groups, C_0 channels) of layer 0 as a per-channel affine: mean and biased variance of each
    /// channel over all `frames` frames (Float64 sums), folded with the affine weight and bias.
    /// PyTorch: `F.group_norm(conv0(x), C_0, weight, bias, eps)`. Not `applyGroupNormTimeMajor`: that needs the
    /// whole layer-0 output in memory, which this encoder never holds; the sums here accumulate chunk by chunk.
    private func groupNormAffine(_ waveform: Tensor, frames: Int, chunk: inout Tensor,
                                 workspace: inout Workspace) -> (scale: [Float], shift: [Float]) {
        let channels = convWeights[0].shape[0]
        var sum = [Double](repeating: 0, count: channels), squares = sum
        var t0 = 0
        while t0 < frames {
            let n = min(2 * Self.chunkFrames, frames - t0)
            layer0(waveform, frames: t0..<(t0 + n), into: &chunk, norm: .raw, workspace: &workspace)
            chunk.data.withUnsafeBufferPointer { p in
                for t in 0..<n {
                    for c in 0..<channels {
                        let x = Double(p[t * channels + c])
                        sum[c] += x
                        squares[c] += x * x
                    }
                }
            }
            t0 += n
        }
        let gamma = groupNormWeight?.values ?? [], beta = groupNormBias?.values ?? []
        var scale = [Float](repeating: 0, count: channels), shift = scale
        for c in 0..<channels {
            let mean = sum[c] / Double(frames)
            let variance = max(0, squares[c] / Double(frames) - mean * mean)
            let inverseStd = 1 / (variance + Double(Self.eps)).squareRoot()
            scale[c] = Float(inverseStd * Double(gamma[c]))
            shift[c] = Float(Double(beta[c]) - mean * inverseStd * Double(gamma[c]))
        }
        return (scale, shift)
    }
}

/// `feature_projection`: LayerNorm(C_last) → Linear(C_last → D). Dropout is off at inference. HuBERT with
/// `feat_proj_layer_norm` false has no LayerNorm (`HubertFeatureProjection`).
struct Wav2Vec2FeatureProjection: Sendable {
    /// `feature_projection.layer_norm.{weight,bias}` (C_last), eps `layer_norm_eps`; nil when switched off.
    let norm: NormLayer?
    /// `feature_projection.projection.{weight,bias}` (D, C_last), (D).
    let projection: LinearLayer

    init(config: Wav2Vec2Config, weights: WeightScope) throws {
        norm = config.featureProjectionNorm
            ? try NormLayer(dim: config.convOutputChannels, eps: config.layerNormEps, weights: weights.scope("layer_norm"))
            : nil
        projection = try LinearLayer(inputs: config.convOutputChannels, outputs: config.hiddenSize,
                                     weights: weights.scope("projection"))
    }

    /// features (T, C_last), normalised in place → hidden (T, D) in `out`.
    func callAsFunction(_ features: inout Tensor, into out: inout Tensor) {
        norm?(&features)
        projection(features, into: &out)
    }
}
