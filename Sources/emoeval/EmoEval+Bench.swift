// `emoeval bench --model DIR [AUDIO...]`: speed and memory of one model on this machine.
import ArgumentParser
import EmoAudio
import EmoBench
import EmoKernels
import EmoModels
import Foundation

extension EmoEval {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Measure a model's real-time factor, GFLOP/s, sgemm efficiency, peak memory and load time.",
            discussion: """
            Runs the audio files given (or synthetic speech-like signals of --lengths seconds) with --jobs \
            workers, each using single-threaded OpenBLAS, after one warm-up utterance per worker. RTF is wall \
            seconds per audio second. Achieved GFLOP/s counts the model's matrix products (emotion2vec: about \
            15 GFLOP per audio second); the sgemm rate is measured on the model's own matrix shapes with the \
            same parallelism, and efficiency is their ratio. Peak RSS is the process's VmHWM. \
            OPENBLAS_CORETYPE selects the kernel family (e.g. Haswell for AVX2, SkylakeX for AVX-512).
            """
        )

        @Option(help: "Model directory.")
        var model: String

        @Argument(help: "Audio files to run (default: synthetic audio of --lengths).")
        var audio: [String] = []

        @Option(parsing: .upToNextOption, help: "Synthetic utterance lengths in seconds, when no audio is given.")
        var lengths: [Double] = [2, 4, 6, 8, 10]

        @Option(name: .customLong("jobs"), help: ArgumentHelp("Utterances processed in parallel.", valueName: "jobs"))
        var jobCount: JobCount = .cores
        var jobs: Int { jobCount.value }

        @Flag(help: "Print one JSON object.")
        var json = false

        @Option(help: ArgumentHelp("Precision to measure: fp32, or int8 (then fp32 too, for the comparison).", discussion: """
            int8 also runs fp32 on the same audio in the same process and prints both, the speed-up and the \
            agreement (top label, max |Δp|, embedding cosine); each precision's peak RSS is measured from its \
            own start. EMOEVAL_INT8_KERNEL=portable|avx2|vnni forces the int8 kernel (all give the same numbers).
            """))
        var precision: Precision = .fp32

        func validate() throws {
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if audio.isEmpty && (lengths.isEmpty || lengths.contains { !($0 >= 0.025 && $0 <= 3600) }) {
                throw ValidationError("--lengths must list durations from 0.025 s to 3600 s")
            }
        }

        func run() throws {
            let inputs = try audio.isEmpty
                ? lengths.enumerated().map { BenchmarkInput.synthetic(seconds: $1, seed: UInt64($0 + 1)) }
                : audio.map { BenchmarkInput(name: $0, samples: try loadWaveform(path: $0).samples) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // On stderr, so --json stays one object; the measured numbers are still real, just not comparable.
            if let advice = BlasCoreAdvice.current { printError("warning: \(advice)") }
            guard precision == .int8 else {
                let result = try benchmarkModel(directory: model, inputs: inputs, jobs: jobs)
                print(json ? String(decoding: try encoder.encode(BenchReport(result)), as: UTF8.self) : BenchReport(result).text)
                return
            }
            // int8 first, so that its peak RSS is not the fp32 run's high-water mark on kernels without reset.
            let int8 = try benchmarkModelKeepingOutputs(directory: model, inputs: inputs, jobs: jobs, precision: .int8)
            let fp32 = try benchmarkModelKeepingOutputs(directory: model, inputs: inputs, jobs: jobs, precision: .fp32)
            let comparison = PrecisionComparison(int8: BenchReport(int8.result), fp32: BenchReport(fp32.result),
                                                 agreement: OutputAgreement(int8.outputs, reference: fp32.outputs))
            print(json ? String(decoding: try encoder.encode(comparison), as: UTF8.self) : comparison.text)
        }
    }
}

/// The measured values with the derived ones, for text and JSON output.
struct BenchReport: Encodable {
    let result: BenchmarkResult
    init(_ result: BenchmarkResult) { self.result = result }

