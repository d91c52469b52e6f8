// Feature files: round trip through the memory map, key checks, and corrupt files.
import Foundation
import Testing
import EmoTestSupport
@testable import EmoProbe

@Suite struct FeatureFileTests {
    let utterances: [[Float]] = [[1, 2, 3, 4, 5, 6], [7, 8, 9], [10, 11, 12, 13, 14, 15, 16, 17, 18]]

    func write(_ path: String, key: String = "abc123") throws {
        let writer = try FeatureFileWriter(path: path, key: key, dim: 3, count: utterances.count)
        for values in utterances { try writer.append(values) }
        try writer.finish()
    }

    @Test func roundTripThroughTheMapping() throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("features.emofeat").path
        try write(path)
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
        let features = try FeatureFile.open(path: path, expectedKey: "abc123", expectedCount: 3)
        #expect(features.dim == 3 && features.count == 3 && features.lengths == [2, 1, 3])
        #expect(features.offsets == [0, 2, 3])
        for (i, values) in utterances.enumerated() { #expect(Array(features.frames(i)) == values) }
        #expect(Array(features.meanPooled().frames(2)) == [13, 14, 15])
    }

    @Test func wrongKeyOrCountIsRejected() throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("features.emofeat").path
        try write(path)
        #expect(throws: ProbeError.featureKeyMismatch(path: path, expected: "other", found: "abc123")) {
            _ = try FeatureFile.open(path: path, expectedKey: "other")
        }
        #expect(throws: ProbeError.self) { _ = try FeatureFile.open(path: path, expectedCount: 4) }
    }

    @Test func truncatedFileIsCorrupt() throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("features.emofeat").path
        try write(path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.prefix(data.count - 4).write(to: URL(fileURLWithPath: path))
        #expect(throws: ProbeError.self) { _ = try FeatureFile.open(path: path) }
    }

    @Test func unfinishedWriterLeavesNoFile() throws {
        let path = try Fixture.temporaryDirectory().appendingPathComponent("features.emofeat").path
        do {
            let writer = try FeatureFileWriter(path: path, key: "k", dim: 3, count: 3)
            try writer.append(utterances[0])
            #expect(throws: ProbeError.self) { try writer.finish() }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
    }
}
