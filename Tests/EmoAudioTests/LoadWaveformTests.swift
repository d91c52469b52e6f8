// loadWaveform: soundfile scaling, WAV/FLAC identity, channel mean, passthrough, minimum length.
import EmoAudio
import EmoTestSupport
import Foundation
import Testing

@Suite("loadWaveform")
struct LoadWaveformTests {
    @Test("int16 samples are scaled by 1/32768 exactly, as soundfile does")
    func soundfileScaling() throws {
        let scratch = try TemporaryDirectory("emoeval-audio")
        let values: [Int16] = [0, 1, -1, 2, 16384, -16384, 12345, -32768, 32767]
        let samples = Array(repeating: values, count: 50).flatMap { $0 }   // 450 samples, above the minimum
        let path = try scratch.write(WavBytes.pcm16(samples, sampleRate: 16000), to: "known.wav")
        let waveform = try loadWaveform(path: path)
        #expect(waveform.sampleRate == 16000)
        #expect(waveform.samples == samples.map { Float($0) / 32768 })
        #expect(waveform.samples[7] == -1.0)
        #expect(waveform.samples[8] == Float(32767) / 32768)   // not 1.0: the positive maximum is 1 - 2^-15
    }

    @Test("16 kHz input passes through bit-exact (every sample = int16 / 32768)")
    func passthroughIsExact() throws {
        for name in ["speech_1p7s", "n400", "speech_6s"] {
            let path = Fixture.path("audio/\(name).wav")
            let expected = try WavBytes.int16Samples(ofCanonicalWav: path).map { Float($0) / 32768 }
            let waveform = try loadWaveform(path: path)
            #expect(waveform.sampleRate == 16000)
            #expect(waveform.samples == expected, "\(name)")
        }
    }

    @Test("WAV and the 24-bit FLAC of the same signal decode to identical samples")
    func flac24MatchesWav() throws {
        let wav = try loadWaveform(path: Fixture.path("audio/speech_1p7s.wav"))
        let flac = try loadWaveform(path: Fixture.path("audio/speech_1p7s_24bit.flac"))
        #expect(wav.samples.count == 27_200)
        #expect(flac.samples == wav.samples)
    }

    @Test("stereo is down-mixed by the channel mean, not by taking the first channel")
    func downmixIsMean() throws {
        let path = Fixture.path("audio/stereo_44k1_2s.wav")
        let interleaved = try WavBytes.int16Samples(ofCanonicalWav: path)
        let mean = stride(from: 0, to: interleaved.count, by: 2).map {
            (Float(interleaved[$0]) / 32768 + Float(interleaved[$0 + 1]) / 32768) / 2
        }
        let first = stride(from: 0, to: interleaved.count, by: 2).map { Float(interleaved[$0]) / 32768 }
        let waveform = try loadWaveform(path: path, targetRate: 44_100)   // no resampling: see the mix itself
        #expect(waveform.samples.count == 88_200)
        #expect(waveform.samples == mean)
        #expect(maxAbsDifference(waveform.samples, first) > 0.1)
    }

    @Test("three channels are averaged too")
    func downmixThreeChannels() throws {
        let scratch = try TemporaryDirectory("emoeval-audio")
        let frames = 400
        var interleaved: [Int16] = []
        for frame in 0..<frames { interleaved += [Int16(frame), 3000, -Int16(2 * frame)] }
        let path = try scratch.write(WavBytes.pcm16(interleaved, sampleRate: 16000, channels: 3), to: "three.wav")
        let waveform = try loadWaveform(path: path)
        let expected = (0..<frames).map { frame -> Float in
            (Float(frame) / 32768 + Float(3000) / 32768 + Float(-2 * frame) / 32768) / 3
        }
        #expect(waveform.samples == expected)
    }

    @Test("the minimum length is checked at the target rate")
    func minimumSamples() throws {
        #expect(try loadWaveform(path: Fixture.path("audio/n400.wav")).samples.count == 400)
        #expect(throws: AudioError.tooShort(path: Fixture.path("audio/n400.wav"), samples: 400,
                                            sampleRate: 16000, minimum: 401)) {
            try loadWaveform(path: Fixture.path("audio/n400.wav"), minimumSamples: 401)
        }
        // 8 kHz, 12,000 samples -> 24,000 at 16 kHz: the check sees the resampled count.
        let upsampled = try loadWaveform(path: Fixture.path("audio/mono_8k_1p5s.wav"), minimumSamples: 24_000)
        #expect(upsampled.samples.count == 24_000)
    }

    @Test("decodeAudio + resampleAndValidate is loadWaveform in two timed steps")
    func twoSteps() throws {
        let path = Fixture.path("audio/stereo_44k1_2s.wav")
        let segment = AudioSegment(start: 0.1, end: 1.9)
        let decoded = try decodeAudio(path: path, segment: segment)
        #expect(decoded.sampleRate == 44_100)
        #expect(decoded.samples.count == 79_380)   // round(1.9 * 44100) - round(0.1 * 44100)
        #expect(try resampleAndValidate(decoded, path: path) == loadWaveform(path: path, segment: segment))
        #expect(throws: AudioError.tooShort(path: path, samples: 28_800, sampleRate: 16_000, minimum: 30_000)) {
            try resampleAndValidate(decoded, path: path, minimumSamples: 30_000)
        }
    }

    @Test("any other target rate works, length ceil(n * target / source)")
    func otherTargetRate() throws {
        let waveform = try loadWaveform(path: Fixture.path("audio/speech_1p7s.wav"), targetRate: 22_050)
        #expect(waveform.sampleRate == 22_050)
        #expect(waveform.samples.count == resampledLength(27_200, from: 16_000, to: 22_050))
        #expect(waveform.samples.count == 37_485)   // 27200 * 22050 / 16000 = 37485 exactly
    }

    @Test("measure decoding cost per audio-second (EMOEVAL_AUDIO_BENCH=1)",
          .enabled(if: ProcessInfo.processInfo.environment["EMOEVAL_AUDIO_BENCH"] != nil))
    func measureDecoding() throws {
        for file in ["audio/speech_6s.wav", "audio/speech_1p7s_24bit.flac", "audio/stereo_44k1_2s.wav"] {
            let path = Fixture.path(file)
            let info = try readAudioInfo(path: path)
            var best = Double.infinity
            for _ in 0..<10 {
                let start = threadCPUMilliseconds()
                _ = try loadWaveform(path: path, targetRate: info.sampleRate)
                best = min(best, threadCPUMilliseconds() - start)
            }
            print("\(file): decode + mix \(best / info.duration) ms CPU per audio-second")
        }
    }
}
