// A libsndfile handle opened for reading: header facts and Float32 frames scaled as soundfile does.
import CSndFile
import Foundation

/// An audio file opened with libsndfile for reading. Closed when the value is released.
///
/// Samples come from `sf_readf_float` with libsndfile's default float normalisation on, which is what
/// Python's `soundfile.read(dtype="float32")` calls: integer PCM is divided by 2^(bits-1)
/// (int16 / 32768, int24 / 8388608, int32 / 2147483648); float files pass through unchanged.
final class SoundFile {
    let path: String
    let sampleRate: Int
    let channels: Int
    /// Frames announced by the header (libsndfile's `SF_INFO.frames`).
    let frames: Int
    /// libsndfile's `SF_FORMAT_*` word (major type | subtype | endianness).
    let formatCode: Int32
    /// Whether frames can be reached with `sf_seek` (not for pipes and a few streaming formats).
    let isSeekable: Bool
    private let handle: OpaquePointer

    /// Opens `path`; throws `.missingFile` when nothing is there, `.unreadable` when libsndfile refuses it.
    /// A directory, FIFO or device is refused with `.notRegularFile` before anything opens it (opening a FIFO
    /// blocks until a writer appears).
    init(path: String) throws {
        try requireRegularFile(path)
        var info = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &info) else {
            throw AudioError.unreadable(path: path, reason: String(cString: sf_strerror(nil)))
        }
        guard info.samplerate > 0, info.channels > 0, info.frames >= 0 else {
            sf_close(handle)
            throw AudioError.unreadable(
                path: path, reason: "implausible header (rate \(info.samplerate), channels \(info.channels))")
        }
        self.path = path
        self.handle = handle
        sampleRate = Int(info.samplerate)
        channels = Int(info.channels)
        frames = Int(info.frames)
        formatCode = info.format
        isSeekable = info.seekable != 0
    }

    deinit { sf_close(handle) }


    /// The header facts as a public value.
    var info: AudioFileInfo {
        AudioFileInfo(path: path, format: SoundFormatName.major(formatCode),
                      subtype: SoundFormatName.subtype(formatCode),
                      sampleRate: sampleRate, channels: channels, frames: frames)
    }

    /// Whether the header's frame count is exact, so that decoding fewer frames means the data is
    /// truncated or corrupt. MPEG streams only carry an estimate; an unknown length is `SF_COUNT_MAX`.
    var hasExactLength: Bool {
        Int(formatCode) & SF_FORMAT_TYPEMASK != SF_FORMAT_MPEG && frames != Int(Int64.max)
    }

    /// Reads every frame, interleaved (`frames * channels` values).
    /// - Throws: `.unreadable` when the data ends before the header's frame count (libsndfile stops
    ///   silently at a corrupt FLAC frame; a WAV whose data chunk is cut short is already announced
    ///   with the shorter length by libsndfile, as soundfile reads it).
    func readAllInterleaved() throws -> [Float] {
        hasExactLength ? try readInterleaved(frames: 0..<frames) : try readInterleaved(maximumFrames: Int.max)
    }

    /// Reads the frames `range` (file frame indices, inside `0..<frames`), interleaved. Seeks when the
    /// file allows it, otherwise decodes and drops the frames before `range`.
    /// - Throws: `.unreadable` if the data ends before `range.upperBound`.
    func readInterleaved(frames range: Range<Int>) throws -> [Float] {
        if range.lowerBound > 0 {
            if isSeekable {
                guard sf_seek(handle, sf_count_t(range.lowerBound), SEEK_SET) == sf_count_t(range.lowerBound) else {
                    throw AudioError.unreadable(path: path, reason: "cannot seek to frame \(range.lowerBound)")
                }
            } else {
                let skipped = try readInterleaved(maximumFrames: range.lowerBound)
                try checkComplete(got: skipped.count / channels, expected: range.lowerBound)
            }
        }
        let samples = try readInterleaved(maximumFrames: range.count)
        try checkComplete(got: range.lowerBound + samples.count / channels, expected: range.upperBound)
        return samples
    }

    private func checkComplete(got: Int, expected: Int) throws {
        guard got >= expected else {
            throw AudioError.unreadable(
                path: path, reason: "the data ends at frame \(got) of the \(frames) the header announces "
                    + "(truncated or corrupt)")
        }
    }

    /// Reads up to `maximumFrames` frames from the current position, interleaved.
    private func readInterleaved(maximumFrames: Int) throws -> [Float] {
        let chunkFrames = 65_536
        var samples: [Float] = []
        samples.reserveCapacity(min(max(frames, 0), maximumFrames) * channels)
        var chunk = [Float](repeating: 0, count: chunkFrames * channels)
        var remaining = maximumFrames
        while remaining > 0 {
            let want = min(chunkFrames, remaining)
            let got = chunk.withUnsafeMutableBufferPointer { buffer in
                sf_readf_float(handle, buffer.baseAddress, sf_count_t(want))
            }
            if got <= 0 { break }
            samples.append(contentsOf: chunk[0..<(Int(got) * channels)])
            remaining -= Int(got)
        }
        let status = sf_error(handle)
        if status != Int32(SF_ERR_NO_ERROR) {
            throw AudioError.unreadable(path: path, reason: String(cString: sf_error_number(status)))
        }
        return samples
    }
}

/// "a directory", "a FIFO", ... for a `stat` mode that is not a regular file.
/// Refuses what no decoder may open: `.missingFile` when nothing is at `path`, `.notRegularFile` for a directory,
/// FIFO, device or socket. Uses `stat` (follows a symlink), so nothing is opened: open() of a FIFO blocks until a
/// writer appears, which hung every reader of a FIFO given as audio.
func requireRegularFile(_ path: String) throws {
    var status = stat()
    guard stat(path, &status) == 0 else { throw AudioError.missingFile(path: path) }
    guard (status.st_mode & S_IFMT) == S_IFREG else {
        throw AudioError.notRegularFile(path: path, kind: fileKindName(status.st_mode))
    }
}

func fileKindName(_ mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: return "a directory"
    case S_IFIFO: return "a FIFO"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    default: return "not a regular file"
    }
}
