// CASIA, ShEMO and SUBESCO importers on release trees built here (tiny WAVs, not real audio): full-size
// trees for the count checks (a complete release passes, one missing file names expected vs found), and
// small trees for the layouts and quirks of docs/specs/corpora.md §5, §10, §11.
@testable import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("CASIA, ShEMO, SUBESCO importers")
struct CASIAShEMOSUBESCOImporterTests {
    /// 24 samples: 92-byte files, enough for the importers' "has audio data" check, small for 7 000 of them.
    static func tiny(_ tree: TinyTree, _ path: String) throws { try tree.wav(path, samples: 24) }

    // MARK: CASIA

    @Test("CASIA: EmoBox's <speaker>/<emotion>/<nnn>.wav (capitalised folders too) passes the 1200/300/200 check; one file less names expected vs found")
    func casiaFullRelease() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        for speaker in ["liuchanhg", "wangzhe", "zhaoquanyin", "ZhaoZuoxiang"] {
            for emotion in CASIAImporter.emotions {
                for number in 201...250 { try Self.tiny(tree, "CASIA/\(speaker)/\(emotion)/\(number).wav") }
            }
        }
        let result = try CASIAImporter(root: root.path).importCorpus()
        #expect(result.items.count == 1200)
        #expect(result.problems.isEmpty)
        #expect(result.countMismatches.isEmpty)
        let first = try #require(result.items.first)
        #expect(first.id == "casia_liuchanhg_angry_201" && first.speaker == "liuchanhg" && first.label == "angry")
        #expect(Set(result.items.compactMap(\.speaker)) == ["liuchanhg", "wangzhe", "zhaoquanyin", "zhaozuoxiang"])
        #expect(result.items.allSatisfy { $0.gender == nil })
        #expect(result.notes.contains("no utt2gender: the CASIA package does not state its speakers' genders"))

