// EMOVO, SAVEE (official and flattened) and TESS importers on mini release trees.
import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("EMOVO, SAVEE, TESS importers")
struct SmallCorporaImporterTests {
    @Test("EMOVO: code → label, speaker and gender from the name, bad names and empty files reported, count checked")
    func emovo() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("f1/gio-f1-b1.wav")
        try tree.wav("m3/rab-m3-n5.wav")
        try tree.wav("m3/xxx-m3-n5.wav")
        try tree.write("m3/tri-m3-d1.wav", "")
        let result = try EMOVOImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["emovo_gio-f1-b1", "emovo_rab-m3-n5"])
        #expect(result.items.map(\.label) == ["joy", "anger"])
        #expect(result.items.map(\.gender) == ["female", "male"])
        #expect(result.items.map(\.speaker) == ["f1", "m3"])
        #expect(result.problems.map(\.message).sorted() == [
            "emotion code 'xxx' is not one of neu dis gio pau rab sor tri", "the file is empty or has no audio data"])
        #expect(result.warnings == ["2 utterances, the release has 588"])
    }

    @Test("SAVEE: official AudioData/<SPK>/ and flattened <SPK>_ names; sa/su before a; all male")
    func savee() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("AudioData/JE/sa09.wav")
        try tree.wav("AudioData/DC/a01.wav")
        try tree.wav("AudioData/KL/n30.wav")
        try tree.wav("flat/JK_su15.wav")
        try tree.wav("AudioData/XX/a01.wav")
        let result = try SAVEEImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["savee_DC_a01", "savee_JE_sa09", "savee_JK_su15", "savee_KL_n30"])
        #expect(result.items.map(\.label) == ["anger", "sadness", "surprise", "neutral"])
        #expect(result.items.allSatisfy { $0.gender == "male" })
        #expect(result.problems.map(\.message) == ["speaker 'XX' is not DC, JE, JK or KL"])
    }

    @Test("TESS: label and speaker from the file name (folder spelling ignored), ps = surprise, all female")
    func tess() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("OAF_Pleasant_surprise/OAF_back_ps.wav")
        try tree.wav("YAF_fear/YAF_bath_fear.wav")
        try tree.wav("YAF_fear/YAF_bath_calm.wav")
        let result = try TESSImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.label) == ["surprise", "fear"])
        #expect(result.items.map(\.speaker) == ["OAF", "YAF"])
        #expect(result.items.allSatisfy { $0.gender == "female" })
        #expect(result.problems.map(\.message) == ["emotion 'calm' is not one of angry disgust fear happy neutral ps sad"])
        let out = root.appendingPathComponent("out").path
        try result.write(to: out)
        #expect(try String(contentsOfFile: out + "/utt2gender", encoding: .utf8) == "tess_OAF_back_ps female\ntess_YAF_bath_fear female\n")
    }
}
