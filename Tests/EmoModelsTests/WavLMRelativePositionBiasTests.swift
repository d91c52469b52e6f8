// WavLM's relative position buckets against values worked out from transformers' `_relative_positions_bucket`
// (num_buckets 320, max_distance 800: half 160, exact below 80, log-spaced to 800, |Δ| ≥ 778 in the last bucket).
import EmoKernels
@testable import EmoModels
import Foundation
import Testing

@Suite("WavLM relative position bias")
struct WavLMRelativePositionBiasTests {
    static let real = Wav2Vec2Config.RelativePositionBuckets(numBuckets: 320, maxDistance: 800)

    @Test("buckets: exact near, logarithmic far, keys after the query in the upper half")
    func buckets() {
        func bucket(_ delta: Int) -> Int { WavLMRelativePositionBias.bucket(delta, buckets: Self.real) }
        #expect(bucket(0) == 0 && bucket(-1) == 1 && bucket(1) == 161 && bucket(-79) == 79 && bucket(79) == 239)
        // 80 + ln(|Δ|/80)/ln(10)·80, truncated: Δ 80 → 80, 160 → 104 (80 + 24.08), 400 → 135 (80 + 55.92).
        #expect(bucket(-80) == 80 && bucket(-160) == 104 && bucket(-400) == 135 && bucket(400) == 295)
        // The clamp: 80 + ln(778/80)/ln(10)·80 = 159.03 → 159; everything further stays there.
        #expect(bucket(-777) == 158 && bucket(-778) == 159 && bucket(-5000) == 159 && bucket(5000) == 319)
        // Float64 arithmetic gives the same buckets over the whole range a 3000-frame utterance uses.
        for delta in -3000...3000 {
            let distance = abs(delta), sign = delta > 0 ? 160 : 0
            let exact = distance < 80 ? distance : min(159, Int(80 + log(Double(distance) / 80) / log(10) * 80))
            #expect(bucket(delta) == sign + exact, "Δ = \(delta)")
        }
    }

    @Test("table layout: table[h, N − 1 + δ] = embedding[bucket(δ), h]")
    func table() throws {
        let H = 2, buckets = Wav2Vec2Config.RelativePositionBuckets(numBuckets: 8, maxDistance: 6)
        let values = (0..<(8 * H)).map(Float.init)
        let bias = WavLMRelativePositionBias(embedding: Weight(shape: [8, H], values: values), buckets: buckets, heads: H)
        var out = Tensor(zeros: [0])
        bias.table(frames: 5, into: &out)
        #expect(out.shape == [H, 9])
        for h in 0..<H {
            for delta in -4...4 {
                let b = WavLMRelativePositionBias.bucket(delta, buckets: buckets)
                #expect(out.data[h * 9 + 4 + delta] == values[b * H + h])
            }
        }
    }
}
