// The stored-zip reader: central directory, local-header data offsets, ZIP64, comments, and damaged archives.
import Foundation
import Testing
import EmoCheckpoint
import EmoTestSupport

@Suite("ZipReader")
struct ZipReaderTests {
    @Test("a torch 2.x fixture: entries, sizes and 64-byte aligned data")
    func fixtureEntries() throws {
        let zip = try ZipReader(file: MappedFile(path: Fixture.path("e2v_tiny_plus/model.pt")))
        #expect(zip.entries.first?.name == "model/data.pkl")
        #expect(zip.entry(named: "model/data.pkl")?.size == 9340)
        #expect(zip.entry(named: "model/data/0")?.size == 2560)
        #expect(zip.entry(named: "model/byteorder").map { String(decoding: zip.bytes(of: $0), as: UTF8.self) }
                == "little")
        for entry in zip.entries where entry.name.contains("/data/") { #expect(entry.dataOffset % 64 == 0) }
    }

    @Test("hand-built archives: plain, padded local headers, trailing comment, ZIP64", arguments: [
        (0, [UInt8](), false), (60, [UInt8](), false), (0, Array("a comment".utf8), false), (12, [UInt8](), true),
    ])
    func builtArchives(localExtra: Int, comment: [UInt8], zip64: Bool) throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var builder = StoredZip()
        builder.entries = [("a/one", [1, 2, 3]), ("a/two", Array(repeating: 7, count: 100)), ("empty", [])]
        builder.localExtra = localExtra
        builder.comment = comment
        builder.zip64 = zip64
        let zip = try ZipReader(file: MappedFile(path: builder.write(in: directory)))
        #expect(zip.entries.map(\.name) == ["a/one", "a/two", "empty"])
        #expect(try Array(zip.bytes(of: #require(zip.entry(named: "a/one")))) == [1, 2, 3])
        #expect(try Array(zip.bytes(of: #require(zip.entry(named: "a/two")))) == Array(repeating: 7, count: 100))
        #expect(zip.entry(named: "empty")?.size == 0)
    }

    @Test("damaged archives are CheckpointError.malformedZip or .compressedEntry")
    func damaged() throws {
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var builder = StoredZip()
        builder.entries = [("x/data.pkl", [0x80, 0x02, 0x4E, 0x2E])]
        let good = builder.bytes()
        let path = directory.appendingPathComponent("z.pt").path
        func open(_ bytes: [UInt8]) throws -> ZipReader {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return try ZipReader(file: MappedFile(path: path))
        }
        _ = try open(good)
        let end = good.count - 22
        let directoryOffset = end - (46 + "x/data.pkl".utf8.count)
        var cases: [(String, [UInt8], String)] = []
        var badOffset = good; badOffset[end + 16] = 0xF0                    // central directory beyond the file
        cases.append(("directory offset", badOffset, "lies outside"))
        var badCount = good; badCount[end + 10] = 9                         // more entries than fit
        cases.append(("entry count", badCount, "cannot fit"))
        var badSize = good; badSize[directoryOffset + 24] = 0xFF; badSize[directoryOffset + 20] = 0xFF
        cases.append(("entry size", badSize, "lies outside"))
        var badLocal = good; badLocal[directoryOffset + 42] = 5             // local header offset
        cases.append(("local header", badLocal, "bad local header"))
        var badSignature = good; badSignature[directoryOffset] = 0
        cases.append(("central signature", badSignature, "bad central-directory header"))
        cases.append(("truncated", Array(good.prefix(good.count - 5)), "no end-of-central-directory"))
        cases.append(("tiny", [0x50, 0x4B, 3, 4], "too short"))
        for (label, bytes, message) in cases {
            #expect(label.isEmpty == false)
            #expect {
                try open(bytes)
            } throws: { error in
                (error as? CheckpointError)?.description.contains(message) == true
            }
        }
        var deflated = good; deflated[directoryOffset + 10] = 8             // method 8 = deflate
        #expect(throws: CheckpointError.compressedEntry(path: path, entry: "x/data.pkl", method: 8)) {
            try open(deflated)
        }
    }
}
