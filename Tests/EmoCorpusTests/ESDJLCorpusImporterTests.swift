// ESD (official and flattened layouts) and JL-Corpus importers on mini release trees; complete trees (made of hard
// links to one tiny WAV) check that the release counts pass, and that one missing file is named as expected vs found.
import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("ESD, JL-Corpus importers")
struct ESDJLCorpusImporterTests {
    /// Hard-links `paths` (relative to `tree.root`) to one tiny WAV: thousands of files cost little.
    static func linkAll(_ tree: TinyTree, _ paths: [String]) throws {
        let source = tree.path(".source.wav")
        try TinyTree.wavBytes(samples: 8, sampleRate: 16000).write(to: URL(fileURLWithPath: source))
        var folders = Set<String>()
        for path in paths {
            let folder = (tree.path(path) as NSString).deletingLastPathComponent
            if folders.insert(folder).inserted {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            guard link(source, tree.path(path)) == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
    }

    @Test("ESD official layout: label from the emotion folder, split from the split folder, gender and language")
    func esdOfficial() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.write("ReadMe.txt", "ESD\n")
        try tree.write("0001/0001.txt", "0001_000001\t打开\t中立\n")
        try tree.wav("0001/Neutral/evaluation/0001_000001.wav")
        try tree.wav("0001/Angry/train/0001_000401.wav")
        try tree.wav("0011/Surprise/test/0011_001421.wav")
        try tree.wav("0011/Happy/evaluation/0011_000701.wav")
        // Problems: index of the Neutral block inside Angry/, a file of another speaker, a bad split folder, empty.
        try tree.wav("0001/Angry/test/0001_000002.wav")
        try tree.wav("0001/Sad/train/0002_001100.wav")
        try tree.wav("0011/Sad/valid/0011_001051.wav")
        try tree.write("0011/Sad/train/0011_001100.wav", "")
        let result = try ESDImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["esd_0001_000001", "esd_0001_000401", "esd_0011_000701", "esd_0011_001421"])
        #expect(result.items.map(\.label) == ["neutral", "angry", "happy", "surprise"])
        #expect(result.items.map(\.gender) == ["female", "female", "male", "male"])
        #expect(result.items.map(\.speaker) == ["0001", "0001", "0011", "0011"])
        #expect(result.extraTables["utt2split"] == ["esd_0001_000001": "evaluation", "esd_0001_000401": "train",
                                                    "esd_0011_000701": "evaluation", "esd_0011_001421": "test"])
        #expect(result.extraTables["utt2language"]?["esd_0001_000001"] == "mandarin")
        #expect(result.extraTables["utt2language"]?["esd_0011_001421"] == "english")
        #expect(result.problems.map(\.message).sorted() == [
            "file of speaker '0002' in folder '0001'",
            "folder 'valid' below Sad is not train, evaluation or test",
            "index 000002 belongs to the neutral block (000001–000350), but the file is in Angry/",
            "the file is empty or has no audio data",
        ])
        #expect(result.countMismatches.first == "utterances: expected 35000, found 4")
        #expect(result.countMismatches.contains("speaker 0002: expected 1750, found 0"))
        #expect(result.countMismatches.contains("speaker/emotion/split 0001/neutral/evaluation: expected 20, found 1"))
        let out = root.appendingPathComponent("out").path
        try result.write(to: out)
        #expect(try String(contentsOfFile: out + "/utt2gender", encoding: .utf8)
                == "esd_0001_000001 female\nesd_0001_000401 female\nesd_0011_000701 male\nesd_0011_001421 male\n")
        #expect(try String(contentsOfFile: out + "/utt2split", encoding: .utf8).hasPrefix("esd_0001_000001 evaluation\n"))
    }

    @Test("ESD flattened copy: split from the index rule (20 evaluation, 30 test, 300 train per block), noted")
    func esdFlattened() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        // The public README's examples: 0011_000001 / 0012_001401 val, _000021 / _001421 test, _000051 / _001451 train.
        for name in ["0011/Neutral/0011_000001", "0012/Surprise/0012_001401", "0011/Neutral/0011_000021",
                     "0012/Surprise/0012_001421", "0011/Neutral/0011_000051", "0012/Surprise/0012_001451",
                     "0012/Surprise/0012_001750", "0012/Surprise/0012_001420"] {
            try tree.wav("ESD/\(name).wav")
        }
        let result = try ESDImporter(root: root.path).importCorpus()
        #expect(result.problems.isEmpty)
        let split = try #require(result.extraTables["utt2split"])
        #expect(split["esd_0011_000001"] == "evaluation" && split["esd_0012_001401"] == "evaluation")
        #expect(split["esd_0012_001420"] == "evaluation")
        #expect(split["esd_0011_000021"] == "test" && split["esd_0012_001421"] == "test")
        #expect(split["esd_0011_000051"] == "train" && split["esd_0012_001451"] == "train" && split["esd_0012_001750"] == "train")
        #expect(result.notes.contains { $0.hasPrefix("8 files are not in train/evaluation/test folders") })
    }

    @Test("ESD complete release: no count mismatch; one file missing is named expected vs found")
    func esdComplete() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        var paths: [String] = []
        for speaker in ESDImporter.speakers {
            for emotion in ESDImporter.emotions {
                for offset in 0..<350 {
                    let index = emotion.firstIndex + offset
                    let split = offset < 20 ? "evaluation" : offset < 50 ? "test" : "train"
                    let folder = emotion.folder.prefix(1).uppercased() + emotion.folder.dropFirst()
                    paths.append("\(speaker)/\(folder)/\(split)/\(speaker)_\(String(format: "%06d", index)).wav")
                }
            }
        }
        try Self.linkAll(tree, paths)
        let complete = try ESDImporter(root: root.path).importCorpus()
        #expect(complete.items.count == 35000)
        #expect(complete.problems.isEmpty)
        #expect(complete.countMismatches.isEmpty)
        #expect(!complete.notes.contains { $0.contains("index rule") && $0.contains("differs") })
        try FileManager.default.removeItem(atPath: tree.path("0015/Sad/test/0015_001071.wav"))
        let missing = try ESDImporter(root: root.path).importCorpus()
        #expect(missing.countMismatches == ["utterances: expected 35000, found 34999", "speaker 0015: expected 1750, found 1749",
                                            "speaker/emotion/split 0015/sad/test: expected 30, found 29"])
    }

    @Test("JL-Corpus: reads JL(wav+txt) only, label/speaker/gender from the name, bad names reported")
    func jlCorpus() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        let folder = "Raw JL corpus (unchecked and unannotated)/JL(wav+txt)"
        try tree.wav("\(folder)/female1_angry_1a_1.wav")
        try tree.write("\(folder)/female1_angry_1a_1.txt", "Wow this is amazing\n")
        try tree.wav("\(folder)/male2_apologetic_15b_2.wav")
        try tree.wav("\(folder)/male2_bored_3a_1.wav")
        try tree.wav("\(folder)/male3_sad_3a_1.wav")
        try tree.wav("\(folder)/female2_sad_16a_1.wav")
        try tree.wav("\(folder)/female2_sad_3c_1.wav")
        try tree.wav("Other folder/female1_happy_2a_1.wav")   // outside JL(wav+txt): not read
        let result = try JLCorpusImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["jl_female1_angry_1a_1", "jl_male2_apologetic_15b_2"])
        #expect(result.items.map(\.label) == ["angry", "apologetic"])
        #expect(result.items.map(\.speaker) == ["female1", "male2"])
        #expect(result.items.map(\.gender) == ["female", "male"])
        #expect(result.extraTables["utt2emotion_set"] == ["jl_female1_angry_1a_1": "primary", "jl_male2_apologetic_15b_2": "secondary"])
        #expect(result.problems.map(\.message).sorted() == [
            "emotion 'bored' is not one of angry sad neutral happy excited anxious apologetic assertive concerned encouraging",
            "sentence '16a' is not 1–15 followed by a or b",
            "sentence '3c' is not 1–15 followed by a or b",
            "speaker 'male3' is not female1, female2, male1 or male2",
        ])
        #expect(result.notes.contains("1 files have no same-stem .txt transcript"))
        #expect(result.countMismatches.first == "utterances: expected 2400, found 2")
        #expect(result.countMismatches.contains("emotion sad: expected 240, found 0"))
        #expect(result.countMismatches.contains("speaker male1: expected 600, found 0"))
    }

    @Test("JL-Corpus complete release (2400 files) passes the count check")
    func jlComplete() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var paths: [String] = []
        for speaker in JLCorpusImporter.speakers {
            for emotion in JLCorpusImporter.primaryEmotions + JLCorpusImporter.secondaryEmotions {
                for sentence in 1...15 { for variant in ["a", "b"] { for take in 1...2 {
                    paths.append("JL(wav+txt)/\(speaker)_\(emotion)_\(sentence)\(variant)_\(take).wav")
                } } }
            }
        }
        try Self.linkAll(TinyTree(root: root), paths)
        let result = try JLCorpusImporter(root: root.path).importCorpus()
        #expect(result.items.count == 2400 && result.problems.isEmpty && result.countMismatches.isEmpty)
    }
}