    enum CodingKeys: String, CodingKey {
        case variant, utterances, jobs, audioSeconds = "audio_seconds", wallSeconds = "wall_seconds"
        case loadSeconds = "load_seconds", blasCore = "blas_core", rtf, gflop, achievedGFLOPS = "achieved_gflops"
        case sgemmGFLOPS = "sgemm_gflops", efficiency, peakRSSMB = "peak_rss_mb", cpuSeconds = "cpu_seconds"
        case achievedPerCPU = "achieved_gflops_per_cpu", sgemmPerCPU = "sgemm_gflops_per_cpu"
        case cpuEfficiency = "cpu_efficiency", precision, int8Kernel = "int8_kernel"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(result.variant, forKey: .variant)
        try c.encode(result.precision, forKey: .precision)
        try c.encodeIfPresent(result.int8Kernel, forKey: .int8Kernel)
        try c.encode(result.utterances, forKey: .utterances)
        try c.encode(result.jobs, forKey: .jobs)
        try c.encode(result.audioSeconds, forKey: .audioSeconds)
        try c.encode(result.wallSeconds, forKey: .wallSeconds)
        try c.encode(result.cpuSeconds, forKey: .cpuSeconds)
        try c.encodeIfPresent(result.achievedGFLOPSPerCPU, forKey: .achievedPerCPU)
        try c.encodeIfPresent(result.sgemmGFLOPSPerCPU, forKey: .sgemmPerCPU)
        try c.encodeIfPresent(result.cpuEfficiency, forKey: .cpuEfficiency)
        try c.encode(result.loadSeconds, forKey: .loadSeconds)
        try c.encode(result.blasCore, forKey: .blasCore)
        try c.encode(result.realTimeFactor, forKey: .rtf)
        try c.encodeIfPresent(result.flops.map { $0 / 1e9 }, forKey: .gflop)
        try c.encodeIfPresent(result.achievedGFLOPS, forKey: .achievedGFLOPS)
        try c.encodeIfPresent(result.sgemmGFLOPS, forKey: .sgemmGFLOPS)
        try c.encodeIfPresent(result.efficiency, forKey: .efficiency)
        try c.encodeIfPresent(result.peakRSSBytes.map { Double($0) / 1_048_576 }, forKey: .peakRSSMB)
    }

    var text: String {
        func f(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        var lines = [
            "model        \(result.variant)",
            "precision    \(result.precision)" + (result.int8Kernel.map { " (int8 kernel \($0))" } ?? ""),
            "utterances   \(result.utterances) (\(f(result.audioSeconds, 1)) s of audio)",
            "jobs         \(result.jobs) × 1 OpenBLAS thread, core \(result.blasCore)",
            "load         \(f(result.loadSeconds, 3)) s",
            "wall         \(f(result.wallSeconds, 2)) s (CPU \(f(result.cpuSeconds, 2)) s)",
            "RTF          \(f(result.realTimeFactor, 4))",
        ]
        if let flops = result.flops, let achieved = result.achievedGFLOPS {
            lines.append("work         \(f(flops / 1e9, 1)) GFLOP (\(f(flops / 1e9 / result.audioSeconds, 2)) per audio second)")
            lines.append("achieved     \(f(achieved, 1)) GFLOP/s")
        }
        if let sgemm = result.sgemmGFLOPS, let efficiency = result.efficiency {
            lines.append("sgemm        \(f(sgemm, 1)) GFLOP/s on the model's matrix shapes")
            lines.append("efficiency   \(f(100 * efficiency, 1)) % of the sgemm-bound floor")
        }
        if let sgemm = result.sgemmGFLOPSPerCPU, let achieved = result.achievedGFLOPSPerCPU,
           let efficiency = result.cpuEfficiency {
            lines.append("per CPU s    \(f(achieved, 1)) GFLOP/s achieved, \(f(sgemm, 1)) sgemm: "
                         + "\(f(100 * efficiency, 1)) % (robust to other load)")
        }
        if let peak = result.peakRSSBytes { lines.append("peak RSS     \(f(Double(peak) / 1_048_576, 1)) MB") }
        return lines.joined(separator: "\n")
    }
}

extension Precision: ExpressibleByArgument {}

/// `bench --precision int8`: both precisions on the same audio, the speed-up and the agreement.
struct PrecisionComparison: Encodable {
    let int8: BenchReport
    let fp32: BenchReport
    let agreement: OutputAgreement

    enum CodingKeys: String, CodingKey { case int8, fp32, speedup, speedupCPU = "speedup_cpu", agreement }

    var speedup: Double { fp32.result.wallSeconds / int8.result.wallSeconds }
    var speedupCPU: Double { fp32.result.cpuSeconds / int8.result.cpuSeconds }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(int8, forKey: .int8)
        try c.encode(fp32, forKey: .fp32)
        try c.encode(speedup, forKey: .speedup)
        try c.encode(speedupCPU, forKey: .speedupCPU)
        try c.encode(agreement, forKey: .agreement)
    }

    var text: String {
        func f(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        let a = agreement
        return """
            == int8 ==
            \(int8.text)

            == fp32 (same audio, same process) ==
            \(fp32.text)

            == int8 against fp32 ==
            speed-up     \(f(speedup, 2))x wall, \(f(speedupCPU, 2))x CPU time
            top label    \(a.sameTopLabel)/\(a.utterances) utterances agree
            max |Δp|     \(String(format: "%.2e", Double(a.maxProbabilityDifference)))
            embedding    cosine min \(f(a.minEmbeddingCosine, 5)), mean \(f(a.meanEmbeddingCosine, 5))
            """
    }
}
