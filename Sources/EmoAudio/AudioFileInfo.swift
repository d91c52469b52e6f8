// Header facts of an audio file (cheap: no sample is decoded).

/// What an audio file's header says, named as Python's soundfile names it.
public struct AudioFileInfo: Sendable, Equatable, Codable {
    /// The path the file was opened with.
    public var path: String
    /// Container, soundfile's name: "WAV", "FLAC", "OGG", "AIFF", ...
    public var format: String
    /// Sample encoding, soundfile's name: "PCM_16", "PCM_24", "FLOAT", "VORBIS", ...
    public var subtype: String
    /// Samples per second per channel.
    public var sampleRate: Int
    public var channels: Int
    /// Frames (samples per channel) announced by the header.
    public var frames: Int

    public init(path: String, format: String, subtype: String, sampleRate: Int, channels: Int, frames: Int) {
        self.path = path
        self.format = format
        self.subtype = subtype
        self.sampleRate = sampleRate
        self.channels = channels
        self.frames = frames
    }

    /// Duration in seconds (`frames / sampleRate`).
    public var duration: Double { Double(frames) / Double(sampleRate) }
}

/// Reads the header of the audio file at `path`: any format libsndfile reads, and — chosen by content, as
/// `decodeAudio` chooses — mp4/m4a, avi and webm/Matroska through FFmpeg (format `MP4`/`AVI`/`MATROSKA`,
/// subtype the codec, frames from the stated duration). No samples are decoded.
/// - Throws: `AudioError.missingFile`, `.notRegularFile` or `.unreadable` (for the FFmpeg containers without
///   FFmpeg: naming the packages to install).
public func readAudioInfo(path: String) throws -> AudioFileInfo {
    try requireRegularFile(path)
    if let container = FFmpegContainer.sniff(path) { return try ffmpegStreamInfo(path: path, container: container) }
    return try SoundFile(path: path).info
}
