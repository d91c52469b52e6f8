// Per-worker scratch memory reused across layers and utterances (llama2.c's RunState idea): kernels that
// need temporary space (im2col columns, attention scores) grow these buffers once and then reuse them.

/// Scratch buffers owned by one worker. Not shared between threads: give each worker its own.
///
/// After the first (largest) utterance a worker processes, kernels that take a `Workspace` do not
/// allocate. The buffers only grow; `byteCount` reports what is held.
public struct Workspace {
    /// im2col columns of one chunk of a conv1d.
    var columns: [Float] = []
    /// One head's attention scores, (N, N).
    var scores: [Float] = []
    /// A distance bias unfolded per head to (H, 2L − 1), so each score row adds one contiguous slice.
    var biasRows: [Float] = []
    /// int8 activations of one int8 GEMM (rows × padded inputs, in [0, 127]), their row scales and zero points.
    var quantized: [UInt8] = []
    var rowScales: [Float] = []
    var rowZeros: [Int32] = []

    /// An empty workspace; buffers grow on first use.
    public init() {}

    /// Bytes currently held by the scratch buffers.
    public var byteCount: Int {
        (columns.count + scores.count + biasRows.count + rowScales.count) * MemoryLayout<Float>.stride
            + rowZeros.count * MemoryLayout<Int32>.stride + quantized.count
    }

    /// Frees the scratch buffers (e.g. after an unusually long utterance).
    public mutating func release() {
        columns = []
        scores = []
        biasRows = []
        quantized = []
        rowScales = []
        rowZeros = []
    }

    mutating func reserveColumns(_ n: Int) {
        if columns.count < n { columns = [Float](repeating: 0, count: n) }
    }

    mutating func reserveQuantized(rows: Int, paddedInputs: Int) {
        if quantized.count < rows * paddedInputs { quantized = [UInt8](repeating: 0, count: rows * paddedInputs) }
        if rowScales.count < rows { rowScales = [Float](repeating: 0, count: rows) }
        if rowZeros.count < rows { rowZeros = [Int32](repeating: 0, count: rows) }
    }

    mutating func reserveScores(_ n: Int) {
        if scores.count < n { scores = [Float](repeating: 0, count: n) }
    }
}
