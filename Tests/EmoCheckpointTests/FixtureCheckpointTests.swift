// Every fixture checkpoint loads with exactly the names, dtypes, shapes, first values and sums that torch.load saw
// (Tests/Fixtures/checkpoint_values.json, written by the reference harness).
import Foundation
import Testing
import EmoCheckpoint
import EmoTestSupport

/// One tensor as recorded by the harness.
struct ReferenceTensor: Decodable {
    let dtype: String
    let shape: [Int]
    let contiguous: Bool
    let storage_offset: Int
    let first: [Double]
    let sum: Double
}

struct ReferenceFile: Decodable {
    let top_level_keys: [String]
    let tensors: [String: ReferenceTensor]
}

enum CheckpointReference {
    static let all: [String: ReferenceFile] = {
        let url = Fixture.url("checkpoint_values.json")
        guard let data = try? Data(contentsOf: url),
              let decoded = try? JSONDecoder().decode([String: ReferenceFile].self, from: data) else { return [:] }
        return decoded
    }()

    static let files = all.keys.sorted()

    /// Sums were accumulated in float64 by torch over float32 values; a different order of addition may change
    /// the last few bits, so compare relative to the sum of magnitudes.
    static let sumRelativeTolerance = 1e-9
}

@Suite("Fixture checkpoints match checkpoint_values.json")
struct FixtureCheckpointTests {
    @Test("the reference table lists all seven fixture checkpoints")
    func referenceIsComplete() {
        #expect(CheckpointReference.files.count == 7)
    }

    @Test("every tensor anywhere in the file", arguments: CheckpointReference.files)
    func allTensorsMatch(file: String) throws {
        let reference = try #require(CheckpointReference.all[file])
        let checkpoint = try loadCheckpoint(path: Fixture.path(file))
        let tensors = try checkpoint.allTensors()
        #expect(Set(tensors.map(\.name)) == Set(reference.tensors.keys))
        #expect(tensors.count == reference.tensors.count)
        for tensor in tensors {
            let expected = try #require(reference.tensors[tensor.name])
            try expectMatches(tensor, expected)
        }
        let topKeys = checkpoint.root?.dictEntries?.map { entry -> String in
            if case let .string(text) = entry.key { return text }
            return "?"
        }
        #expect(topKeys == reference.top_level_keys)
    }

    @Test("the unwrapped state dict", arguments: CheckpointReference.files)
    func stateDictMatches(file: String) throws {
        let reference = try #require(CheckpointReference.all[file])
        let checkpoint = try loadCheckpoint(path: Fixture.path(file))
        // The reference lists the whole file; the state dict is what lies under "model." (if wrapped), with a
        // leading "module." removed.
        let wrapped = reference.top_level_keys.contains("model")
        var expected: [String: ReferenceTensor] = [:]
        for (name, tensor) in reference.tensors {
            guard !wrapped || name.hasPrefix("model.") else { continue }
            var key = wrapped ? String(name.dropFirst("model.".count)) : name
            if key.hasPrefix("module.") { key.removeFirst("module.".count) }
            expected[key] = tensor
        }
        #expect(checkpoint.stateDictKey == (wrapped ? "model" : nil))
        #expect(Set(checkpoint.tensors.keys) == Set(expected.keys))
        #expect(checkpoint.tensorNames.count == expected.count)
        for (name, tensor) in checkpoint.tensors {
            try expectMatches(tensor, try #require(expected[name]))
            // Model tensors are contiguous float32, 64-byte aligned in the zip: bound without a copy.
            let buffer = try tensor.float32()
            #expect(buffer.isZeroCopy)
            #expect(buffer.count == tensor.elementCount)
        }
    }

    private func expectMatches(_ tensor: StoredTensor, _ expected: ReferenceTensor) throws {
        #expect(tensor.dtype.rawValue == expected.dtype, "\(tensor.name)")
        #expect(tensor.shape == expected.shape, "\(tensor.name)")
        #expect(tensor.isContiguous == expected.contiguous, "\(tensor.name)")
        #expect(tensor.storageOffset == expected.storage_offset, "\(tensor.name)")
        let values = tensor.float64Values()
        #expect(Array(values.prefix(expected.first.count)) == expected.first, "\(tensor.name)")
        let sum = values.reduce(0, +)
        let magnitude = values.reduce(0) { $0 + abs($1) }
        #expect(abs(sum - expected.sum) <= CheckpointReference.sumRelativeTolerance * max(magnitude, 1),
                "\(tensor.name): sum \(sum) vs \(expected.sum)")
        // float32() gives the same values (rounded to Float for float64/int tensors).
        let floats = try tensor.float32()
        #expect(floats.count == values.count)
        if let first = values.first, floats.count > 0 { #expect(floats[0] == Float(first)) }
    }
}
