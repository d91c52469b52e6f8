// Read-only reader for stored (uncompressed) zip archives such as torch checkpoints. Sizes and offsets come from the
// central directory (torch's local headers carry zero sizes); ZIP64 records are honoured.

/// One stored entry: its name and where its bytes lie in the file.
public struct ZipEntry: Sendable, Equatable {
    public let name: String
    /// Offset of the entry's data in the file.
    public let dataOffset: Int
    /// Size of the entry's data in bytes.
    public let size: Int
}

/// The central directory of a zip file that is memory-mapped. Every entry is verified to lie inside the file.
public struct ZipReader: Sendable {
    public let file: MappedFile
    /// Entries in central-directory order.
    public let entries: [ZipEntry]
    private let index: [String: Int]

    private static let endRecordSignature = 0x0605_4b50
    private static let zip64LocatorSignature = 0x0706_4b50
    private static let zip64EndRecordSignature = 0x0606_4b50
    private static let centralHeaderSignature = 0x0201_4b50
    private static let localHeaderSignature = 0x0403_4b50

    /// Reads the central directory of `file`. Throws `CheckpointError.malformedZip` / `.compressedEntry`.
    public init(file: MappedFile) throws {
        self.file = file
        let bytes = file.allBytes
        let path = file.path
        func fail(_ reason: String) -> CheckpointError { .malformedZip(path: path, reason: reason) }

        // End of central directory: 22 bytes + up to 65535 bytes of comment, searched backwards.
        guard bytes.count >= 22 else { throw fail("file too short (\(bytes.count) bytes) for a zip end record") }
        var endOffset: Int?
        var candidate = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while candidate >= lowest {
            if bytes.u32(candidate) == Self.endRecordSignature { endOffset = candidate; break }
            candidate -= 1
        }
        guard let endOffset else { throw fail("no end-of-central-directory record (truncated file?)") }
        guard var entryCount = bytes.u16(endOffset + 10), var directorySize = bytes.u32(endOffset + 12),
              var directoryOffset = bytes.u32(endOffset + 16) else { throw fail("truncated end record") }

        if entryCount == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the locator sits just before the classic end record.
            let locator = endOffset - 20
            guard locator >= 0, bytes.u32(locator) == Self.zip64LocatorSignature,
                  let record = bytes.u64(locator + 8) else { throw fail("missing ZIP64 end-record locator") }
            guard bytes.u32(record) == Self.zip64EndRecordSignature, let count64 = bytes.u64(record + 32),
                  let size64 = bytes.u64(record + 40), let offset64 = bytes.u64(record + 48)
            else { throw fail("bad ZIP64 end record at byte \(record)") }
            (entryCount, directorySize, directoryOffset) = (count64, size64, offset64)
        }
        guard directoryOffset <= bytes.count, directorySize <= bytes.count - directoryOffset else {
            throw fail("central directory (offset \(directoryOffset), \(directorySize) bytes) lies outside the "
                + "\(bytes.count)-byte file")
        }
        guard entryCount <= directorySize / 46 else {
            throw fail("\(entryCount) entries cannot fit in a \(directorySize)-byte central directory")
        }

        var entries: [ZipEntry] = []
        entries.reserveCapacity(entryCount)
        var index: [String: Int] = [:]
        var cursor = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for number in 0..<entryCount {
            guard cursor <= directoryEnd - 46, bytes.u32(cursor) == Self.centralHeaderSignature,
                  let method = bytes.u16(cursor + 10), var compressed = bytes.u32(cursor + 20),
                  var size = bytes.u32(cursor + 24), let nameLength = bytes.u16(cursor + 28),
                  let extraLength = bytes.u16(cursor + 30), let commentLength = bytes.u16(cursor + 32),
                  var localOffset = bytes.u32(cursor + 42)
            else { throw fail("bad central-directory header #\(number) at byte \(cursor)") }
            let nameStart = cursor + 46
            let recordEnd = nameStart + nameLength + extraLength + commentLength
            guard recordEnd <= directoryEnd else { throw fail("central-directory header #\(number) overruns the directory") }
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[nameStart..<nameStart + nameLength]),
                              as: UTF8.self)
            // ZIP64 extended information: only the fields saturated in the fixed header are present, in order.
            if size == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
                var field = nameStart + nameLength
                let extraEnd = field + extraLength
                var found = false
                while field + 4 <= extraEnd, let tag = bytes.u16(field), let length = bytes.u16(field + 2) {
                    let dataStart = field + 4
                    guard dataStart + length <= extraEnd else { break }
                    if tag == 0x0001 {
                        var at = dataStart
                        func next() throws -> Int {
                            guard at + 8 <= dataStart + length, let value = bytes.u64(at) else {
                                throw fail("short ZIP64 extra field of '\(name)'")
                            }
                            at += 8
                            return value
                        }
                        if size == 0xFFFF_FFFF { size = try next() }
                        if compressed == 0xFFFF_FFFF { compressed = try next() }
                        if localOffset == 0xFFFF_FFFF { localOffset = try next() }
                        found = true
                        break
                    }
                    field = dataStart + length
                }
                guard found else { throw fail("entry '\(name)' needs a ZIP64 extra field but has none") }
            }
            guard method == 0 else { throw CheckpointError.compressedEntry(path: path, entry: name, method: method) }
            guard compressed == size else {
                throw fail("stored entry '\(name)' has compressed size \(compressed) != size \(size)")
            }
            // Data starts after the local header, whose name/extra lengths may differ from the central copy.
            guard bytes.u32(localOffset) == Self.localHeaderSignature, let localName = bytes.u16(localOffset + 26),
                  let localExtra = bytes.u16(localOffset + 28)
            else { throw fail("bad local header of '\(name)' at byte \(localOffset)") }
            let dataOffset = localOffset + 30 + localName + localExtra
            guard dataOffset <= bytes.count, size <= bytes.count - dataOffset else {
                throw fail("entry '\(name)' (\(size) bytes at byte \(dataOffset)) lies outside the "
                    + "\(bytes.count)-byte file")
            }
            if index[name] == nil { index[name] = entries.count }
            entries.append(ZipEntry(name: name, dataOffset: dataOffset, size: size))
            cursor = recordEnd
        }
        self.entries = entries
        self.index = index
    }

    /// The entry called `name`, or nil.
    public func entry(named name: String) -> ZipEntry? {
        index[name].map { entries[$0] }
    }

    /// The bytes of `entry` (inside the mapping; checked at init).
    public func bytes(of entry: ZipEntry) -> UnsafeRawBufferPointer {
        file.bytes(at: entry.dataOffset, count: entry.size) ?? UnsafeRawBufferPointer(start: nil, count: 0)
    }
}
