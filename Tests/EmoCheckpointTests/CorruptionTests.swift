// Damaged and hostile checkpoint files: each is a CheckpointError with a clear message, never a crash or a huge
// allocation.
import Foundation
import Testing
import EmoCheckpoint
import EmoTestSupport

@Suite("Corrupt checkpoints")
struct CorruptionTests {
    private func expectError(_ bytes: [UInt8], _ message: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("bad.pt")
        try Data(bytes).write(to: url)
        do {
            let checkpoint = try loadCheckpoint(path: url.path)
            Issue.record("loaded \(checkpoint.tensorNames)", sourceLocation: sourceLocation)
        } catch let error as CheckpointError {
            #expect(error.description.contains(message), "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(url.path), sourceLocation: sourceLocation)
        }
    }

    private let fourFloats: [UInt8] = Array(repeating: 0, count: 16)

    @Test("tensor metadata against its storage")
    func tensorExtents() throws {
        func archive(numel: Int = 4, offset: Int = 0, size: [Int], stride: [Int]) -> [UInt8] {
            StoredZip.torch(pickle: tensorPickle(numel: numel, offset: offset, size: size, stride: stride),
                            storages: ["0": fourFloats]).bytes()
        }
        // The well-formed control loads.
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = StoredZip.torch(pickle: tensorPickle(numel: 4, offset: 0, size: [2, 2], stride: [2, 1]),
                                   storages: ["0": fourFloats])
        #expect(try loadCheckpoint(path: good.write(in: directory)).tensors["x"]?.shape == [2, 2])

        try expectError(archive(size: [1 << 20, 1 << 20], stride: [1 << 20, 1]), "of a storage of 4 elements")
        try expectError(archive(size: [1 << 40, 1 << 40], stride: [1 << 40, 1]), "overflows")
        try expectError(archive(offset: 3, size: [2], stride: [1]), "reaches element 4")
        try expectError(archive(size: [1 << 30], stride: [0]), "expanded, overlapping view")
        try expectError(archive(size: [2], stride: [-1]), "negative size, stride or offset")
        try expectError(archive(size: [-2], stride: [1]), "negative size, stride or offset")
        try expectError(archive(offset: -1, size: [2], stride: [1]), "negative size, stride or offset")
        try expectError(archive(size: [2, 2], stride: [1]), "different ranks")
        try expectError(archive(numel: 1 << 62, size: [2], stride: [1]), "declares")
        try expectError(archive(numel: 5, size: [2], stride: [1]), "declares 5 float32 elements")
    }

    @Test("file-level damage", arguments: [
        ([UInt8](), "empty file"),
        (Array("hello world, not a checkpoint".utf8), "unknown magic bytes"),
        ([0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19], "legacy"),
        ([0x50, 0x4B, 0x03, 0x04, 0, 0, 0], "too short"),
    ])
    func fileLevel(bytes: [UInt8], message: String) throws {
        try expectError(bytes, message)
    }

    @Test("a zip without data.pkl, and a pickle whose top level is not a dict")
    func structure() throws {
        var noPickle = StoredZip()
        noPickle.entries = [("archive/version", Array("3\n".utf8))]
        try expectError(noPickle.bytes(), "'<prefix>/data.pkl' is missing")
        try expectError(StoredZip.torch(pickle: [0x80, 0x02, 0x4B, 0x07, 0x2E]).bytes(),
                        "the top-level object is an int, not a dict")
        try expectError(StoredZip.torch(pickle: [0x80, 0x02, 0xFF]).bytes(),
                        "archive/data.pkl: unsupported pickle opcode 0xff (unknown) at byte 2")
        try expectError(StoredZip.torch(pickle: [0x80, 0x02, 0x52]).bytes(),
                        "archive/data.pkl: invalid pickle at byte 2: stack underflow")
    }

    @Test("every truncation of a real checkpoint fails cleanly")
    func truncations() throws {
        let full = try [UInt8](Data(contentsOf: Fixture.url("sb_w2v2_tiny_oldkeys/model.ckpt")))
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("cut.ckpt")
        for length in stride(from: 0, to: full.count, by: 7) {
            try Data(full.prefix(length)).write(to: url)
            #expect(throws: CheckpointError.self) { try loadCheckpoint(path: url.path) }
        }
    }

    @Test("safetensors header and offsets")
    func safetensors() throws {
        func file(_ header: String, data: [UInt8] = Array(repeating: 0, count: 8)) -> [UInt8] {
            let json = Array(header.utf8)
            return (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) } + json + data
        }
        try expectError(file(#"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 16]}}"#), "lie outside")
        try expectError(file(#"{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}"#), "8 bytes for shape [3]")
        try expectError(file(#"{"a": {"dtype": "C64", "shape": [1], "data_offsets": [0, 8]}}"#),
                        "unsupported element type 'C64'")
        try expectError(file(#"{"a": {"dtype": "F32", "shape": [4611686018427387904, 4], "data_offsets": [0, 8]}}"#),
                        "overflows")
        try expectError(file(#"{"a": {"dtype": "F32"}}"#), "lacks dtype, shape or data_offsets")
        try expectError(file(#"{"a": [1, 2"#), "not valid JSON")
    }
}
