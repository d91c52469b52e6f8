// MELD importer on mini release trees: CSV quirks (quoted fields with commas, doubled quotes and line breaks, CRLF,
// a byte-order mark, Windows-1252 apostrophes), the three clip folders at different depths, test clips named
// final_videos_test…, known-broken clips, malformed metadata named by file and line, EmoBox's channel choice.
@testable import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("MELD importer")
struct MELDImporterTests {
    static let header = "Sr No.,Utterance,Speaker,Emotion,Sentiment,Dialogue_ID,Utterance_ID,Season,Episode,StartTime,EndTime"

    /// Writes raw bytes (the CSVs carry non-UTF-8 bytes on purpose).
    static func bytes(_ tree: TinyTree, _ relative: String, _ data: [UInt8]) throws {
        let url = tree.root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(data).write(to: url)
    }

    /// A MELD.Raw-shaped tree: train (BOM, CRLF, cp1252 bytes, a multi-line quoted field), dev (known-broken
    /// clip missing), test (one final_videos_test clip, one missing clip). Clips are small placeholder files.
    static func makeTree(_ tree: TinyTree) throws {
        var train: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((header + "\r\n").utf8)
        train += Array("1,\"also I was the point person on my company".utf8) + [0x92]
            + Array("s transition from the KL-5 to GR-6 system.\",Chandler,neutral,neutral,0,0,8,21,\"00:16:16,059\",\"00:16:21,731\"\r\n".utf8)
        train += Array("2,\"You must".utf8) + [0x92] + Array("ve had your hands full.\",The Interviewer,neutral,neutral,0,1,8,21,\"00:16:21,940\",\"00:16:23,442\"\r\n".utf8)
        train += Array("3,\"He said \"\"no\"\", then\r\nleft, slowly.\",Joey,joy,positive,1,0,8,21,\"00:16:24,000\",\"00:16:26,000\"\r\n".utf8)
        train += Array("4,Oh my God,Rachel,happy,positive,1,1,8,21,\"00:16:26,000\",\"00:16:27,000\"\r\n".utf8)
        train += Array("5,Hi,Monica,joy,positive,1\r\n".utf8)
        train += Array("6,Broken,Ross,sadness,negative,125,3,8,21,\"00:00:01,000\",\"00:00:02,000\"\r\n".utf8)
        try bytes(tree, "MELD.Raw/train_sent_emo.csv", train)
        try tree.write("MELD.Raw/dev_sent_emo.csv", header + "\n"
            + "1,\"Oh, wow!\",Phoebe,surprise,positive,0,0,1,1,\"00:00:01,000\",\"00:00:02,000\"\n"
            + "2,What,Ross,anger,negative,110,7,1,1,\"00:00:01,000\",\"00:00:02,000\"\n")
        try tree.write("MELD.Raw/test_sent_emo.csv", header + "\n"
            + "1,Why?,Ross,fear,negative,0,0,1,1,\"00:00:01,000\",\"00:00:02,000\"\n"
            + "2,No.,Ross,disgust,negative,3,4,1,1,\"00:00:01,000\",\"00:00:02,000\"\n"
            + "3,Gone,Joey,sadness,negative,9,9,1,1,\"00:00:01,000\",\"00:00:02,000\"\n")
        for clip in ["MELD.Raw/train/train_splits/dia0_utt0.mp4", "MELD.Raw/train/train_splits/dia0_utt1.mp4",
                     "MELD.Raw/train/train_splits/dia1_utt0.mp4", "MELD.Raw/train/train_splits/dia1_utt1.mp4",
                     "MELD.Raw/dev_splits_complete/dia0_utt0.mp4",
                     "MELD.Raw/test/output_repeated_splits_test/dia0_utt0.mp4",
                     "MELD.Raw/test/output_repeated_splits_test/final_videos_testdia3_utt4.mp4"] {
            try tree.write(clip, "placeholder clip")
        }
    }

