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

    @Test("a FIFO in place of any model file is 'not a regular file', never a hang",
          arguments: [("e2v_tiny_plus", "config.yaml"), ("e2v_tiny_plus", "tokens.txt"), ("e2v_tiny_plus", "model.pt"),
                      ("sb_w2v2_tiny_newkeys", "hyperparams.yaml"), ("sb_w2v2_tiny_newkeys", "label_encoder.txt"),
                      ("sb_w2v2_tiny_newkeys", "model.ckpt"),
                      ("hf_w2v2_tiny_base", "config.json"), ("hf_w2v2_tiny_base", "preprocessor_config.json"),
                      ("hf_w2v2_tiny_base", "model.safetensors"),
                      ("hf_w2v2_tiny_base", "model.safetensors.index.json")])
    func fifoModelFiles(model: String, file: String) throws {
        let edited = try copy(model, editing: []) { $0 }
        defer { try? FileManager.default.removeItem(at: edited.deletingLastPathComponent()) }
        let fifo = edited.appendingPathComponent(file)
        if file.hasSuffix(".index.json") {
            // A sharded release: only the index names the weights.
            try FileManager.default.removeItem(at: edited.appendingPathComponent("model.safetensors"))
        } else {
            try FileManager.default.removeItem(at: fifo)
        }
        try makeFIFO(fifo.path)
        let result = try runBounded(["classify", "--model", edited.path, Fixture.path("audio/speech_1p7s.wav")],
                                    timeout: 30)
        #expect(!result.timedOut, "classify blocked on the FIFO \(file)")
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(fifo.path) && result.stderr.contains("not a regular file (a FIFO)"),
                "\(result.stderr)")
    }

    @Test("a hub-cache entry whose refs/main is a FIFO is not followed (no hang)")
    func fifoHubCacheRef() throws {
        let folder = try Fixture.temporaryDirectory("emoeval-model")
        defer { try? FileManager.default.removeItem(at: folder) }
        let entry = folder.appendingPathComponent("models--org--tiny")
        let snapshot = entry.appendingPathComponent("snapshots/abc")
        try FileManager.default.createDirectory(at: snapshot.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Fixture.url("hf_w2v2_tiny_base"), to: snapshot)
        try FileManager.default.createDirectory(at: entry.appendingPathComponent("refs"), withIntermediateDirectories: true)
        try makeFIFO(entry.appendingPathComponent("refs/main").path)
        let result = try runBounded(["classify", "--model", entry.path, Fixture.path("audio/speech_1p7s.wav")],
                                    timeout: 30)
        #expect(!result.timedOut, "classify blocked on refs/main")
        #expect(result.status == 1 && result.stderr.contains("not a model directory"), "\(result.stderr)")
    }
}
