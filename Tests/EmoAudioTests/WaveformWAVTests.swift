// Waveform.wavFileBytes: the in-memory WAV the web page plays decodes back to the same samples.
import EmoAudio
import EmoTestSupport
import Foundation
import Testing

@Suite("Waveform.wavFileBytes")
struct WaveformWAVTests {
    @Test("a float WAV in memory reads back bit for bit through libsndfile, header fields as written")
    func roundTrip() throws {
        let scratch = try TemporaryDirectory("emoeval-audio")
        let decoded = try loadWaveform(path: Fixture.path("audio/speech_1p7s.wav"))
        // Values no 16-bit file holds, and the extremes.
        let samples = decoded.samples + [0.123456789, -0.987654321, 1, -1, 0]
        let waveform = Waveform(samples: samples, sampleRate: 16000)
        let bytes = waveform.wavFileBytes()
        #expect(bytes.count == 58 + samples.count * 4)
        let path = try scratch.write(Data(bytes), to: "memory.wav")
        let info = try readAudioInfo(path: path)
        #expect(info.format == "WAV" && info.subtype == "FLOAT" && info.channels == 1)
        #expect(info.sampleRate == 16000 && info.frames == samples.count)
        #expect(try loadWaveform(path: path).samples == samples)
    }

    @Test("any rate is written as given")
    func otherRate() throws {
        let scratch = try TemporaryDirectory("emoeval-audio")
        let waveform = Waveform(samples: (0..<800).map { Float($0) / 800 }, sampleRate: 8000)
        let path = try scratch.write(Data(waveform.wavFileBytes()), to: "eight.wav")
        let back = try decodeAudio(path: path)
        #expect(back == waveform)
    }
}
