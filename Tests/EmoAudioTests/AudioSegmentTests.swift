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
