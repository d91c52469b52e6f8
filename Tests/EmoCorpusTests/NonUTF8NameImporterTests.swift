// Every release importer that walks folders reports a file whose name is not valid UTF-8 (an archive unpacked
// with the wrong name encoding), naming the file: Foundation's directory walk skips such names without a word, so
// without the readdir check the file would vanish from the corpus unseen.
@testable import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("non-UTF-8 file names in release trees")
struct NonUTF8NameImporterTests {
    /// Bytes 0xCF 0xE0 0xCD 0xAC ("相同" in GBK: not valid UTF-8).
    static let gbk: [UInt8] = [0xCF, 0xE0, 0xCD, 0xAC]

    /// Writes a tiny WAV at `folder/<gbk bytes><suffix>` (folder relative to the tree's root) and returns the
    /// name's suffix the report must end with.
    @discardableResult
    static func badName(_ tree: TinyTree, folder: String, suffix: String) throws -> String {
        let directory = tree.path(folder)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let bytes: [UInt8] = Array((directory + "/").utf8) + gbk + Array(suffix.utf8)
        let data = TinyTree.wavBytes(samples: 24, sampleRate: 16000)
        let fd = open((bytes + [0]).map { CChar(bitPattern: $0) }, O_CREAT | O_WRONLY, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, data.count) }
        close(fd)
        return suffix
    }

    /// The one problem `result` must have: the bad name, under `folder`, reported as not UTF-8.
    static func expectReported(_ result: ImportResult, root: URL, folder: String, suffix: String) {
        let bad = result.problems.filter { $0.message.hasPrefix("the path is not valid UTF-8") }
        #expect(bad.count == 1, "\(result.problems)")
        #expect(bad.first?.file.hasPrefix(root.path + "/" + folder) == true, "\(bad)")
        #expect(bad.first?.file.hasSuffix(suffix) == true, "\(bad)")
        #expect(bad.first?.file.contains("\u{FFFD}") == true, "\(bad)")
    }

    static func withTree(_ body: (TinyTree, URL) throws -> Void) throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try body(TinyTree(root: root), root)
    }

    @Test("EMOVO")
    func emovo() throws {
        try Self.withTree { tree, root in
            try tree.wav("f1/gio-f1-b1.wav")
            let suffix = try Self.badName(tree, folder: "f1", suffix: "rab-f1-b1.wav")
            let result = try EMOVOImporter(root: root.path).importCorpus()
            #expect(result.items.map(\.id) == ["emovo_gio-f1-b1"])
            Self.expectReported(result, root: root, folder: "f1", suffix: suffix)
        }
    }

    @Test("SAVEE")
    func savee() throws {
        try Self.withTree { tree, root in
            try tree.wav("AudioData/DC/a01.wav")
            let suffix = try Self.badName(tree, folder: "AudioData/DC", suffix: "a02.wav")
            let result = try SAVEEImporter(root: root.path).importCorpus()
            #expect(result.items.map(\.id) == ["savee_DC_a01"])
            Self.expectReported(result, root: root, folder: "AudioData/DC", suffix: suffix)
        }
    }

    @Test("TESS")
    func tess() throws {
        try Self.withTree { tree, root in
            try tree.wav("OAF_angry/OAF_back_angry.wav")
            let suffix = try Self.badName(tree, folder: "OAF_angry", suffix: "_OAF_bar_angry.wav")
            let result = try TESSImporter(root: root.path).importCorpus()
            #expect(result.items.map(\.id).count == 1)
            Self.expectReported(result, root: root, folder: "OAF_angry", suffix: suffix)
        }
    }

    @Test("ESD")
    func esd() throws {
        try Self.withTree { tree, root in
            try tree.wav("0001/Neutral/evaluation/0001_000001.wav")
            let suffix = try Self.badName(tree, folder: "0001/Neutral/evaluation", suffix: "_000002.wav")
            let result = try ESDImporter(root: root.path).importCorpus()
            #expect(result.items.count == 1)
            Self.expectReported(result, root: root, folder: "0001/Neutral/evaluation", suffix: suffix)
        }
    }

    @Test("JL-Corpus (inside JL(wav+txt))")
    func jlCorpus() throws {
        try Self.withTree { tree, root in
            try tree.wav("Raw/JL(wav+txt)/female1_angry_1a_1.wav")
            let suffix = try Self.badName(tree, folder: "Raw/JL(wav+txt)", suffix: "_angry_1a_2.wav")
            let result = try JLCorpusImporter(root: root.path).importCorpus()
            #expect(result.items.count == 1)
            Self.expectReported(result, root: root, folder: "Raw/JL(wav+txt)", suffix: suffix)
        }
    }

    @Test("MELD (a clip folder)")
    func meld() throws {
        try Self.withTree { tree, root in
            try MELDImporterTests.makeTree(tree)
            let suffix = try Self.badName(tree, folder: "MELD.Raw/dev_splits_complete", suffix: "dia0_utt1.mp4")
            let result = try MELDImporter(root: root.path).importCorpus()
            #expect(result.items.contains { $0.id == "meld_dev_dia0_utt0" })
            Self.expectReported(result, root: root, folder: "MELD.Raw/dev_splits_complete", suffix: suffix)
        }
    }
}
