// Typed errors of the audio front end; every case names the file it is about.

/// Why an audio file could not be turned into a `Waveform` (or described).
public enum AudioError: Error, Equatable, CustomStringConvertible {
    /// Nothing at the path.
    case missingFile(path: String)
    /// A directory, FIFO or device at the path (`kind`: "a directory", "a FIFO", ...); never opened.
    case notRegularFile(path: String, kind: String)
    /// libsndfile could not open or decode the data (unknown format, corrupt header, bad frames).
    case unreadable(path: String, reason: String)
    /// The file is valid but holds no audio frames.
    case noFrames(path: String)
    /// A decoded sample is NaN or infinite; `frame` is the first offending frame (file frame index).
    case nonFiniteSample(path: String, frame: Int)
    /// After cutting and resampling, fewer samples than one model frame needs.
    case tooShort(path: String, samples: Int, sampleRate: Int, minimum: Int)
    /// The `[start, end)` segment does not lie inside the recording (or is empty / negative).
    case segmentOutsideRecording(path: String, segment: AudioSegment, duration: Double)
    /// A sample rate or channel count that cannot be processed (e.g. a target rate of 0).
    case invalidParameter(path: String, reason: String)
    /// libsamplerate reported an error.
    case resamplingFailed(path: String, reason: String)
    /// libsndfile could not write a file.
    case writeFailed(path: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case let .missingFile(path), let .notRegularFile(path, _), let .unreadable(path, _), let .noFrames(path),
             let .nonFiniteSample(path, _), let .tooShort(path, _, _, _),
             let .segmentOutsideRecording(path, _, _), let .invalidParameter(path, _),
             let .resamplingFailed(path, _), let .writeFailed(path, _):
            return path
        }
    }

    public var description: String {
        switch self {
        case let .missingFile(path):
            return "\(clipped(path)): no such audio file"
        case let .notRegularFile(path, kind):
            return "\(clipped(path)): not a regular file (\(kind))"
        case let .unreadable(path, reason):
            return "\(clipped(path)): cannot decode audio: \(reason)"
        case let .noFrames(path):
            return "\(clipped(path)): the audio file holds no samples (0 frames)"
        case let .nonFiniteSample(path, frame):
            return "\(clipped(path)): sample at frame \(frame) is NaN or infinite"
        case let .tooShort(path, samples, rate, minimum):
            return "\(clipped(path)): too short: \(samples) samples at \(rate) Hz, at least \(minimum) are needed "
                + "(one model frame)"
        case let .segmentOutsideRecording(path, segment, duration):
            return "\(clipped(path)): segment [\(format(segment.start)), \(format(segment.end))) s lies outside "
                + "the recording (duration \(format(duration)) s)"
        case let .invalidParameter(path, reason):
            return "\(clipped(path)): \(reason)"
        case let .resamplingFailed(path, reason):
            return "\(clipped(path)): resampling failed: \(reason)"
        case let .writeFailed(path, reason):
            return "\(clipped(path)): cannot write audio: \(reason)"
        }
    }
}

/// Seconds with up to 4 decimals, trailing zeros dropped ("1.5", "0.0251"); huge or non-finite values as
/// Swift prints them ("1e+19", "inf"), never through an integer conversion that would trap.
private func format(_ seconds: Double) -> String {
    guard seconds.isFinite, abs(seconds) < 1e12 else { return "\(seconds)" }
    var text = String(Int64((abs(seconds) * 10_000).rounded()))
    while text.count < 5 { text = "0" + text }
    let integer = text.dropLast(4), fraction = String(text.suffix(4))
    var trimmed = fraction
    while trimmed.hasSuffix("0") { trimmed.removeLast() }
    return (seconds < 0 ? "-" : "") + integer + (trimmed.isEmpty ? "" : "." + trimmed)
}

/// `value` for a message: whole when short, else its start and its length (a 5 MB path is not echoed).
func clipped(_ value: String, limit: Int = 160) -> String {
    let bytes = value.utf8.count
    guard bytes > limit else { return value }
    return String(value.prefix(limit / 2)) + "… (\(bytes) bytes)"
}