    @Test("labels, speakers, splits and dialogues from the CSVs; quirks parsed; bad rows named by file and line")
    func importsTree() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.makeTree(tree)
        let result = try MELDImporter(root: root.path).importCorpus()
        #expect(result.items.map(\.id) == ["meld_dev_dia0_utt0", "meld_test_dia0_utt0", "meld_test_dia3_utt4",
                                           "meld_train_dia0_utt0", "meld_train_dia0_utt1", "meld_train_dia1_utt0"])
        #expect(result.items.map(\.label) == ["surprise", "fear", "disgust", "neutral", "neutral", "joy"])
        #expect(result.items.map(\.speaker) == ["Phoebe", "Ross", "Ross", "Chandler", "The_Interviewer", "Joey"])
        #expect(result.items.allSatisfy { $0.gender == nil })
        #expect(result.items[2].audioPath.hasSuffix("output_repeated_splits_test/final_videos_testdia3_utt4.mp4"))
        let train = tree.path("MELD.Raw/train_sent_emo.csv"), test = tree.path("MELD.Raw/test_sent_emo.csv")
        // Line numbers count physical lines: the quoted field of row 3 spans lines 4–5.
        #expect(result.problems.map(\.description) == [
            "\(train):6: Emotion 'happy' is not one of anger disgust fear joy neutral sadness surprise",
            "\(train):7: expected 11 fields, found 6 (a field with a comma must be quoted)",
            "\(test):4: clip of test dia9_utt9 is missing: \(tree.path("MELD.Raw/test/output_repeated_splits_test"))/dia9_utt9.mp4",
        ])
        #expect(result.extraTables["utt2split"]?["meld_train_dia1_utt0"] == "train")
        #expect(result.extraTables["utt2dialogue"]?["meld_test_dia3_utt4"] == "test_dia3")
        #expect(result.extraTables["utt2sentiment"]?["meld_dev_dia0_utt0"] == "positive")
        #expect(result.notes.contains { $0.contains("train_sent_emo.csv: 2 bytes are not UTF-8 and were read as Windows-1252") })
        #expect(result.notes.contains { $0.hasPrefix("left out 2 rows whose clip is missing and known to be broken in the release (train dia125_utt3, dev dia110_utt7") })
        #expect(result.notes.contains("1 test clips are named final_videos_test<dia>_<utt>.mp4"))
        #expect(result.notes.contains { $0.contains("no utt2gender") })
        #expect(result.countMismatches.contains("train rows: expected 9989, found 4"))
        #expect(result.countMismatches.contains("dev emotion anger: expected 153, found 1"))
        #expect(result.countMismatches.contains("test emotion neutral: expected 1256, found 0"))
        #expect(result.extraTables["utt2channel"] == nil)
    }

    @Test("CSV reader: doubled quotes, commas and line breaks inside quotes, CRLF, Windows-1252 bytes")
    func csvFields() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.makeTree(tree)
        let csv = try CSVFile(path: tree.path("MELD.Raw/train_sent_emo.csv"), corpus: "MELD")
        #expect(csv.header.first == "Sr No.")
        #expect(csv.records[0].fields[1] == "also I was the point person on my company\u{2019}s transition from the KL-5 to GR-6 system.")
        #expect(csv.records[0].fields[9] == "00:16:16,059")
        #expect(csv.records[2].fields[1] == "He said \"no\", then\r\nleft, slowly.")
        #expect(csv.records.map(\.line) == [2, 3, 4, 6, 7, 8])
        #expect(csv.windows1252Bytes == 2)
    }

    @Test("malformed or missing metadata: an error naming the file (and line)")
    func malformedMetadata() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.makeTree(tree)
        let dev = tree.path("MELD.Raw/dev_sent_emo.csv")
        try tree.write("MELD.Raw/dev_sent_emo.csv", Self.header + "\n1,\"Oh, wow!,Phoebe,surprise,positive,0,0,1,1,a,b\n")
        #expect(throws: Error.self) { try MELDImporter(root: root.path).importCorpus() }
        do { _ = try MELDImporter(root: root.path).importCorpus() } catch {
            #expect("\(error)".contains("\(dev):2: double quote opened here is never closed"))
        }
        try tree.write("MELD.Raw/dev_sent_emo.csv", "Sr No.,Utterance,Speaker,Sentiment,Dialogue_ID,Utterance_ID\n")
        do { _ = try MELDImporter(root: root.path).importCorpus() } catch {
            #expect("\(error)".contains("\(dev):1: header lacks column(s) Emotion"))
        }
        try tree.write("MELD.Raw/dev_sent_emo.csv", Self.header + "\n1,He said \"no\",Ross,anger,negative,0,0,1,1,a,b\n")
        do { _ = try MELDImporter(root: root.path).importCorpus() } catch {
            #expect("\(error)".contains("\(dev):2: stray double quote inside an unquoted field"))
        }
        try FileManager.default.removeItem(atPath: dev)
        do {
            _ = try MELDImporter(root: root.path).importCorpus()
            Issue.record("a missing dev_sent_emo.csv must fail")
        } catch {
            #expect("\(error)".contains("dev_sent_emo.csv: cannot read: no dev_sent_emo.csv in"))
        }
        try tree.write("MELD.Raw/dev_sent_emo.csv", Self.header + "\n")
        try FileManager.default.removeItem(atPath: tree.path("MELD.Raw/test/output_repeated_splits_test"))
        do {
            _ = try MELDImporter(root: root.path).importCorpus()
            Issue.record("a missing clip folder must fail")
        } catch {
            #expect("\(error)".contains("no output_repeated_splits_test/ folder with the test clips"))
        }
    }

    @Test("EmoBox's channel choice: utt2channel 3 for 6-channel clips, 1 for stereo; unreadable clips are problems")
    func emoboxChannel() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try Self.makeTree(tree)
        let stereo = tree.path("MELD.Raw/train/train_splits/dia0_utt1.mp4")
        let broken = tree.path("MELD.Raw/dev_splits_complete/dia0_utt0.mp4")
        let result = try MELDImporter(root: root.path, channels: .emobox, channelCount: { path in
            if path == stereo { return 2 }
            if path == broken { throw CorpusError.unreadable(path: path, reason: "not an mp4") }
            return 6
        }).importCorpus()
        #expect(result.extraTables["utt2channel"] == ["meld_test_dia0_utt0": "3", "meld_test_dia3_utt4": "3",
                                                      "meld_train_dia0_utt0": "3", "meld_train_dia0_utt1": "1",
                                                      "meld_train_dia1_utt0": "3"])
        #expect(!result.items.contains { $0.id == "meld_dev_dia0_utt0" })
        #expect(result.extraTables["utt2split"]?["meld_dev_dia0_utt0"] == nil)
        #expect(result.problems.last?.description == "\(broken): cannot read the channel count: \(broken): cannot read: not an mp4")
        #expect(result.notes.contains { $0.hasSuffix("clips per channel count: 2 ch 1, 6 ch 4") })
    }
}
