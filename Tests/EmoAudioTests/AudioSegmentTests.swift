// Kaldi `segments` cuts: [start, end) seconds, rounded to the nearest sample, overshoot rules.
import EmoAudio
import EmoTestSupport
import Testing

@Suite("AudioSegment")
struct AudioSegmentTests {
    let speech = Fixture.path("audio/speech_1p7s.wav")   // 27,200 samples at 16 kHz = 1.7 s

    @Test("a segment is the [start, end) slice of the whole recording")
    func cutIsSlice() throws {
        let whole = try loadWaveform(path: speech)
        let cut = try loadWaveform(path: speech, segment: AudioSegment(start: 0.5, end: 1.25))
        #expect(cut.samples == Array(whole.samples[8_000..<20_000]))
    }

    @Test("segments are read by seeking: FLAC and WAV cuts agree, and match the whole decode", arguments: [
        AudioSegment(start: 0, end: 0.3), AudioSegment(start: 0.2, end: 0.9), AudioSegment(start: 1.3, end: 1.7),
        AudioSegment(start: 1.0, end: 2.0),
    ])
    func seekingCuts(_ segment: AudioSegment) throws {
        let whole = try loadWaveform(path: speech)
        let range = try segment.sampleRange(sampleRate: 16_000, frames: 27_200, path: speech)
        let wav = try loadWaveform(path: speech, segment: segment)
        let flac = try loadWaveform(path: Fixture.path("audio/speech_1p7s_24bit.flac"), segment: segment)
        #expect(wav.samples == Array(whole.samples[range]))
        #expect(flac.samples == wav.samples)
    }

    @Test("a cut of a multi-channel file seeks in frames and averages the channels")
    func seekingMultiChannel() throws {
        let scratch = try TemporaryDirectory("emoeval-audio")
        var interleaved: [Int16] = []
        for frame in 0..<2_000 { interleaved += [Int16(frame), -Int16(frame / 2), 7] }
        let path = try scratch.write(WavBytes.pcm16(interleaved, sampleRate: 16_000, channels: 3), to: "three.wav")
        let cut = try loadWaveform(path: path, segment: AudioSegment(start: 0.05, end: 0.1))   // frames 800..<1600
        let expected = (800..<1_600).map { frame in
            (Float(frame) / 32768 + Float(-(frame / 2)) / 32768 + Float(7) / 32768) / 3
        }
        #expect(cut.samples == expected)
    }

    @Test("sample indices are rounded to the nearest sample, not truncated")
    func rounding() throws {
        // 4.35 * 16000 = 69599.99999999999 in Double: truncation would give 69599.
        #expect(try AudioSegment(start: 4.35, end: 4.4).sampleRange(sampleRate: 16_000, frames: 100_000, path: "x")
                == 69_600..<70_400)
        // Times between samples go to the nearest one (0.00003 s = 0.48 samples -> 0; 0.00004 s = 0.64 -> 1).
        #expect(try AudioSegment(start: 0.00003, end: 0.00004).sampleRange(sampleRate: 16_000, frames: 10, path: "x")
                == 0..<1)
        #expect(try AudioSegment(start: 1.1, end: 2.36).sampleRange(sampleRate: 44_100, frames: 200_000, path: "x")
                == 48_510..<104_076)
    }

    @Test("the cut happens at the file's rate, before resampling (44.1 kHz stereo)")
    func cutBeforeResampling() throws {
        let path = Fixture.path("audio/stereo_44k1_2s.wav")
        let cut = try loadWaveform(path: path, segment: AudioSegment(start: 0.25, end: 1.0))
        // 0.75 s = 33,075 frames at 44.1 kHz -> ceil(33075 * 16000 / 44100) = 12,000
        #expect(cut.samples.count == 12_000)
        let native = try loadWaveform(path: path, segment: AudioSegment(start: 0.25, end: 1.0), targetRate: 44_100)
        let whole = try loadWaveform(path: path, targetRate: 44_100)
        #expect(native.samples == Array(whole.samples[11_025..<44_100]))
    }

    @Test("an end slightly past the recording is clipped (Kaldi's 0.5 s overshoot rule)")
    func smallOvershootIsClipped() throws {
        let whole = try loadWaveform(path: speech)
        let cut = try loadWaveform(path: speech, segment: AudioSegment(start: 1.0, end: 2.1))
        #expect(cut.samples == Array(whole.samples[16_000..<27_200]))
    }

    @Test("segments outside the recording are errors naming the file", arguments: [
        AudioSegment(start: 1.0, end: 2.2),    // end 0.5 s past the end
        AudioSegment(start: 1.7, end: 1.9),    // starts at the end
        AudioSegment(start: 3.0, end: 3.5),    // entirely after
        AudioSegment(start: -0.1, end: 0.5),   // negative start
        AudioSegment(start: 0.8, end: 0.8),    // empty
        AudioSegment(start: 0.9, end: 0.5),    // reversed
    ])
    func outsideIsError(_ segment: AudioSegment) throws {
        let error = #expect(throws: AudioError.self) {
            try loadWaveform(path: speech, segment: segment)
        }
        #expect(error == .segmentOutsideRecording(path: speech, segment: segment, duration: 1.7))
        #expect(error?.description.hasPrefix(speech + ": segment [") == true)
        #expect(error?.description.contains("duration 1.7 s") == true)
    }

    @Test("a segment shorter than one model frame is reported as too short")
    func shortSegment() throws {
        // 0.02 s = 320 samples < 400
        #expect(throws: AudioError.tooShort(path: speech, samples: 320, sampleRate: 16_000, minimum: 400)) {
            try loadWaveform(path: speech, segment: AudioSegment(start: 0.5, end: 0.52))
        }
    }
}
