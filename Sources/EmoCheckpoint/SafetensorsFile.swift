// safetensors: an 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, then
// the raw little-endian data. The file is memory-mapped; tensors are views into it.
import Foundation

/// Reader for Hugging Face `.safetensors` files.
enum SafetensorsFile {
    /// Largest header accepted (the format's own reference implementation caps it at 100 MB).
    static let maximumHeaderSize = 100_000_000

    /// True when `bytes` starts like a safetensors file (a plausible header length followed by `{`).
    static func looksLikeSafetensors(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 10, let length = bytes.u64(0), length >= 2, length <= bytes.count - 8 else {
            return false
        }
        return bytes[8] == UInt8(ascii: "{")
    }

    static func load(_ file: MappedFile) throws -> Checkpoint {
        let path = file.path
        func fail(_ reason: String) -> CheckpointError { .malformedSafetensors(path: path, reason: reason) }
        let bytes = file.allBytes
        guard let headerLength = bytes.u64(0), headerLength <= bytes.count - 8 else {
            throw fail("header length exceeds the file")
        }
        guard headerLength <= maximumHeaderSize else { throw fail("header of \(headerLength) bytes is absurd") }
        let dataStart = 8 + headerLength
        let dataSize = bytes.count - dataStart
        let header = Data(UnsafeRawBufferPointer(rebasing: bytes[8..<dataStart]))
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: header)
        } catch {
            throw fail("header is not valid JSON")
        }
        guard let entries = json as? [String: Any] else { throw fail("header is not a JSON object") }

        var located: [(offset: Int, tensor: StoredTensor)] = []
        for (name, value) in entries where name != "__metadata__" {
            guard let info = value as? [String: Any], let dtypeName = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int],
                  offsets.count == 2 else {
                throw fail("entry '\(name)' lacks dtype, shape or data_offsets")
            }
            guard let dtype = TensorDType(safetensors: dtypeName) else {
                throw CheckpointError.unsupportedDType(path: path, item: name, dtype: dtypeName)
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataSize else {
                throw CheckpointError.invalidStorage(path: path, storage: name, reason: "data offsets [\(begin), "
                    + "\(end)] lie outside the \(dataSize)-byte data section")
            }
            guard shape.allSatisfy({ $0 >= 0 }), shape.count <= StoredTensor.maximumRank else {
                throw CheckpointError.invalidTensor(path: path, tensor: name, reason: "bad shape \(shape)")
            }
            var count = 1
            for size in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: size)
                guard !overflow else { throw CheckpointError.invalidTensor(path: path, tensor: name,
                                                                            reason: "shape \(shape) overflows") }
                count = product
            }
            guard count <= (end - begin) / dtype.size, count * dtype.size == end - begin else {
                throw CheckpointError.invalidStorage(path: path, storage: name, reason: "\(end - begin) bytes for "
                    + "shape \(shape) of \(dtype.rawValue)")
            }
            var strides = [Int](repeating: 1, count: shape.count)
            var stride = 1
            for axis in shape.indices.reversed() {
                strides[axis] = stride
                stride *= max(shape[axis], 1)
            }
            let storage = TensorStorage(file: file, name: name, byteOffset: dataStart + begin, elementCount: count)
            var tensorName = name
            if tensorName.hasPrefix("module.") { tensorName.removeFirst("module.".count) }
            let tensor = try StoredTensor(name: tensorName, dtype: dtype, shape: shape, strides: strides,
                                          storageOffset: 0, storage: storage)
            located.append((begin, tensor))
        }
        located.sort { ($0.offset, $0.tensor.name) < ($1.offset, $1.tensor.name) }
        let stripped = entries.keys.contains { $0.hasPrefix("module.") }
        return try Checkpoint(path: path, format: .safetensors, fileSize: file.count,
                              orderedTensors: located.map(\.tensor), stateDictKey: nil,
                              strippedModulePrefix: stripped, ignoredEntries: [], root: nil, archive: nil)
    }
}
