// The bench library: synthetic input, sgemm-rate measurement and the derived figures.
import EmoBench
import EmoModels
import EmoTestSupport
import Testing

@Suite("model benchmark")
struct ModelBenchmarkTests {
    @Test("synthetic input is deterministic, the requested length, and not silent")
    func synthetic() {
        let a = BenchmarkInput.synthetic(seconds: 0.5, seed: 3), b = BenchmarkInput.synthetic(seconds: 0.5, seed: 3)
        #expect(a.samples.count == 8000 && a.samples == b.samples)
        #expect(a.samples.map(abs).max()! > 0.05 && a.samples.allSatisfy { abs($0) < 1 })
    }

    @Test("benchmarkModel on the tiny model: counts, FLOPs from the config, efficiency = achieved / sgemm")
    func tiny() throws {
        let inputs = [BenchmarkInput.synthetic(seconds: 0.3), .synthetic(seconds: 0.5, seed: 2)]
        let result = try benchmarkModel(directory: Fixture.path("e2v_tiny_plus"), inputs: inputs, jobs: 2)
        #expect(result.utterances == 2 && result.jobs == 2 && abs(result.audioSeconds - 0.8) < 1e-9)
        let cost = try #require(try loadModel(directory: Fixture.path("e2v_tiny_plus")).computeCost)
        #expect(result.flops == cost.flopCount(samples: 4800) + cost.flopCount(samples: 8000))
        let efficiency = try #require(result.efficiency)
        #expect(abs(efficiency - result.achievedGFLOPS! / result.sgemmGFLOPS!) < 1e-12)
        #expect(result.wallSeconds > 0 && result.loadSeconds > 0 && (result.peakRSSBytes ?? 0) > 1_000_000)
    }

    @Test("sgemm rate is positive and finite")
    func sgemm() {
        let rate = measureSgemmRate(shapes: [GemmShape(m: 64, n: 64, k: 64, transposeB: true, count: 3),
                                             GemmShape(m: 10, n: 16, k: 40, transposeB: false)], jobs: 2)
        #expect(rate.wall > 0 && rate.wall.isFinite && rate.perCPU > 0 && rate.perCPU.isFinite)
    }
}
