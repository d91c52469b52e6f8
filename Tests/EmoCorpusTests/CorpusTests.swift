// Recipe.loadCorpus: raw-label map, drops, labels outside the set, and the three fold rules.
import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("Corpus")
struct CorpusTests {
    /// A 5-utterance data directory with speakers, sessions and an explicit fold file.
    static func makeData(_ tree: TinyTree, labels: [String] = ["neu", "exc", "hap", "fru", "sad"]) throws {
        var items: [DataItem] = []
        for (index, label) in labels.enumerated() {
            try tree.wav("wav/u\(index).wav")
            items.append(DataItem(id: "u\(index)", audioPath: tree.path("wav/u\(index).wav"), label: label,
                                  speaker: "spk\(index % 2)", session: "Ses0\(index % 3 + 1)", fold: "f\(index % 2)"))
        }
        try DataDirectory(path: tree.path("data"), items: items).write()
    }

    static func recipe(_ tree: TinyTree, folds: String, extra: String = "drop: [fru]") throws -> Recipe {
        try tree.write("recipes/r.yaml", """
        name: test
        data: ../data
        labels: [neu, hap, sad]
        label_map: {exc: hap}
        \(extra)
        folds: \(folds)
        """)
        return try loadRecipe(path: tree.path("recipes/r.yaml"))
    }

    @Test("labels are mapped, drops counted, folds assigned by session, speaker or file")
    func foldsAndLabels() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.makeData(tree)

        let bySession = try Self.recipe(tree, folds: "{by: session}").loadCorpus(checkAudioFiles: true)
        #expect(bySession.utterances.map(\.id) == ["u0", "u1", "u2", "u4"])
        #expect(bySession.utterances.map(\.label) == ["neu", "hap", "hap", "sad"])
        #expect(bySession.utterances.map(\.rawLabel) == ["neu", "exc", "hap", "sad"])
        #expect(bySession.utterances.map(\.fold) == ["Ses01", "Ses02", "Ses03", "Ses02"])
        #expect(bySession.dropped == ["fru": 1])
        #expect(bySession.labelCounts.map(\.count) == [1, 2, 1])
        #expect(bySession.folds == ["Ses01", "Ses02", "Ses03"])
        #expect(bySession.speakers == ["spk0", "spk1"])

        let bySpeaker = try Self.recipe(tree, folds: "{by: speaker}").loadCorpus()
        #expect(bySpeaker.utterances.map(\.fold) == ["spk0", "spk1", "spk0", "spk0"])
        let byFile = try Self.recipe(tree, folds: "{by: file}").loadCorpus()
        #expect(byFile.utterances.map(\.fold) == ["f0", "f1", "f0", "f0"])
        try tree.write("recipes/folds.txt", "u0 A\nu1 B\nu2 A\n")
        let explicit = try #require(throws: CorpusError.self) {
            try Self.recipe(tree, folds: "{by: file, file: folds.txt}").loadCorpus()
        }
        #expect(explicit.problems.map(\.description) == ["\(tree.path("recipes/folds.txt")): no fold for utterance 'u4'"])
        let none = try Self.recipe(tree, folds: "{by: none}").loadCorpus()
        #expect(none.folds.isEmpty)
    }

    @Test("a raw label outside the set is reported once with its first line and count")
    func labelsOutsideSet() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.makeData(tree, labels: ["neu", "xxx", "fru", "xxx", "sad"])
        let error = try #require(throws: CorpusError.self) {
            try Self.recipe(tree, folds: "{by: none}", extra: "").loadCorpus()
        }
        let emo = tree.path("data/utt2emo")
        #expect(error.problems.map(\.description) == [
            "\(emo):2: label 'xxx' (2 utterance(s)) is not in the label set [neu, hap, sad]; map it with label_map or list it under drop",
            "\(emo):3: label 'fru' (1 utterance(s)) is not in the label set [neu, hap, sad]; map it with label_map or list it under drop",
        ])
    }

    @Test("missing audio files are reported only when asked")
    func missingAudio() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.makeData(tree)
        try FileManager.default.removeItem(atPath: tree.path("wav/u1.wav"))
        let recipe = try Self.recipe(tree, folds: "{by: none}")
        #expect(try recipe.loadCorpus().utterances.count == 4)
        let error = try #require(throws: CorpusError.self) { try recipe.loadCorpus(checkAudioFiles: true) }
        #expect(error.problems.count == 1)
        #expect(error.problems.first?.line == 2)
    }
}
