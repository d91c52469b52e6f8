// The audio front end: decode -> channel mean -> segment cut -> resample -> validate.

/// Decodes the audio file at `path` into the mono waveform a model consumes.
///
/// Steps, in the order FunASR applies them (channel mean *before* resampling):
/// 1. decode with libsndfile (any format it reads) to Float32 scaled as Python's soundfile does
///    (int16 / 32768; float files unchanged), rejecting NaN/Inf samples;
/// 2. down-mix by the arithmetic mean of the channels (`sum / channels` in Float32, like `x.mean(-1)`);
/// 3. cut `segment` (`[start, end)` seconds, see `AudioSegment.sampleRange`) at the file's own rate;
/// 4. resample to `targetRate` with libsamplerate (`converter`, default `SampleRateConverter.standard`,
///    output length `ceil(n * targetRate / rate)`); a file already at `targetRate` is passed through
///    untouched (bit-exact);
/// 5. require at least `minimumSamples` samples at `targetRate` (400 = one 25 ms model frame at 16 kHz).
///
/// - Throws: `AudioError` naming the file: `.missingFile`, `.unreadable`, `.noFrames`, `.nonFiniteSample`,
///   `.segmentOutsideRecording`, `.tooShort`, `.invalidParameter`, `.resamplingFailed`.
public func loadWaveform(path: String, segment: AudioSegment? = nil, channel: ChannelSelection = .mean,
                         targetRate: Int = 16000, minimumSamples: Int = 400,
                         converter: SampleRateConverter = .standard) throws -> Waveform {
    guard targetRate > 0 else {
        throw AudioError.invalidParameter(path: path, reason: "target sample rate \(targetRate) Hz is not positive")
    }
    let decoded = try decodeAudio(path: path, segment: segment, channel: channel)
    return try resampleAndValidate(decoded, path: path, targetRate: targetRate, minimumSamples: minimumSamples,
                                   converter: converter)
}

/// Steps 1-3 of `loadWaveform`: the mono waveform at the file's own rate (for timing decode and
/// resampling separately). Not empty, every sample finite.
/// - Throws: `.missingFile`, `.notRegularFile`, `.unreadable`, `.noFrames`, `.nonFiniteSample`,
///   `.segmentOutsideRecording`.
/// mp4/m4a, avi and webm/Matroska files (recognised by content) are decoded by FFmpeg, everything else by
/// libsndfile. `channel` picks one channel (1-based, EmoBox's index) instead of the mean.
public func decodeAudio(path: String, segment: AudioSegment? = nil, channel: ChannelSelection = .mean) throws -> Waveform {
    // Before anything reads a byte (the content sniff included): a FIFO, directory or device is refused.
    try requireRegularFile(path)
    if let container = FFmpegContainer.sniff(path) {
        let decoded = try decodeWithFFmpeg(path: path, container: container)
        let frames = decoded.samples.count / decoded.channels
        let range = try segment?.sampleRange(sampleRate: decoded.rate, frames: frames, path: path) ?? 0..<frames
        let cut = Array(decoded.samples[(range.lowerBound * decoded.channels)..<(range.upperBound * decoded.channels)])
        if let bad = cut.firstIndex(where: { !$0.isFinite }) {
            throw AudioError.nonFiniteSample(path: path, frame: range.lowerBound + bad / decoded.channels)
        }
        let mono = try selectChannel(cut, channels: decoded.channels, channel, path: path)
        guard !mono.isEmpty else { throw AudioError.noFrames(path: path) }
        return Waveform(samples: mono, sampleRate: decoded.rate)
    }
    let file = try SoundFile(path: path)
    guard file.frames > 0 else { throw AudioError.noFrames(path: path) }
    // A segment is read by seeking to it, so cutting many utterances out of one long recording does
    // not decode the whole recording each time.
    let range = try segment?.sampleRange(sampleRate: file.sampleRate, frames: file.frames, path: path)
        ?? 0..<file.frames
    let interleaved = try range == 0..<file.frames ? file.readAllInterleaved() : file.readInterleaved(frames: range)
    if let bad = interleaved.firstIndex(where: { !$0.isFinite }) {
        throw AudioError.nonFiniteSample(path: path, frame: range.lowerBound + bad / file.channels)
    }
    let mono = try selectChannel(interleaved, channels: file.channels, channel, path: path)
    guard !mono.isEmpty else { throw AudioError.noFrames(path: path) }
    return Waveform(samples: mono, sampleRate: file.sampleRate)
}

/// Steps 4-5 of `loadWaveform`: resample a decoded waveform of the file `path` (named in errors) to
/// `targetRate` and require `minimumSamples` samples.
/// - Throws: `.tooShort`, `.invalidParameter`, `.resamplingFailed`.
public func resampleAndValidate(_ decoded: Waveform, path: String, targetRate: Int = 16000,
                                minimumSamples: Int = 400,
                                converter: SampleRateConverter = .standard) throws -> Waveform {
    let waveform = try resample(decoded, to: targetRate, converter: converter, path: path)
    guard waveform.samples.count >= minimumSamples else {
        throw AudioError.tooShort(path: path, samples: waveform.samples.count, sampleRate: targetRate,
                                  minimum: minimumSamples)
    }
    return waveform
}

/// Mean over channels of interleaved frames (`sum / channels` in Float32); mono input is returned as is.
func downmix(_ interleaved: [Float], channels: Int) -> [Float] {
    guard channels > 1 else { return interleaved }
    let frames = interleaved.count / channels
    let scale = Float(channels)
    return [Float](unsafeUninitializedCapacity: frames) { mono, initialized in
        interleaved.withUnsafeBufferPointer { input in
            for frame in 0..<frames {
                var sum: Float = 0
                for channel in 0..<channels { sum += input[frame * channels + channel] }
                mono[frame] = sum / scale
            }
        }
        initialized = frames
    }
}

extension AudioSegment {
    /// Longest end overshoot that is clipped to the recording rather than rejected: Kaldi's
    /// `extract-segments --max-overshoot` default (0.5 s), since segment files are often written with
    /// end times rounded up past the last sample.
    public static let maximumOvershoot = 0.5

    /// The sample indices `[round(start * rate), round(end * rate))` of a recording of `frames` samples.
    ///
    /// Rounding to the nearest sample (lhotse's convention) rather than truncating (Kaldi's
    /// `extract-segments`, ESPnet): times written with a few decimals land on a sample boundary up to
    /// floating-point error, e.g. `4.35 * 16000 = 69599.99999999999`, which truncation would turn into
    /// 69599. For such times both conventions agree; otherwise they differ by at most one sample.
    /// An end past the recording by less than `maximumOvershoot` seconds is clipped to its end.
    /// - Throws: `AudioError.segmentOutsideRecording` if start is negative, end <= start, the cut would be
    ///   empty, start lies at or after the end, or end overshoots by `maximumOvershoot` or more.
    public func sampleRange(sampleRate: Int, frames: Int, path: String) throws -> Range<Int> {
        let duration = Double(frames) / Double(sampleRate)
        let outside = AudioError.segmentOutsideRecording(path: path, segment: self, duration: duration)
        guard start.isFinite, end.isFinite, start >= 0, end > start,
              end < duration + Self.maximumOvershoot + 1 else { throw outside }
        let rate = Double(sampleRate)
        let first = Int((start * rate).rounded())
        let last = Int((end * rate).rounded())
        let overshoot = Int((Self.maximumOvershoot * rate).rounded())
        guard first < min(last, frames), last < frames + overshoot else { throw outside }
        return first..<min(last, frames)
    }
}
