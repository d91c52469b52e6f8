// The dimensional scatter plot: dots for few points, a log-shaded 2-D histogram for many; deterministic.
import EmoMetrics
import Testing
@testable import EmoReport

@Suite("ScatterPlot")
struct ScatterPlotTests {
    static func items(_ n: Int) -> [DimensionalItem] {
        (0..<n).map { i in
            let truth = Double(i % 61) / 60
            return DimensionalItem(utterance: "u\(i)", truth: truth, predicted: truth * 0.8 + Double(i % 7) / 70)
        }
    }

    @Test("up to the threshold every point is a dot; above it, shaded cells and no dots")
    func density() {
        let few = renderDimensionScatter([("valence", Self.items(scatterDensityThreshold), 0...1)], title: "t")
        #expect(few.components(separatedBy: "<circle").count - 1 == scatterDensityThreshold)
        #expect(!few.contains("fill-opacity=\"0.15") && few.contains("valence (n = \(scatterDensityThreshold))"))
        let many = renderDimensionScatter([("valence", Self.items(5000), 0...1), ("arousal", Self.items(10), 0...1)],
                                          title: "t")
        #expect(many.contains("valence (n = 5000, density)") && many.contains("arousal (n = 10)"))
        #expect(many.components(separatedBy: "<circle").count - 1 == 10)   // only the small panel has dots
        let cells = many.components(separatedBy: "fill=\"#08306b\"").count - 1
        #expect(cells > 0 && cells <= 900)                                  // at most 30 × 30
        #expect(many == renderDimensionScatter([("valence", Self.items(5000), 0...1), ("arousal", Self.items(10), 0...1)],
                                               title: "t"))
    }

    @Test("the axes widen to predictions outside the scale; the title is escaped")
    func axes() {
        let items = [DimensionalItem(utterance: "a", truth: 1, predicted: 8.5), DimensionalItem(utterance: "b", truth: 7, predicted: 0)]
        let svg = renderDimensionScatter([("arousal", items, 1...7)], title: "run 1: <model>")
        #expect(svg.contains(">8.5</text>") && svg.contains(">0</text>"))
        #expect(svg.contains("run 1: &lt;model&gt;"))
    }
}
