// The 64 shipped EmoBox recipes load and say what the emotion2vec+ table and EmoBox's Table 4 say; the two
// recipe options they rely on (folds.exclude, max_duration) select what EmoBox evaluates.
import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("EmoBox recipes")
struct EmoBoxRecipeTests {
    static let folder = Fixture.packageRoot.appendingPathComponent("Recipes/emobox")

    static func load(_ file: String) throws -> Recipe {
        try loadRecipe(path: folder.appendingPathComponent(file).path)
    }

    @Test("every shipped EmoBox recipe loads; one all-class and one 4-class recipe per EmoBox dataset, nothing else")
    func everyRecipeLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".yaml") }
        let expected = EmoBoxCatalog.datasets.flatMap { ["\($0.id).yaml", "\($0.id)-4class.yaml"] }
        #expect(files.sorted() == expected.sorted())
        #expect(EmoBoxCatalog.datasets.count == 32)
        var names = Set<String>()
        for file in files {
            let recipe = try Self.load(file)
            #expect(names.insert(recipe.name).inserted, "\(file): duplicate name \(recipe.name)")
            #expect(recipe.maxDuration == 30, "\(file)")
            #expect(recipe.excludedFolds == ["none"], "\(file)")
            #expect(recipe.folds == .file((recipe.dataDirectory as NSString).appendingPathComponent("utt2fold")))
            #expect(recipe.dataDirectory.hasSuffix("/data/emobox/" + file.replacingOccurrences(of: "-4class", with: "")
                .replacingOccurrences(of: ".yaml", with: "")))
            let mapped = Set(recipe.labelMap.values)
            #expect(mapped.isSubset(of: Set(recipe.labels)), "\(file)")
            #expect(recipe.labels.allSatisfy { !$0.contains(where: \.isWhitespace) })
            #expect(recipe.references.allSatisfy { !$0.sameProtocol && !$0.source.isEmpty && $0.caveat != nil })
        }
    }

    @Test("4-class recipes: the primary classes each corpus has, emotion2vec+ seed/base/large figures, seed flagged")
    func fourClass() throws {
        for dataset in EmoBoxCatalog.datasets {
            let recipe = try Self.load("\(dataset.id)-4class.yaml")
            #expect(Set(recipe.labels).isSubset(of: ["Angry", "Happy", "Neutral", "Sad"]))
            #expect(recipe.references.map(\.model) == ["emotion2vec_plus_seed", "emotion2vec_plus_base", "emotion2vec_plus_large"])
            #expect(recipe.references[0].seenInTraining == .partly)
            #expect(recipe.references[0].caveat?.contains("contamination") == true)
            #expect(recipe.references.dropFirst().allSatisfy { $0.seenInTraining == .unknown })
            #expect(recipe.references.allSatisfy { Set($0.figures.keys) == [.ua, .wa, .macroF1] })
            let e2v = try #require(recipe.mapping(forFamily: "emotion2vec"))
            #expect(Set(e2v.labelMap.values) == Set(recipe.labels))
        }
        // Corpora without all four (docs/specs/emobox-protocol.md §4.2).
        #expect(try Self.load("aesdd-4class.yaml").labels == ["Angry", "Happy", "Sad"])
        #expect(try Self.load("enterface-4class.yaml").labels == ["Angry", "Happy", "Sad"])
        #expect(try Self.load("turevdb-4class.yaml").labels == ["Angry", "Happy", "Sad"])
        #expect(try Self.load("emovdb-4class.yaml").labels == ["Angry", "Neutral"])
        #expect(try Self.load("polish-4class.yaml").labels == ["Angry", "Neutral"])
        // Figures spot-checked against the table.
        let iemocap = try Self.load("iemocap-4class.yaml")
        #expect(iemocap.references.map(\.figures) == [[.ua: 73.2, .wa: 69.6, .macroF1: 70.1],
                                                      [.ua: 71.9, .wa: 69.6, .macroF1: 70.5],
                                                      [.ua: 70.7, .wa: 67.3, .macroF1: 68.5]])
        #expect(iemocap.labelMap == ["ang": "Angry", "exc": "Happy", "hap": "Happy", "neu": "Neutral", "sad": "Sad"])
        #expect(try Self.load("m3ed-4class.yaml").references[2].figures == [.ua: 46.9, .wa: 59, .macroF1: 48.2])
        // EmoDB's raw 'neutral' (map key 'Neutral') is mapped; its other classes are dropped.
        let emodb = try Self.load("emodb-4class.yaml")
        #expect(emodb.labelMap["neutral"] == "Neutral")
        #expect(emodb.drop == ["boredem", "disgust", "fear"])
    }

    @Test("all-class recipes: EmoBox's mapped labels (ASVP-ESD's 'pain, groan' as pain-groan) and Table 4's best two")
    func allClasses() throws {
        let asvp = try Self.load("asvpesd.yaml")
        #expect(asvp.labels.count == 14)
        #expect(asvp.labelMap["11"] == "pain-groan")
        #expect(asvp.references.map(\.model) == ["whisper-large-v3 (EmoBox frozen + head)", "wavlm-large (EmoBox frozen + head)"])
        #expect(asvp.references[0].figures == [.ua: 61.14, .wa: 71.52, .macroF1: 62.08])
        let msp = try Self.load("msppodcast.yaml")
        #expect(msp.labels == ["Angry", "Contempt", "Disgust", "Fear", "Happy", "Neutral", "No-agreement", "Other", "Sad", "Surprise"])
        #expect(try Self.load("tess.yaml").labelMap["ps"] == "Surprise")
        #expect(try Self.load("emovo.yaml").labelMap["gio"] == "Happy")
        // Quirk 9: ASED's one upper-case raw 'S' is Sad, as 's' is (both recipes).
        for file in ["ased.yaml", "ased-4class.yaml"] {
            let ased = try Self.load(file)
            #expect(ased.labelMap["S"] == "Sad" && ased.labelMap["s"] == "Sad", "\(file)")
        }
        // Quirk 10: MSP-Podcast's X (No-agreement) and O (Other) stay in the all-class recipe, out of the 4-class one.
        let msp4 = try Self.load("msppodcast-4class.yaml")
        #expect(msp4.labels == ["Angry", "Happy", "Neutral", "Sad"])
        #expect(msp4.labelMap["X"] == nil && msp4.labelMap["O"] == nil && msp4.drop.contains("X") && msp4.drop.contains("O"))
    }

    @Test("folds.exclude and max_duration leave utterances out and count them; max_duration needs utt2dur")
    func excludeAndMaxDuration() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("a.wav")
        try tree.write("data/wav.scp", "u1 ../a.wav\nu2 ../a.wav\nu3 ../a.wav\nu4 ../a.wav\n")
        try tree.write("data/utt2emo", "u1 ang\nu2 ang\nu3 neu\nu4 neu\n")
        try tree.write("data/utt2fold", "u1 1\nu2 none\nu3 1\nu4 1\n")
        try tree.write("data/utt2dur", "u1 3.5\nu2 1\nu3 31.9\nu4 30\n")
        let text = "name: t\ndata: data\nlabels: [ang, neu]\nfolds: {by: file, exclude: [none]}\nmax_duration: 30\n"
        let corpus = try parseRecipe(text, path: tree.path("r.yaml")).loadCorpus()
        #expect(corpus.utterances.map(\.id) == ["u1", "u4"])
        #expect(corpus.excluded == ["fold none": 1, "longer than 30 s (max_duration)": 1])
        let summary = CorpusSummary(recipe: try parseRecipe(text, path: tree.path("r.yaml")), corpus: corpus).render()
        #expect(summary.contains("excluded: fold none 1, longer than 30 s (max_duration) 1"))
        // Off by default: nothing is left out for length.
        let plain = try parseRecipe("name: t\ndata: data\nlabels: [ang, neu]\nfolds: {by: file}\n", path: tree.path("r.yaml")).loadCorpus()
        #expect(plain.utterances.count == 4 && plain.excluded.isEmpty)

        try FileManager.default.removeItem(atPath: tree.path("data/utt2dur"))
        #expect { try parseRecipe(text, path: tree.path("r.yaml")).loadCorpus() } throws: {
            "\($0)".contains("utt2dur: missing: max_duration 30.0 needs each utterance's length")
        }
        #expect { try parseRecipe("name: t\ndata: data\nlabels: [a]\nmax_duration: -1\nfolds: {by: none, exclude: [x]}\n",
                                  path: tree.path("r.yaml")) } throws: {
            let text = "\($0)"
            return text.contains("max_duration must be a positive number of seconds")
                && text.contains("folds.exclude needs a fold rule")
        }
    }
}
