// MSP-Podcast importer on mini release trees the tests build, with the quirks docs/specs/corpora.md §1 lists.
import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("MSPPodcastImporter")
struct MSPPodcastImporterTests {
    static let header = "FileName,EmoClass,EmoAct,EmoVal,EmoDom,SpkrID,Gender,Split_Set"

    /// A 1.11-style tree: Audios/ + Labels/labels_consensus.csv, CRLF line ends, one of each quirk.
    func makeTree(_ tree: TinyTree, labelFile: String = "labels_consensus.csv", rows: [String]) throws {
        try tree.write("Labels/" + labelFile, ([Self.header] + rows).joined(separator: "\r\n") + "\r\n")
        for row in rows {
            let name = String(row.prefix { $0 != "," })
            if name.hasSuffix(".wav") && !name.contains("0099") { try tree.wav("Audios/" + name) }
        }
    }

    static let rows = [
        "MSP-PODCAST_0001_0008.wav,N,2.2,4.0,2.6,30,Male,Test1",
        "MSP-PODCAST_0001_0009.wav,A,3.777778,3.555556,3.777778,39,Female,Test1",
        "MSP-PODCAST_0002_0001.wav,X,4.0,4.2,4.4,Unknown,Unknown,Test1",          // no agreement, unknown speaker
        "MSP-PODCAST_0002_0002.wav,O,5.0,3.0,4.0,Unknown,Unknown,Test1",          // another unknown speaker
        "MSP-PODCAST_0003_0001.wav,H,5.5,6.0,5.0,30,Male,Train",
        "MSP-PODCAST_0003_0002.wav,S,2.0,2.0,2.0,41,Female,Development",
        "MSP-PODCAST_0004_0001.wav,,,,,,,Test3",                                   // Test3: labels hidden
        "MSP-PODCAST_0005_0001.wav,Q,3.0,3.0,3.0,7,Male,Test1",                   // unknown class letter
        "MSP-PODCAST_0005_0002.wav,C,3.0,9.5,3.0,7,Male,Test1",                   // valence outside 1..7
        "MSP-PODCAST_0005_0003.wav,D,3.0,3.0,3.0,7,Male",                         // a field short
        "MSP-PODCAST_0099_0001.wav,U,3.0,3.0,3.0,8,Female,Test1",                 // audio missing
    ]

