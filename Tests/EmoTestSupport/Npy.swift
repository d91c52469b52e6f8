// Minimal reader for the NumPy `.npy` reference files (format v1/v2, little-endian float32/float64).
import Foundation

/// A float array read from a `.npy` file: row-major values and their shape.
public struct NpyArray: Sendable {
    public let shape: [Int]
    public let values: [Float]
}

public enum NpyError: Error, CustomStringConvertible {
    case malformed(String, String)
    public var description: String {
        switch self {
        case let .malformed(path, why): return "\(path): not a readable .npy file: \(why)"
        }
    }
}

/// Reads a little-endian `<f4` or `<f8` C-order `.npy` file (what the reference harness writes).
public func readNpy(_ path: String) throws -> NpyArray {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    let bytes = [UInt8](data)
    guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
        throw NpyError.malformed(path, "bad magic")
    }
    let major = bytes[6]
    let headerLength: Int
    let headerStart: Int
    if major == 1 {
        headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        headerStart = 10
    } else {
        guard bytes.count >= 12 else { throw NpyError.malformed(path, "short header") }
        headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        headerStart = 12
    }
    guard headerStart + headerLength <= bytes.count,
          let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .ascii)
    else { throw NpyError.malformed(path, "bad header") }
    guard !header.contains("'fortran_order': True") else { throw NpyError.malformed(path, "Fortran order") }
    let isF8 = header.contains("'<f8'")
    guard isF8 || header.contains("'<f4'") else { throw NpyError.malformed(path, "dtype is not <f4/<f8") }
    guard let open = header.range(of: "'shape': ("), let close = header[open.upperBound...].firstIndex(of: ")")
    else { throw NpyError.malformed(path, "no shape") }
    let shape = header[open.upperBound..<close].split(separator: ",")
        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.compactMap { Int($0) }
    let count = shape.reduce(1, *)
    let start = headerStart + headerLength
    let width = isF8 ? 8 : 4
    guard bytes.count - start >= count * width else { throw NpyError.malformed(path, "truncated data") }
    var values = [Float](repeating: 0, count: count)
    data.withUnsafeBytes { raw in
        for i in 0..<count {
            if isF8 {
                values[i] = Float(Double(bitPattern: raw.loadUnaligned(fromByteOffset: start + 8 * i, as: UInt64.self).littleEndian))
            } else {
                values[i] = Float(bitPattern: raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self).littleEndian)
            }
        }
    }
    return NpyArray(shape: shape, values: values)
}

/// Largest absolute element-wise difference; `.infinity` when the counts differ.
public func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count else { return .infinity }
    var m: Float = 0
    for i in a.indices { m = max(m, abs(a[i] - b[i])) }
    return m
}

/// Cosine similarity of two vectors of equal length.
public func cosineSimilarity(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for i in a.indices { dot += Double(a[i]) * Double(b[i]); na += Double(a[i] * a[i]); nb += Double(b[i] * b[i]) }
    return dot / max((na * nb).squareRoot(), 1e-30)
}
