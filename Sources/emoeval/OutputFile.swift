// Where `-o FILE` writes: '-' is stdout; a regular file is replaced atomically (through a symlink, at the
// link's target, so the link stays); a FIFO or device is written into, never replaced.
import Foundation

/// What `writeOutput` wrote to.
enum OutputTarget: Equatable {
    case standardOutput
    /// A regular file (new or replaced atomically) at this path (a symlink's final target).
    case regularFile(String)
    /// A FIFO, character or block device, written in place.
    case specialFile(String)
}

enum OutputFileError: Error, CustomStringConvertible {
    case unwritable(path: String, reason: String)

    var description: String {
        switch self {
        case let .unwritable(path, reason): return "\(path): cannot write: \(reason)"
        }
    }
}

/// Writes `text` to `path` as described above; creates the parent folder of a new regular file.
@discardableResult
func writeOutput(_ text: String, to path: String) throws -> OutputTarget {
    if path == "-" {
        FileHandle.standardOutput.write(Data(text.utf8))
        return .standardOutput
    }
    let target = try resolveSymlinks(path)
    var info = stat()
    if stat(target, &info) == 0 {
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            break
        case S_IFIFO, S_IFCHR, S_IFBLK:
            try writeInPlace(text, to: target, shownAs: path)
            return .specialFile(target)
        case S_IFDIR:
            throw OutputFileError.unwritable(path: path, reason: "is a directory")
        default:
            throw OutputFileError.unwritable(path: path, reason: "not a regular file")
        }
    }
    let folder = (target as NSString).deletingLastPathComponent
    do {
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try Data(text.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
    } catch {
        throw OutputFileError.unwritable(path: path, reason: error.localizedDescription)
    }
    return .regularFile(target)
}

/// The path a chain of symlinks at `path` ends at (the path itself when it is not a link; a dangling link's
/// target, so that the file is created there).
private func resolveSymlinks(_ path: String) throws -> String {
    var current = path
    for _ in 0..<40 {
        var info = stat()
        guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
        guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else {
            throw OutputFileError.unwritable(path: path, reason: "cannot read the symbolic link \(current)")
        }
        current = destination.hasPrefix("/") ? destination
            : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
    }
    throw OutputFileError.unwritable(path: path, reason: "too many levels of symbolic links")
}

/// Writes into an existing FIFO or device without truncating or replacing it.
private func writeInPlace(_ text: String, to target: String, shownAs path: String) throws {
    let fd = open(target, O_WRONLY)
    guard fd >= 0 else { throw OutputFileError.unwritable(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written < 0 {
            if errno == EINTR { continue }
            throw OutputFileError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        bytes = bytes.dropFirst(written)
    }
}
