// Kernel timing, independent of the tests: GFLOP/s of conv1d (both layouts) against a plain sgemm of the
// same shape, plus the element-wise kernels, on emotion2vec / wav2vec2 layer shapes for ~10 s of audio.
// Build and run with Scripts/kernels-bench.sh (compiles Sources/EmoKernels with this file, -O).
import Foundation

// With one BLAS thread all work runs on this thread, so process CPU time is used: it is what the kernel
// costs even when other processes compete for the 2 cores. With more threads, wall-clock time.
let clock = (Int(ProcessInfo.processInfo.environment["BENCH_THREADS"] ?? "1") ?? 1) == 1
    ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC

func now() -> Double {
    var ts = timespec()
    clock_gettime(clock, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Median seconds of `body` over repeated runs totalling at least `budget` seconds (after one warm-up).
func measure(_ budget: Double = 0.6, _ body: () -> Void) -> Double {
    body()
    var samples: [Double] = []
    let start = now()
    repeat {
        let t0 = now()
        body()
        samples.append(now() - t0)
    } while now() - start < budget || samples.count < 3
    return samples.sorted()[samples.count / 2]
}

func random(_ n: Int) -> [Float] {
    var state: UInt64 = 0x1234_5678
    return (0..<n).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(Int64(bitPattern: state >> 11) % 2000) / 1000 - 1
    }
}

func report(_ name: String, flops: Double, seconds: Double) {
    print(String(format: "%-58@ %8.2f ms %8.1f GFLOP/s", name as NSString, seconds * 1e3, flops / seconds / 1e9))
}

let threads = Int(ProcessInfo.processInfo.environment["BENCH_THREADS"] ?? "1") ?? 1
BlasThreads.set(threads)
print(BlasInfo.summary)
let seconds = Double(ProcessInfo.processInfo.environment["BENCH_AUDIO_SECONDS"] ?? "10") ?? 10
let samples = Int(seconds * 16000)
var workspace = Workspace()
var out = Tensor(zeros: [0])

// emotion2vec / wav2vec2 CNN layers 1 and 2: 512 → 512, kernel 3, stride 2.
var L = conv1dOutputLength(inputLength: samples, kernel: 10, stride: 5)
for layer in 1...2 {
    let x = Tensor(shape: [L, 512], data: random(L * 512))
    let w = Weight(shape: [512, 512, 3], values: random(512 * 512 * 3))
    let Lout = conv1dOutputLength(inputLength: L, kernel: 3, stride: 2)
    let flops = 2.0 * Double(Lout) * 512 * 1536
    // Plain sgemm of the same (Lout, 1536) · (512, 1536)ᵀ product, no im2col.
    let a = Tensor(shape: [Lout, 1536], data: random(Lout * 1536)), b = Tensor(shape: [512, 1536], data: w.values)
    report("sgemm \(Lout)x1536x512 (conv\(layer) as one GEMM)", flops: flops,
           seconds: measure { gemm(a: a, b: b, transposeB: true, into: &out) })
    report("conv1dTimeMajor L=\(L) 512→512 k3 s2 (conv\(layer))", flops: flops, seconds: measure {
        conv1dTimeMajor(out: &out, x: x, weight: w, bias: nil, stride: 2, workspace: &workspace)
    })
    let prepared = TimeMajorConvWeight(w)
    report("conv1dTimeMajor, TimeMajorConvWeight (conv\(layer))", flops: flops, seconds: measure {
        conv1dTimeMajor(out: &out, x: x, weight: prepared, bias: nil, stride: 2, workspace: &workspace)
    })
    let xc = transpose(x)
    report("conv1d channels-first L=\(L) 512→512 k3 s2 (conv\(layer))", flops: flops, seconds: measure {
        conv1d(out: &out, x: xc, weight: w, bias: nil, stride: 2, workspace: &workspace)
    })
    L = Lout
}

// CNN layer 5: kernel 2, stride 2 (non-overlapping windows: no im2col with a prepared weight).
do {
    let L5 = samples / 320 * 2 + 1
    let x = Tensor(shape: [L5, 512], data: random(L5 * 512))
    let w = Weight(shape: [512, 512, 2], values: random(512 * 512 * 2))
    let Lout = conv1dOutputLength(inputLength: L5, kernel: 2, stride: 2)
    let flops = 2.0 * Double(Lout) * 512 * 1024
    let a = Tensor(shape: [Lout, 1024], data: random(Lout * 1024)), b = Tensor(shape: [512, 1024], data: w.values)
    report("sgemm \(Lout)x1024x512 (conv5 as one GEMM)", flops: flops,
           seconds: measure { gemm(a: a, b: b, transposeB: true, into: &out) })
    report("conv1dTimeMajor L=\(L5) 512→512 k2 s2 (conv5)", flops: flops, seconds: measure {
        conv1dTimeMajor(out: &out, x: x, weight: w, bias: nil, stride: 2, workspace: &workspace)
    })
    let prepared = TimeMajorConvWeight(w)
    report("conv1dTimeMajor, TimeMajorConvWeight (conv5)", flops: flops, seconds: measure {
        conv1dTimeMajor(out: &out, x: x, weight: prepared, bias: nil, stride: 2, workspace: &workspace)
    })
}

// Positional convolutions on T frames of width 768, 16 groups.
let T = conv1dOutputLength(inputLength: samples, kernel: 400, stride: 320)
let frames = Tensor(shape: [T, 768], data: random(T * 768))
for (name, K, P) in [("emotion2vec pos conv k19 p9 g16", 19, 9), ("wav2vec2 pos conv k128 p64 g16", 128, 64)] {
    let w = Weight(shape: [768, 48, K], values: random(768 * 48 * K)), b = Weight(shape: [768], values: random(768))
    let Lout = conv1dOutputLength(inputLength: T, kernel: K, padding: P)
    report("\(name) T=\(T)", flops: 2.0 * Double(Lout) * 768 * 48 * Double(K), seconds: measure {
        conv1dTimeMajor(out: &out, x: frames, weight: w, bias: b, padding: P, groups: 16, workspace: &workspace)
    })
    let prepared = TimeMajorConvWeight(w)
    report("\(name), TimeMajorConvWeight", flops: 2.0 * Double(Lout) * 768 * 48 * Double(K), seconds: measure {
        conv1dTimeMajor(out: &out, x: frames, weight: prepared, bias: b, padding: P, groups: 16, workspace: &workspace)
    })
}

// One transformer block's linears and attention (N = T + 10 tokens, D = 768, 12 heads).
let N = T + 10
let tokens = Tensor(shape: [N, 768], data: random(N * 768))
let wqkv = Weight(shape: [2304, 768], values: random(2304 * 768)), bqkv = Weight(shape: [2304], values: random(2304))
report("linear qkv \(N)x768 → 2304", flops: 2.0 * Double(N) * 768 * 2304, seconds: measure {
    linear(out: &out, x: tokens, weight: wqkv, bias: bqkv)
})
let qkv = linear(tokens, weight: wqkv, bias: bqkv)
let table = Tensor(shape: [12, N], data: (0..<(12 * N)).map { -Float($0 % N) * 0.01 })
report("attention N=\(N) D=768 H=12 (distance bias)", flops: 4.0 * Double(N) * Double(N) * 768, seconds: measure {
    attention(out: &out, qkv: qkv, heads: 12, bias: .distance(table: table, offset: 10), workspace: &workspace)
})

// Element-wise work per element (ns), on the CNN layer-1 output size.
var big = Tensor(shape: [L * 4, 512], data: random(L * 4 * 512))
func perElement(_ name: String, _ body: () -> Void) {
    let s = measure(0.6, body)
    print(String(format: "%-58@ %8.2f ms %8.2f ns/element", name as NSString, s * 1e3, s * 1e9 / Double(big.count)))
}
perElement("GELU over \(big.count) values") { applyGelu(&big) }
perElement("layer norm rows of 512 over \(big.count) values") { applyLayerNorm(&big, weight: nil, bias: nil, eps: 1e-5) }
perElement("softmax rows of 512 over \(big.count) values") { applySoftmax(&big) }
print("workspace bytes: \(workspace.byteCount)")

// Attention cost split: the two per-head products alone, then the kernel without and with bias.
do {
    let q = Tensor(shape: [N, 64], data: random(N * 64))
    var s = Tensor(zeros: [0]), o = Tensor(zeros: [0])
    let p = Tensor(shape: [N, N], data: random(N * N))
    report("12 × (q·kᵀ + p·v) sgemms only, N=\(N) d=64", flops: 4.0 * Double(N) * Double(N) * 768, seconds: measure {
        for _ in 0..<12 { gemm(a: q, b: q, transposeB: true, into: &s); gemm(a: p, b: q, into: &o) }
    })
    report("attention N=\(N) D=768 H=12 (no bias)", flops: 4.0 * Double(N) * Double(N) * 768, seconds: measure {
        attention(out: &out, qkv: qkv, heads: 12, bias: .none, workspace: &workspace)
    })
}

// Whole emotion2vec-shaped chain against its sgemm-bound floor (the model's own largest linear shapes).
do {
    let floorRate: Double = {
        let T = conv1dOutputLength(inputLength: samples, kernel: 400, stride: 320) + 10
        let x = Tensor(shape: [T, 768], data: random(T * 768)), w = Weight(shape: [3072, 768], values: random(3072 * 768))
        return 2.0 * Double(T) * 768 * 3072 / measure { linear(out: &out, x: x, weight: w, bias: nil) } / 1e9
    }()
    _ = emotion2vecShapedForward(samples: samples, workspace: &workspace)
    var times: [Double] = []
    var gflop = 0.0
    for _ in 0..<3 { let (t, g) = emotion2vecShapedForward(samples: samples, workspace: &workspace); times.append(t); gflop = g }
    let t = times.sorted()[1]
    for (name, total) in opTimes.sorted(by: { $0.value > $1.value }) {
        print(String(format: "  %-20@ %7.1f ms per forward", name as NSString, total / 4 * 1e3))
    }
    print(String(format: "emotion2vec-shaped forward, %.0f s audio: %.3f s, %.1f GFLOP, %.1f GFLOP/s = %.0f%% of sgemm %.1f GFLOP/s (RTF %.3f per thread)",
                 seconds, t, gflop, gflop / t, 100 * gflop / t / floorRate, floorRate, t / seconds))
}

// CNN layer 0: 1 → 512 channels, kernel 10, stride 5 (a thin GEMM: inner dimension 10).
do {
    let x = Tensor(shape: [samples, 1], data: random(samples))
    let w = Weight(shape: [512, 1, 10], values: random(5120))
    let Lout = conv1dOutputLength(inputLength: samples, kernel: 10, stride: 5)
    let flops = 2.0 * Double(Lout) * 512 * 10
    let prepared = TimeMajorConvWeight(w)
    report("conv1dTimeMajor, TimeMajorConvWeight (conv0 1→512 k10 s5)", flops: flops, seconds: measure {
        conv1dTimeMajor(out: &out, x: x, weight: prepared, bias: nil, stride: 5, workspace: &workspace)
    })
}

// wav2vec2 conv layer 0 GroupNorm(512, 512) on time-major (L, 512): per-channel statistics over time.
do {
    let L0 = conv1dOutputLength(inputLength: samples, kernel: 10, stride: 5)
    var g = Tensor(shape: [L0, 512], data: random(L0 * 512))
    let w = Weight(shape: [512], values: random(512)), b = Weight(shape: [512], values: random(512))
    let s = measure { applyGroupNormTimeMajor(&g, groups: 512, weight: w, bias: b, eps: 1e-5) }
    print(String(format: "group norm time-major (%d, 512), 512 groups: %.2f ms, %.2f ns/element", L0, s * 1e3, s * 1e9 / Double(g.count)))
}
