// Read-only frame features of many utterances: one float32 matrix (frames x dim) per utterance, stored
// back to back (owned memory or a memory-mapped feature file).
import Foundation

/// Frame features of `count` utterances, each a row-major (lengths[i] x dim) matrix at `offsets[i]` rows.
/// Immutable and shareable across threads; the storage owner keeps the memory (or mapping) alive.
public final class FrameFeatures: @unchecked Sendable {
    // @unchecked: every property is a `let`; `base` points at memory that is never written after init and
    // that `owner` keeps alive.
    /// Feature width D.
    public let dim: Int
    /// First row of each utterance in the concatenated matrix.
    public let offsets: [Int]
    /// Frames per utterance (0 = no features: such utterances must stay out of every fold).
    public let lengths: [Int]
    /// Total rows.
    public let totalFrames: Int
    private let base: UnsafePointer<Float>
    private let owner: AnyObject?

    public var count: Int { lengths.count }

    /// Wraps external storage of `totalFrames * dim` floats; `owner` keeps it alive.
    init(dim: Int, lengths: [Int], base: UnsafePointer<Float>, owner: AnyObject?) {
        self.dim = dim
        self.lengths = lengths
        var running = 0
        offsets = lengths.map { length in defer { running += length }; return running }
        totalFrames = running
        self.base = base
        self.owner = owner
    }

    /// Copies per-utterance matrices (each `frames x dim`, row-major) into owned memory.
    public convenience init(dim: Int, utterances: [[Float]]) throws(ProbeError) {
        guard dim > 0 else { throw .invalidFeatures(item: "feature set", problem: "width \(dim) is not positive") }
        var lengths: [Int] = []
        lengths.reserveCapacity(utterances.count)
        for (i, values) in utterances.enumerated() {
            guard values.count % dim == 0 else {
                throw .invalidFeatures(item: "utterance \(i)",
                                       problem: "\(values.count) values is not a multiple of width \(dim)")
            }
            lengths.append(values.count / dim)
        }
        let storage = OwnedFloats(count: lengths.reduce(0, +) * dim)
        var position = 0
        for values in utterances {
            values.withUnsafeBufferPointer { source in
                (storage.pointer + position).update(from: source.baseAddress!, count: source.count)
            }
            position += values.count
        }
        self.init(dim: dim, lengths: lengths, base: UnsafePointer(storage.pointer), owner: storage)
    }

    /// The (lengths[i] x dim) matrix of utterance `i` (empty when it has no features).
    public func frames(_ i: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: base + offsets[i] * dim, count: lengths[i] * dim)
    }

    /// All rows, concatenated.
    public var allValues: UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: base, count: totalFrames * dim)
    }

    /// The mean over frames of every utterance, as a one-frame-per-utterance feature set (for the
    /// logistic-regression probe on utterance embeddings).
    public func meanPooled() -> FrameFeatures {
        let storage = OwnedFloats(count: count * dim)
        for i in 0..<count {
            let rows = frames(i), out = storage.pointer + i * dim
            out.initialize(repeating: 0, count: dim)
            for t in 0..<lengths[i] { for d in 0..<dim { out[d] += rows[t * dim + d] } }
            let scale = 1 / Float(max(lengths[i], 1))
            for d in 0..<dim { out[d] *= scale }
        }
        return FrameFeatures(dim: dim, lengths: lengths.map { min($0, 1) },
                             base: UnsafePointer(storage.pointer), owner: storage)
    }
}

/// Heap storage freed with its owner.
final class OwnedFloats: @unchecked Sendable {
    // @unchecked: the buffer is filled by one thread before the owning `FrameFeatures` is shared, then only read.
    let pointer: UnsafeMutablePointer<Float>
    init(count: Int) {
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: max(count, 1))
    }
    deinit { pointer.deallocate() }
}
