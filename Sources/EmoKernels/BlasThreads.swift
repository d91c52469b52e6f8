// The only OpenBLAS control points: thread count, build configuration and the kernel (core) in use.
import COpenBLAS

/// OpenBLAS thread count (process-wide). Library code changes it only through `using(_:_:)`, which restores the
/// previous count: the runner, the probe, `runInference` and the sgemm benchmark each run single-threaded BLAS
/// for their duration (workers run whole utterances in parallel instead; results are then identical for any
/// `--jobs`).
public enum BlasThreads {
    /// Runs `body` with OpenBLAS set to `count` threads (at least 1), then restores the previous count, also
    /// when `body` throws.
    public static func using<R>(_ count: Int, _ body: () throws -> R) rethrows -> R {
        let previous = current
        set(max(1, count))
        defer { set(previous) }
        return try body()
    }

    /// Sets the number of threads OpenBLAS uses for every following call, without restoring it: for a
    /// process's entry point only (Scripts/kernels-bench); library code uses `using(_:_:)`.
    public static func set(_ count: Int) {
        precondition(count >= 1, "BlasThreads: thread count must be at least 1")
        openblas_set_num_threads(Int32(count))
    }

    /// The number of threads OpenBLAS currently uses.
    public static var current: Int { Int(openblas_get_num_threads()) }

    /// Number of processors OpenBLAS detected.
    public static var processors: Int { Int(openblas_get_num_procs()) }
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
