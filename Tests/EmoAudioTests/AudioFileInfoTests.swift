// Header facts, levels, and the other formats libsndfile reads (written here with libsndfile itself).
import EmoAudio
import EmoTestSupport
import Foundation
import Testing

@Suite("AudioFileInfo and formats")
struct AudioFileInfoTests {
    @Test("readAudioInfo reports the fixture headers as soundfile names them")
    func fixtureHeaders() throws {
        let stereo = try readAudioInfo(path: Fixture.path("audio/stereo_44k1_2s.wav"))
        #expect(stereo == AudioFileInfo(path: Fixture.path("audio/stereo_44k1_2s.wav"), format: "WAV",
                                        subtype: "PCM_16", sampleRate: 44_100, channels: 2, frames: 88_200))
        #expect(stereo.duration == 2.0)
        let flac = try readAudioInfo(path: Fixture.path("audio/speech_1p7s_24bit.flac"))
        #expect((flac.format, flac.subtype, flac.sampleRate, flac.channels, flac.frames)
                == ("FLAC", "PCM_24", 16_000, 1, 27_200))
    }

    @Test("peak and RMS are taken over all samples of all channels")
    func levels() throws {
        let path = Fixture.path("audio/stereo_44k1_2s.wav")
        let values = try WavBytes.int16Samples(ofCanonicalWav: path).map { Double($0) / 32768 }
        let peak = values.map(abs).max() ?? 0
        let rms = (values.map { $0 * $0 }.reduce(0, +) / Double(values.count)).squareRoot()
        let measured = try measureAudioFile(path: path)
        #expect(measured.info.frames == 88_200)
        #expect(measured.levels.peak == peak)
        #expect(abs(measured.levels.rms - rms) < 1e-12)   // Double sums in a different order
        #expect(abs(measured.levels.peak - 0.6) < 0.01)   // peak-normalised to 0.6, then hiss was added
    }

    /// 0.5 s of two tones whose int16 rendering (v / 32768) is exact in every integer format.
    static func testSignal(channels: Int) -> [Float] {
        (0..<(8_000 * channels)).map { index in
            let frame = Double(index / channels), channel = Double(index % channels)
            let value = 0.4 * sin(2 * Double.pi * (300 + 200 * channel) * frame / 16_000)
            return Float((value * 32768).rounded() / 32768)
        }
    }

    @Test("lossless formats written with libsndfile read back exactly", arguments: [
        AudioFileFormat.wavPCM16, .wavPCM24, .wavPCM32, .wavFloat, .flacPCM16, .flacPCM24, .aiffPCM16,
    ])
    func losslessRoundTrip(_ format: AudioFileFormat) throws {
        let scratch = try TemporaryDirectory("emoeval-audio")
        let signal = Self.testSignal(channels: 2)
        let path = scratch.path("signal.\(format.rawValue)")
        try writeAudioFile(path: path, interleaved: signal, sampleRate: 16_000, channels: 2, format: format)
        let mean = stride(from: 0, to: signal.count, by: 2).map { (signal[$0] + signal[$0 + 1]) / 2 }
        let waveform = try loadWaveform(path: path)
        #expect(waveform.samples == mean)
        let info = try readAudioInfo(path: path)
        let expected: [AudioFileFormat: (String, String)] = [
            .wavPCM16: ("WAV", "PCM_16"), .wavPCM24: ("WAV", "PCM_24"), .wavPCM32: ("WAV", "PCM_32"),
            .wavFloat: ("WAV", "FLOAT"), .flacPCM16: ("FLAC", "PCM_16"), .flacPCM24: ("FLAC", "PCM_24"),
            .aiffPCM16: ("AIFF", "PCM_16"),
        ]
        #expect(info.format == expected[format]?.0)
        #expect(info.subtype == expected[format]?.1)
        #expect((info.sampleRate, info.channels, info.frames) == (16_000, 2, 8_000))
    }

    @Test("float WAV keeps values that no integer format holds")
    func floatKeepsFullPrecision() throws {
        let scratch = try TemporaryDirectory("emoeval-audio")
        let signal = (0..<500).map { Float($0) * 1e-5 + 1e-7 }
        let path = scratch.path("float.wav")
        try writeAudioFile(path: path, interleaved: signal, sampleRate: 16_000, channels: 1, format: .wavFloat)
        #expect(try loadWaveform(path: path).samples == signal)
    }

    @Test("OGG/Vorbis decodes (lossy: same length, close to the original)")
    func oggVorbis() throws {
        let scratch = try TemporaryDirectory("emoeval-audio")
        let signal = Self.testSignal(channels: 1)
        let path = scratch.path("signal.ogg")
        try writeAudioFile(path: path, interleaved: signal, sampleRate: 16_000, channels: 1, format: .oggVorbis)
        let info = try readAudioInfo(path: path)
        #expect((info.format, info.subtype, info.frames) == ("OGG", "VORBIS", 8_000))
        let waveform = try loadWaveform(path: path)
        #expect(waveform.samples.count == 8_000)
        // Vorbis at libsndfile's default quality keeps a pure tone far above 30 dB SNR: a broken decode
        // (wrong scaling, channel mix-up, offset) would not.
        #expect(cosineSimilarity(waveform.samples, signal) > 0.999)
    }
}
