// The recipe's dimensional schema: dimensions and scales, per-model output maps, dimensional reference figures.
import EmoCorpus
import Foundation
import Testing

@Suite("RecipeDimensions")
struct RecipeDimensionsTests {
    static let both = """
    name: msp-both
    data: data
    labels: [angry, happy, neutral, sad]
    drop: [other]
    dimensions: {valence: [1, 7], arousal: [1, 7], dominance: [1, 7]}
    models:
      emotion2vec:
        label_map: {angry: angry, happy: happy, neutral: neutral, sad: sad}
      wav2vec2-iemocap:
        dimensions:
          outputs: {arousal: 0, dominance: dominance, valence: "2"}
          scale: [0, 1]
          align: model-to-labels
    references:
      - model: some-dim-model
        figures: {CCC-valence: 0.638, CCC-arousal: 0.745, UA: 50.0, MAE-dominance: 0.4}
        protocol: MSP-Podcast v1.7 Test1
        source: a paper
        seen_in_training: partly
    """

    @Test("a recipe with categories and dimensions decodes both")
    func both() throws {
        let recipe = try parseRecipe(Self.both, path: "/tmp/r/msp.yaml")
        #expect(recipe.labels == ["angry", "happy", "neutral", "sad"])
        #expect(recipe.dimensions.map(\.dimension) == [.arousal, .valence, .dominance])
        #expect(recipe.dimensions.allSatisfy { $0.range == 1...7 })
        let dims = try #require(recipe.models["wav2vec2-iemocap"]?.dimensions)
        #expect(dims.outputs == [.arousal: "0", .dominance: "dominance", .valence: "2"])
        #expect(dims.scale == 0...1 && dims.alignment == .modelToLabels)
        #expect(recipe.models["wav2vec2-iemocap"]?.labelMap == [:])
        #expect(recipe.models["emotion2vec"]?.dimensions == nil)
        let reference = try #require(recipe.references.first)
        #expect(reference.figures == [.ua: 50])
        #expect(reference.dimensionFigures.map(\.key) == ["CCC-arousal", "CCC-valence", "MAE-dominance"])
        #expect(reference.dimensionFigures.map(\.value) == [0.745, 0.638, 0.4])
    }

    @Test("alignment defaults to labels-to-model; the scale to the annotation scale")
    func defaults() throws {
        let recipe = try parseRecipe("""
        name: x
        data: d
        labels: [a]
        dimensions: {valence: [1, 5]}
        models:
          emotion2vec: {dimensions: {outputs: {valence: v}}}
        """, path: "r.yaml")
        let dims = try #require(recipe.models["emotion2vec"]?.dimensions)
        #expect(dims.alignment == .labelsToModel && dims.scale == nil)
        #expect(recipe.dimensionSubset == nil)
    }

    @Test("bad dimensional values are each reported with their line")
    func errors() throws {
        let text = """
        name: x
        data: d
        labels: [a]
        dimensions: {valence: [5, 1], pleasure: [1, 7], arousal: [1, 7]}
        models:
          emotion2vec: {dimensions: {outputs: {dominance: 2}, scale: [0]}}
          wav2vec2-iemocap: {policy: full}
        references:
          - model: m
            figures: {CCC-arousal: 1.5, CCC-dominance: 0.5, RMSE-arousal: -1, F1-valence: 3}
            protocol: p
            source: s
            seen_in_training: no
        """
        let error = try #require(throws: CorpusError.self) { try parseRecipe(text, path: "r.yaml") }
        let messages = error.problems.map(\.description)
        #expect(messages == [
            "r.yaml:4: unknown dimension 'pleasure'; expected one of: arousal, valence, dominance",
            "r.yaml:4: scale must be [low, high] with finite low < high, got [5.0, 1.0]",
            "r.yaml:6: 'dominance' is not one of the recipe's dimensions [arousal]",
            "r.yaml:6: scale must be [low, high] with finite low < high, got [0.0]",
            "r.yaml:7: needs label_map (categories) or dimensions (model outputs)",
            "r.yaml:10: CCC-arousal = 1.5 is not in [-1, 1]",
            "r.yaml:10: CCC-dominance: the recipe declares no dimension 'dominance'",
            "r.yaml:10: unknown metric 'F1-valence'; expected one of: WA, UA, macro-F1, weighted-F1, or "
                + "<CCC|Pearson|MAE|RMSE>-<arousal|valence|dominance>",
            "r.yaml:10: RMSE-arousal = -1.0 is not a non-negative number",
        ])
    }
}
