// ALiBi slopes (docs/specs/emotion2vec.md §4.6 lists them for 12 and 16 heads) and the model's FLOP count (docs/specs/emotion2vec.md §7 table).
import Testing
@testable import EmoModels
import EmoTestSupport

@Suite("ALiBi slopes and compute cost")
struct AlibiBiasTests {
    /// Values as PyTorch prints them (`get_alibi(3, n)[:, 0, 1]` in FunASR 1.4.16); the spec rounds 2^-3.5.
    @Test("slopes for 12 heads (non-power of two) and 16 heads")
    func slopes() {
        let twelve: [Float] = [0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625,
                               0.70710677, 0.35355338, 0.17677669, 0.088388346]  // torch: 0.0883883461356163
        #expect(AlibiBias.slopes(heads: 12) == twelve)
        let sixteen = AlibiBias.slopes(heads: 16)
        #expect(sixteen.count == 16 && sixteen[0] == 0.70710677 && sixteen[1] == 0.5 && sixteen[15] == 0.00390625)
        #expect(AlibiBias.slopes(heads: 4) == [0.25, 0.0625, 0.015625, 0.00390625])
    }

    @Test("FLOPs of the base architecture match docs/specs/emotion2vec.md §7 (15.4 / 149.0 / 499.2 GFLOP for 1 / 10 / 30 s)")
    func flops() throws {
        var config = try Emotion2VecConfigFile(contentsOf: Fixture.path("e2v_tiny_plus/config.yaml")).modelConf
        config.embedDim = 768
        config.numHeads = 12
        config.depth = 8
        config.modalities.audio.prenetDepth = 4
        config.modalities.audio.numAlibiHeads = 12
        config.modalities.audio.featureEncoderSpec = "[(512, 10, 5)] + [(512, 3, 2)] * 4 + [(512,2,2)] + [(512,2,2)]"
        for (seconds, expected) in [(1, 15.4), (10, 149.0), (30, 499.2)] {
            let gflop = config.gemmShapes(samples: seconds * 16000, classes: 9).reduce(0) { $0 + $1.flops } / 1e9
            #expect(abs(gflop - expected) < 0.1, "\(seconds) s: \(gflop) GFLOP")
        }
    }
}
