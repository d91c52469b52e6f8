// Per-worker activation buffers of emotion2vec (llama2.c's RunState): grown by the longest utterance a
// worker has seen, then reused, so the forward pass does not allocate per op. Never shared between threads.
import EmoKernels

/// Scratch buffers for one forward pass at a time. Weights never live here.
final class Emotion2VecScratch {
    /// Kernel scratch (im2col columns, attention scores).
    var workspace = Workspace()
    /// The normalised waveform (N).
    var waveform: [Float] = []
    /// CNN ping-pong buffers for one block of frames, time-major (L, C), and the CNN output (T, C).
    var cnnA = Tensor(zeros: [0]), cnnB = Tensor(zeros: [0]), cnnOutput = Tensor(zeros: [0])
    /// Projected features x and the positional-conv ping-pong buffers, (T, D).
    var features = Tensor(zeros: [0]), positionA = Tensor(zeros: [0]), positionB = Tensor(zeros: [0])
    /// Token stream z, (T + extra, D), and the block's intermediate buffers.
    var tokens = Tensor(zeros: [0]), qkv = Tensor(zeros: [0]), attended = Tensor(zeros: [0])
    var residual = Tensor(zeros: [0]), hidden = Tensor(zeros: [0])
    /// ALiBi distance table, (H, T).
    var alibiTable = Tensor(zeros: [0])

    /// Bytes held by all buffers.
    var byteCount: Int {
        let tensors = [cnnA, cnnB, cnnOutput, features, positionA, positionB, tokens, qkv, attended, residual, hidden, alibiTable]
        return workspace.byteCount + waveform.capacity * 4 + tensors.reduce(0) { $0 + $1.data.capacity * MemoryLayout<Float>.stride }
    }
}
