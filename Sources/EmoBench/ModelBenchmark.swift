// `emoeval bench` measurements: real-time factor, achieved GFLOP/s against the model's FLOP count, the
// sgemm rate on the model's own matrix shapes (the "sgemm-bound floor"), peak RSS and load time.
import EmoKernels
import EmoModels
import Foundation

/// One benchmark input: a name and mono samples at the model's rate.
public struct BenchmarkInput: Sendable {
    public var name: String
    public var samples: [Float]

    public init(name: String, samples: [Float]) {
        self.name = name
        self.samples = samples
    }

    /// A deterministic speech-like test signal (a gliding harmonic tone with a syllable-rate envelope and
    /// a little noise) of `seconds` at `rate`. The content does not matter for timing; it is not silence.
    public static func synthetic(seconds: Double, rate: Int = 16_000, seed: UInt64 = 1) -> BenchmarkInput {
        let count = Int(seconds * Double(rate))
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        var phase = 0.0
        var samples = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let t = Double(i) / Double(rate)
            phase += 2 * Double.pi * (140 + 40 * sin(2 * Double.pi * 0.8 * t)) / Double(rate)
            var tone = 0.0
            for harmonic in 1...8 { tone += sin(Double(harmonic) * phase) / Double(harmonic) }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let noise = Double(Int64(bitPattern: state >> 11) % 2000) / 2000 - 0.5
            let envelope = 0.3 + 0.7 * pow(sin(2 * Double.pi * 2.5 * t), 2)
            samples[i] = Float(0.25 * envelope * tone + 0.01 * noise)
        }
        return BenchmarkInput(name: String(format: "synthetic_%.1fs", seconds), samples: samples)
    }
}

/// What `bench` measured.
public struct BenchmarkResult: Sendable, Codable {
    public var variant: String
    /// The precision the model computed at ("fp32" or "int8").
    public var precision: String = "fp32"
    /// The int8 kernel in use for an int8 model ("avx512-vnni", "avx2", "portable"); nil for fp32.
    public var int8Kernel: String?
    public var utterances: Int
    public var audioSeconds: Double
    /// Wall-clock seconds for all utterances (after one warm-up utterance per worker).
    public var wallSeconds: Double
    /// Process CPU seconds (user + system) for the same run; robust to other load on the machine.
    public var cpuSeconds: Double
    /// Seconds to load the model (parse, map, bind weights, checksum).
    public var loadSeconds: Double
    public var jobs: Int
    public var blasCore: String
    /// Model FLOPs for all utterances (nil when the model cannot state its cost).
    public var flops: Double?
    /// sgemm rate on the model's GEMM shapes with the same jobs × 1 BLAS thread, GFLOP/s (wall clock).
    public var sgemmGFLOPS: Double?
    /// The same sgemm work per CPU second.
    public var sgemmGFLOPSPerCPU: Double?
    /// Peak resident memory of the process (VmHWM), bytes.
    public var peakRSSBytes: Int?

    /// Wall seconds per audio second.
    public var realTimeFactor: Double { wallSeconds / audioSeconds }
    /// Model FLOPs per wall second, in GFLOP/s.
    public var achievedGFLOPS: Double? { flops.map { $0 / wallSeconds / 1e9 } }
    /// Model FLOPs per CPU second, in GFLOP/s.
    public var achievedGFLOPSPerCPU: Double? { flops.map { $0 / cpuSeconds / 1e9 } }
    /// Achieved over sgemm rate: 1.0 means running at the speed of the model's bare matrix products.
    public var efficiency: Double? {
        guard let achieved = achievedGFLOPS, let sgemm = sgemmGFLOPS, sgemm > 0 else { return nil }
        return achieved / sgemm
    }
    /// The same ratio on CPU time, which other processes on the machine disturb less than wall time.
    public var cpuEfficiency: Double? {
        guard let achieved = achievedGFLOPSPerCPU, let sgemm = sgemmGFLOPSPerCPU, sgemm > 0 else { return nil }
        return achieved / sgemm
    }
}

