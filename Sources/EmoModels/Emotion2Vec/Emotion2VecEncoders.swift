// The two convolutional stages of emotion2vec, time-major throughout: the CNN feature encoder with its
// projection (docs/specs/emotion2vec.md §4.3–4.4) and the convolutional relative positional encoder (docs/specs/emotion2vec.md §4.5).
// Ports funasr/models/emotion2vec/audio.py `AudioEncoder.__init__` and fairseq_modules.py
// `ConvFeatureExtractionModel` (mode "layer_norm", conv_bias False), FunASR 1.4.16.
import EmoKernels

/// CNN feature encoder + `project_features`: waveform (N) → x (T, D).
struct Emotion2VecFeatureEncoder: Sendable {
    /// One conv block: Conv1d(no bias, no padding) → LayerNorm over channels (eps 1e-5) → GELU.
    struct ConvBlock: Sendable {
        let spec: ConvLayerSpec
        /// conv_layers.i.0.weight (C_out, C_in, K), reordered kernel-major once at load so the im2col is a plain
        /// copy (or none where windows do not overlap); int8 from the second conv on at `--precision int8`.
        let weight: TimeMajorConvWeight
        let norm: NormLayer  // conv_layers.i.2.1.{weight,bias} (C_out)
    }

    let convs: [ConvBlock]
    let projectNorm: NormLayer    // project_features.1 (C_last)
    let projection: LinearLayer   // project_features.2 (D, C_last)

    /// `weights` is scoped at `modality_encoders.AUDIO.`.
    init(layers: [ConvLayerSpec], embedDim: Int, weights: WeightScope) throws {
        var inputs = 1
        var convs: [ConvBlock] = []
        for (i, spec) in layers.enumerated() {
            let layer = weights.scope("local_encoder.conv_layers.\(i)")
            convs.append(ConvBlock(
                spec: spec,
                weight: try featureEncoderConvWeight(layer, "0.weight", shape: [spec.channels, inputs, spec.kernel]),
                norm: try NormLayer(dim: spec.channels, eps: 1e-5, weights: layer.scope("2.1"))))
            inputs = spec.channels
        }
        self.convs = convs
        projectNorm = try NormLayer(dim: inputs, eps: 1e-5, weights: weights.scope("project_features.1"))
        projection = try LinearLayer(inputs: inputs, outputs: embedDim, weights: weights.scope("project_features.2"))
    }

    /// Frames for `samples` input samples (0 when the input is shorter than the receptive field).
    func frameCount(samples: Int) -> Int { convs.map(\.spec).frameCount(samples: samples) }

    /// Samples between consecutive frames (product of the strides; 320).
    var hop: Int { convs.reduce(1) { $0 * $1.spec.stride } }
    /// Samples one frame sees (the receptive field; 400).
    var receptiveField: Int { convs.map(\.spec).receptiveField }

    /// Frames computed per pass of the CNN. Every conv is unpadded and LayerNorm/GELU act per time step,
    /// so frame t depends only on samples [hop·t, hop·t + field): running the CNN on that window of a block
    /// of frames gives exactly those frames, and the CNN's scratch stays ~20 MB whatever the utterance
    /// length (the whole-utterance first layer alone would be 6.5 MB per second of audio).
    static let blockFrames = 128

    /// waveform (N) in `scratch.waveform` → x (T, D) in `scratch.features`.
    func callAsFunction(_ scratch: Emotion2VecScratch) {
        let N = scratch.waveform.count, T = frameCount(samples: N)
        let channels = convs.last?.spec.channels ?? 1
        scratch.cnnOutput.resizeForOutput([T, channels])
        var t0 = 0
        while t0 < T {
            var frames = min(Emotion2VecFeatureEncoder.blockFrames, T - t0)
            var length = (frames - 1) * hop + receptiveField
            if frameCount(samples: length) != frames || t0 * hop + length > N {
                (frames, length) = (T - t0, N - t0 * hop)   // geometry without a clean hop: finish in one pass
            }
            scratch.cnnA.resizeForOutput([length, 1])
            scratch.cnnA.data.withUnsafeMutableBufferPointer { dst in
                scratch.waveform.withUnsafeBufferPointer { src in
                    for i in 0..<length { dst[i] = src[t0 * hop + i] }
                }
            }
            for block in convs {
                conv1dTimeMajor(out: &scratch.cnnB, x: scratch.cnnA, weight: block.weight, bias: nil,
                                stride: block.spec.stride, workspace: &scratch.workspace)
                block.norm(&scratch.cnnB)
                applyGelu(&scratch.cnnB)
                swap(&scratch.cnnA, &scratch.cnnB)
            }
            precondition(scratch.cnnA.shape == [frames, channels], "CNN block produced \(scratch.cnnA.shape)")
            scratch.cnnOutput.data.withUnsafeMutableBufferPointer { dst in
                scratch.cnnA.data.withUnsafeBufferPointer { src in
                    for i in 0..<(frames * channels) { dst[t0 * channels + i] = src[i] }
                }
            }
            t0 += frames
        }
        projectNorm(&scratch.cnnOutput)
        projection(scratch.cnnOutput, into: &scratch.features)
    }
}

/// Convolutional relative positional encoder: y = stack(x); x ← x + y.
/// Each layer: grouped Conv1d(D, D, k, padding k/2, bias) → SamePad(k) → LayerNorm(no affine) → GELU.
struct Emotion2VecPositionalEncoder: Sendable {
    struct ConvLayer: Sendable {
        let weight: TimeMajorConvWeight   // relative_positional_encoder.j.0.weight (D, D/G, k), kernel-major
        let bias: Weight     // relative_positional_encoder.j.0.bias (D)
    }

    let layers: [ConvLayer]
    let kernel: Int
    let groups: Int
    let norm: NormLayer   // fairseq LayerNorm(D, elementwise_affine=False), eps 1e-5

    /// `weights` is scoped at `modality_encoders.AUDIO.`; layer j lives at index j + 1 (index 0 is a transpose).
    init(config: Emotion2VecConfig, weights: WeightScope) throws {
        let D = config.embedDim
        let K = config.audio.convPosKernel, G = config.audio.convPosGroups
        kernel = K
        groups = G
        layers = try (1...config.audio.convPosDepth).map { j in
            let scope = weights.scope("relative_positional_encoder.\(j).0")
            return ConvLayer(weight: try positionalConvWeight(try scope.weight("weight", shape: [D, D / G, K]), groups: G,
                                                              name: "weight", in: scope),
                             bias: try scope.weight("bias", shape: [D]))
        }
        norm = try NormLayer(dim: D, eps: 1e-5, affine: false, weights: nil)
    }

    /// x (T, D) in `scratch.features` ← x + stack(x).
    func callAsFunction(_ scratch: Emotion2VecScratch) {
        let T = scratch.features.shape[0]
        var input = true   // the first layer reads `features` directly
        for layer in layers {
            conv1dTimeMajor(out: &scratch.positionB, x: input ? scratch.features : scratch.positionA,
                            weight: layer.weight, bias: layer.bias, padding: kernel / 2, groups: groups,
                            workspace: &scratch.workspace)
            if scratch.positionB.shape[0] > T {
                // SamePad: an even kernel yields T + 1 outputs; drop the last frame.
                scratch.positionB.resizeForOutput([T, scratch.positionB.shape[1]])
            }
            norm(&scratch.positionB)
            applyGelu(&scratch.positionB)
            swap(&scratch.positionA, &scratch.positionB)
            input = false
        }
        addResidual(&scratch.features, scratch.positionA)
    }
}
