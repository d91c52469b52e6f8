// This process's provenance: toolkit version, host, OpenBLAS core; and the BLAS thread setting the runner owns.
import Foundation
import EmoKernels

extension RunEnvironment {
    /// The current process, with `blasThreads` OpenBLAS threads per worker (and its Slurm job, if any).
    public static func current(blasThreads: Int = 1) -> RunEnvironment {
        RunEnvironment(toolkitVersion: EmoEvalVersion.string, host: ProcessInfo.processInfo.hostName,
                       blasCore: BlasInfo.coreName, blasThreads: blasThreads,
                       slurm: SlurmEnvironment(ProcessInfo.processInfo.environment).job)
    }

    /// Applies the BLAS thread count (process-wide). Workers run one utterance each, so every sgemm runs
    /// single-threaded by default: this is also what makes results identical for any `--jobs`.
    public func applyBlasThreads() {
        if let blasThreads { BlasThreads.set(max(1, blasThreads)) }
    }
}
