// A read-only memory mapping of a whole file, with bounds-checked little-endian reads.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file mapped read-only into memory. Tensors and `FloatBuffer`s keep it alive; it is unmapped on deinit.
/// The bytes are never written, so sharing across threads is safe.
public final class MappedFile: @unchecked Sendable {
    // @unchecked: `let`s over a PROT_READ mapping that is only unmapped in deinit.
    /// The path the file was opened with.
    public let path: String
    /// File size in bytes.
    public let count: Int
    /// Start of the mapping (nil for an empty file).
    let base: UnsafeRawPointer?

    /// Maps `path` read-only. Throws `CheckpointError.cannotOpen`.
    public init(path: String) throws {
        self.path = path
        let (fd, size) = try Self.openRegularFile(path)
        defer { close(fd) }
        count = size
        if count == 0 {
            base = nil
            return
        }
        let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw CheckpointError.cannotOpen(path: path, reason: "mmap failed: \(Self.errnoText())")
        }
        base = UnsafeRawPointer(mapped)
    }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), count) }
    }

    /// The bytes `[offset, offset + length)`, or nil when the range is not inside the file.
    func bytes(at offset: Int, count length: Int) -> UnsafeRawBufferPointer? {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else { return nil }
        guard let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base + offset, count: length)
    }

    /// All bytes of the file.
    var allBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// A read-only descriptor of the regular file at `path` and its size; the caller closes it.
    /// Throws `CheckpointError.cannotOpen`.
    static func openRegularFile(_ path: String) throws -> (fd: Int32, size: Int) {
        // Checked before opening: open() of a FIFO blocks until a writer appears.
        if let reason = nonRegularFileReason(path) { throw CheckpointError.cannotOpen(path: path, reason: reason) }
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw CheckpointError.cannotOpen(path: path, reason: errnoText()) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = errnoText()
            close(fd)
            throw CheckpointError.cannotOpen(path: path, reason: reason)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw CheckpointError.cannotOpen(path: path, reason: nonRegularFileReason(path) ?? "not a regular file")
        }
        return (fd, Int(info.st_size))
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

/// Bounds-checked little-endian reads from a byte range.
extension UnsafeRawBufferPointer {
    /// Unsigned little-endian integer of `width` bytes at `offset`, or nil when out of range.
    func littleEndian(at offset: Int, width: Int) -> UInt64? {
        guard offset >= 0, width <= 8, offset <= count - width else { return nil }
        var value: UInt64 = 0
        for i in 0..<width { value |= UInt64(self[offset + i]) << (8 * UInt64(i)) }
        return value
    }

    func u16(_ offset: Int) -> Int? { littleEndian(at: offset, width: 2).map { Int($0) } }
    func u32(_ offset: Int) -> Int? { littleEndian(at: offset, width: 4).map { Int($0) } }
    /// A u64 that fits in `Int` (nil when out of range or above `Int.max`).
    func u64(_ offset: Int) -> Int? {
        guard let value = littleEndian(at: offset, width: 8), value <= UInt64(Int.max) else { return nil }
        return Int(value)
    }
}

/// Why `path` is not a file to read: nil for a regular file (or a symlink to one) and for a missing path, else
/// "not a regular file (a directory)", "(a FIFO)", ... Uses `stat`, so nothing is opened.
public func nonRegularFileReason(_ path: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    switch info.st_mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "not a regular file (a directory)"
    case S_IFIFO: return "not a regular file (a FIFO)"
    case S_IFCHR: return "not a regular file (a character device)"
    case S_IFBLK: return "not a regular file (a block device)"
    case S_IFSOCK: return "not a regular file (a socket)"
    default: return "not a regular file"
    }
}
