// This process's provenance: toolkit version, host, OpenBLAS core, and the BLAS thread count a run uses (the
// runner applies it with BlasThreads.using for the run's duration). Workers run one utterance each, so every
// sgemm runs single-threaded by default: this is also what makes results identical for any `--jobs`.
import Foundation
import EmoKernels

extension RunEnvironment {
    /// The current process, with `blasThreads` OpenBLAS threads per worker (and its Slurm job, if any).
    public static func current(blasThreads: Int = 1) -> RunEnvironment {
        RunEnvironment(toolkitVersion: EmoEvalVersion.string, host: ProcessInfo.processInfo.hostName,
                       blasCore: BlasInfo.coreName, blasThreads: blasThreads,
                       slurm: SlurmEnvironment(ProcessInfo.processInfo.environment).job)
    }
}
