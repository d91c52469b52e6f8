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
    private let handle: OpaquePointer

    /// Opens `path`; throws `.missingFile` when nothing is there, `.unreadable` when libsndfile refuses it.
    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
        else { throw AudioError.missingFile(path: path) }
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
    }

    deinit { sf_close(handle) }

    /// The header facts as a public value.
    var info: AudioFileInfo {
        AudioFileInfo(path: path, format: SoundFormatName.major(formatCode),
                      subtype: SoundFormatName.subtype(formatCode),
                      sampleRate: sampleRate, channels: channels, frames: frames)
    }

    /// Reads every frame, interleaved (`frames * channels` values). Stops at the real end of the data,
    /// which for a truncated file can come before the header's frame count.
    func readAllInterleaved() throws -> [Float] {
        let chunkFrames = 65_536
        var samples: [Float] = []
        samples.reserveCapacity(max(frames, 0) * channels)
        var chunk = [Float](repeating: 0, count: chunkFrames * channels)
        while true {
            let got = chunk.withUnsafeMutableBufferPointer { buffer in
                sf_readf_float(handle, buffer.baseAddress, sf_count_t(chunkFrames))
            }
            if got <= 0 { break }
            samples.append(contentsOf: chunk[0..<(Int(got) * channels)])
        }
        let status = sf_error(handle)
        if status != Int32(SF_ERR_NO_ERROR) {
            throw AudioError.unreadable(path: path, reason: String(cString: sf_error_number(status)))
        }
        return samples
    }
}

/// soundfile's names for libsndfile format codes ("WAV", "FLAC"; "PCM_16", "FLOAT", "VORBIS").
enum SoundFormatName {
    static func major(_ code: Int32) -> String {
        majors[Int(code) & SF_FORMAT_TYPEMASK] ?? hex(Int(code) & SF_FORMAT_TYPEMASK)
    }

    static func subtype(_ code: Int32) -> String {
        subtypes[Int(code) & SF_FORMAT_SUBMASK] ?? hex(Int(code) & SF_FORMAT_SUBMASK)
    }

    private static func hex(_ value: Int) -> String { "0x" + String(value, radix: 16, uppercase: true) }

    private static let majors: [Int: String] = [
        SF_FORMAT_WAV: "WAV", SF_FORMAT_AIFF: "AIFF", SF_FORMAT_AU: "AU",
        SF_FORMAT_RAW: "RAW", SF_FORMAT_PAF: "PAF", SF_FORMAT_SVX: "SVX",
        SF_FORMAT_NIST: "NIST", SF_FORMAT_VOC: "VOC", SF_FORMAT_IRCAM: "IRCAM",
        SF_FORMAT_W64: "W64", SF_FORMAT_MAT4: "MAT4", SF_FORMAT_MAT5: "MAT5",
        SF_FORMAT_PVF: "PVF", SF_FORMAT_XI: "XI", SF_FORMAT_HTK: "HTK",
        SF_FORMAT_SDS: "SDS", SF_FORMAT_AVR: "AVR", SF_FORMAT_WAVEX: "WAVEX",
        SF_FORMAT_SD2: "SD2", SF_FORMAT_FLAC: "FLAC", SF_FORMAT_CAF: "CAF",
        SF_FORMAT_WVE: "WVE", SF_FORMAT_OGG: "OGG", SF_FORMAT_MPC2K: "MPC2K",
        SF_FORMAT_RF64: "RF64", SF_FORMAT_MPEG: "MP3",
    ]

    private static let subtypes: [Int: String] = [
        SF_FORMAT_PCM_S8: "PCM_S8", SF_FORMAT_PCM_16: "PCM_16",
        SF_FORMAT_PCM_24: "PCM_24", SF_FORMAT_PCM_32: "PCM_32",
        SF_FORMAT_PCM_U8: "PCM_U8", SF_FORMAT_FLOAT: "FLOAT",
        SF_FORMAT_DOUBLE: "DOUBLE", SF_FORMAT_ULAW: "ULAW", SF_FORMAT_ALAW: "ALAW",
        SF_FORMAT_IMA_ADPCM: "IMA_ADPCM", SF_FORMAT_MS_ADPCM: "MS_ADPCM",
        SF_FORMAT_GSM610: "GSM610", SF_FORMAT_VOX_ADPCM: "VOX_ADPCM",
        SF_FORMAT_G721_32: "G721_32", SF_FORMAT_G723_24: "G723_24",
        SF_FORMAT_G723_40: "G723_40", SF_FORMAT_DWVW_12: "DWVW_12",
        SF_FORMAT_DWVW_16: "DWVW_16", SF_FORMAT_DWVW_24: "DWVW_24",
        SF_FORMAT_DWVW_N: "DWVW_N", SF_FORMAT_DPCM_8: "DPCM_8",
        SF_FORMAT_DPCM_16: "DPCM_16", SF_FORMAT_VORBIS: "VORBIS",
        SF_FORMAT_OPUS: "OPUS", SF_FORMAT_ALAC_16: "ALAC_16",
        SF_FORMAT_ALAC_20: "ALAC_20", SF_FORMAT_ALAC_24: "ALAC_24",
        SF_FORMAT_ALAC_32: "ALAC_32", SF_FORMAT_MPEG_LAYER_I: "MPEG_LAYER_I",
        SF_FORMAT_MPEG_LAYER_II: "MPEG_LAYER_II", SF_FORMAT_MPEG_LAYER_III: "MPEG_LAYER_III",
    ]
}
