// A tensor as stored in a checkpoint: metadata plus a validated view of its storage in the mapped file.

/// Where a storage's bytes are: a checked range of a mapped file.
struct TensorStorage: Sendable {
    let file: MappedFile
    /// Storage name for messages (zip entry or safetensors tensor name).
    let name: String
    /// Byte offset of element 0 in the file.
    let byteOffset: Int
    /// Number of elements of the storage's dtype.
    let elementCount: Int
}

/// One tensor of a checkpoint. Its extent was checked to lie inside its storage, and the storage inside the file,
/// when the checkpoint was opened; nothing is copied until `float32()` needs to.
public struct StoredTensor: Sendable {
    /// Full name in the (unwrapped) state dict, e.g. `modality_encoders.AUDIO.extra_tokens`.
    public let name: String
    public let dtype: TensorDType
    public let shape: [Int]
    /// Strides in elements (torch semantics).
    public let strides: [Int]
    /// Offset of element 0 in the storage, in elements.
    public let storageOffset: Int
    let storage: TensorStorage

    /// Largest rank accepted.
    static let maximumRank = 32

    /// Validates shape, strides and extent against `storage` (overflow-safe) and builds the tensor.
    init(name: String, dtype: TensorDType, shape: [Int], strides: [Int], storageOffset: Int,
         storage: TensorStorage) throws {
        let path = storage.file.path
        func fail(_ reason: String) -> CheckpointError { .invalidTensor(path: path, tensor: name, reason: reason) }
        guard shape.count <= Self.maximumRank else { throw fail("rank \(shape.count) is absurd") }
        guard strides.count == shape.count else {
            throw fail("shape \(shape) and strides \(strides) have different ranks")
        }
        guard shape.allSatisfy({ $0 >= 0 }), strides.allSatisfy({ $0 >= 0 }), storageOffset >= 0 else {
            throw fail("negative size, stride or offset (shape \(shape), strides \(strides), offset \(storageOffset))")
        }
        var count = 1
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw fail("shape \(shape) overflows") }
            count = product
        }
        if count > 0 {
            // Last element index = offset + Σ (size − 1) · stride; must be inside the storage.
            var last = storageOffset
            for (size, stride) in zip(shape, strides) {
                let (step, overflow1) = (size - 1).multipliedReportingOverflow(by: stride)
                let (sum, overflow2) = last.addingReportingOverflow(step)
                guard !overflow1, !overflow2 else { throw fail("shape \(shape) with strides \(strides) overflows") }
                last = sum
            }
            guard last < storage.elementCount else {
                throw fail("extent (offset \(storageOffset), shape \(shape), strides \(strides)) reaches element "
                    + "\(last) of a storage of \(storage.elementCount) elements")
            }
            // Overlapping views (expanded tensors) would materialise more elements than the file holds.
            guard count <= storage.elementCount else {
                throw fail("\(count) elements view a storage of only \(storage.elementCount) (an expanded, "
                    + "overlapping view; save it with .contiguous())")
            }
        } else {
            guard storageOffset <= storage.elementCount else {
                throw fail("offset \(storageOffset) beyond a storage of \(storage.elementCount) elements")
            }
        }
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.storageOffset = storageOffset
        self.storage = storage
    }

    /// A copy under a different name (wrapper prefixes removed).
    func renamed(_ newName: String) -> StoredTensor {
        // Metadata was validated already; re-validation cannot fail.
        (try? StoredTensor(name: newName, dtype: dtype, shape: shape, strides: strides,
                           storageOffset: storageOffset, storage: storage)) ?? self
    }

    /// Number of elements (product of `shape`; 1 for a scalar).
    public var elementCount: Int { shape.reduce(1, *) }

    /// Bytes of the tensor's own elements (`elementCount × dtype.size`).
    public var byteCount: Int { elementCount * dtype.size }

    /// True when the elements are laid out row-major without gaps (sizes-1 dimensions ignored).
    public var isContiguous: Bool {
        var expected = 1
        for (size, stride) in zip(shape, strides).reversed() where size != 1 {
            if stride != expected { return false }
            expected *= size
        }
        return true
    }

    /// Address of element 0 in the mapping.
    private var firstElement: UnsafeRawPointer? {
        storage.file.bytes(at: storage.byteOffset + storageOffset * dtype.size, count: 0)?.baseAddress
    }

    /// The values as Float32 in row-major order. A zero-copy view into the mapped file when the tensor is float32,
    /// contiguous and 4-byte aligned; otherwise a converted, materialised copy (float64/int64 are rounded).
    public func float32() throws -> FloatBuffer {
        let count = elementCount
        guard count > 0, let first = firstElement else { return FloatBuffer(count: 0) { _ in } }
        if dtype == .float32, isContiguous, Int(bitPattern: first) % MemoryLayout<Float>.alignment == 0 {
            return FloatBuffer(viewing: first.assumingMemoryBound(to: Float.self), count: count, owner: storage.file)
        }
        let dtype = self.dtype
        if isContiguous {
            return FloatBuffer(count: count) { out in
                for i in 0..<count { out[i] = dtype.float(first, i) }
            }
        }
        return FloatBuffer(count: count) { out in
            var i = 0
            forEachOffset { offset in
                out[i] = dtype.float(first, offset)
                i += 1
            }
        }
    }

    /// The values as Double in row-major order (any dtype; bool is 0/1). Always a copy; meant for inspection.
    public func float64Values() -> [Double] {
        let count = elementCount
        guard count > 0, let first = firstElement else { return [] }
        var values: [Double] = []
        values.reserveCapacity(count)
        forEachOffset { values.append(dtype.double(first, $0)) }
        return values
    }

    /// Calls `body` with the storage offset (relative to element 0) of every element in row-major order.
    private func forEachOffset(_ body: (Int) -> Void) {
        let rank = shape.count
        if rank == 0 { body(0); return }
        var index = [Int](repeating: 0, count: rank)
        var offset = 0
        while true {
            body(offset)
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                offset += strides[axis]
                if index[axis] < shape[axis] { break }
                offset -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
            if axis < 0 { return }
        }
    }
}