    @Test("classes named, speakers prefixed, Unknown speaker per utterance, dimensions by column name, problems located")
    func importsTest1() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try makeTree(tree, rows: Self.rows)
        let result = try MSPPodcastImporter(root: root.path, split: .test1).importCorpus()
        #expect(result.items.map(\.id) == ["MSP-PODCAST_0001_0008", "MSP-PODCAST_0001_0009", "MSP-PODCAST_0002_0001",
                                           "MSP-PODCAST_0002_0002"])
        #expect(result.items.map(\.label) == ["neutral", "angry", "no-agreement", "other"])
        #expect(result.items.map(\.speaker) == ["msp30", "msp39", "unknown_MSP-PODCAST_0002_0001",
                                                "unknown_MSP-PODCAST_0002_0002"])
        #expect(result.items.map(\.gender) == ["male", "female", "unknown", "unknown"])
        // The CSV order is Act, Val, Dom: arousal 2.2, valence 4.0, dominance 2.6 for the first row.
        #expect(result.items[0].dimensions == [.arousal: 2.2, .valence: 4.0, .dominance: 2.6])
        #expect(result.items[1].dimensions[.valence] == 3.555556)
        let file = tree.path("Labels/labels_consensus.csv")
        #expect(result.problems.map(\.description) == [
            "\(file):10: 'MSP-PODCAST_0005_0002': EmoVal '9.5' is not a number in [1, 7]",
            "\(file):11: expected 8 fields, found 7: 'MSP-PODCAST_0005_0003.wav,D,3.0,3.0,3.0,7,Male'",
            "\(file):9: EmoClass 'Q' of 'MSP-PODCAST_0005_0001' is not one of A C D F H N O S U X",
            "\(file):12: audio of 'MSP-PODCAST_0099_0001' is missing: \(tree.path("Audios/MSP-PODCAST_0099_0001.wav"))",
        ])
        #expect(result.notes.contains { $0.hasPrefix("per split (parsed rows): Development 1, Test1 6, Test3 1, Train 1") })
        #expect(result.notes.contains { $0.contains("2 utterances with SpkrID Unknown") })
        #expect(result.notes.contains { $0.contains("release not recognised (11 rows") })

        let out = root.appendingPathComponent("data").path
        try result.write(to: out)
        #expect(try String(contentsOfFile: out + "/utt2arousal", encoding: .utf8).hasPrefix("MSP-PODCAST_0001_0008 2.2\n"))
        #expect(try String(contentsOfFile: out + "/utt2gender", encoding: .utf8).contains("MSP-PODCAST_0001_0009 female\n"))
        #expect(try String(contentsOfFile: out + "/utt2split", encoding: .utf8).hasPrefix("MSP-PODCAST_0001_0008 Test1\n"))
        let read = try DataDirectory.read(out)
        #expect(read.items.map(\.dimensions) == result.items.map(\.dimensions))
        #expect(read.items.map(\.gender) == result.items.map(\.gender))
    }

    @Test("v1.8 spelling labels_concensus.csv and its Validation split (= development); Test3 kept out of all")
    func version18() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try makeTree(tree, labelFile: "labels_concensus.csv", rows: [
            "MSP-PODCAST_0001_0008.wav,N,2.2,4.0,2.6,30,Male,Validation",
            "MSP-PODCAST_0001_0009.wav,H,4.0,5.0,4.0,31,Female,Test1",
            "MSP-PODCAST_0004_0001.wav,,,,,,,Test3",
        ])
        let development = try MSPPodcastImporter(root: root.path, split: .development).importCorpus()
        #expect(development.items.map(\.id) == ["MSP-PODCAST_0001_0008"] && development.problems.isEmpty)
        let all = try MSPPodcastImporter(root: root.path, split: .all).importCorpus()
        #expect(all.items.count == 2)
        #expect(all.notes.contains("left out 1 rows without a class (Test3 labels are hidden)"))
    }

    @Test("a recognised release's per-split counts are checked: match is a note, difference a warning")
    func countsChecked() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try makeTree(tree, rows: Array(Self.rows.prefix(6)))
        let exact = MSPPodcastRelease(name: "tiny", perSplit: ["Test1": 4, "Train": 1, "Development": 1])
        let ok = try MSPPodcastImporter(root: root.path, releases: [exact]).importCorpus()
        #expect(ok.warnings.isEmpty)
        #expect(ok.notes.contains("release tiny recognised from its row count (6); per-split counts match its published totals"))
        let moved = MSPPodcastRelease(name: "tiny2", perSplit: ["Test1": 3, "Train": 2, "Development": 1])
        let off = try MSPPodcastImporter(root: root.path, releases: [moved]).importCorpus()
        #expect(off.warnings == ["Test1: 4 rows, release tiny2 publishes 3", "Train: 1 rows, release tiny2 publishes 2"])
        #expect(MSPPodcastCounts.releases.map(\.total) == [151_654, 119_421])   // 1.11 and Odyssey, docs/specs/corpora.md §1.1
    }

    @Test("layout errors name what was expected; a header without a needed column is an error")
    func layout() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        #expect(throws: CorpusError.self) { try MSPPodcastImporter(root: root.path).importCorpus() }
        do { _ = try MSPPodcastImporter(root: root.path).importCorpus() } catch {
            #expect("\(error)".contains("no Labels/labels_consensus.csv"))
        }
        try tree.write("Labels/labels_consensus.csv", "FileName,EmoClass,EmoAct,EmoVal,SpkrID,Gender,Split_Set\n")
        try tree.wav("Audios/x.wav")
        do {
            _ = try MSPPodcastImporter(root: root.path).importCorpus()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("labels_consensus.csv:1: header lacks column(s) EmoDom"))
        }
    }
}