        try FileManager.default.removeItem(atPath: tree.path("CASIA/wangzhe/sad/237.wav"))
        let partial = try CASIAImporter(root: root.path).importCorpus()
        #expect(partial.countMismatches == ["utterances: expected 1200, found 1199", "speaker wangzhe: expected 300, found 299",
                                            "emotion sad: expected 200, found 199"])
    }

    @Test("CASIA re-packs: flat names, 相同文本300 prefixes, Chang.Liu spellings; bad paths name the file and the reason")
    func casiaRepacks() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.tiny(tree, "flat/201-angry-liuchanhg.wav")
        try Self.tiny(tree, "相同文本300/相同文本300_wangzhe_happy_202.wav")
        try Self.tiny(tree, "Zuoxiang.Zhao/Surprise/203.wav")
        try Self.tiny(tree, "dup/liuchanhg/angry/201.wav")           // same speaker, emotion, number as the flat one
        try Self.tiny(tree, "misc/204-angry.wav")                    // no speaker
        try Self.tiny(tree, "wangzhe/sad/fear/205.wav")              // two emotions
        try Self.tiny(tree, "wangzhe/neutral/206_2.wav")             // two numbers
        try tree.write("wangzhe/neutral/207.wav", "")                // empty
        let result = try CASIAImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["casia_liuchanhg_angry_201", "casia_wangzhe_happy_202",
                                           "casia_zhaozuoxiang_surprise_203"])
        #expect(result.items.map(\.speaker) == ["liuchanhg", "wangzhe", "zhaozuoxiang"])
        #expect(result.items[0].audioPath == tree.path("dup/liuchanhg/angry/201.wav")
                || result.items[0].audioPath == tree.path("flat/201-angry-liuchanhg.wav"))
        let problems = Dictionary(uniqueKeysWithValues: result.problems.map {
            (String($0.file.dropFirst(root.path.count + 1)), $0.message) })
        #expect(problems["misc/204-angry.wav"] == "no CASIA speaker (liuchanhg, wangzhe, zhaoquanyin, zhaozuoxiang) in the path")
        #expect(problems["wangzhe/sad/fear/205.wav"] == "several emotions in the path (fear, sad)")
        #expect(problems["wangzhe/neutral/206_2.wav"] == "the file name does not hold exactly one utterance number")
        #expect(problems["wangzhe/neutral/207.wav"] == "the file is empty or has no audio data")
        #expect(problems.values.contains { $0.hasPrefix("same speaker, emotion and number as ") })
        #expect(result.problems.count == 5)
    }

    @Test("CASIA: a file name decomposed (NFD, as macOS archives store it) is read like its NFC form")
    func casiaNFD() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        // "é" decomposed: the folder still names the speaker and the emotion as tokens after NFC.
        try Self.tiny(tree, "Caf\u{0065}\u{0301}-copy/wangzhe/angry/210.wav")
        let result = try CASIAImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["casia_wangzhe_angry_210"])
        #expect(ReleaseName(relative: "Caf\u{0065}\u{0301}/x.wav").normalised == "Caf\u{00E9}/x.wav")
    }

    @Test("a file name that is not UTF-8 (a GBK archive unpacked as UTF-8) is reported naming the file")
    func nonUTF8Name() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.tiny(tree, "wangzhe/angry/211.wav")
        // "相同" in GBK bytes, then the rest of a CASIA re-pack name.
        let bytes: [UInt8] = Array((root.path + "/").utf8) + [0xCF, 0xE0, 0xCD, 0xAC] + Array("_wangzhe_angry_212.wav".utf8)
        let data = TinyTree.wavBytes(samples: 24, sampleRate: 16000)
        let fd = open((bytes + [0]).map { CChar(bitPattern: $0) }, O_CREAT | O_WRONLY, 0o644)
        try #require(fd >= 0)
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, data.count) }
        close(fd)
        let result = try CASIAImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["casia_wangzhe_angry_211"])
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.message.hasPrefix("the path is not valid UTF-8") == true)
        #expect(result.problems.first?.file.hasSuffix("_wangzhe_angry_212.wav") == true)
    }

    // MARK: ShEMO

    /// 3 000 names with shemo.json's counts: emotion totals, 1 263 female / 1 737 male files over 31 + 56 speakers.
    static func shemoNames() -> [String] {
        let letters = [("A", 1042), ("F", 32), ("H", 203), ("N", 1160), ("S", 362), ("W", 201)]
            .flatMap { Array(repeating: $0.0, count: $0.1) }
        var used: [String: Int] = [:]
        return letters.enumerated().map { index, letter in
            let female = index < 1263
            let group = female ? index : index - 1263
            let prefix = (female ? "F" : "M") + String(format: "%02d", group % (female ? 31 : 56) + 1) + letter
            used[prefix, default: 0] += 1
            return prefix + String(format: "%02d", used[prefix]!)
        }
    }

    @Test("ShEMO: letters → shemo.json's labels, F at position 1 is a gender and at 4 fear; speaker F21 ≠ M21; folder and shemo.json disagreements reported")
    func shemoNames() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        for name in ["female/F03S02", "female/F21F03", "male/M21F01", "male/M21W10", "female/F07H01", "male/M12A01",
                     "male/M12N01", "female/F07X01", "male/F08A01", "male/M30N02", "female/F09N05"] {
            try Self.tiny(tree, "ShEMO/\(name).wav")
        }
        try tree.write("ShEMO/shemo.json", """
        {"F03S02": {"speaker_id": "F03", "gender": "female", "emotion": "sad", "transcript": "…"},
         "F21F03": {"speaker_id": "F21", "gender": "female", "emotion": "fearful"},
         "M21F01": {"speaker_id": "M21", "gender": "male", "emotion": "fearful"},
         "M21W10": {"speaker_id": "M21", "gender": "male", "emotion": "surprised"},
         "F07H01": {"speaker_id": "F07", "gender": "female", "emotion": "happy"},
         "M12A01": {"speaker_id": "M12", "gender": "male", "emotion": "angry"},
         "M12N01": {"speaker_id": "M12", "gender": "male", "emotion": "neutral"},
         "F08A01": {"speaker_id": "F08", "gender": "female", "emotion": "angry"},
         "M30N02": {"speaker_id": "M30", "gender": "male", "emotion": "sad"},
         "M40S01": {"speaker_id": "M40", "gender": "male", "emotion": "sad"}}
        """)
        let result = try ShEMOImporter(root: tree.path("ShEMO")).importCorpus()
        #expect(result.items.map(\.id) == ["shemo_F03S02", "shemo_F07H01", "shemo_F21F03", "shemo_M12A01", "shemo_M12N01",
                                           "shemo_M21F01", "shemo_M21W10"])
        #expect(result.items.map(\.label) == ["sad", "happy", "fearful", "angry", "neutral", "fearful", "surprised"])
        #expect(result.items.map(\.gender) == ["female", "female", "female", "male", "male", "male", "male"])
        #expect(result.items.map(\.speaker) == ["F03", "F07", "F21", "M12", "M12", "M21", "M21"])
        let problems = Dictionary(uniqueKeysWithValues: result.problems.map { (($0.file as NSString).lastPathComponent, $0.message) })
        #expect(problems["F07X01.wav"] == "file name is not <G><ss><E><nn> (G = F|M, E = A|F|H|N|S|W, e.g. F03S02)")
        #expect(problems["F08A01.wav"] == "a female speaker's file in the male/ folder")
        #expect(problems["M30N02.wav"]?.hasSuffix("shemo.json says emotion 'sad', the name says 'neutral'") == true)
        #expect(problems["F09N05.wav"]?.hasPrefix("not listed in ") == true)
        #expect(result.problems.count == 4)
        #expect(result.notes.contains { $0.contains("10 entries") && $0.contains("M40S01") })
        #expect(result.countMismatches.first == "utterances: expected 3000, found 7")
        #expect(result.countMismatches.contains("emotion neutral: expected 1160, found 1"))
        #expect(result.countMismatches.contains("gender female: expected 1263, found 3"))
        #expect(result.countMismatches.last == "speakers: expected 87, found 5")
    }

    @Test("ShEMO: a release with shemo.json's counts passes; EmoBox's 2838-file copy is named as such in the mismatch")
    func shemoCounts() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        let names = Self.shemoNames()
        #expect(names.count == 3000)
        for name in names { try Self.tiny(tree, (name.hasPrefix("F") ? "female/" : "male/") + name + ".wav") }
        let full = try ShEMOImporter(root: root.path).importCorpus()
        #expect(full.problems.map(\.message).isEmpty)
        #expect(full.items.count == 3000)
        #expect(full.countMismatches.isEmpty)
        for name in names.suffix(162) {
            try FileManager.default.removeItem(atPath: tree.path((name.hasPrefix("F") ? "female/" : "male/") + name + ".wav"))
        }
        let emoBoxLike = try ShEMOImporter(root: root.path).importCorpus()
        #expect(emoBoxLike.countMismatches.first == "utterances: expected 3000, found 2838 (EmoBox's copy has exactly 2838: this may be it)")
    }

    // MARK: SUBESCO

    @Test("SUBESCO: the full 7000-file release (with its `_3].wav` file) passes the 350-per-speaker and 1000-per-emotion check")
    func subescoFullRelease() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        for (speaker, name) in SUBESCOImporter.speakers {
            for emotion in SUBESCOImporter.emotions {
                for sentence in 1...10 {
                    for take in 1...5 {
                        var stem = "\(speaker)_\(name)_S_\(sentence)_\(emotion)_\(take)"
                        if stem == "F_02_MONIKA_S_2_SURPRISE_3" { stem += "]" }
                        try Self.tiny(tree, "SUBESCO/\(stem).wav")
                    }
                }
            }
        }
        let result = try SUBESCOImporter(root: root.path).importCorpus()
        #expect(result.problems.isEmpty)
        #expect(result.countMismatches.isEmpty)
        #expect(result.items.count == 7000)
        #expect(result.items.contains { $0.id == "subesco_F_02_MONIKA_S_2_SURPRISE_3" && $0.label == "surprise" })
        #expect(result.notes.contains("take field with stray characters read as its digits: SUBESCO/F_02_MONIKA_S_2_SURPRISE_3].wav"))
        #expect(result.items.filter { $0.gender == "female" }.count == 3500)
        #expect(Set(result.items.compactMap(\.speaker)).count == 20)
        let item = try #require(result.items.first { $0.id == "subesco_M_10_EVAN_S_10_ANGRY_5" })
        #expect(item.speaker == "M_10" && item.gender == "male" && item.label == "angry")
    }

    @Test("SUBESCO: speaker names checked against the release, numbers repeat across genders, bad fields named")
    func subescoBadNames() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.tiny(tree, "F_10_FAHMEE_S_6_FEAR_5.wav")
        try Self.tiny(tree, "M_10_EVAN_S_6_FEAR_5.wav")
        try Self.tiny(tree, "F_01_MONIKA_S_1_SAD_1.wav")
        try Self.tiny(tree, "M_11_NOBODY_S_1_SAD_1.wav")
        try Self.tiny(tree, "F_03_SMITA_S_1_CALM_1.wav")
        try Self.tiny(tree, "F_03_SMITA_S_11_SAD_6.wav")
        try Self.tiny(tree, "F_03_SMITA_1_SAD_1.wav")
        let result = try SUBESCOImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.speaker) == ["F_10", "M_10"])
        #expect(result.items.map(\.gender) == ["female", "male"])
        #expect(result.items.map(\.label) == ["fear", "fear"])
        let problems = Dictionary(uniqueKeysWithValues: result.problems.map { (($0.file as NSString).lastPathComponent, $0.message) })
        #expect(problems["F_01_MONIKA_S_1_SAD_1.wav"] == "speaker F_01 is OISHI in the release, the name says 'MONIKA'")
        #expect(problems["M_11_NOBODY_S_1_SAD_1.wav"] == "speaker number '11' is not 01–10")
        #expect(problems["F_03_SMITA_S_1_CALM_1.wav"] == "emotion 'CALM' is not one of ANGRY DISGUST FEAR HAPPY NEUTRAL SAD SURPRISE")
        #expect(problems["F_03_SMITA_S_11_SAD_6.wav"] == "sentence '11' is not 1–10; take '6' is not 1–5")
        #expect(problems["F_03_SMITA_1_SAD_1.wav"] == "file name is not <G>_<ss>_<NAME>_S_<sentence>_<EMOTION>_<take> (6 fields)")
        #expect(result.countMismatches.contains("speaker F_10: expected 350, found 1"))
        #expect(result.countMismatches.contains("speaker M_01: expected 350, found 0"))
    }
}
