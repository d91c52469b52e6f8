// utt2arousal / utt2valence / utt2dominance (and utt2gender) in data directories and recipes: round trip,
// finite numbers, coverage or a declared subset, the recipe's scale, every problem with file and line.
import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("DimensionFiles")
struct DimensionFilesTests {
    /// Three utterances with wav.scp and utt2emo; dimension files are added per test.
    func makeData(_ tree: TinyTree) throws {
        for id in ["u1", "u2", "u3"] { try tree.wav("wav/\(id).wav") }
        try tree.write("data/wav.scp", ["u1", "u2", "u3"].map { "\($0) \(tree.path("wav/\($0).wav"))\n" }.joined())
        try tree.write("data/utt2emo", "u1 neu\nu2 hap\nu3 sad\n")
    }

    func recipe(_ tree: TinyTree, _ extra: String) throws -> Recipe {
        try tree.write("recipe.yaml", """
        name: both
        data: data
        labels: [neu, hap, sad]
        dimensions: {arousal: [1, 5], valence: [1, 5]}
        \(extra)
        """)
        return try loadRecipe(path: tree.path("recipe.yaml"))
    }

    @Test("values and genders round-trip through write and read")
    func roundTrip() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("a.wav")
        let items = [
            DataItem(id: "u1", audioPath: tree.path("a.wav"), label: "neu", gender: "female",
                     dimensions: [.arousal: 2.2, .valence: 3.777778, .dominance: 1]),
            DataItem(id: "u2", audioPath: tree.path("a.wav"), label: "hap", gender: "male",
                     dimensions: [.arousal: 0.1 + 0.2, .valence: 7, .dominance: 4.5]),
        ]
        let out = root.appendingPathComponent("data").path
        try DataDirectory(path: out, items: items).write()
        #expect(try String(contentsOfFile: out + "/utt2arousal", encoding: .utf8) == "u1 2.2\nu2 0.30000000000000004\n")
        #expect(try DataDirectory.read(out).items == items)   // bit-exact values
        // An item without a value removes the file rather than writing a partial one.
        try DataDirectory(path: out, items: [items[0], DataItem(id: "u3", audioPath: tree.path("a.wav"), label: "sad")]).write()
        #expect(!FileManager.default.fileExists(atPath: out + "/utt2arousal"))
    }

    @Test("non-numbers, NaN, unknown ids and missing values are all reported with file and line")
    func validation() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try makeData(tree)
        try tree.write("data/utt2arousal", "u1 2.5\nu2 high\nu4 3\n")
        try tree.write("data/utt2valence", "u1 nan\nu2 3\nu3 4 5\n")
        let error = try #require(throws: CorpusError.self) { try DataDirectory.read(tree.path("data")) }
        let arousal = tree.path("data/utt2arousal"), valence = tree.path("data/utt2valence")
        #expect(error.problems.map(\.description) == [
            "\(arousal):2: value 'high' of 'u2' is not a finite number",
            "\(arousal):3: 'u4' is not an utterance of this data directory",
            "\(arousal): 1 utterance(s) have no value ('u3'); every utterance needs one unless the recipe names "
                + "the labelled ones in dimension_subset",
            "\(valence):3: expected 2 fields, found 3: 'u3 4 5'",
            "\(valence):1: value 'nan' of 'u1' is not a finite number",
        ])
    }

    @Test("a recipe with categories and dimensions: both reach the corpus; values outside the scale are located")
    func recipeWithBoth() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try makeData(tree)
        try tree.write("data/utt2arousal", "u1 2.5\r\nu2 4\r\nu3 1\r\n")   // Windows line ends are fine
        try tree.write("data/utt2valence", "u1 3\nu2 4.5\nu3 2\n")
        try tree.write("data/utt2dominance", "u1 3\nu2 4.5\nu3 2\n")   // present but not declared: not carried
        let corpus = try recipe(tree, "").loadCorpus()
        #expect(corpus.utterances.map(\.label) == ["neu", "hap", "sad"])
        #expect(corpus.utterances.map(\.dimensions) == [[.arousal: 2.5, .valence: 3], [.arousal: 4, .valence: 4.5],
                                                       [.arousal: 1, .valence: 2]])
        try tree.write("data/utt2valence", "u1 3\nu2 5.5\nu3 2\n")
        let error = try #require(throws: CorpusError.self) { try recipe(tree, "").loadCorpus() }
        #expect(error.problems.map(\.description)
                == ["\(tree.path("data/utt2valence")):2: valence 5.5 of 'u2' is outside the recipe's scale [1.0, 5.0]"])
        try FileManager.default.removeItem(atPath: tree.path("data/utt2valence"))
        let missing = try #require(throws: CorpusError.self) { try recipe(tree, "").loadCorpus() }
        #expect(missing.problems.first?.description.hasPrefix(
            "\(tree.path("data/utt2valence")): missing: the recipe declares dimension 'valence'") == true)
    }

    @Test("dimension_subset: only the listed utterances need values and carry them")
    func subset() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try makeData(tree)
        try tree.write("data/utt2arousal", "u1 2.5\nu3 1\n")
        try tree.write("data/utt2valence", "u1 3\nu3 2\n")
        #expect(throws: CorpusError.self) { try recipe(tree, "").loadCorpus() }   // u2 has no value
        try tree.write("labelled", "u1\nu3\n")
        let corpus = try recipe(tree, "dimension_subset: labelled").loadCorpus()
        #expect(corpus.utterances.map(\.dimensions.count) == [2, 0, 2])
        try tree.write("labelled", "u1\nu2\nu3\n")
        let error = try #require(throws: CorpusError.self) { try recipe(tree, "dimension_subset: labelled").loadCorpus() }
        #expect(error.problems.contains { $0.description.contains("utt2arousal: 1 utterance(s) have no value ('u2')") })
    }

    @Test("a dimension-only recipe (no labels) keeps every utterance with its raw label; no labels and no dimensions is an error")
    func dimensionOnly() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try makeData(tree)
        try tree.write("data/utt2valence", "u1 3\nu2 4.5\nu3 2\n")
        try tree.write("dims.yaml", "name: dims\ndata: data\ndimensions: {valence: [1, 5]}\n")
        let corpus = try loadRecipe(path: tree.path("dims.yaml")).loadCorpus()
        #expect(corpus.utterances.map(\.label) == ["neu", "hap", "sad"])
        #expect(corpus.utterances.map { $0.dimensions[.valence] } == [3, 4.5, 2])
        let error = try #require(throws: CorpusError.self) { try parseRecipe("name: x\ndata: d\n", path: "r.yaml") }
        #expect(error.problems.map(\.message)
                == ["the label set is empty (list labels, or declare dimensions for a dimension-only recipe)"])
    }
}
