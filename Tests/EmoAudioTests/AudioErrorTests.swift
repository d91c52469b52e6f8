// Every AudioError case, from tiny broken files made inside the test; messages name the file.
import EmoAudio
import EmoTestSupport
import Foundation
import Testing

@Suite("AudioError")
struct AudioErrorTests {
    let scratch: TemporaryDirectory
    init() throws { scratch = try TemporaryDirectory("emoeval-audio") }

    /// A valid 1,000-sample 16 kHz WAV to damage.
    var goodWav: Data { WavBytes.pcm16((0..<1_000).map { Int16($0 % 200 - 100) * 50 }, sampleRate: 16_000) }

    @Test("a missing path is .missingFile; a directory or FIFO is .notRegularFile, refused before opening")
    func missingFile() throws {
        let path = scratch.path("nope.wav")
        let error = #expect(throws: AudioError.self) { try loadWaveform(path: path) }
        #expect(error == .missingFile(path: path))
        #expect(error?.description == "\(path): no such audio file")
        #expect(throws: AudioError.missingFile(path: path)) { try readAudioInfo(path: path) }
        let directory = #expect(throws: AudioError.self) { try loadWaveform(path: scratch.url.path) }
        #expect(directory?.description == "\(scratch.url.path): not a regular file (a directory)")
        let fifo = scratch.path("pipe.wav")
        #expect(mkfifo(fifo, 0o644) == 0)
        let special = #expect(throws: AudioError.self) { try readAudioInfo(path: fifo) }
        #expect(special?.description == "\(fifo): not a regular file (a FIFO)")
    }