/// Loads the model in `directory` and runs `inputs` with `jobs` workers (single-threaded BLAS each), then
/// measures the sgemm rate on the GEMM shapes of the median-length input with the same parallelism.
public func benchmarkModel(directory: String, inputs: [BenchmarkInput], jobs: Int,
                           precision: Precision = .fp32) throws -> BenchmarkResult {
    try benchmarkModelKeepingOutputs(directory: directory, inputs: inputs, jobs: jobs, precision: precision).result
}

/// `benchmarkModel`, also returning the model's output for every input (in input order), e.g. to compare
/// two precisions on the benchmarked audio. The peak RSS is measured from this call's start (the process's
/// high-water mark is reset first where Linux allows it), so two calls in one process each get their own.
public func benchmarkModelKeepingOutputs(directory: String, inputs: [BenchmarkInput], jobs: Int,
                                         precision: Precision) throws -> (result: BenchmarkResult, outputs: [ModelOutput]) {
    resetPeakResident()
    let start = Date()
    let model = try loadModel(directory: directory, precision: precision)
    let loadSeconds = Date().timeIntervalSince(start)

    // Warm-up: one utterance per worker grows its scratch buffers and touches the mapped weights.
    let workers = max(1, min(jobs, inputs.count))
    let shortest = inputs.min { $0.samples.count < $1.samples.count }
    if let shortest {
        try runInference(model: model, count: workers, jobs: workers, includeFrames: false,
                         load: { _ in shortest.samples }, deliver: { _, result in _ = try result.get() })
    }
    let runStart = Date(), cpuStart = processCPUSeconds()
    var outputs: [ModelOutput] = []
    outputs.reserveCapacity(inputs.count)
    try runInference(model: model, count: inputs.count, jobs: workers, includeFrames: false,
                     load: { inputs[$0].samples }, deliver: { _, result in outputs.append(try result.get()) })
    let wallSeconds = Date().timeIntervalSince(runStart), cpuSeconds = processCPUSeconds() - cpuStart

    let peak = peakResidentBytes()   // before the sgemm measurement allocates its operands
    var flops: Double?
    var sgemm: SgemmRate?
    if let cost = model.computeCost {
        flops = inputs.reduce(0) { $0 + cost.flopCount(samples: $1.samples.count) }
        let median = inputs.map(\.samples.count).sorted()[inputs.count / 2]
        sgemm = measureSgemmRate(shapes: cost.gemmShapes(samples: median), jobs: workers)
    }
    let result = BenchmarkResult(
        variant: model.identity.variant, precision: model.precision.rawValue,
        int8Kernel: model.precision == .int8 ? int8KernelName : nil,
        utterances: inputs.count,
        audioSeconds: inputs.reduce(0) { $0 + Double($1.samples.count) } / Double(model.sampleRate),
        wallSeconds: wallSeconds, cpuSeconds: cpuSeconds, loadSeconds: loadSeconds, jobs: workers,
        blasCore: BlasInfo.coreName, flops: flops, sgemmGFLOPS: sgemm?.wall, sgemmGFLOPSPerCPU: sgemm?.perCPU,
        peakRSSBytes: peak)
    return (result, outputs)
}

/// How closely two runs of the same inputs agree (e.g. int8 against fp32).
public struct OutputAgreement: Sendable, Codable {
    public var utterances: Int
    /// Utterances whose top label is the same in both (0 when the model has no classifier head).
    public var sameTopLabel: Int
    /// Largest |p − p'| over every class of every utterance.
    public var maxProbabilityDifference: Float
    /// Smallest and mean cosine similarity of the utterance embeddings.
    public var minEmbeddingCosine: Double
    public var meanEmbeddingCosine: Double

