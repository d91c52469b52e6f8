// int8 linear layers (opt-in `--precision int8`): weights quantized per output channel once at load,
// activations per row at each call, exact int32 dot products, float dequantisation and bias. The kernels
// live in CEmoKernels (int8_gemm.c: AVX-512 VNNI, AVX2, portable twin — bit-identical to each other).
import CEmoKernels
#if canImport(Glibc)
import Glibc
#endif

/// Numeric precision of a model's linear layers. Part of a run's identity: a fp32 and an int8 run of the
/// same checkpoint are two runs.
public enum Precision: String, Sendable, CaseIterable, Codable {
    /// Float32 everywhere (the official numbers; the parity tests hold here).
    case fp32
    /// int8 linear layers (attention and feed-forward), CNN feature-encoder convs (all but the first) and the
    /// positional convolutions; everything else Float32.
    case int8
}

extension Precision {
    /// The arithmetic behind the name, part of a run's (and a feature file's) identity: nil for fp32. int8's
    /// changes whenever its numbers would (v2: 7-bit asymmetric activations; v1, symmetric 8-bit activations,
    /// was stored without a scheme), so a resumed int8 run never mixes predictions of two schemes.
    public var scheme: String? {
        switch self {
        case .fp32: nil
        case .int8: "int8-v2 weights sym8/channel activations asym7/row"
        }
    }
}

/// Why a weight cannot be quantized.
public enum QuantizationError: Error, Equatable, Sendable {
    /// A NaN or infinity in the weight.
    case nonFinite
    /// More inputs than the int32 accumulation allows (66 000).
    case tooManyInputs(Int)
    /// The row buffer (at most 66 000 bytes) could not be allocated.
    case outOfMemory
}

/// A linear weight `(out, in)` quantized to int8 per output channel (symmetric: scale = max|w| / 127),
/// packed for the kernels. Owns its memory (about a quarter of the Float32 weight).
public struct QuantizedWeight: Sendable {
    public let outputs: Int
    public let inputs: Int
    let packed: [Int8]
    let scales: [Float]
    let rowSums: [Int32]

    /// Quantizes `weight` (out, in). Throws for a NaN or infinity anywhere in it or an input width over 66 000.
    public init(_ weight: Weight) throws(QuantizationError) {
        precondition(weight.shape.count == 2, "QuantizedWeight: weight must be (out, in), got \(weight.shape)")
        try self.init(weight, outputs: weight.shape[0], inputs: weight.shape[1])
    }

    /// Quantizes a weight whose values are `outputs` rows of `inputs` (e.g. a kernel-major conv weight
    /// (Cout, K, Cin) as (Cout, K·Cin)).
    init(_ weight: Weight, outputs n: Int, inputs k: Int) throws(QuantizationError) {
        precondition(n * k == weight.count && n > 0 && k > 0, "QuantizedWeight: \(weight.shape) is not \(n) × \(k)")
        let paddedN = emo_q8_padded_n(n)
        var packed = [Int8](repeating: 0, count: Int(emo_q8_packed_bytes(n, k)))
        var scales = [Float](repeating: 0, count: paddedN)
        var sums = [Int32](repeating: 0, count: paddedN)
        let status = weight.withUnsafeBufferPointer { pw in
            packed.withUnsafeMutableBufferPointer { pp in
                scales.withUnsafeMutableBufferPointer { ps in
                    sums.withUnsafeMutableBufferPointer { pr in
                        emo_q8_pack_weights(pw.baseAddress, n, k, pp.baseAddress, ps.baseAddress, pr.baseAddress)
                    }
                }
            }
        }
        switch status {
        case 0: break
        case -1: throw .tooManyInputs(k)
        case -2: throw .nonFinite
        default: throw .outOfMemory
        }
        self.outputs = n
        self.inputs = k
        self.packed = packed
        self.scales = scales
        self.rowSums = sums
    }

    /// Bytes held (packed weights, scales and row sums).
    public var byteCount: Int { packed.count + scales.count * 4 + rowSums.count * 4 }
}

