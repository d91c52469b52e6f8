// The only OpenBLAS control points: thread count, build configuration and the kernel (core) in use.
import CEmoKernels
import COpenBLAS
import Foundation

/// OpenBLAS thread count (process-wide). Library code changes it only through `using(_:_:)`, which restores the
/// previous count: the runner, the probe, `runInference`, the server's inference slots and the sgemm benchmark each
/// run single-threaded BLAS for their duration (workers run whole utterances in parallel instead; results are then
/// identical for any `--jobs`).
///
/// Multi-threaded OpenBLAS partitions, and so rounds, differently from single-threaded (measured on the tiny
/// hf_* fixtures: last hidden states differ by up to 1.9e-6 between 1 and 2 threads, identical for the same
/// count), so the count must not change while a caller relies on it. Because it is one setting for the whole
/// process, `using` bodies that ask for different counts never overlap: bodies asking for the same count run
/// together, one asking for another count waits until they have all finished, and `set` waits until no body
/// runs. Without this, two concurrent `using` calls (two runs in one process, or tests running in parallel)
/// restored each other's counts in the wrong order and changed the count under a running inference.
public enum BlasThreads {
    /// Runs `body` with OpenBLAS set to `count` threads (at least 1), then restores the previous count, also
    /// when `body` throws. Waits while another thread's `using` body runs with a different count. Nesting on
    /// one thread must ask for the count already in force (anything else could never be granted), and a body must
    /// not wait for another thread that itself calls `using` with another count (it would wait for this body).
    public static func using<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        let count = max(1, count)
        BlasThreadsGate.shared.enter(count)
        defer { BlasThreadsGate.shared.leave() }
        return try body()
    }

    /// Sets the number of threads OpenBLAS uses for every following call, without restoring it: for a
    /// process's entry point only (Scripts/kernels-bench); library code uses `using(_:_:)`.
    /// Waits until no `using` body runs.
    public static func set(_ count: Int) {
        precondition(count >= 1, "BlasThreads: thread count must be at least 1")
        BlasThreadsGate.shared.setBaseline(count)
    }

    /// The number of threads OpenBLAS currently uses.
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// Number of processors OpenBLAS detected.
    public static var processors: Int { Int(openblas_get_num_procs()) }
}

/// The bookkeeping behind `BlasThreads.using`: which count the running bodies share, how many run, and how
/// deep each thread is nested (so a nested call asking for another count fails loudly instead of waiting forever).
private final class BlasThreadsGate: @unchecked Sendable {
    // @unchecked: `active` and `holders` are read and written only while holding `condition`.
    static let shared = BlasThreadsGate()
    private let condition = NSCondition()
    /// The count the running bodies share (meaningful while `holders` > 0).
    private var active = 0
    /// Running `using` bodies, nested ones included.
    private var holders = 0
    /// The count in force before the first running body set its own; restored when the last one leaves.
    private var previous = 0
    private static let depthKey = "EmoKernels.BlasThreads.depth"

    private var depth: Int {
        get { Thread.current.threadDictionary[Self.depthKey] as? Int ?? 0 }
        set { Thread.current.threadDictionary[Self.depthKey] = newValue }
    }

    func enter(_ count: Int) {
        condition.lock()
        defer { condition.unlock() }
        if depth > 0 {
            precondition(count == active, "BlasThreads.using(\(count)) nested inside using(\(active)) on one thread")
        } else {
            while holders > 0 && active != count { condition.wait() }
        }
        if holders == 0 {
            previous = Int(openblas_get_num_threads())
            active = count
            openblas_set_num_threads(Int32(count))
        }
        holders += 1
        depth += 1
    }

    func leave() {
        condition.lock()
        defer { condition.unlock() }
        holders -= 1
        depth -= 1
        if holders == 0 {
            openblas_set_num_threads(Int32(previous))
            condition.broadcast()
        }
    }

    func setBaseline(_ count: Int) {
        condition.lock()
        defer { condition.unlock() }
        while holders > 0 { condition.wait() }
        openblas_set_num_threads(Int32(count))
    }
}

/// What OpenBLAS build and kernel are in use (recorded with every run and shown by `bench`).
public enum BlasInfo {
    /// The build configuration string, e.g. `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64`.
    public static var config: String {
        guard let s = openblas_get_config() else { return "unknown" }
        return String(cString: s)
    }

    /// The kernel family selected at run time, e.g. `Haswell` (AVX2) or `SkylakeX` (AVX-512).
    public static var coreName: String {
        guard let s = openblas_get_corename() else { return "unknown" }
        return String(cString: s)
    }

    /// One line for logs and run records: core name, threads and configuration.
    public static var summary: String {
        "OpenBLAS core=\(coreName) threads=\(BlasThreads.current) (\(config))"
    }
}

/// Whether OpenBLAS fell back to a generic kernel on a CPU it does not recognise (OpenBLAS 0.3.21's
/// DYNAMIC_ARCH picks "Prescott", SSE3 only, on some AVX-512 Xeons of virtual machines): fp32 GEMMs then run
/// several times below what the CPU does (5–7× on the VM this was found on). `info` and `bench` print the advice;
/// emoeval never sets OPENBLAS_CORETYPE itself.
public struct BlasCoreAdvice: Equatable, Sendable, CustomStringConvertible {
    /// The core OpenBLAS runs.
    public let core: String
    /// The OPENBLAS_CORETYPE value to suggest ("SkylakeX" with AVX-512, "Haswell" with AVX2).
    public let suggestedCore: String
    /// The CPU extension the suggestion relies on ("AVX-512" or "AVX2").
    public let cpuExtension: String

    /// OpenBLAS x86-64 cores with AVX2 (or AVX-512) GEMM kernels, lower-cased: anything else on a CPU with
    /// AVX2 is a fallback.
    static let vectorCores: Set<String> = ["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids", "excavator"]

    /// The advice for `core` on a CPU with the given extensions: nil when the core already uses AVX2 or
    /// better, when the CPU has no AVX2 (with FMA), or when the core is not known (not OpenBLAS, "unknown").
    /// `avx512`: AVX-512 F, BW, VL, DQ and CD, which OpenBLAS's SkylakeX kernels need.
    public static func check(core: String, avx2: Bool, avx512: Bool) -> BlasCoreAdvice? {
        let name = core.trimmingCharacters(in: .whitespacesAndNewlines)
        guard avx2 || avx512, !name.isEmpty, name.lowercased() != "unknown",
              !vectorCores.contains(name.lowercased()) else { return nil }
        return avx512 ? BlasCoreAdvice(core: name, suggestedCore: "SkylakeX", cpuExtension: "AVX-512")
                      : BlasCoreAdvice(core: name, suggestedCore: "Haswell", cpuExtension: "AVX2")
    }

    /// The advice for this process: OpenBLAS's core and this CPU's extensions.
    public static var current: BlasCoreAdvice? {
        let features = emo_cpu_vector_features()
        return check(core: BlasInfo.coreName, avx2: features & 1 != 0, avx512: features & 2 != 0)
    }

    public var description: String {
        "OpenBLAS runs its generic \(core) kernel on this CPU, which has \(cpuExtension): fp32 GEMMs run several "
            + "times slower than they could (OpenBLAS did not recognise the CPU). Setting "
            + "OPENBLAS_CORETYPE=\(suggestedCore) in the environment selects its \(cpuExtension) kernels."
    }
}
