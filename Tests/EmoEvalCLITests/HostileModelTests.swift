// Model directories edited on Windows or damaged (issue 13): CRLF and BOM in every text file, absurd
// numbers in config.yaml, a directory where the checkpoint should be.
import Foundation
import Testing
import EmoTestSupport

@Suite("hostile model directories")
struct HostileModelTests {
    /// A copy of the fixture model directory `name` with `edit` applied to its text files.
    func copy(_ name: String, editing files: [String], _ edit: (String) -> String) throws -> URL {
        let folder = try Fixture.temporaryDirectory("emoeval-model")
        let copy = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: Fixture.url(name), to: copy)
        for file in files {
            let url = copy.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            try FileManager.default.removeItem(at: url)
            try Data(edit(text).utf8).write(to: url)
        }
        return copy
    }

    static func windows(_ text: String) -> String {
        "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n")
    }

    @Test("CRLF + BOM in config.yaml, tokens.txt, hyperparams.yaml and label_encoder.txt classify as LF files do",
          arguments: [("e2v_tiny_plus", ["config.yaml", "tokens.txt"]),
                      ("sb_w2v2_tiny_newkeys", ["hyperparams.yaml", "label_encoder.txt"])])
    func windowsModelFiles(model: String, files: [String]) throws {
        let audio = Fixture.path("audio/speech_1p7s.wav")
        let expected = try runBounded(["classify", "--model", Fixture.path(model), audio], timeout: 60)
        #expect(expected.status == 0, "\(expected.stderr)")
        let edited = try copy(model, editing: files, Self.windows)
        defer { try? FileManager.default.removeItem(at: edited.deletingLastPathComponent()) }
        let result = try runBounded(["classify", "--model", edited.path, audio], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected.stdout)
    }

    @Test("absurd numbers in config.yaml are errors naming the file and key, not a crash",
          arguments: ["1e300", ".inf", ".nan", "-4.0"])
    func absurdConfigNumbers(ratio: String) throws {
        let edited = try copy("e2v_tiny_plus", editing: ["config.yaml"]) {
            $0.replacingOccurrences(of: "mlp_ratio: 4.0", with: "mlp_ratio: \(ratio)")
        }
        defer { try? FileManager.default.removeItem(at: edited.deletingLastPathComponent()) }
        let result = try runBounded(["classify", "--model", edited.path, Fixture.path("audio/speech_1p7s.wav")])
        #expect(!result.crashed, "\(result.stderr)")
        #expect(result.status == 1)
        #expect(result.stderr.contains("config.yaml") && result.stderr.contains("mlp_ratio"), "\(result.stderr)")
    }

    @Test("a directory named model.pt is 'not a regular file'")
    func checkpointDirectory() throws {
        let edited = try copy("e2v_tiny_plus", editing: []) { $0 }
        defer { try? FileManager.default.removeItem(at: edited.deletingLastPathComponent()) }
        let checkpoint = edited.appendingPathComponent("model.pt")
        try FileManager.default.removeItem(at: checkpoint)
        try FileManager.default.createDirectory(at: checkpoint, withIntermediateDirectories: false)
        let result = try runBounded(["classify", "--model", edited.path, Fixture.path("audio/speech_1p7s.wav")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(checkpoint.path): not a regular file (a directory)"), "\(result.stderr)")
    }
}
