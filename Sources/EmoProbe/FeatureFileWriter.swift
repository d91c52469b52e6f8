// Streams utterance features into a feature file in index order (see FeatureFile for the layout).
import Foundation

/// Writes `count` utterances of width `dim`, one `append` per utterance in index order, then `finish()`.
/// Data goes to `path.partial`; `finish()` fills in the table and renames it to `path`.
public final class FeatureFileWriter {
    public let path: String
    public let dim: Int
    public let count: Int
    private let key: String
    private let partialPath: String
    private var file: UnsafeMutablePointer<FILE>?
    private var lengths: [Int] = []

    public init(path: String, key: String, dim: Int, count: Int) throws(ProbeError) {
        guard dim > 0, count >= 0 else { throw .invalidSettings(problem: "feature file dim \(dim), count \(count)") }
        guard key.utf8.count <= FeatureFile.keySize else {
            throw .featureFileIO(path: path, problem: "key longer than \(FeatureFile.keySize) bytes")
        }
        self.path = path
        self.key = key
        self.dim = dim
        self.count = count
        partialPath = path + ".partial"
        guard let handle = fopen(partialPath, "wb") else {
            throw .featureFileIO(path: partialPath, problem: "cannot create (\(String(cString: strerror(errno))))")
        }
        file = handle
        // Placeholder header + table; `finish` rewrites it.
        try write(bytes: Array(repeating: 0, count: FeatureFile.dataOffset(count: count)))
    }

    deinit {
        if let file {
            fclose(file)
            unlink(partialPath)
        }
    }

    /// Appends the (frames x dim) matrix of the next utterance (empty: the utterance has no features).
    public func append(_ values: UnsafeBufferPointer<Float>) throws(ProbeError) {
        guard lengths.count < count else {
            throw .featureFileIO(path: path, problem: "more than \(count) utterances appended")
        }
        guard values.count % dim == 0 else {
            throw .invalidFeatures(item: "utterance \(lengths.count)",
                                   problem: "\(values.count) values is not a multiple of width \(dim)")
        }
        guard let file, values.isEmpty || fwrite(values.baseAddress, 4, values.count, file) == values.count else {
            throw .featureFileIO(path: partialPath, problem: "write failed")
        }
        lengths.append(values.count / dim)
    }

    public func append(_ values: [Float]) throws(ProbeError) {
        try values.withUnsafeBufferPointer { (buffer) throws(ProbeError) in try append(buffer) }
    }

    /// Writes the header and table, closes the file and renames it into place.
    public func finish() throws(ProbeError) {
        guard lengths.count == count else {
            throw .featureFileIO(path: path, problem: "\(lengths.count) of \(count) utterances appended")
        }
        guard let handle = file else { throw .featureFileIO(path: path, problem: "already finished") }
        var header: [UInt8] = FeatureFile.magic
        func put<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { header.append(contentsOf: $0) }
        }
        put(FeatureFile.version)
        put(UInt32(dim))
        put(UInt64(count))
        put(UInt64(lengths.reduce(0, +)))
        var keyBytes = Array(key.utf8)
        keyBytes.append(contentsOf: repeatElement(0, count: FeatureFile.keySize - keyBytes.count))
        header.append(contentsOf: keyBytes)
        var offset = 0
        for length in lengths {
            put(UInt64(offset))
            put(UInt64(length))
            offset += length
        }
        guard fseek(handle, 0, SEEK_SET) == 0 else { throw .featureFileIO(path: partialPath, problem: "seek failed") }
        try write(bytes: header)
        let closed = fclose(handle)
        file = nil
        guard closed == 0 else { throw .featureFileIO(path: partialPath, problem: "close failed") }
        guard rename(partialPath, path) == 0 else {
            throw .featureFileIO(path: path, problem: "cannot rename from \(partialPath) (\(String(cString: strerror(errno))))")
        }
    }

    private func write(bytes: [UInt8]) throws(ProbeError) {
        guard let file, fwrite(bytes, 1, bytes.count, file) == bytes.count else {
            throw .featureFileIO(path: partialPath, problem: "write failed")
        }
    }
}
