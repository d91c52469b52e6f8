// An emotion2vec_base-shaped forward pass built only from EmoKernels (random weights, one block's weights
// reused for all 12 blocks), to see how close the whole chain gets to its sgemm-bound floor.

/// Runs the chain on `samples` samples; returns (seconds, GFLOP of the matrix products).
nonisolated(unsafe) var opTimes: [String: Double] = [:]

@inline(__always) func timed(_ name: String, _ body: () -> Void) {
    let t0 = now(); body(); opTimes[name, default: 0] += now() - t0
}

func emotion2vecShapedForward(samples N: Int, workspace: inout Workspace) -> (Double, Double) {
    let D = 768, F = 3072, H = 12
    let convSpecs = [(1, 10, 5), (512, 3, 2), (512, 3, 2), (512, 3, 2), (512, 3, 2), (512, 2, 2), (512, 2, 2)]
    let convWeights = convSpecs.map { TimeMajorConvWeight(Weight(shape: [512, $0.0, $0.1], values: random(512 * $0.0 * $0.1))) }
    let ones = Weight(shape: [512], values: [Float](repeating: 1, count: 512))
    let zeros = Weight(shape: [512], values: [Float](repeating: 0, count: 512))
    let projection = Weight(shape: [D, 512], values: random(D * 512).map { $0 * 0.04 })
    let positional = TimeMajorConvWeight(Weight(shape: [D, 48, 19], values: random(D * 48 * 19).map { $0 * 0.03 }))
    let positionalBias = Weight(shape: [D], values: random(D))
    let qkvW = Weight(shape: [3 * D, D], values: random(3 * D * D).map { $0 * 0.03 }), qkvB = Weight(shape: [3 * D], values: random(3 * D))
    let projW = Weight(shape: [D, D], values: random(D * D).map { $0 * 0.03 }), projB = Weight(shape: [D], values: random(D))
    let fc1W = Weight(shape: [F, D], values: random(F * D).map { $0 * 0.03 }), fc1B = Weight(shape: [F], values: random(F))
    let fc2W = Weight(shape: [D, F], values: random(D * F).map { $0 * 0.02 }), fc2B = Weight(shape: [D], values: random(D))
    let lnW = Weight(shape: [D], values: [Float](repeating: 1, count: D)), lnB = Weight(shape: [D], values: [Float](repeating: 0, count: D))

    var flops = 0.0
    var a = Tensor(shape: [N, 1], data: random(N)), b = Tensor(zeros: [0])
    var x = Tensor(zeros: [0]), y = Tensor(zeros: [0]), qkv = Tensor(zeros: [0]), attn = Tensor(zeros: [0])
    var hidden = Tensor(zeros: [0]), embedding = Tensor(zeros: [0])
    let start = now()
    timed("applyLayerNormAll") { applyLayerNormAll(&a, eps: 1e-5) }
    for (i, spec) in convSpecs.enumerated() {
        timed("conv1dTimeMajor") { conv1dTimeMajor(out: &b, x: a, weight: convWeights[i], bias: nil, stride: spec.2, workspace: &workspace) }
        flops += 2.0 * Double(b.shape[0]) * 512 * Double(spec.0 * spec.1)
        timed("applyLayerNorm") { applyLayerNorm(&b, weight: ones, bias: zeros, eps: 1e-5) }
        timed("applyGelu") { applyGelu(&b) }
        swap(&a, &b)
    }
    let T = a.shape[0]
    timed("applyLayerNorm") { applyLayerNorm(&a, weight: ones, bias: zeros, eps: 1e-5) }
    timed("linear") { linear(out: &x, x: a, weight: projection, bias: nil) }
    flops += 2.0 * Double(T) * 512 * Double(D)
    var p = x
    for _ in 0..<5 {
        timed("posconv") { conv1dTimeMajor(out: &y, x: p, weight: positional, bias: positionalBias, padding: 9, groups: 16, workspace: &workspace) }
        flops += 2.0 * Double(T) * Double(D) * 48 * 19
        timed("applyLayerNorm") { applyLayerNorm(&y, weight: nil, bias: nil, eps: 1e-5) }
        timed("applyGelu") { applyGelu(&y) }
        swap(&p, &y)
    }
    timed("addResidual") { addResidual(&x, p) }
    var z = concatenateRows(Tensor(zeros: [10, D]), x)
    let Ntok = z.shape[0]
    timed("applyLayerNorm") { applyLayerNorm(&z, weight: lnW, bias: lnB, eps: 1e-5) }
    let table = Tensor(shape: [H, T], data: (0..<(H * T)).map { -Float($0 % T) * 0.05 })
    for _ in 0..<12 {
        timed("linear") { linear(out: &qkv, x: z, weight: qkvW, bias: qkvB) }
        timed("attention") { attention(out: &attn, qkv: qkv, heads: H, bias: .distance(table: table, offset: 10), workspace: &workspace) }
        timed("linear") { linear(out: &y, x: attn, weight: projW, bias: projB) }
        timed("addResidual") { addResidual(&y, z) }
        applyLayerNorm(&y, weight: lnW, bias: lnB, eps: 1e-5)          // r
        timed("linear mlp") { linear(out: &hidden, x: y, weight: fc1W, bias: fc1B) }
        timed("applyGelu") { applyGelu(&hidden) }
        timed("linear mlp") { linear(out: &z, x: hidden, weight: fc2W, bias: fc2B) }
        timed("addResidual") { addResidual(&z, y) }
        timed("applyLayerNorm") { applyLayerNorm(&z, weight: lnW, bias: lnB, eps: 1e-5) }
        flops += 2.0 * Double(Ntok) * Double(D) * Double(3 * D + D + 2 * F) + 4.0 * Double(Ntok * Ntok * D)
    }
    timed("meanRows") { meanRows(out: &embedding, x: rows(z, 10..<Ntok)) }
    return (now() - start, flops / 1e9)
}
