// The recipes shipped in Recipes/ parse, and carry the published figures and contamination flags.
import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("Shipped recipes")
struct ShippedRecipeTests {
    static let recipes = Fixture.packageRoot.appendingPathComponent("Recipes")

    static func load(_ name: String) throws -> Recipe {
        try loadRecipe(path: recipes.appendingPathComponent(name).path)
    }

    @Test("every shipped recipe parses and maps the four primary emotion2vec+ classes",
          arguments: ["demo.yaml", "iemocap-4class.yaml", "iemocap-improvised.yaml", "ravdess.yaml",
                      "crema-d.yaml", "emodb.yaml", "msp-podcast-test1-4class.yaml", "iemocap-4class-dimensions.yaml"])
    func parses(name: String) throws {
        let recipe = try Self.load(name)
        #expect(recipe.labels.count == 4)
        let e2v = try #require(recipe.mapping(forFamily: "emotion2vec"))
        #expect(Set(e2v.labelMap.keys) == ["neutral", "happy", "angry", "sad"])
        #expect(Set(e2v.labelMap.values) == Set(recipe.labels))
        #expect(e2v.policy == .restricted)
    }

    @Test("IEMOCAP: exc → hap, session folds, Table IV figures and the SpeechBrain contamination flag")
    func iemocap() throws {
        let recipe = try Self.load("iemocap-4class.yaml")
        #expect(recipe.labelMap == ["exc": "hap"])
        #expect(recipe.folds == .bySession)
        let byModel = Dictionary(uniqueKeysWithValues: recipe.references.map { ($0.model, $0) })
        #expect(byModel["emotion2vec_plus_seed"]?.figures == [.ua: 73.2, .wa: 69.6, .macroF1: 70.1])
        #expect(byModel["emotion2vec_plus_base"]?.figures == [.ua: 71.9, .wa: 69.6, .macroF1: 70.5])
        #expect(byModel["emotion2vec_plus_large"]?.figures == [.ua: 70.7, .wa: 67.3, .macroF1: 68.5])
        #expect(byModel["emotion2vec_plus_seed"]?.seenInTraining == .partly)
        let speechbrain = try #require(byModel["emotion-recognition-wav2vec2-IEMOCAP"])
        #expect(speechbrain.seenInTraining == .yes)
        #expect(speechbrain.figures == [.wa: 78.7])
        #expect(speechbrain.caveat?.contains("TRAINED ON THIS CORPUS") == true)
        #expect(recipe.references.allSatisfy { !$0.sameProtocol })
    }

    @Test("YAML merge keys in the file-name corpora keep the shared fields and override the rest")
    func mergeKeys() throws {
        let recipe = try Self.load("emodb.yaml")
        #expect(recipe.references.map(\.model) == ["emotion2vec_plus_seed", "emotion2vec_plus_base",
                                                   "emotion2vec_plus_large"])
        #expect(recipe.references[2].figures[.ua] == 98.6)
        #expect(recipe.references[2].seenInTraining == .unknown)
        #expect(recipe.references[2].source == recipe.references[0].source)
        #expect(recipe.drop == ["boredom", "disgust", "fear"])
    }

    @Test("the demo recipe loads its bundled corpus: 12 clips, 3 speakers, the model directory exists")
    func demo() throws {
        let recipe = try Self.load("demo.yaml")
        let corpus = try recipe.loadCorpus(checkAudioFiles: true)
        #expect(corpus.utterances.count == 12)
        #expect(corpus.folds == ["spk1", "spk2", "spk3"])
        #expect(corpus.labelCounts.map(\.count) == [3, 3, 3, 3])
        let model = try #require(recipe.modelDirectories.first)
        #expect(FileManager.default.fileExists(atPath: model + "/model.pt"))
        #expect(recipe.source.contains("RANDOM WEIGHTS"))
    }

    @Test("MSP-Podcast Test1: 8 and 4 classes with dimensions on 1-7; a dimension-only variant; published CCCs")
    func mspPodcast() throws {
        let eight = try Self.load("msp-podcast-test1.yaml")
        #expect(eight.labels == ["angry", "sad", "happy", "surprise", "fear", "disgust", "contempt", "neutral"])
        #expect(eight.drop == ["other", "no-agreement"])
        #expect(eight.dimensions.map(\.dimension) == [.arousal, .valence, .dominance])
        #expect(eight.dimensions.allSatisfy { $0.range == 1...7 })
        let four = try Self.load("msp-podcast-test1-4class.yaml")
        #expect(four.labels == ["angry", "happy", "neutral", "sad"] && four.dataDirectory == eight.dataDirectory)
        let dims = try Self.load("msp-podcast-test1-dimensions.yaml")
        #expect(dims.labels.isEmpty && dims.drop.isEmpty && dims.dimensions.count == 3)
        for recipe in [eight, four, dims] {
            let audeering = try #require(recipe.references.first { $0.model == "wav2vec2-large-robust-12-ft-emotion-msp-dim" })
            #expect(audeering.dimensionFigures.map(\.key) == ["CCC-valence"] && audeering.dimensionFigures[0].value == 0.638)
            #expect(audeering.seenInTraining == .no && audeering.caveat?.isEmpty == false)
        }
        let iemocap = try Self.load("iemocap-4class-dimensions.yaml")
        #expect(iemocap.dimensions.allSatisfy { $0.range == 1...5 } && iemocap.labels.count == 4)
    }
}
