// .npy writer: header layout (v1.0, 64-byte aligned data) and a round trip through the test-support reader.
import Testing
import Foundation
import EmoKernels
import EmoTestSupport

@Suite("writeNpy")
struct NpyTests {
    @Test("round trip through readNpy", arguments: [[Int](), [1], [5], [2, 3], [1, 4, 1]])
    func roundTrip(shape: [Int]) throws {
        var rng = SeededRandom(seed: 8)
        let tensor = rng.tensor(shape)
        let dir = try Fixture.temporaryDirectory("npy")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.npy").path
        try writeNpy(tensor, to: path)
        let read = try readNpy(path)
        #expect(read.shape == shape)
        #expect(read.values == tensor.data)
    }

    @Test("header is NumPy 1.0, <f4, C order, padded so data starts at a multiple of 64")
    func header() throws {
        let data = npyData(Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6]))
        let bytes = [UInt8](data)
        #expect(Array(bytes[0..<8]) == [0x93] + Array("NUMPY".utf8) + [1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        let header = try #require(String(bytes: bytes[10..<(10 + headerLength)], encoding: .ascii))
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        #expect(header.hasSuffix("\n"))
        #expect(bytes.count == 10 + headerLength + 6 * 4)
        #expect(Array(bytes[(10 + headerLength)..<(14 + headerLength)]) == [0, 0, 0x80, 0x3F])   // 1.0f LE
    }

    @Test("an unwritable path is a typed error naming the path")
    func unwritable() {
        let path = "/nonexistent-dir-emoeval/x.npy"
        #expect(throws: NpyWriteError.self) { try writeNpy(Tensor(zeros: [1]), to: path) }
        do { try writeNpy(Tensor(zeros: [1]), to: path) } catch { #expect(error.description.contains(path)) }
    }
}
