// Activation buffers of one wav2vec2 forward pass, reused across layers (and across utterances when a worker
// keeps its scratch). Weights never live here (llama2.c's RunState vs TransformerWeights).
import EmoKernels

/// Scratch memory of one worker running the wav2vec2 classifier. Not shared between threads.
public struct Wav2Vec2Scratch {
    /// CNN ping-pong buffers; `cnn` ends as the CNN output (T, C_last).
    var cnn = Tensor(zeros: [0])
    var cnnSpare = Tensor(zeros: [0])
    /// Layer-0 chunk (≈ 2 × chunkFrames, C_0) and its layer-1 output (chunkFrames, C_1).
    var cnnChunk = Tensor(zeros: [0])
    var cnnChunkOut = Tensor(zeros: [0])
    /// The transformer hidden state (T, D).
    var hidden = Tensor(zeros: [0])
    /// Attention projections (T, D) and the concatenated head outputs (T, D); `query` doubles as the
    /// residual branch buffer once the attention is done.
    var query = Tensor(zeros: [0])
    var key = Tensor(zeros: [0])
    var value = Tensor(zeros: [0])
    var context = Tensor(zeros: [0])
    /// FFN hidden (T, F); also the positional conv output (T + 1, D).
    var ffn = Tensor(zeros: [0])
    /// Stable (pre-LN) layers: the normalised copy of the hidden state fed to the attention / FFN (T, D).
    var normed = Tensor(zeros: [0])
    /// WavLM: the gate (H, T), its projection (T·H, 8) and the ungated position bias table (H, 2T − 1).
    var gate = Tensor(zeros: [0])
    var gateProjection = Tensor(zeros: [0])
    var relativeTable = Tensor(zeros: [0])
    /// Hugging Face heads: the weighted layer sum (T, D) and the projector output (T, P).
    var layerSum = Tensor(zeros: [0])
    var projected = Tensor(zeros: [0])
    /// Kernel scratch (im2col columns, attention scores).
    var workspace = Workspace()

    /// Empty buffers; they grow to the longest utterance seen.
    public init() {}

    /// Grows every buffer to exactly what an utterance of `samples` samples needs, before the kernels would grow
    /// them while appending (which can double a capacity and hold up to twice the memory).
    mutating func reserve(samples: Int, config: Wav2Vec2Config) {
        var length = samples
        var sizes: [Int] = []   // floats of each CNN layer's output
        for layer in config.convLayers {
            length = layer.outputLength(length)
            sizes.append(length * layer.channels)
        }
        // The fused layer 0 → 1 pass writes layer 1 into `cnn`; later layers alternate `cnnSpare`, `cnn`, and the
        // two storages can end up exchanged, so the larger one is put back in `cnn` first.
        if cnnSpare.data.capacity > cnn.data.capacity { swap(&cnn, &cnnSpare) }
        let odd = sizes.indices.filter { $0 >= 1 && $0 % 2 == 1 }.map { sizes[$0] }.max() ?? 0
        let even = sizes.indices.filter { $0 >= 2 && $0 % 2 == 0 }.map { sizes[$0] }.max() ?? 0
        let T = length, D = config.hiddenSize
        cnn.data.reserveCapacity(odd)
        cnnSpare.data.reserveCapacity(even)
        hidden.data.reserveCapacity(T * D)
        query.data.reserveCapacity(T * D)
        key.data.reserveCapacity(T * D)
        value.data.reserveCapacity(T * D)
        context.data.reserveCapacity(T * D)
        ffn.data.reserveCapacity(max(T * config.intermediateSize, (T + 1) * D))
        if config.stableLayerNorm { normed.data.reserveCapacity(T * D) }
        if config.relativePositionBuckets != nil {
            let H = config.numAttentionHeads
            gate.data.reserveCapacity(H * T)
            gateProjection.data.reserveCapacity(T * H * 8)
            relativeTable.data.reserveCapacity(H * max(2 * T - 1, 0))
        }
    }

    /// Bytes held by the buffers.
    public var byteCount: Int {
        let tensors = [cnn, cnnSpare, cnnChunk, cnnChunkOut, hidden, query, key, value, context, ffn, normed, gate,
                       gateProjection, relativeTable, layerSum, projected]
        return tensors.reduce(0) { $0 + $1.data.capacity * MemoryLayout<Float>.stride } + workspace.byteCount
    }
}