/// Which int8 kernel `linearInt8` runs: "avx512-vnni", "avx2" or "portable" (`Int8Kernel.active`).
public var int8KernelName: String { Int8Kernel.active.name }

/// int8 kernels. They compute the same exact int32 sums and the same float epilogue, so any of them gives
/// bit-identical outputs; `EMOEVAL_INT8_KERNEL` forces one (tests, benchmarks).
public enum Int8Kernel: Int32, Sendable, CaseIterable {
    case portable = 0, avx2 = 1, avx512VNNI = 2

    /// The environment variable that forces a kernel: `portable`, `avx2` or `vnni` (also `avx512-vnni`).
    public static let environmentVariable = "EMOEVAL_INT8_KERNEL"

    /// The fastest kernel this CPU runs.
    public static var best: Int8Kernel { Int8Kernel(rawValue: emo_q8_kernel()) ?? .portable }

    /// The kernel `linearInt8` uses by default: the one `EMOEVAL_INT8_KERNEL` names when it is set and this CPU
    /// runs it, else `best`. Read once per process; `fromEnvironment()` reports a bad value.
    public static let active: Int8Kernel = (try? fromEnvironment()) ?? best

    /// The name `int8KernelName`, `bench` and the note print.
    public var name: String {
        switch self {
        case .portable: "portable"
        case .avx2: "avx2"
        case .avx512VNNI: "avx512-vnni"
        }
    }

    /// Whether this CPU runs the kernel.
    public var isSupported: Bool { rawValue <= Int8Kernel.best.rawValue }

    /// A kernel by name: "portable", "avx2", "vnni" or "avx512-vnni" (case-insensitive).
    public init?(name: String) {
        switch name.lowercased() {
        case "portable": self = .portable
        case "avx2": self = .avx2
        case "vnni", "avx512-vnni", "avx512vnni": self = .avx512VNNI
        default: return nil
        }
    }

    /// The kernel `EMOEVAL_INT8_KERNEL` asks for: nil when it is unset or empty; throws when it names no
    /// kernel or one this CPU cannot run (int8 loading calls this, so a typo is an error, not a silent default).
    public static func fromEnvironment() throws(Int8KernelSelectionError) -> Int8Kernel? {
        guard let raw = getenv(environmentVariable) else { return nil }
        let value = String(cString: raw)
        if value.isEmpty { return nil }
        guard let kernel = Int8Kernel(name: value) else {
            throw Int8KernelSelectionError(value: value, problem: "not a kernel (portable, avx2, vnni)")
        }
        guard kernel.isSupported else {
            throw Int8KernelSelectionError(value: value,
                                           problem: "this CPU cannot run it (the best it runs is \(best.name))")
        }
        return kernel
    }
}

/// `EMOEVAL_INT8_KERNEL` names no kernel, or one this CPU cannot run.
public struct Int8KernelSelectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let value: String
    public let problem: String
    public var description: String { "\(Int8Kernel.environmentVariable)=\(value): \(problem)" }
}

/// Writes `x · weightᵀ + bias` into `out` with int8 arithmetic: each row of x is quantized asymmetric
/// per row to 7 bits (q ∈ [0, 127], x ≈ s·(q − z), s = (max − min) / 127 over the row and 0), dot products are
/// exact int32, results are dequantized in Float32.
///
/// Shapes as `linear(out:x:weight:bias:)`. Deterministic and identical on every CPU (any `kernel`; the
/// default is `Int8Kernel.active`).
/// PyTorch: `torch.ao.nn.quantized.dynamic.Linear` with per-channel symmetric qint8 weights on x86 (fbgemm),
/// which quantizes activations asymmetric to [0, 127] (`reduce_range`) per tensor; here per row, which is
/// at least as fine.
public func linearInt8(out: inout Tensor, x: Tensor, weight: QuantizedWeight, bias: Weight?,
                       kernel: Int8Kernel = .active) {
    var workspace = Workspace()
    linearInt8(out: &out, x: x, weight: weight, bias: bias, kernel: kernel, workspace: &workspace)
}

