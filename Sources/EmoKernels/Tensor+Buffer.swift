// Output-buffer helpers for Tensor: reuse storage across calls so the hot loop does not allocate.

extension Tensor {
    /// Sets `shape` for use as an output buffer, keeping the storage capacity (no allocation once the
    /// buffer has been as large before). Contents are unspecified afterwards; kernels overwrite them.
    public mutating func resizeForOutput(_ newShape: [Int]) {
        let n = newShape.reduce(1, *)
        precondition(n >= 0 && newShape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in \(newShape)")
        if data.count > n {
            data.removeLast(data.count - n)
        } else if data.count < n {
            data.append(contentsOf: repeatElement(0, count: n - data.count))
        }
        shape = newShape
    }

    /// Rows of a 2-D (or higher) tensor: the product of all dimensions but the last.
    public var rowCount: Int { shape.dropLast().reduce(1, *) }

    /// Size of the last dimension (1 for a scalar).
    public var lastDimension: Int { shape.last ?? 1 }
}

/// A valid pointer for an empty buffer, so kernels need no special case for zero-sized arrays.
nonisolated(unsafe) private let emptyStorage = UnsafeMutablePointer<Float>.allocate(capacity: 1)

@inline(__always)
func base(_ p: UnsafeBufferPointer<Float>) -> UnsafePointer<Float> {
    p.baseAddress ?? UnsafePointer(emptyStorage)
}

@inline(__always)
func base(_ p: UnsafeMutableBufferPointer<Float>) -> UnsafeMutablePointer<Float> {
    p.baseAddress ?? emptyStorage
}
