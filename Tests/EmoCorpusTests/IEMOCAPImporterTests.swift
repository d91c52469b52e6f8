// IEMOCAP importer on a synthetic mini-tree in the release layout, made by the test itself.
@testable import EmoCorpus
import EmoTestSupport
import EmoTypes
import Foundation
import Testing

@Suite("IEMOCAPImporter")
struct IEMOCAPImporterTests {
    static let header = "% [START_TIME - END_TIME] TURN_NAME EMOTION [V, A, D]\n\n"

    /// Two sessions; one malformed summary line, one missing wav, files that must not be read.
    static func makeTree(_ tree: TinyTree) throws {
        let s1 = "IEMOCAP_full_release/Session1"
        try tree.write("\(s1)/dialog/EmoEvaluation/Ses01F_impro01.txt", header + """
        [6.2901 - 8.2357]\tSes01F_impro01_F000\tneu\t[2.5000, 2.5000, 2.5000]
        C-E2:\tNeutral;\t()
        A-E3:\tval 3; act 2; dom  2;\t()

        [10.0 - 11.5]\tSes01F_impro01_M000\texc\t[3.5000, 3.0000, 3.0000]
        C-E1:\tExcited;\t()

        [12.0 - 13.0]\tSes01F_impro01_F001\tfru\t[2.0000, 3.0000, 3.0000]

        [14.0 - 15.0]\tSes01F_impro01_M001\txxx\t[2.0000, 3.0000, 3.0000]

        [16.0 - 17.0] Ses01F_impro01_F002 ang [2.0000, 3.0000, 3.0000]

        [18.0 - 19.0]\tSes01F_impro01_F003\tsad\t[2.0000, 3.0000, 3.0000]

        """)
        try tree.write("\(s1)/dialog/EmoEvaluation/Ses01M_script01_1.txt", header + """
        [1.0 - 2.0]\tSes01M_script01_1_F000\thap\t[4.0000, 3.0000, 3.0000]

        [2.5 - 4.0]\tSes01M_script01_1_M001\tang\t[1.5000, 4.0000, 4.0000]

        """)
        // Sub-folders and macOS resource forks must be ignored (non-recursive glob).
        try tree.write("\(s1)/dialog/EmoEvaluation/Categorical/Ses01F_impro01_e2_cat.txt",
                       "[1.0 - 2.0]\tSes01F_impro01_F999\tang\t[1, 1, 1]\n")
        try tree.write("\(s1)/dialog/EmoEvaluation/._Ses01F_impro01.txt", "junk\n")
        for id in ["Ses01F_impro01_F000", "Ses01F_impro01_M000", "Ses01F_impro01_F001", "Ses01F_impro01_M001",
                   "Ses01F_impro01_F002"] {  // F003's wav is missing
            try tree.wav("\(s1)/sentences/wav/Ses01F_impro01/\(id).wav")
        }
        for id in ["Ses01M_script01_1_F000", "Ses01M_script01_1_M001"] {
            try tree.wav("\(s1)/sentences/wav/Ses01M_script01_1/\(id).wav")
        }
        let s2 = "IEMOCAP_full_release/Session2"
        try tree.write("\(s2)/dialog/EmoEvaluation/Ses02M_impro03.txt", header + """
        [0.5 - 1.5]\tSes02M_impro03_M000\tsad\t[2.0000, 2.0000, 2.0000]\r
        \r

        """)
        try tree.wav("\(s2)/sentences/wav/Ses02M_impro03/Ses02M_impro03_M000.wav")
    }

