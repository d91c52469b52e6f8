// RAVDESS, CREMA-D and EmoDB importers on synthetic mini-trees in their release layouts.
import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("FileNameImporters")
struct FileNameImporterTests {
    @Test("RAVDESS: audio-only speech kept, video/song skipped, bad names and empty files reported")
    func ravdess() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("Actor_01/03-01-05-02-01-01-01.wav")
        try tree.wav("Actor_01/03-01-01-01-02-02-01.wav")
        try tree.wav("Actor_01/03-02-05-02-01-01-01.wav")       // song
        try tree.write("Actor_01/01-01-05-02-01-01-01.mp4", "x")  // video
        try tree.wav("Actor_02/03-01-08-01-01-01-02.wav")
        try tree.wav("Actor_02/03-01-09-01-01-01-02.wav")       // emotion 09
        try tree.wav("Actor_02/03-01-01-02-01-01-02.wav")       // strong neutral
        try tree.wav("Actor_02/03-01-04-01-01-01-03.wav")       // actor mismatch
        try tree.wav("Actor_02/03-01-04-01.wav")                // short name
        try tree.write("Actor_02/03-01-04-01-01-02-02.wav", "")  // empty file
        let result = try RAVDESSImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["Actor_01_03-01-01-01-02-02-01", "Actor_01_03-01-05-02-01-01-01",
                                           "Actor_02_03-01-08-01-01-01-02"])
        #expect(result.items.map(\.label) == ["neutral", "angry", "surprised"])
        #expect(result.items.map(\.speaker) == ["Actor_01", "Actor_01", "Actor_02"])
        let messages = result.problems.map(\.description)
        let a2 = tree.path("Actor_02")
        #expect(messages == [
            "\(a2)/03-01-01-02-01-01-02.wav: neutral has no strong intensity",
            "\(a2)/03-01-04-01-01-01-03.wav: actor 03 does not match the folder Actor_02",
            "\(a2)/03-01-04-01-01-02-02.wav: the file is empty or has no audio data",
            "\(a2)/03-01-04-01.wav: file name is not MM-VV-EE-II-SS-RR-AA",
            "\(a2)/03-01-09-01-01-01-02.wav: emotion 09 is not 01–08",
        ])
        #expect(result.notes.contains("skipped 2 video or song files"))
        #expect(result.warnings.contains("Actor_01: 2 audio-only speech files, the release has 60"))
        #expect(result.warnings.contains("2 actor folders, the release has 24"))
    }

    @Test("CREMA-D: codes checked, the silent clip left out")
    func cremad() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("AudioWAV/1001_DFA_ANG_XX.wav")
        try tree.wav("AudioWAV/1091_IEO_HAP_HI.wav")
        try tree.wav("AudioWAV/1076_MTI_SAD_XX.wav")
        try tree.wav("AudioWAV/1002_ABC_ANG_XX.wav")
        try tree.wav("AudioWAV/0999_DFA_JOY_XX.wav")
        try tree.wav("AudioWAV/1001_DFA_ANG.wav")
        let result = try CREMADImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["1001_DFA_ANG_XX", "1091_IEO_HAP_HI"])
        #expect(result.items.map(\.label) == ["angry", "happy"])
        #expect(result.items.map(\.speaker) == ["1001", "1091"])
        let wav = tree.path("AudioWAV")
        #expect(result.problems.map(\.description) == [
            "\(wav)/0999_DFA_JOY_XX.wav: actor 0999 is not 1001–1091; emotion JOY is not ANG, DIS, FEA, HAP, NEU or SAD",
            "\(wav)/1001_DFA_ANG.wav: file name is not <Actor>_<Sentence>_<EMO>_<LVL>",
            "\(wav)/1002_ABC_ANG_XX.wav: sentence ABC is not a CREMA-D sentence code",
        ])
        #expect(result.notes.contains("left out 1076_MTI_SAD_XX: known to have no signal"))
    }

    @Test("EmoDB: speaker, text and emotion letters checked")
    func emodb() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("wav/03a01Fa.wav")
        try tree.wav("wav/16b10Tb.wav")
        try tree.wav("wav/04a01Fa.wav")
        try tree.wav("wav/03a01Xa.wav")
        try tree.wav("wav/03a01F.wav")
        try tree.write("lablaut/03a01Fa.lab", "not audio")
        let result = try EmoDBImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["03a01Fa", "16b10Tb"])
        #expect(result.items.map(\.label) == ["happiness", "sadness"])
        #expect(result.items.map(\.speaker) == ["03", "16"])
        let wav = tree.path("wav")
        #expect(result.problems.map(\.description) == [
            "\(wav)/03a01F.wav: file name is not <SS><TTT><E><V> (7 characters)",
            "\(wav)/03a01Xa.wav: emotion X is not one of W L E A F T N",
            "\(wav)/04a01Fa.wav: speaker 04 is not an EmoDB speaker",
        ])
    }

    @Test("an empty root is an error naming the expected layout", arguments: CorpusKind.allCases)
    func emptyRoot(kind: CorpusKind) throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let error = try #require(throws: CorpusError.self) { try kind.importCorpus(root: root.path) }
        let layout: String
        switch kind {
        case .iemocap: layout = "no Session1..Session5 folders (expected the IEMOCAP_full_release layout)"
        case .ravdess: layout = "no Actor_XX folders (expected the RAVDESS layout Actor_XX/MM-VV-EE-II-SS-RR-AA.wav)"
        case .cremad:
            layout = "no AudioWAV/*.wav files (expected the CREMA-D layout AudioWAV/<Actor>_<Sentence>_<EMO>_<LVL>.wav)"
        case .emodb: layout = "no wav/*.wav files (expected the EmoDB layout wav/<SS><TTT><E><V>.wav)"
        case .mspPodcast: layout = "no Labels/labels_consensus.csv (or v1.8's labels_concensus.csv) (expected the "
            + "MSP-Podcast layout Audios/*.wav, Labels/labels_consensus.csv)"
        case .emovo: layout = "no .wav files (expected the EMOVO layout <spk>/<emo>-<spk>-<sentence>.wav)"
        case .savee: layout = "no .wav files (expected the SAVEE layout AudioData/<SPK>/<code><nn>.wav)"
        case .tess: layout = "no .wav files (expected the TESS layout <OAF|YAF>_<Emotion>/<OAF|YAF>_<word>_<emotion>.wav)"
        case .esd: layout = "no .wav files (expected the ESD layout <spk>/<Emotion>/<train|evaluation|test>/<spk>_<nnnnnn>.wav"
        case .jlCorpus: layout = "no .wav files (expected the JL-Corpus layout Raw JL corpus (unchecked and unannotated)/JL(wav+txt)/"
        case .meld: layout = "train_sent_emo.csv: cannot read: no train_sent_emo.csv in"
        case .casia: layout = "no .wav files (expected the CASIA layout <speaker>/<emotion>/<nnn>.wav"
        case .shemo: layout = "no .wav files (expected the ShEMO layout male/<M><ss><E><nn>.wav and female/<F><ss><E><nn>.wav)"
        case .subesco: layout = "no .wav files (expected the SUBESCO layout <G>_<ss>_<NAME>_S_<sentence>_<EMOTION>_<take>.wav)"
        }
        #expect(error.description.contains(layout))
    }
}
