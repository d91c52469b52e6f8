// Seeded mutation test: thousands of damaged copies of real checkpoints (byte flips, 32-bit overwrites with
// boundary values, truncations, insertions, deletions) must each load or throw CheckpointError — never crash,
// never hang, never allocate more than the file could describe.
import Foundation
import Testing
import EmoCheckpoint
import EmoTestSupport

@Suite("Mutated checkpoints")
struct MutationTests {
    /// Sources and how many mutants of each (small files get most; the 165 KB checkpoint some).
    static let sources: [(String, Int)] = [
        ("sb_w2v2_tiny_oldkeys/model.ckpt", 700),
        ("sb_w2v2_tiny_newkeys/model.ckpt", 400),
        ("checkpoints/namespace.pt", 400),
        ("checkpoints/views.pt", 300),
        ("checkpoints/nested.pt", 300),
        ("checkpoints/ranks.pt", 300),
        ("checkpoints/dtype_f16.pt", 200),
        ("checkpoints/tensors.safetensors", 300),
        ("sb_w2v2_tiny_newkeys/wav2vec2.ckpt", 100),
    ]

    static let boundaryValues: [UInt32] = [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE,
                                           0xFFFF_FFFF]

    static func mutate(_ original: [UInt8], using rng: inout SeededRandom) -> [UInt8] {
        var bytes = original
        let kind = Int.random(in: 0..<6, using: &rng)
        switch kind {
        case 0:   // flip a few random bits
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            }
        case 1:   // overwrite 4 bytes with a boundary value (sizes, offsets, lengths)
            let at = Int.random(in: 0..<(bytes.count - 4), using: &rng)
            let value = boundaryValues.randomElement(using: &rng) ?? 0
            for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
        case 2:   // truncate
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
        case 3:   // insert random bytes
            let at = Int.random(in: 0...bytes.count, using: &rng)
            let insert = (0..<Int.random(in: 1...16, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            bytes.insert(contentsOf: insert, at: at)
        case 4:   // delete a range
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &rng)))
        default:  // random bytes at a random place
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            for i in at..<min(bytes.count, at + Int.random(in: 1...4, using: &rng)) {
                bytes[i] = UInt8.random(in: 0...255, using: &rng)
            }
        }
        return bytes
    }

    @Test("every mutant loads or throws CheckpointError", arguments: sources)
    func mutants(source: String, count: Int) throws {
        let original = try [UInt8](Data(contentsOf: Fixture.url(source)))
        let directory = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("mutant" + (source.hasSuffix(".safetensors") ? ".safetensors" : ".pt"))
        var rng = SeededRandom(seed: 0x5EED_0000 &+ UInt64(source.utf8.count))
        var loaded = 0, rejected = 0
        for iteration in 0..<count {
            let bytes = Self.mutate(original, using: &rng)
            try Data(bytes).write(to: url)
            do {
                let checkpoint = try loadCheckpoint(path: url.path)
                for tensor in try checkpoint.allTensors() + checkpoint.orderedTensors {
                    // A loaded tensor never describes more bytes than the file holds.
                    #expect(tensor.byteCount <= bytes.count, "\(source) #\(iteration): \(tensor.name)")
                    let values = try tensor.float32()
                    #expect(values.count == tensor.elementCount)
                }
                loaded += 1
            } catch is CheckpointError {
                rejected += 1
            } catch {
                Issue.record("\(source) mutant #\(iteration): non-CheckpointError \(error)")
            }
        }
        #expect(loaded + rejected == count)
        // Both outcomes occur: the mutations reach metadata as well as plain data bytes.
        #expect(rejected > 0)
    }
}
