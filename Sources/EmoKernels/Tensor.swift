// The one tensor type of the toolkit: a shape and contiguous row-major Float32 storage.

/// A contiguous row-major Float32 array with a shape. No views, strides or dtypes.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var data: [Float]

    /// A tensor of `shape` holding `data` (row-major; `data.count` must equal the product of `shape`).
    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "Tensor: shape \(shape) does not match \(data.count) values")
        self.shape = shape
        self.data = data
    }

    /// A zero-filled tensor of `shape`.
    public init(zeros shape: [Int]) {
        self.shape = shape
        self.data = [Float](repeating: 0, count: shape.reduce(1, *))
    }

    /// Number of elements.
    public var count: Int { data.count }
}
