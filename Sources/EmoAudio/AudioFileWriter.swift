// Writes Float32 samples to an audio file with libsndfile (test material, exported cuts).
import CSndFile

/// A container + encoding libsndfile can write.
public enum AudioFileFormat: String, Sendable, CaseIterable {
    case wavPCM16 = "wav-pcm16"
    case wavPCM24 = "wav-pcm24"
    case wavPCM32 = "wav-pcm32"
    case wavFloat = "wav-float"
    case flacPCM16 = "flac-pcm16"
    case flacPCM24 = "flac-pcm24"
    case oggVorbis = "ogg-vorbis"
    case aiffPCM16 = "aiff-pcm16"

    var code: Int32 {
        switch self {
        case .wavPCM16: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_16)
        case .wavPCM24: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_24)
        case .wavPCM32: return Int32(SF_FORMAT_WAV | SF_FORMAT_PCM_32)
        case .wavFloat: return Int32(SF_FORMAT_WAV | SF_FORMAT_FLOAT)
        case .flacPCM16: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)
        case .flacPCM24: return Int32(SF_FORMAT_FLAC | SF_FORMAT_PCM_24)
        case .oggVorbis: return Int32(SF_FORMAT_OGG | SF_FORMAT_VORBIS)
        case .aiffPCM16: return Int32(SF_FORMAT_AIFF | SF_FORMAT_PCM_16)
        }
    }
}

/// Writes interleaved samples (`frames * channels` values, full scale = 1) to `path` in `format`.
///
/// Integer formats scale by 2^(bits-1) as libsndfile does (the inverse of the read scaling, so an
/// int16 value written as `v / 32768` reads back exactly). Values outside [-1, 1) are clipped for integer
/// formats; float files store the values as given (including NaN, which readers then reject).
/// - Throws: `AudioError.invalidParameter` / `.writeFailed`.
public func writeAudioFile(path: String, interleaved samples: [Float], sampleRate: Int, channels: Int,
                           format: AudioFileFormat) throws {
    guard sampleRate > 0, channels > 0, samples.count % channels == 0 else {
        throw AudioError.invalidParameter(
            path: path, reason: "cannot write \(samples.count) samples as \(channels) channels at \(sampleRate) Hz")
    }
    var info = SF_INFO()
    info.samplerate = Int32(sampleRate)
    info.channels = Int32(channels)
    info.format = format.code
    guard sf_format_check(&info) != 0 else {
        throw AudioError.writeFailed(path: path, reason: "libsndfile cannot write \(format.rawValue) "
                                     + "with \(channels) channels at \(sampleRate) Hz")
    }
    guard let handle = sf_open(path, Int32(SFM_WRITE), &info) else {
        throw AudioError.writeFailed(path: path, reason: String(cString: sf_strerror(nil)))
    }
    // Integer formats: clip instead of wrapping around at full scale.
    sf_command(handle, Int32(SFC_SET_CLIPPING), nil, Int32(SF_TRUE))
    let frames = samples.count / channels
    let written = samples.withUnsafeBufferPointer { sf_writef_float(handle, $0.baseAddress, sf_count_t(frames)) }
    let closeStatus = sf_close(handle)
    guard written == frames, closeStatus == 0 else {
        throw AudioError.writeFailed(path: path, reason: "wrote \(written) of \(frames) frames")
    }
}
