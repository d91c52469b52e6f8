// Reading the text files of a corpus (recipes, Kaldi tables): regular files only, any line ends, values cut
// to a readable length in messages.
import Foundation

/// Why `path` is not a file emoeval reads: nil for a regular file (or a symlink to one) and for a missing path.
/// Checked with `stat` before any `open`, so a FIFO or device is never opened (opening a FIFO blocks).
func nonRegularFileReason(_ path: String) -> String? {
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

/// `text` with Windows and old-Mac line ends made plain: a leading UTF-8 byte order mark is dropped, CRLF and
/// a lone CR (e.g. at the very end of a file) become LF.
func plainLineEnds(_ text: String) -> String {
    var scalars = String.UnicodeScalarView()
    var iterator = text.unicodeScalars.makeIterator()
    var pendingCR = false
    var first = true
    while let scalar = iterator.next() {
        defer { first = false }
        if first && scalar == "\u{FEFF}" { continue }
        if pendingCR {
            pendingCR = false
            scalars.append("\n")
            if scalar == "\n" { continue }
        }
        if scalar == "\r" { pendingCR = true; continue }
        scalars.append(scalar)
    }
    if pendingCR { scalars.append("\n") }
    return String(scalars)
}

/// Reads the UTF-8 text file at `path` with plain line ends; nil when nothing is there.
/// - Throws: `CorpusError.notRegularFile` (a directory, FIFO, device), `.unreadable`.
func readTextFile(_ path: String) throws -> String? {
    if let reason = nonRegularFileReason(path) { throw CorpusError.notRegularFile(path: path, reason: reason) }
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CorpusError.unreadable(path: path, reason: "permission denied")
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw CorpusError.unreadable(path: path, reason: "not UTF-8 text")
    }
    return plainLineEnds(text)
}

/// `value` for a message: whole when short, else its start and its length (a 5 MB path is not echoed).
func clipped(_ value: some StringProtocol, limit: Int = 160) -> String {
    let bytes = value.utf8.count
    guard bytes > limit else { return String(value) }
    return String(value.prefix(limit / 2)) + "… (\(bytes) bytes)"
}