    /// Compares `outputs` with `reference`, utterance by utterance (same order and count).
    public init(_ outputs: [ModelOutput], reference: [ModelOutput]) {
        precondition(outputs.count == reference.count, "OutputAgreement: \(outputs.count) vs \(reference.count) outputs")
        func argmax(_ v: [Float]) -> Int? { v.indices.max { v[$0] < v[$1] } }
        var same = 0, maxDiff: Float = 0, minCos = 1.0, sumCos = 0.0
        for (a, b) in zip(outputs, reference) {
            if !a.scores.isEmpty, argmax(a.scores) == argmax(b.scores) { same += 1 }
            for (p, q) in zip(a.scores, b.scores) { maxDiff = max(maxDiff, abs(p - q)) }
            var dot = 0.0, na = 0.0, nb = 0.0
            for (x, y) in zip(a.embedding, b.embedding) { dot += Double(x) * Double(y); na += Double(x * x); nb += Double(y * y) }
            let cosine = na > 0 && nb > 0 ? dot / (na.squareRoot() * nb.squareRoot()) : (na == nb ? 1 : 0)
            minCos = min(minCos, cosine)
            sumCos += cosine
        }
        utterances = outputs.count
        sameTopLabel = same
        maxProbabilityDifference = maxDiff
        minEmbeddingCosine = outputs.isEmpty ? 1 : minCos
        meanEmbeddingCosine = outputs.isEmpty ? 1 : sumCos / Double(outputs.count)
    }
}

/// Resets the process's peak-RSS high-water mark (Linux ≥ 4.0: "5" into /proc/self/clear_refs); no-op elsewhere.
func resetPeakResident() {
    #if os(Linux)
    if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
        try? handle.write(contentsOf: Data("5".utf8))
        try? handle.close()
    }
    #endif
}

/// GFLOP/s of `jobs` threads each running every shape in `shapes` (`count` times) with one BLAS thread,
/// on operands prepared beforehand; best of two passes, per wall second and per CPU second.
public func measureSgemmRate(shapes: [GemmShape], jobs: Int) -> SgemmRate {
    let work = shapes.filter { $0.m > 0 && $0.n > 0 && $0.k > 0 }
    let flops = work.reduce(0) { $0 + $1.flops } * Double(jobs)
    return BlasThreads.using(1) {
        let operands = SgemmOperands(shapes: work, workers: jobs)
        var best = Double.infinity, bestCPU = Double.infinity
        for _ in 0..<2 {
            let start = Date(), cpuStart = processCPUSeconds()
            DispatchQueue.concurrentPerform(iterations: jobs) { operands.run(worker: $0) }
            best = min(best, Date().timeIntervalSince(start))
            bestCPU = min(bestCPU, processCPUSeconds() - cpuStart)
        }
        return SgemmRate(wall: flops / best / 1e9, perCPU: flops / max(bestCPU, 1e-9) / 1e9)
    }
}

/// An sgemm rate in GFLOP/s per wall second and per CPU second.
public struct SgemmRate: Sendable {
    public var wall: Double
    public var perCPU: Double
}

/// User + system CPU seconds of the whole process so far.
public func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Per-worker operands for `measureSgemmRate` (each worker writes only its own outputs).
private final class SgemmOperands: @unchecked Sendable {
    // @unchecked: worker w only touches outputs[w]'s tensors; inputs are read-only.
    final class Outputs { var tensors: [Tensor] = [] }
    let shapes: [GemmShape]
    let inputs: [(a: Tensor, b: Tensor)]
    let outputs: [Outputs]

    init(shapes: [GemmShape], workers: Int) {
        self.shapes = shapes
        inputs = shapes.map { shape in
            (Tensor(shape: [shape.m, shape.k], data: (0..<(shape.m * shape.k)).map { Float($0 % 7) * 0.1 }),
             Tensor(shape: shape.transposeB ? [shape.n, shape.k] : [shape.k, shape.n],
                    data: (0..<(shape.n * shape.k)).map { Float($0 % 5) * 0.1 }))
        }
        outputs = (0..<workers).map { _ in
            let box = Outputs()
            box.tensors = shapes.map { Tensor(zeros: [$0.m, $0.n]) }
            return box
        }
    }

    func run(worker: Int) {
        let box = outputs[worker]
        for (index, shape) in shapes.enumerated() {
            for _ in 0..<shape.count {
                gemm(a: inputs[index].a, b: inputs[index].b, transposeB: shape.transposeB, into: &box.tensors[index])
            }
        }
    }
}

/// The process's peak resident set size (Linux `VmHWM` in /proc/self/status), nil where unavailable.
public func peakResidentBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
    return kilobytes * 1024
}
