// The second decoder: containers libsndfile cannot read (mp4/m4a — MELD, MER2023, MEAD; avi — eNTERFACE,
// MER2023; webm — EMNS) go through FFmpeg's libavformat/libavcodec, loaded at run time (CFFmpegShim).
// Which decoder reads a file is decided by its content (the first bytes), not its name.
import CFFmpegShim
import Foundation

/// Which channel becomes the mono waveform.
public enum ChannelSelection: Sendable, Equatable, Hashable {
    /// Arithmetic mean of all channels (FunASR's `x.mean(-1)`; the default).
    case mean
    /// One channel, 1-based (EmoBox's `wav[channel-1]`: MELD's 5.1 clips use channel 3, front centre).
    case index(Int)
}

/// Container formats recognised by their first bytes that libsndfile cannot read.
enum FFmpegContainer: String {
    case mp4 = "MP4/M4A (ISO base media)"
    case avi = "AVI"
    case matroska = "WebM/Matroska"

    /// The `format` `audio-info` and `AudioFileInfo` report (soundfile's style: upper case, one word).
    var formatName: String {
        switch self {
        case .mp4: "MP4"
        case .avi: "AVI"
        case .matroska: "MATROSKA"
        }
    }

    /// The container of the file at `path` when it is one FFmpeg must decode, else nil (also for anything that is
    /// not a regular file: it is opened non-blocking and checked with fstat before a byte is read, since a plain
    /// open() of a FIFO blocks until a writer appears; `decodeAudio` refuses such paths before sniffing).
    static func sniff(_ path: String) -> FFmpegContainer? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: 12)
        var filled = 0
        while filled < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            guard got > 0 else { break }
            filled += got
        }
        guard filled == bytes.count else { return nil }
        if bytes[4...7].elementsEqual("ftyp".utf8) { return .mp4 }
        if bytes[0...3].elementsEqual("RIFF".utf8) && bytes[8...11].elementsEqual("AVI ".utf8) { return .avi }
        if bytes[0...3].elementsEqual([0x1A, 0x45, 0xDF, 0xA3]) { return .matroska }
        return nil
    }
}

/// Decodes `path` with FFmpeg: interleaved float32 (`frames * channels`) at the stream's own rate.
/// - Throws: `AudioError.unreadable` naming the file and FFmpeg's reason, or — when the FFmpeg libraries
///   are not available — the Debian packages to install.
func decodeWithFFmpeg(path: String, container: FFmpegContainer) throws -> (samples: [Float], rate: Int, channels: Int) {
    var pointer: UnsafeMutablePointer<Float>?
    var frames: Int64 = 0
    var rate: Int32 = 0
    var channels: Int32 = 0
    var message = [CChar](repeating: 0, count: 1024)
    let status = emo_ffmpeg_decode(path, &pointer, &frames, &rate, &channels, &message, message.count)
    defer { emo_ffmpeg_free(pointer) }
    let reason = String(cString: message)
    guard status == 0 else {
        throw AudioError.unreadable(path: path, reason: status == 1
            ? "\(container.rawValue) audio needs FFmpeg: \(reason)" : "\(container.rawValue): \(reason)")
    }
    guard frames > 0, channels > 0, rate > 0, let pointer else { throw AudioError.noFrames(path: path) }
    let samples = Array(UnsafeBufferPointer(start: pointer, count: Int(frames) * Int(channels)))
    return (samples, Int(rate), Int(channels))
}

/// Whether FFmpeg can be used here, and if not, why (for `emoeval info`).
public func ffmpegAvailability() -> (available: Bool, reason: String) {
    var message = [CChar](repeating: 0, count: 1024)
    let available = emo_ffmpeg_available(&message, message.count) != 0
    return (available, available ? "FFmpeg libavformat/libavcodec loaded" : String(cString: message))
}

/// One channel (1-based) of interleaved frames, or the mean of all of them.
func selectChannel(_ interleaved: [Float], channels: Int, _ selection: ChannelSelection, path: String) throws -> [Float] {
    switch selection {
    case .mean:
        return downmix(interleaved, channels: channels)
    case let .index(index):
        guard index >= 1, index <= channels else {
            throw AudioError.invalidParameter(path: path, reason: "channel \(index) requested, the file has \(channels)")
        }
        if channels == 1 { return interleaved }
        return stride(from: index - 1, to: interleaved.count, by: channels).map { interleaved[$0] }
    }
}

/// The number of channels of the audio file at `path`, from its header (FFmpeg's stream parameters for
/// mp4/m4a, avi and webm; libsndfile's header for everything else). Nothing is decoded.
/// - Throws: `AudioError.missingFile` or `.unreadable` naming the file (and, for the FFmpeg containers when
///   FFmpeg is not available, the Debian packages to install).
public func audioChannelCount(path: String) throws -> Int {
    try readAudioInfo(path: path).channels
}

/// Header facts of an FFmpeg container's best audio stream: format = the container (`MP4`, `AVI`,
/// `MATROSKA`), subtype = FFmpeg's codec name in upper case (`AAC`, `OPUS`, `PCM_S16LE`), frames = the
/// stated duration at the stream's rate (0 when the container states none).
func ffmpegStreamInfo(path: String, container: FFmpegContainer) throws -> AudioFileInfo {
    var info = EmoFFmpegStreamInfo()
    var message = [CChar](repeating: 0, count: 1024)
    let status = emo_ffmpeg_stream_info(path, &info, &message, message.count)
    let reason = String(cString: message)
    guard status == 0 else {
        throw AudioError.unreadable(path: path, reason: status == 1
            ? "\(container.rawValue) audio needs FFmpeg: \(reason)" : "\(container.rawValue): \(reason)")
    }
    let codec = withUnsafeBytes(of: info.codec) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
    return AudioFileInfo(path: path, format: container.formatName, subtype: codec.uppercased(),
                         sampleRate: Int(info.sample_rate), channels: Int(info.channels), frames: max(0, Int(info.frames)))
}
