// Decoding parity with Python's soundfile on formats beyond PCM16 (Tests/Fixtures/audio-extra).
import EmoAudio
import EmoTestSupport
import Testing

@Suite("soundfile parity")
struct SoundfileParityTests {
    struct Case: Sendable, CustomStringConvertible {
        let file: String, format: String, subtype: String
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "tone_pcm24.wav", format: "WAV", subtype: "PCM_24"),
        Case(file: "tone_pcm32.wav", format: "WAV", subtype: "PCM_32"),
        Case(file: "tone_u8.wav", format: "WAV", subtype: "PCM_U8"),
        Case(file: "tone_float.wav", format: "WAV", subtype: "FLOAT"),
        Case(file: "tone_double.wav", format: "WAV", subtype: "DOUBLE"),
        Case(file: "tone_pcm16.aiff", format: "AIFF", subtype: "PCM_16"),
        Case(file: "tone_pcm24.flac", format: "FLAC", subtype: "PCM_24"),
        Case(file: "tone_vorbis.ogg", format: "OGG", subtype: "VORBIS"),
    ]

    /// Vorbis decoding is floating-point DSP whose last bits differ between libvorbis builds: the
    /// references come from soundfile's bundled libsndfile 1.2.2, Debian 12's libsndfile 1.2.0 gives a
    /// max-abs difference of 8.9e-8. Every other format must match bit for bit.
    static let vorbisTolerance: Float = 1e-5

    @Test("decoded samples (then the channel mean) equal soundfile.read(dtype='float32')", arguments: cases)
    func matchesSoundfile(_ item: Case) throws {
        let path = Fixture.path("audio-extra/\(item.file)")
        let reference = try readNpy(path + ".soundfile.npy")
        #expect(reference.shape == [2_205, 2])
        let mean = stride(from: 0, to: reference.values.count, by: 2).map {
            (reference.values[$0] + reference.values[$0 + 1]) / 2
        }
        let waveform = try loadWaveform(path: path, targetRate: 22_050, minimumSamples: 0)
        if item.subtype == "VORBIS" {
            #expect(maxAbsDifference(waveform.samples, mean) <= Self.vorbisTolerance)
        } else {
            #expect(waveform.samples == mean)
        }
        let info = try readAudioInfo(path: path)
        #expect((info.format, info.subtype, info.sampleRate, info.channels, info.frames)
                == (item.format, item.subtype, 22_050, 2, 2_205))
    }
}
