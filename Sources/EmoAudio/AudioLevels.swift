// Peak and RMS of an audio file (decodes every sample), for `audio-info`.

/// Signal levels over every sample of every channel, soundfile scaling (full scale = 1).
public struct AudioLevels: Sendable, Equatable {
    /// Largest absolute sample value.
    public var peak: Double
    /// Root mean square over all samples of all channels (0 for an empty file).
    public var rms: Double

    public init(peak: Double, rms: Double) {
        self.peak = peak
        self.rms = rms
    }

    /// Levels of interleaved samples, accumulated in Double, and the index of the first NaN/Inf (nil: none).
    static func measure(_ samples: [Float]) -> (levels: AudioLevels, firstNonFinite: Int?) {
        var peak = 0.0, sumOfSquares = 0.0
        for (index, sample) in samples.enumerated() {
            guard sample.isFinite else { return (AudioLevels(peak: .nan, rms: .nan), index) }
            let value = Double(sample)
            peak = max(peak, abs(value))
            sumOfSquares += value * value
        }
        let rms = samples.isEmpty ? 0 : (sumOfSquares / Double(samples.count)).squareRoot()
        return (AudioLevels(peak: peak, rms: rms), nil)
    }
}

/// Header facts plus levels of the audio file at `path`; decodes the whole file (mp4/m4a, avi and
/// webm/Matroska through FFmpeg, chosen by content; everything else through libsndfile).
/// A file with 0 frames is reported (peak and RMS 0), not rejected.
/// - Throws: `AudioError.missingFile`, `.notRegularFile`, `.unreadable`, `.noFrames` (an FFmpeg container
///   with no decodable audio), or `.nonFiniteSample`.
public func measureAudioFile(path: String) throws -> AudioFileMeasurement {
    try requireRegularFile(path)
    if let container = FFmpegContainer.sniff(path) {
        var info = try ffmpegStreamInfo(path: path, container: container)
        let decoded = try decodeWithFFmpeg(path: path, container: container)
        let (levels, badIndex) = AudioLevels.measure(decoded.samples)
        if let badIndex { throw AudioError.nonFiniteSample(path: path, frame: badIndex / decoded.channels) }
        info.sampleRate = decoded.rate
        info.channels = decoded.channels
        info.frames = decoded.samples.count / decoded.channels   // what was really decoded
        return AudioFileMeasurement(info: info, levels: levels)
    }
    let file = try SoundFile(path: path)
    let samples = try file.readAllInterleaved()
    let (levels, badIndex) = AudioLevels.measure(samples)
    if let badIndex { throw AudioError.nonFiniteSample(path: path, frame: badIndex / file.channels) }
    var info = file.info
    info.frames = samples.count / file.channels   // what was really decoded (a truncated file has less)
    return AudioFileMeasurement(info: info, levels: levels)
}

/// `readAudioInfo` facts (frames = frames really decoded) plus the levels of the samples.
public struct AudioFileMeasurement: Sendable, Equatable {
    public var info: AudioFileInfo
    public var levels: AudioLevels

    public init(info: AudioFileInfo, levels: AudioLevels) {
        self.info = info
        self.levels = levels
    }
}
