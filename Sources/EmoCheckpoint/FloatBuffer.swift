// An immutable Float32 buffer that either points into a memory-mapped checkpoint or owns a converted copy.

/// Immutable Float32 values of one tensor, in row-major order. When `isZeroCopy` is true the values live in the
/// memory-mapped file, which this object keeps alive.
public final class FloatBuffer: @unchecked Sendable {
    // @unchecked: immutable after init (`let`s); the values are never written and `owner` keeps them alive.
    /// Number of elements.
    public let count: Int
    /// First element (valid for `count` elements; a valid pointer even when `count` is 0).
    public let baseAddress: UnsafePointer<Float>
    /// True when the values are read straight from the mapped file, without a copy.
    public let isZeroCopy: Bool
    /// Keeps the mapping alive for zero-copy buffers.
    private let owner: AnyObject?
    /// Set when this buffer owns its memory.
    private let allocation: UnsafeMutablePointer<Float>?

    /// A view of `count` floats at `base` inside memory kept alive by `owner`.
    init(viewing base: UnsafePointer<Float>, count: Int, owner: AnyObject) {
        self.count = count
        self.baseAddress = base
        self.isZeroCopy = true
        self.owner = owner
        self.allocation = nil
    }

    /// A buffer of `count` floats filled by `fill` (which must write every element).
    init(count: Int, fill: (UnsafeMutablePointer<Float>) -> Void) {
        let memory = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        fill(memory)
        self.count = count
        self.baseAddress = UnsafePointer(memory)
        self.isZeroCopy = false
        self.owner = nil
        self.allocation = memory
    }

    /// An owned copy of `values`.
    public convenience init(_ values: [Float]) {
        self.init(count: values.count) { memory in
            values.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { memory.update(from: base, count: values.count) }
            }
        }
    }

    deinit { allocation?.deallocate() }

    /// Calls `body` with the values.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: baseAddress, count: count))
    }

    /// A copy of the values as an array.
    public var array: [Float] { withUnsafeBufferPointer { Array($0) } }

    /// Element `index` (bounds-checked).
    public subscript(index: Int) -> Float {
        precondition(index >= 0 && index < count, "FloatBuffer index \(index) out of range 0..<\(count)")
        return baseAddress[index]
    }
}
