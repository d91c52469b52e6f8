// The SHA-256 of a file (checkpoint provenance), read in chunks with the checkpoint reader's open-regular-file
// helper; the hash itself is EmoHash.
import EmoHash
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lower-case hex SHA-256 of the file at `path`, read in 1 MiB chunks so a multi-GB checkpoint never sits in the
/// process's memory. Throws `CheckpointError.cannotOpen`.
public func sha256Hex(ofFile path: String) throws -> String {
    try sha256Hex(ofFile: path, chunkSize: 1 << 20)
}

/// `sha256Hex(ofFile:)` reading `chunkSize` bytes at a time (small sizes let tests cross chunk boundaries).
func sha256Hex(ofFile path: String, chunkSize: Int) throws -> String {
    let (fd, _) = try MappedFile.openRegularFile(path)
    defer { close(fd) }
    var hasher = SHA256()
    var chunk = [UInt8](repeating: 0, count: chunkSize)
    while true {
        let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
        if got == 0 { break }
        if got < 0 {
            if errno == EINTR { continue }
            throw CheckpointError.cannotOpen(path: path, reason: "read failed: \(MappedFile.errnoText())")
        }
        chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
    }
    return hasher.finalizeHex()
}
