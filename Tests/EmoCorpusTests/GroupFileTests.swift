// utt2gender from each importer (the release's own information, docs/specs/corpora.md §14), recipe `groups:` and
// `duration_bands:`, and reading the group files back.
@testable import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("GroupFiles")
struct GroupFileTests {
    @Test("IEMOCAP: gender from the last token's letter, not the dialog's marker; written as utt2gender")
    func iemocap() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try IEMOCAPImporterTests.makeTree(TinyTree(root: root))
        let result = try IEMOCAPImporter(root: root.path, set: .standard).importCorpus()
        // Ses01M_script01_1_F000 is spoken by the female actor although the dialog marker is M.
        #expect(result.items.map(\.gender) == ["female", "male", "female", "male", "male"])
        let data = root.appendingPathComponent("data").path
        try result.write(to: data)
        let text = try String(contentsOfFile: data + "/utt2gender", encoding: .utf8)
        #expect(text.hasPrefix("Ses01F_impro01_F000 female\nSes01F_impro01_M000 male\n"))
        #expect(try DataDirectory.read(data).items.map(\.gender) == result.items.map(\.gender))
    }

    @Test("RAVDESS: odd actors male, even actors female")
    func ravdess() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("Actor_01/03-01-05-02-01-01-01.wav")
        try tree.wav("Actor_24/03-01-05-02-01-01-24.wav")
        let result = try RAVDESSImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.gender) == ["male", "female"])
    }

    @Test("EmoDB: the documented speaker table")
    func emodb() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        for name in ["03a01Fa", "08a01Fa", "09a01Fa", "10a01Fa", "11a01Fa", "12a01Fa", "13a01Fa", "14a01Fa",
                     "15a01Fa", "16a01Fa"] {
            try tree.wav("wav/\(name).wav")
        }
        let result = try EmoDBImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.gender) == ["male", "female", "female", "male", "male", "male", "female",
                                               "female", "male", "female"])
    }

    @Test("CREMA-D: Sex from VideoDemographics.csv; a missing file or actor is a warning, never a guess")
    func cremad() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("AudioWAV/1001_DFA_ANG_XX.wav")
        try tree.wav("AudioWAV/1002_IEO_HAP_HI.wav")
        let none = try CREMADImporter(root: root.path).importCorpus()
        #expect(none.items.allSatisfy { $0.gender == nil })
        #expect(none.warnings.contains { $0.hasPrefix("VideoDemographics.csv (the release's actor sexes) not found in ")
            && $0.hasSuffix("; utt2gender not written") })

        try tree.write("VideoDemographics.csv", "ActorID,Age,Sex,Race,Ethnicity\n1001,51,Male,Caucasian,Not Hispanic\n")
        let partial = try CREMADImporter(root: root.path).importCorpus()
        #expect(partial.items.allSatisfy { $0.gender == nil })
        #expect(partial.warnings.contains("\(tree.path("VideoDemographics.csv")) has no row for actor(s) 1002; "
                                          + "utt2gender not written"))

        try tree.write("VideoDemographics.csv", "\u{FEFF}ActorID,Age,Sex,Race,Ethnicity\r\n1001,51,Male,Caucasian,"
                       + "Not Hispanic\r\n1002,21,Female,Caucasian,Not Hispanic\r\n")
        let full = try CREMADImporter(root: root.path).importCorpus()
        #expect(full.items.map(\.gender) == ["male", "female"])
        #expect(full.notes.contains("gender of 2 actors from \(tree.path("VideoDemographics.csv"))"))

        try tree.write("VideoDemographics.csv", "ActorID,Age,Sex\n1001,51,M\n1002,21,Female\n")
        let bad = try CREMADImporter(root: root.path).importCorpus()
        #expect(bad.warnings.contains("\(tree.path("VideoDemographics.csv")):2: Sex 'M' is not Female or Male; "
                                      + "utt2gender not written"))
    }

    @Test("recipe groups: and duration_bands: are checked and read back with the group files")
    func recipeGroups() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.write("data/utt2gender", "a female\nb male\n")
        try tree.write("data/utt2style", "a improvised\nb scripted\n")
        let recipe = try parseRecipe("""
        name: g
        data: data
        labels: [neu, ang]
        groups: [style]
        duration_bands: [0.5, 3]
        """, path: root.appendingPathComponent("g.yaml").path)
        #expect(recipe.groups == ["style"] && recipe.durationBands == [0.5, 3])
        let groups = try recipe.loadGroups()
        #expect(groups.map(\.name) == ["gender", "style"])
        #expect(groups[1].valueOf == ["a": "improvised", "b": "scripted"])
        #expect(try parseRecipe("name: g\ndata: d\nlabels: [a]\n", path: "r.yaml").durationBands == [1, 2, 4, 8])

        let missing = try parseRecipe("name: g\ndata: data\nlabels: [a]\ngroups: [age]\n",
                                      path: root.appendingPathComponent("m.yaml").path)
        let error = try #require(throws: CorpusError.self) { try missing.loadGroups() }
        #expect("\(error)".contains("utt2age"))
        #expect("\(error)".contains("the recipe names 'age' under groups:"))

        let invalid = try #require(throws: CorpusError.self) {
            try parseRecipe("name: g\ndata: d\nlabels: [a]\ngroups: [gender, 'a b', style, style]\n"
                            + "duration_bands: [2, 1, -1]\n", path: "r.yaml")
        }
        let text = "\(invalid)"
        for expected in ["gender needs no entry", "group 'a b' must be a file-name part", "group 'style' is listed twice",
                         "edges must increase, but 1.0 follows 2.0", "edge -1.0 is not a positive number of seconds"] {
            #expect(text.contains(expected), "\(text)")
        }
    }
}
