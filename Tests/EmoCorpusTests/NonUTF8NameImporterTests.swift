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

    /// Writes a tiny WAV at `folder/<gbk bytes><suffix>` (folder relative to the tree's root).
    static func badName(_ tree: TinyTree, folder: String, suffix: String) throws {
        let directory = tree.path(folder)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let bytes: [UInt8] = Array((directory + "/").utf8) + gbk + Array(suffix.utf8)
        let data = TinyTree.wavBytes(samples: 24, sampleRate: 16000)
        let fd = open((bytes + [0]).map { CChar(bitPattern: $0) }, O_CREAT | O_WRONLY, 0o644)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = data.withUnsafeBytes { write(fd, $0.baseAddress, data.count) }
        close(fd)
    }

    /// The one problem `result` must have: the bad name, under `folder`, reported as not UTF-8.
    static func expectReported(_ result: ImportResult, root: URL, folder: String, suffix: String) {
        let bad = result.problems.filter { $0.message.hasPrefix("the path is not valid UTF-8") }
        #expect(bad.count == 1, "\(result.problems)")
        #expect(bad.first?.file.hasPrefix(root.path + "/" + folder) == true, "\(bad)")
        #expect(bad.first?.file.hasSuffix(suffix) == true, "\(bad)")
        #expect(bad.first?.file.contains("\u{FFFD}") == true, "\(bad)")
    }

    /// One release layout: a good file, the folder the badly named file goes into, the name's readable tail.
    enum Release: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case emovo, savee, tess, esd, jlCorpus, meld

        var testDescription: String { rawValue }

        var layout: (good: String, folder: String, suffix: String) {
            switch self {
            case .emovo: ("f1/gio-f1-b1.wav", "f1", "rab-f1-b1.wav")
            case .savee: ("AudioData/DC/a01.wav", "AudioData/DC", "a02.wav")
            case .tess: ("OAF_angry/OAF_back_angry.wav", "OAF_angry", "_OAF_bar_angry.wav")
            case .esd: ("0001/Neutral/evaluation/0001_000001.wav", "0001/Neutral/evaluation", "_000002.wav")
            case .jlCorpus: ("Raw/JL(wav+txt)/female1_angry_1a_1.wav", "Raw/JL(wav+txt)", "_angry_1a_2.wav")
            case .meld: ("", "MELD.Raw/dev_splits_complete", "dia0_utt1.mp4")   // a clip folder
            }
        }

        func importCorpus(_ root: String) throws -> ImportResult {
            switch self {
            case .emovo: try EMOVOImporter(root: root).importCorpus()
            case .savee: try SAVEEImporter(root: root).importCorpus()
            case .tess: try TESSImporter(root: root).importCorpus()
            case .esd: try ESDImporter(root: root).importCorpus()
            case .jlCorpus: try JLCorpusImporter(root: root).importCorpus()
            case .meld: try MELDImporter(root: root).importCorpus()
            }
        }
    }

    @Test("the file is reported naming it, the good files are still imported", arguments: Release.allCases)
    func reported(_ release: Release) throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        let (good, folder, suffix) = release.layout
        if release == .meld {
            try MELDImporterTests.makeTree(tree)
        } else {
            try tree.wav(good)
        }
        try Self.badName(tree, folder: folder, suffix: suffix)
        let result = try release.importCorpus(root.path)
        if release == .meld {
            #expect(result.items.contains { $0.id == "meld_dev_dia0_utt0" })
        } else {
            #expect(result.items.count == 1)
        }
        Self.expectReported(result, root: root, folder: folder, suffix: suffix)
    }
}