    @Test("standard set: exc kept raw, others dropped, speaker from the last token, problems located")
    func standardSet() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.makeTree(tree)
        let result = try IEMOCAPImporter(root: root.path, set: .standard).importCorpus()
        #expect(result.items.map(\.id) == ["Ses01F_impro01_F000", "Ses01F_impro01_M000", "Ses01M_script01_1_F000",
                                           "Ses01M_script01_1_M001", "Ses02M_impro03_M000"])
        #expect(result.items.map(\.label) == ["neu", "exc", "hap", "ang", "sad"])
        // Ses01M_script01_1_F000 is spoken by the female actor although the dialog marker is M.
        #expect(result.items.map(\.speaker) == ["Ses01F", "Ses01M", "Ses01F", "Ses01M", "Ses02M"])
        #expect(result.items.map(\.session) == ["Ses01", "Ses01", "Ses01", "Ses01", "Ses02"])
        #expect(result.items.map(\.style) == ["improvised", "improvised", "scripted", "scripted", "improvised"])
        #expect(result.items[0].audioPath
                == tree.path("IEMOCAP_full_release/Session1/sentences/wav/Ses01F_impro01/Ses01F_impro01_F000.wav"))
        let evaluation = tree.path("IEMOCAP_full_release/Session1/dialog/EmoEvaluation/Ses01F_impro01.txt")
        #expect(result.problems.count == 2)
        #expect(result.problems[0].description.hasPrefix("\(evaluation):14: malformed summary line"))
        #expect(result.problems[1].description.hasPrefix("\(evaluation):16: audio for 'Ses01F_impro01_F003' is missing"))
        #expect(result.warnings.isEmpty)
        #expect(result.notes.contains { $0.contains("check skipped: only 2 of 5 sessions") })
        // The bracketed triple is [V, A, D]: `[1.5000, 4.0000, 4.0000]` is valence 1.5, arousal 4, dominance 4.
        #expect(result.items[3].dimensions == [.valence: 1.5, .arousal: 4, .dominance: 4])
        #expect(result.items[1].dimensions == [.valence: 3.5, .arousal: 3, .dominance: 3])

        let out = root.appendingPathComponent("data").path
        try result.write(to: out)
        #expect(try String(contentsOfFile: out + "/utt2valence", encoding: .utf8).contains("Ses01M_script01_1_M001 1.5\n"))
        #expect(try String(contentsOfFile: out + "/utt2arousal", encoding: .utf8).contains("Ses01M_script01_1_M001 4.0\n"))
        #expect(try DataDirectory.read(out).items.map(\.dimensions) == result.items.map(\.dimensions))
    }

    @Test("dimension files are written for every --set, and a malformed [V, A, D] triple is a located problem")
    func dimensionsEverySet() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.makeTree(tree)
        try tree.write("IEMOCAP_full_release/Session2/dialog/EmoEvaluation/Ses02M_impro04.txt", Self.header
                       + "[1.0 - 2.0]\tSes02M_impro04_F000\tneu\t[2.5000, x, 3.0000]\n")
        try tree.wav("IEMOCAP_full_release/Session2/sentences/wav/Ses02M_impro04/Ses02M_impro04_F000.wav")
        for set in IEMOCAPSet.allCases {
            let result = try IEMOCAPImporter(root: root.path, set: set).importCorpus()
            #expect(result.items.allSatisfy { $0.dimensions.count == 3 }, "\(set)")
            let file = tree.path("IEMOCAP_full_release/Session2/dialog/EmoEvaluation/Ses02M_impro04.txt")
            #expect(result.problems.contains { $0.description.hasPrefix("\(file):3: malformed [V, A, D] triple '[2.5000, x, 3.0000]'") })
            let out = root.appendingPathComponent("data-\(set.rawValue)").path
            try result.write(to: out)
            for dimension in EmotionDimension.allCases {
                let lines = try String(contentsOfFile: out + "/" + dimension.fileName, encoding: .utf8)
                    .split(separator: "\n")
                #expect(lines.count == result.items.count, "\(set) \(dimension)")
            }
        }
    }

    @Test("improvised and full sets")
    func otherSets() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.makeTree(tree)
        let improvised = try IEMOCAPImporter(root: root.path, set: .improvised).importCorpus()
        #expect(improvised.items.map(\.id) == ["Ses01F_impro01_F000", "Ses01F_impro01_M000", "Ses02M_impro03_M000"])
        let full = try IEMOCAPImporter(root: root.path + "/IEMOCAP_full_release", set: .full).importCorpus()
        #expect(full.items.map(\.label) == ["neu", "fru", "exc", "xxx", "hap", "ang", "sad"])
    }

    @Test("a root without sessions is an error naming the expected layout")
    func notARelease() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let error = try #require(throws: CorpusError.self) { try IEMOCAPImporter(root: root.path).importCorpus() }
        #expect(error.description.contains("no Session1..Session5 folders"))
    }

    @Test("published counts: exact match is silent, any difference is named")
    func countCheck() throws {
        var items: [DataItem] = []
        let labels = ["neu", "hap", "exc", "ang", "sad"]
        // Spread the published label totals over sessions so both marginals match.
        var remaining = IEMOCAPCounts.standardPerLabel
        for (index, total) in IEMOCAPCounts.standardPerSession.enumerated() {
            for n in 0..<total {
                let label = labels.first { (remaining[$0] ?? 0) > 0 } ?? "neu"
                remaining[label, default: 0] -= 1
                items.append(DataItem(id: "u\(index)_\(n)", audioPath: "/x", label: label,
                                      session: String(format: "Ses%02d", index + 1)))
            }
        }
        #expect(IEMOCAPCounts.check(items, set: .standard).isEmpty)
        items.removeLast()
        let warnings = IEMOCAPCounts.check(items, set: .standard)
        #expect(warnings == ["5530 utterances, but the published standard set has 5531",
                             "Session5: 1240 utterances, published 1241",
                             "label sad: 1083 utterances, published 1084"])
    }
}
