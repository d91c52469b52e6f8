// An immutable model parameter: a shape plus Float32 values that are either owned or borrowed from a
// memory-mapped checkpoint (zero-copy), with the mapping's owner kept alive as long as the weight is.

/// An immutable parameter tensor (row-major, contiguous), e.g. a linear weight `(out, in)` in PyTorch layout.
///
/// Storage is either an owned `[Float]` or an external pointer whose memory `owner` keeps alive
/// (for instance a checkpoint `FloatBuffer` over a memory map). Kernels take `Weight` for parameters
/// and `Tensor` (or caller buffers) for activations.
public struct Weight: @unchecked Sendable {
    // @unchecked: the external pointer is never written through, and `owner` (itself Sendable) keeps
    // the memory alive for the lifetime of every copy of this value.
    private enum Storage {
        case owned([Float])
        case external(UnsafePointer<Float>, AnyObject & Sendable)
    }

    /// Dimensions, row-major.
    public let shape: [Int]
    private let storage: Storage

    /// A weight owning `values` (row-major; `values.count` must equal the product of `shape`).
    public init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count,
                     "Weight: shape \(shape) does not match \(values.count) values")
        self.shape = shape
        self.storage = .owned(values)
    }

    /// A weight viewing `shape.product` floats at `base`; `owner` keeps that memory alive and unchanged.
    public init(shape: [Int], base: UnsafePointer<Float>, owner: AnyObject & Sendable) {
        self.shape = shape
        self.storage = .external(base, owner)
    }

    /// A weight holding a copy of `tensor`'s values.
    public init(_ tensor: Tensor) {
        self.init(shape: tensor.shape, values: tensor.data)
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// True when the values live in memory owned by someone else (e.g. a memory-mapped checkpoint).
    public var isExternal: Bool {
        if case .external = storage { return true }
        return false
    }

    /// Calls `body` with the contiguous row-major values; the pointer is valid only inside `body`.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        switch storage {
        case let .owned(values):
            return try values.withUnsafeBufferPointer(body)
        case let .external(base, owner):
            return try withExtendedLifetime(owner) {
                try body(UnsafeBufferPointer(start: base, count: count))
            }
        }
    }

    /// A copy of the values as an array (for small weights, tests and one-time preprocessing).
    public var values: [Float] {
        withUnsafeBufferPointer { Array($0) }
    }

    /// The values as a `Tensor` (a copy).
    public var tensor: Tensor { Tensor(shape: shape, data: values) }
}