/// The same, with the quantized activations in `workspace` (no allocation once it has grown).
public func linearInt8(out: inout Tensor, x: Tensor, weight: QuantizedWeight, bias: Weight?,
                       kernel: Int8Kernel = .active, workspace: inout Workspace) {
    let O = weight.outputs, I = weight.inputs
    precondition(x.lastDimension == I && !x.shape.isEmpty, "linearInt8: x \(x.shape) does not end in \(I)")
    let R = x.rowCount
    out.resizeForOutput(Array(x.shape.dropLast()) + [O])
    if R == 0 { return }
    if let bias { precondition(bias.count == O, "linearInt8: bias has \(bias.count) values, expected \(O)") }
    x.data.withUnsafeBufferPointer { px in
        out.data.withUnsafeMutableBufferPointer { py in
            int8GEMM(rows: R, x: base(px), rowStride: I, weight: weight, bias: bias, kernel: kernel,
                     y: base(py), ldy: O, workspace: &workspace)
        }
    }
}

/// y (rows, outputs; row stride ldy) = int8(x) · int8(weight)ᵀ + bias[biasOffset ..< biasOffset + outputs], x's
/// rows `rowStride` apart (rows may overlap: a conv's im2col rows). Quantizes the rows into `workspace`, then
/// runs `kernel`.
func int8GEMM(rows R: Int, x: UnsafePointer<Float>, rowStride: Int, weight: QuantizedWeight, bias: Weight?,
              biasOffset: Int = 0, kernel: Int8Kernel, y: UnsafeMutablePointer<Float>, ldy: Int,
              workspace: inout Workspace) {
    if let bias { precondition(biasOffset >= 0 && biasOffset + weight.outputs <= bias.count, "int8GEMM: bias too short") }
    let O = weight.outputs, I = weight.inputs
    let paddedK = emo_q8_padded_k(I)
    workspace.reserveQuantized(rows: R, paddedInputs: paddedK)
    workspace.quantized.withUnsafeMutableBufferPointer { pq in
        workspace.rowScales.withUnsafeMutableBufferPointer { ps in
            workspace.rowZeros.withUnsafeMutableBufferPointer { pz in
                emo_q8_quantize_rows(x, R, I, rowStride, pq.baseAddress, ps.baseAddress, pz.baseAddress)
                weight.packed.withUnsafeBufferPointer { pw in
                    weight.scales.withUnsafeBufferPointer { pscale in
                        weight.rowSums.withUnsafeBufferPointer { psum in
                            withOptionalBias(bias) { pb in
                                emo_q8_gemm_kernel(kernel.rawValue, pq.baseAddress, ps.baseAddress, pz.baseAddress,
                                                   R, I, pw.baseAddress, pscale.baseAddress, psum.baseAddress,
                                                   pb.map { $0 + biasOffset }, O, y, ldy)
                            }
                        }
                    }
                }
            }
        }
    }
}

private func withOptionalBias<R>(_ bias: Weight?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let bias else { return body(nil) }
    return bias.withUnsafeBufferPointer { body($0.baseAddress) }
}

extension Weight {
    /// Tells the kernel that this weight's values are no longer needed in memory, when they are borrowed
    /// from a memory-mapped checkpoint: the whole pages inside it leave the process's resident set (they
    /// would be read from the file again if touched). Used once a layer has its int8 copy. No-op for
    /// owned values. Safe: the mapping is private and read-only, so dropped pages hold no changes.
    public func releaseMappedPages() {
        guard isExternal else { return }
        withUnsafeBufferPointer { p in
            guard let start = p.baseAddress, p.count > 0 else { return }
            let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
            let first = (UInt(bitPattern: start) + page - 1) / page * page
            let end = UInt(bitPattern: start + p.count) / page * page
            guard end > first, let address = UnsafeMutableRawPointer(bitPattern: first) else { return }
            _ = madvise(address, Int(end - first), MADV_DONTNEED)
        }
    }
}
