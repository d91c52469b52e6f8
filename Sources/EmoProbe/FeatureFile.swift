// A memory-mapped feature file: a small header, a table of per-utterance offsets/lengths, float32 data.
//
// Layout (all integers little-endian):
//   0   magic "EMOFEAT1" (8 bytes)
//   8   UInt32 version (1), UInt32 dim
//   16  UInt64 count (utterances), UInt64 totalFrames
//   32  key: 64 bytes ASCII, zero-padded (who wrote it: checkpoint sha256 + utterance set, hashed)
//   96  count x (UInt64 offset in frames, UInt64 length in frames; length 0 = no features, e.g. too short)
//   ... zero padding up to a multiple of 64 bytes
//   data: totalFrames x dim float32, row-major, utterances back to back in index order.
import Foundation

/// Writes and opens feature files. A file is written to `path + ".partial"` and renamed when complete,
/// so a killed extraction never leaves a file that looks valid.
public enum FeatureFile {
    static let magic = Array("EMOFEAT1".utf8)
    static let version: UInt32 = 1
    static let fixedHeaderSize = 96
    static let keySize = 64

    /// Byte offset of the float data for `count` utterances.
    static func dataOffset(count: Int) -> Int {
        let tableEnd = fixedHeaderSize + 16 * count
        return (tableEnd + 63) / 64 * 64
    }

    /// Opens (memory-maps) an existing feature file and checks it was written for `expectedKey`
    /// (when given) and holds `expectedCount` utterances (when given).
    public static func open(path: String, expectedKey: String? = nil,
                            expectedCount: Int? = nil) throws(ProbeError) -> FrameFeatures {
        let mapping = try MappedFeatureFile(path: path)
        let bytes = mapping.bytes
        func corrupt(_ problem: String) -> ProbeError { .corruptFeatureFile(path: path, problem: problem) }
        guard mapping.size >= fixedHeaderSize else { throw corrupt("\(mapping.size) bytes is shorter than the header") }
        guard Array(UnsafeRawBufferPointer(start: bytes, count: 8)) == magic else { throw corrupt("bad magic") }
        let fileVersion = bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self).littleEndian
        guard fileVersion == version else { throw corrupt("version \(fileVersion), expected \(version)") }
        let dim = Int(bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self).littleEndian)
        // Unsigned header fields above Int.max become negative and fail the plausibility checks below.
        let count = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self).littleEndian)
        let totalFrames = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self).littleEndian)
        let keyBytes = UnsafeRawBufferPointer(start: bytes + 32, count: keySize).prefix { $0 != 0 }
        let key = String(decoding: keyBytes, as: UTF8.self)
        if let expectedKey, key != expectedKey {
            throw .featureKeyMismatch(path: path, expected: expectedKey, found: key)
        }
        guard dim > 0, count >= 0, totalFrames >= 0, count < (1 << 40), totalFrames < (1 << 40) else {
            throw corrupt("implausible sizes (dim \(dim), count \(count), frames \(totalFrames))")
        }
        if let expectedCount, count != expectedCount {
            throw corrupt("holds \(count) utterances, expected \(expectedCount)")
        }
        let dataStart = dataOffset(count: count)
        guard mapping.size == dataStart + totalFrames * dim * 4 else {
            throw corrupt("size \(mapping.size) bytes, expected \(dataStart + totalFrames * dim * 4)")
        }
        var lengths: [Int] = []
        lengths.reserveCapacity(count)
        var expectedOffset = 0
        for i in 0..<count {
            let entry = fixedHeaderSize + 16 * i
            let offset = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: entry, as: UInt64.self).littleEndian)
            let length = Int(truncatingIfNeeded: bytes.loadUnaligned(fromByteOffset: entry + 8, as: UInt64.self).littleEndian)
            guard offset == expectedOffset, length >= 0, length <= totalFrames else {
                throw corrupt("table entry \(i): offset \(offset), length \(length) (expected offset \(expectedOffset))")
            }
            lengths.append(length)
            expectedOffset += length
        }
        guard expectedOffset == totalFrames else { throw corrupt("lengths sum to \(expectedOffset), header says \(totalFrames)") }
        let data = (bytes + dataStart).assumingMemoryBound(to: Float.self)
        return FrameFeatures(dim: dim, lengths: lengths, base: UnsafePointer(data), owner: mapping)
    }
}

/// A read-only private mapping of a whole file, unmapped on deinit.
final class MappedFeatureFile: @unchecked Sendable {
    // @unchecked: a PROT_READ mapping held in `let`s; nothing is ever written through `bytes`.
    let bytes: UnsafeRawPointer
    let size: Int

    init(path: String) throws(ProbeError) {
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { throw .featureFileIO(path: path, problem: "cannot open (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .featureFileIO(path: path, problem: "cannot stat") }
        size = Int(info.st_size)
        guard size > 0 else { throw .corruptFeatureFile(path: path, problem: "empty file") }
        guard let region = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), region != MAP_FAILED else {
            throw .featureFileIO(path: path, problem: "mmap failed (\(String(cString: strerror(errno))))")
        }
        bytes = UnsafeRawPointer(region)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes), size) }
}
