// sha256Hex(ofFile:): chunked file reads against the in-memory hash, the fixture manifest's sha256 values, errors.
import Foundation
import Testing
@testable import EmoCheckpoint
import EmoHash
import EmoTestSupport

@Suite("SHA-256 of a file")
struct SHA256Tests {
    @Test("lengths around the 55/56/64-byte padding edges agree with a file read")
    func paddingEdges() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for length in [55, 56, 57, 63, 64, 65, 119, 120, 128] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let url = directory.appendingPathComponent("b\(length)")
            try Data(bytes).write(to: url)
            #expect(try sha256Hex(ofFile: url.path) == sha256Hex(of: bytes))
        }
        let empty = directory.appendingPathComponent("empty")
        try Data().write(to: empty)
        #expect(try sha256Hex(ofFile: empty.path)
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("chunked file reads agree with the in-memory hash at every chunk boundary", arguments: [1, 7, 63, 64, 65, 1000])
    func chunkBoundaries(chunkSize: Int) throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 3) }
        let url = directory.appendingPathComponent("chunks")
        try Data(bytes).write(to: url)
        #expect(try sha256Hex(ofFile: url.path, chunkSize: chunkSize) == sha256Hex(of: bytes))
        #expect(try sha256Hex(ofFile: Fixture.path("e2v_tiny_plus/model.pt"), chunkSize: chunkSize * 997)
                == "8365cd4d7c4825e772d9c990e6bc72fe3f5c685580dcf725ee977aed935a2980")
    }

    @Test("a directory is a CheckpointError, not an empty hash")
    func directoryIsRejected() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: CheckpointError.self) { try sha256Hex(ofFile: directory.path) }
    }

    @Test("every checkpoint listed in manifest.json")
    func manifestCheckpoints() throws {
        struct Manifest: Decodable {
            struct Entry: Decodable { let bytes: Int; let sha256: String }
            let files: [String: Entry]
        }
        let data = try Data(contentsOf: Fixture.url("manifest.json"))
        let manifest = try JSONDecoder().decode(Manifest.self, from: data)
        let checkpoints = manifest.files.filter { $0.key.hasSuffix(".pt") || $0.key.hasSuffix(".ckpt") }
        #expect(checkpoints.count == 8)   // e2v_tiny_plus_oldtokens holds a copy of model.pt
        for (name, entry) in checkpoints {
            #expect(try sha256Hex(ofFile: Fixture.path(name)) == entry.sha256, "\(name)")
        }
        #expect(try sha256Hex(ofFile: Fixture.path("e2v_tiny_plus/model.pt"))
                == "8365cd4d7c4825e772d9c990e6bc72fe3f5c685580dcf725ee977aed935a2980")
    }

    @Test("a missing file is a CheckpointError")
    func missingFile() {
        #expect(throws: CheckpointError.self) { try sha256Hex(ofFile: "/nonexistent/emoeval/file.pt") }
    }
}