    @Test("huge, infinite and NaN segment times give an error message, not a crash")
    func absurdSegmentTimes() throws {
        let path = try scratch.write(goodWav, to: "good.wav")
        for (start, end) in [(0, 1e19), (0, 1e308), (1e19, 2e19), (0, Double.infinity), (Double.nan, 1), (-1e300, 1)] {
            let error = #expect(throws: AudioError.self) {
                try loadWaveform(path: path, segment: AudioSegment(start: start, end: end))
            }
            #expect(error?.description.hasPrefix("\(path): segment [") == true, "\(String(describing: error))")
        }
        let text = AudioError.segmentOutsideRecording(path: "a.wav", segment: AudioSegment(start: 1e19, end: 1e308),
                                                      duration: 1).description
        #expect(text == "a.wav: segment [1e+19, 1e+308) s lies outside the recording (duration 1 s)")
    }

    @Test("a truncated header is .unreadable")
    func truncatedHeader() throws {
        let path = try scratch.write(goodWav.prefix(30), to: "truncated-header.wav")
        try expectUnreadable(path)
    }

    @Test("garbage bytes are .unreadable")
    func garbage() throws {
        var generator = SeededRandom(seed: 4_096)   // seeded: a failure is reproducible
        let bytes = Data((0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try expectUnreadable(try scratch.write(Data("not audio at all\n".utf8) + bytes, to: "garbage.wav"))
        try expectUnreadable(try scratch.write(Data(), to: "empty.wav"))
    }

    @Test("a WAV header with no data is .noFrames")
    func zeroFrames() throws {
        let path = try scratch.write(WavBytes.pcm16([], sampleRate: 16_000), to: "zero.wav")
        let error = #expect(throws: AudioError.self) { try loadWaveform(path: path) }
        #expect(error == .noFrames(path: path))
        #expect(error?.description.hasPrefix(path + ": ") == true)
        #expect(try readAudioInfo(path: path).frames == 0)   // the header itself is fine
    }

    @Test("NaN and infinite float samples are .nonFiniteSample with the frame", arguments: [
        Float.nan, Float.infinity, -Float.infinity,
    ])
    func nonFinite(_ bad: Float) throws {
        var samples = [Float](repeating: 0.25, count: 800)
        samples[555] = bad
        let path = try scratch.write(WavBytes.float32(samples, sampleRate: 16_000), to: "bad.wav")
        let error = #expect(throws: AudioError.self) { try loadWaveform(path: path) }
        #expect(error == .nonFiniteSample(path: path, frame: 555))
        #expect(error?.description == "\(path): sample at frame 555 is NaN or infinite")
        #expect(throws: AudioError.nonFiniteSample(path: path, frame: 555)) { try measureAudioFile(path: path) }
    }

    @Test("399 samples at 16 kHz are .tooShort; 400 are fine")
    func tooShort() throws {
        let short = try scratch.write(WavBytes.pcm16(Array(repeating: 100, count: 399), sampleRate: 16_000),
                                      to: "n399.wav")
        let error = #expect(throws: AudioError.self) { try loadWaveform(path: short) }
        #expect(error == .tooShort(path: short, samples: 399, sampleRate: 16_000, minimum: 400))
        #expect(error?.description.hasPrefix("\(short): too short: 399 samples at 16000 Hz") == true)
        let enough = try scratch.write(WavBytes.pcm16(Array(repeating: 100, count: 400), sampleRate: 16_000),
                                       to: "n400.wav")
        #expect(try loadWaveform(path: enough).samples.count == 400)
    }

    @Test("short after resampling: 8 kHz, 199 samples -> 398 at 16 kHz")
    func tooShortAfterResampling() throws {
        let path = try scratch.write(WavBytes.pcm16(Array(repeating: 100, count: 199), sampleRate: 8_000),
                                     to: "short8k.wav")
        #expect(throws: AudioError.tooShort(path: path, samples: 398, sampleRate: 16_000, minimum: 400)) {
            try loadWaveform(path: path)
        }
    }

    @Test("data cut short after a valid header decodes the frames present (as soundfile does)")
    func truncatedData() throws {
        let path = try scratch.write(goodWav.prefix(44 + 2 * 600), to: "cut.wav")
        let waveform = try loadWaveform(path: path)
        #expect(waveform.samples.count == 600)
    }

    @Test("a FLAC file with corrupt or missing frames is .unreadable, not silently shorter")
    func corruptFlac() throws {
        let flac = try Data(contentsOf: Fixture.url("audio/speech_1p7s_24bit.flac"))   // 35,790 bytes
        var corrupt = flac
        for index in 30_000..<30_400 { corrupt[index] = corrupt[index] &* 7 &+ 13 }
        for (name, data) in [("corrupt.flac", corrupt), ("cut.flac", flac.prefix(20_000))] {
            let path = try scratch.write(data, to: name)
            let error = #expect(throws: AudioError.self) { try loadWaveform(path: path) }
            guard case let .unreadable(errorPath, reason)? = error else {
                Issue.record("expected .unreadable for \(name), got \(String(describing: error))")
                continue
            }
            #expect(errorPath == path)
            #expect(reason.contains("of the 27200 the header announces (truncated or corrupt)"))
            #expect(throws: AudioError.self) { try measureAudioFile(path: path) }
            // A segment before the damage still decodes (seeking); one across it does not.
            #expect(try loadWaveform(path: path, segment: AudioSegment(start: 0, end: 0.5)).samples.count == 8_000)
            #expect(throws: AudioError.self) {
                try loadWaveform(path: path, segment: AudioSegment(start: 0.5, end: 1.7))
            }
        }
    }

    @Test("a non-positive target rate is .invalidParameter")
    func invalidTargetRate() throws {
        let path = Fixture.path("audio/n400.wav")
        #expect(throws: AudioError.self) { try loadWaveform(path: path, targetRate: 0) }
    }

    private func expectUnreadable(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let error = #expect(throws: AudioError.self, sourceLocation: sourceLocation) { try loadWaveform(path: path) }
        guard case let .unreadable(errorPath, reason)? = error else {
            Issue.record("expected .unreadable, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(errorPath == path, sourceLocation: sourceLocation)
        #expect(!reason.isEmpty, sourceLocation: sourceLocation)
        #expect(error?.description.hasPrefix("\(path): cannot decode audio: ") == true,
                sourceLocation: sourceLocation)
        #expect(throws: AudioError.self, sourceLocation: sourceLocation) { try readAudioInfo(path: path) }
    }
}
