// Hand-built RIFF/WAVE bytes, independent of libsndfile, for scaling and broken-file tests.
import EmoTestSupport
import Foundation

enum WavBytes {
    /// A canonical 44-byte-header PCM16 WAV holding `samples` (interleaved) exactly.
    static func pcm16(_ samples: [Int16], sampleRate: Int, channels: Int = 1) -> Data {
        var payload = Data()
        for sample in samples { append(&payload, UInt16(bitPattern: sample)) }
        return riff(formatTag: 1, bitsPerSample: 16, sampleRate: sampleRate, channels: channels, payload: payload)
    }

    /// A 32-bit IEEE-float WAV (format tag 3) holding `samples` bit for bit (NaN included).
    static func float32(_ samples: [Float], sampleRate: Int, channels: Int = 1) -> Data {
        var payload = Data()
        for sample in samples { append(&payload, sample.bitPattern) }
        return riff(formatTag: 3, bitsPerSample: 32, sampleRate: sampleRate, channels: channels, payload: payload)
    }

    /// The int16 samples of a canonical 44-byte-header PCM16 WAV (all fixture WAVs), read without libsndfile.
    static func int16Samples(ofCanonicalWav path: String) throws -> [Int16] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        precondition(bytes.count >= 44 && String(decoding: bytes[36..<40], as: UTF8.self) == "data",
                     "\(path) is not a canonical 44-byte-header WAV")
        return stride(from: 44, to: bytes.count - 1, by: 2).map {
            Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8)
        }
    }

    private static func riff(formatTag: UInt16, bitsPerSample: UInt16, sampleRate: Int, channels: Int,
                             payload: Data) -> Data {
        let blockAlign = UInt16(channels) * bitsPerSample / 8
        var data = Data("RIFF".utf8)
        append(&data, UInt32(36 + payload.count))
        data += Data("WAVEfmt ".utf8)
        append(&data, UInt32(16))
        append(&data, formatTag)
        append(&data, UInt16(channels))
        append(&data, UInt32(sampleRate))
        append(&data, UInt32(sampleRate) * UInt32(blockAlign))
        append(&data, blockAlign)
        append(&data, bitsPerSample)
        data += Data("data".utf8)
        append(&data, UInt32(payload.count))
        return data + payload
    }

    private static func append<T: FixedWidthInteger>(_ data: inout Data, _ value: T) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// CPU time of the calling thread in milliseconds: a cost measure that ignores time spent waiting for a
/// core on a busy machine (benchmarks gated by EMOEVAL_AUDIO_BENCH).
func threadCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}
