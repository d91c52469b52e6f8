// libsamplerate resampling against soxr "HQ" references (Tests/Fixtures/resampled: FunASR's path).
import EmoAudio
import EmoTestSupport
import Foundation
import Testing

@Suite("Resampler")
struct ResamplerTests {
    /// Max-abs difference allowed between `loadWaveform` (SINC_BEST) and soxr HQ. Measured on the
    /// fixtures: 0.0034 (44.1 kHz stereo), 0.0029 (8 kHz), 0.00083 (48 kHz); SINC_MEDIUM measures 0.0080 /
    /// 0.017 / 0.0046 and SINC_FASTEST 0.024 / 0.11 / 0.011, so a weaker converter fails this. For scale:
    /// the two reference toolkits' own resamplers (soxr vs torchaudio sinc) differ by 0.013 / 0.041.
    static let maxAbsTolerance: Float = 0.005
    /// RMS of the difference allowed (measured 2.5e-4, 7.2e-4 and 1.2e-4 with SINC_BEST).
    static let rmsTolerance = 1e-3

    struct Case: Sendable, CustomStringConvertible {
        let file: String, reference: String, sourceRate: Int, sourceFrames: Int
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "audio/stereo_44k1_2s.wav", reference: "resampled/stereo_44k1_2s.soxr_hq.16k.npy",
             sourceRate: 44_100, sourceFrames: 88_200),
        Case(file: "audio/mono_8k_1p5s.wav", reference: "resampled/mono_8k_1p5s.soxr_hq.16k.npy",
             sourceRate: 8_000, sourceFrames: 12_000),
        Case(file: "audio-extra/mono_48k_1p5s.wav", reference: "resampled/mono_48k_1p5s.soxr_hq.16k.npy",
             sourceRate: 48_000, sourceFrames: 72_000),
    ]

    @Test("loadWaveform matches soxr HQ within the measured tolerance, same length", arguments: cases)
    func matchesSoxrReference(_ item: Case) throws {
        let reference = try readNpy(Fixture.path(item.reference)).values
        let waveform = try loadWaveform(path: Fixture.path(item.file))
        #expect(waveform.sampleRate == 16_000)
        #expect(waveform.samples.count == reference.count)
        #expect(waveform.samples.count == resampledLength(item.sourceFrames, from: item.sourceRate, to: 16_000))
        let difference = Self.differences(waveform.samples, reference)
        #expect(difference.maxAbs <= Self.maxAbsTolerance)
        #expect(difference.rms <= Self.rmsTolerance)
    }

    @Test("output length is ceil(n * target / source) for lengths that do not divide evenly")
    func lengthRounding() throws {
        #expect(resampledLength(88_200, from: 44_100, to: 16_000) == 32_000)
        #expect(resampledLength(1, from: 44_100, to: 16_000) == 1)
        #expect(resampledLength(1_001, from: 44_100, to: 16_000) == 364)   // 363.17 -> 364
        #expect(resampledLength(999, from: 48_000, to: 16_000) == 333)
        for count in [1_001, 4_410, 7_777] {
            let tone = (0..<count).map { Float(sin(Double($0) * 0.05)) * 0.5 }
            let out = try Waveform(samples: tone, sampleRate: 44_100).resampled(to: 16_000)
            #expect(out.samples.count == resampledLength(count, from: 44_100, to: 16_000))
        }
    }

    @Test("resampling to the same rate returns the samples untouched")
    func sameRateIsIdentity() throws {
        let samples: [Float] = [0.1, -0.25, 0.3333, 1e-7, -1]
        let waveform = Waveform(samples: samples, sampleRate: 16_000)
        #expect(try waveform.resampled(to: 16_000) == waveform)
    }

    @Test("a low tone keeps its amplitude and phase (no delay) through 48 kHz -> 16 kHz")
    func toneIsAligned() throws {
        let frequency = 440.0
        let tone = (0..<48_000).map { Float(0.5 * sin(2 * Double.pi * frequency * Double($0) / 48_000)) }
        let out = try Waveform(samples: tone, sampleRate: 48_000).resampled(to: 16_000)
        let expected = (0..<16_000).map { Float(0.5 * sin(2 * Double.pi * frequency * Double($0) / 16_000)) }
        // Away from the zero-padded ends the sinc converter reproduces the tone to ~1e-4
        // (its 97 dB stop band); a delay of one output sample would give errors of 0.086.
        let interior = 200..<15_800
        #expect(maxAbsDifference(Array(out.samples[interior]), Array(expected[interior])) < 1e-3)
    }

    @Test("measure converters: cost and difference to soxr HQ (EMOEVAL_AUDIO_BENCH=1)",
          .enabled(if: ProcessInfo.processInfo.environment["EMOEVAL_AUDIO_BENCH"] != nil))
    func measureConverters() throws {
        for item in Self.cases {
            let reference = try readNpy(Fixture.path(item.reference)).values
            let native = try loadWaveform(path: Fixture.path(item.file), targetRate: item.sourceRate)
            for converter in SampleRateConverter.allCases {
                var best = Double.infinity
                var out = native
                for _ in 0..<5 {
                    let start = threadCPUMilliseconds()
                    out = try native.resampled(to: 16_000, converter: converter)
                    best = min(best, threadCPUMilliseconds() - start)
                }
                let difference = Self.differences(out.samples, reference)
                print("\(item.file) \(converter.rawValue): \(out.samples.count) samples (reference "
                      + "\(reference.count)), \(best / native.duration) ms CPU per audio-second, max-abs "
                      + "\(difference.maxAbs), rms \(difference.rms)")
            }
        }
    }

    static func differences(_ a: [Float], _ b: [Float]) -> (maxAbs: Float, rms: Double) {
        let n = min(a.count, b.count)
        var maxAbs: Float = 0, squares = 0.0
        for i in 0..<n {
            let d = a[i] - b[i]
            maxAbs = max(maxAbs, abs(d))
            squares += Double(d) * Double(d)
        }
        return (maxAbs, n == 0 ? 0 : (squares / Double(n)).squareRoot())
    }
}
