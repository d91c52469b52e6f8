// The model-family registry is the one list of families: the recipe's known families, the store's config
// files and the loader all follow it.
import EmoCorpus
import EmoModels
import EmoRunner
import EmoStore
import EmoTestSupport
import EmoTypes
import Foundation
import Testing

@Suite struct ModelFamilyRegistryTests {
    /// A recipe may name exactly the families the registry can run: both read the one list of names,
    /// `ModelFamily.all` (EmoTypes); this test fails when a name has no registry entry or an entry no name.
    @Test func recipeFamiliesEqualTheRegistrysFamilies() {
        #expect(Set(Recipe.knownModelFamilies) == Set(ModelRegistry.families.map(\.rawValue)))
        #expect(Recipe.knownModelFamilies.count == ModelRegistry.families.count)
        #expect(Set(ModelFamily.all) == Set(ModelRegistry.families) && ModelFamily.all.count == ModelRegistry.families.count)
    }

    @Test func everyFamilyHasOneEntry() {
        let names = ModelRegistry.families.map(\.rawValue)
        #expect(Set(names).count == names.count)
        for family in ModelRegistry.families {
            #expect(ModelRegistry.entry(for: family)?.family == family)
            #expect(!(ModelRegistry.entry(for: family)?.configFileNames.isEmpty ?? true))
        }
        #expect(ModelRegistry.entry(for: ModelFamily(rawValue: "no-such-family")) == nil)
    }

    /// The stored model row keeps the text of the family's first config file present (SpeechBrain: the HF
    /// config.json when the release has one, else hyperparams.yaml).
    @Test func modelRecordKeepsTheFamilysConfigFile() throws {
        for (fixture, file) in [("e2v_tiny_plus", "config.yaml"), ("sb_w2v2_tiny_newkeys", "config.json"),
                                ("sb_w2v2_tiny_oldkeys", "config.json")] {
            let model = try loadModel(directory: Fixture.path(fixture))
            let text = try String(contentsOf: Fixture.url(fixture).appendingPathComponent(file), encoding: .utf8)
            #expect(try ModelRecord(model: model).config == text, "\(fixture)")
        }
    }
}
