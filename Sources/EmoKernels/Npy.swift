// Writes tensors as NumPy `.npy` files (format 1.0, little-endian float32, C order), loadable by `numpy.load`.
import Foundation

/// Why a `.npy` file could not be written.
public enum NpyWriteError: Error, CustomStringConvertible {
    /// The file could not be created or written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): return "\(path): cannot write .npy file: \(reason)"
        }
    }
}

/// Writes `tensor` to `path` as a NumPy v1.0 `.npy` file with dtype `<f4`, C order and `tensor.shape`.
/// Replaces an existing file. numpy: `numpy.load(path)` gives a float32 array of the same shape.
public func writeNpy(_ tensor: Tensor, to path: String) throws(NpyWriteError) {
    let data = npyData(tensor)
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw .cannotWrite(path: path, reason: error.localizedDescription)
    }
}

/// The bytes of a `.npy` file holding `tensor`: magic, version 1.0, a header padded with spaces and a
/// newline so that the data starts at a multiple of 64 bytes, then the raw little-endian float32 values.
public func npyData(_ tensor: Tensor) -> Data {
    let dims = tensor.shape.map(String.init)
    let shape = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
    let prefix = 10   // magic (6) + version (2) + header length (2)
    let unpadded = prefix + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
    let length = UInt16(header.utf8.count)
    data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
    data.append(contentsOf: Array(header.utf8))
    data.reserveCapacity(data.count + tensor.count * 4)
    tensor.data.withUnsafeBufferPointer { p in
        for value in p {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { data.append(contentsOf: $0) }
        }
    }
    return data
}
