// The FFmpeg decoder behind decodeAudio/loadWaveform: chosen by content, EmoBox's channel selection.
// Fixtures (Tests/Fixtures/ffmpeg, made with the ffmpeg 5.1 CLI, see README there): a 0.5 s 48 kHz 5.1 AAC
// m4a whose only signal is a 440 Hz sine of amplitude 1/16 (lavfi's 1/8 × volume 0.5) in channel 3 (front centre, as in MELD's clips), a mono
// Opus webm, and the m4a cut to 2000 bytes.
@testable import EmoAudio
import EmoTestSupport
import Foundation
import Synchronization
import Testing

@Suite("FFmpeg decoder")
struct FFmpegDecoderTests {
    static func rms(_ x: [Float]) -> Double {
        (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(x.count, 1))).squareRoot()
    }

    @Test("containers are recognised by their first bytes, not their names")
    func sniffing() throws {
        #expect(FFmpegContainer.sniff(Fixture.path("ffmpeg/meld_like_5.1.m4a")) == .mp4)
        #expect(FFmpegContainer.sniff(Fixture.path("ffmpeg/mono.webm")) == .matroska)
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // An m4a named .wav is still decoded by FFmpeg; a WAV named .mp4 still by libsndfile.
        let disguised = dir.appendingPathComponent("clip.wav")
        try FileManager.default.copyItem(at: Fixture.url("ffmpeg/meld_like_5.1.m4a"), to: disguised)
        #expect(FFmpegContainer.sniff(disguised.path) == .mp4)
        let wav = dir.appendingPathComponent("real.mp4")
        try FileManager.default.copyItem(at: Fixture.url("ffmpeg/mono.webm"), to: dir.appendingPathComponent("x.webm"))
        try Data("RIFF\u{0}\u{0}\u{0}\u{0}WAVEfmt ".utf8).write(to: wav)
        #expect(FFmpegContainer.sniff(wav.path) == nil)
    }

    @Test("a FIFO is refused before the content sniff opens it (a plain open() blocked forever); a symlink to an m4a is followed")
    func specialFilesBeforeSniffing() throws {
        let dir = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe.m4a").path
        #expect(mkfifo(fifo, 0o644) == 0)
        // Each call runs on its own thread with a bound; on a hang the FIFO gets a writer so the thread ends.
        func bounded(_ what: String, _ body: @escaping @Sendable () -> String) {
            let done = DispatchSemaphore(value: 0)
            let result = Mutex<String?>(nil)
            Thread.detachNewThread { result.withLock { $0 = body() }; done.signal() }
            if done.wait(timeout: .now() + 10) == .timedOut {
                Issue.record("\(what) blocked on the FIFO")
                let writer = open(fifo, O_WRONLY | O_NONBLOCK)
                done.wait()
                if writer >= 0 { close(writer) }
                return
            }
            #expect(result.withLock { $0 } == "\(fifo): not a regular file (a FIFO)", "\(what)")
        }
        bounded("sniff") { FFmpegContainer.sniff(fifo) == nil ? "\(fifo): not a regular file (a FIFO)" : "sniffed" }
        bounded("decodeAudio") {
            do { _ = try decodeAudio(path: fifo); return "decoded" } catch { return "\(error)" }
        }
        bounded("loadWaveform") {
            do { _ = try loadWaveform(path: fifo); return "decoded" } catch { return "\(error)" }
        }
        let link = dir.appendingPathComponent("link.wav")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: Fixture.url("ffmpeg/meld_like_5.1.m4a"))
        #expect(FFmpegContainer.sniff(link.path) == .mp4)
        if ffmpegAvailability().available {
            let viaLink = try decodeAudio(path: link.path, channel: .index(3))
            let direct = try decodeAudio(path: Fixture.path("ffmpeg/meld_like_5.1.m4a"), channel: .index(3))
            #expect(viaLink.samples == direct.samples)
        }
    }

    @Test("5.1 AAC: channel 3 (EmoBox's MELD choice) holds the signal; the default mean is a sixth of it")
    func channelSelection() throws {
        guard ffmpegAvailability().available else {
            // Without FFmpeg the failure must name the packages (checked in the next test).
            return
        }
        let path = Fixture.path("ffmpeg/meld_like_5.1.m4a")
        let centre = try decodeAudio(path: path, channel: .index(3))
        let left = try decodeAudio(path: path, channel: .index(1))
        let mean = try decodeAudio(path: path)
        #expect(centre.sampleRate == 48000)
        #expect(abs(centre.samples.count - 24000) <= 1024)           // AAC priming/padding
        #expect(abs(Self.rms(centre.samples) - 0.0625 / 2.0.squareRoot()) < 0.004)  // sine of amplitude 1/16
        #expect(Self.rms(left.samples) < 0.001)
        #expect(abs(Self.rms(mean.samples) * 6 - Self.rms(centre.samples)) < 0.002)
        #expect(throws: AudioError.invalidParameter(path: path, reason: "channel 7 requested, the file has 6")) {
            try decodeAudio(path: path, channel: .index(7))
        }
        // Resampled to 16 kHz through the same API the runner uses; segments cut at the file's rate.
        let waveform = try loadWaveform(path: path, segment: AudioSegment(start: 0.1, end: 0.3), channel: .index(3))
        #expect(waveform.sampleRate == 16000)
        #expect(waveform.samples.count == 3200)
        let webm = try loadWaveform(path: Fixture.path("ffmpeg/mono.webm"))
        #expect(webm.sampleRate == 16000 && abs(webm.samples.count - 8000) <= 400)
    }

    @Test("readAudioInfo and audioChannelCount read FFmpeg containers' headers (format, codec, rate, channels, stated duration)")
    func headers() throws {
        guard ffmpegAvailability().available else { return }
        let m4a = try readAudioInfo(path: Fixture.path("ffmpeg/meld_like_5.1.m4a"))
        #expect(m4a.format == "MP4" && m4a.subtype == "AAC" && m4a.sampleRate == 48000 && m4a.channels == 6)
        #expect(abs(m4a.duration - 0.5) < 0.03, "\(m4a)")
        let webm = try readAudioInfo(path: Fixture.path("ffmpeg/mono.webm"))
        #expect(webm.format == "MATROSKA" && webm.subtype == "OPUS" && webm.sampleRate == 48000 && webm.channels == 1)
        #expect(abs(webm.duration - 0.5) < 0.03, "\(webm)")
        let avi = try readAudioInfo(path: Fixture.path("ffmpeg/stereo_pcm.avi"))
        #expect(avi.format == "AVI" && avi.subtype == "PCM_S16LE" && avi.sampleRate == 16000 && avi.channels == 2)
        #expect(abs(avi.frames - 3200) <= 64, "\(avi)")   // AVI states no duration: FFmpeg estimates it from the bit rate
        #expect(try audioChannelCount(path: Fixture.path("ffmpeg/stereo_pcm.avi")) == 2)
        #expect(try audioChannelCount(path: Fixture.path("audio/stereo_44k1_2s.wav")) == 2)
        // AVI stereo: 440 Hz in channel 1, 880 Hz in channel 2 (amplitude 1/8): selecting one gives that sine.
        let one = try decodeAudio(path: Fixture.path("ffmpeg/stereo_pcm.avi"), channel: .index(1))
        let two = try decodeAudio(path: Fixture.path("ffmpeg/stereo_pcm.avi"), channel: .index(2))
        #expect(one.samples.count == 3200 && two.samples.count == 3200)
        #expect(abs(one.samples[9] - Float(sin(2 * Double.pi * 440 * 9 / 16000) * 0.125)) < 1e-3)
        #expect(abs(two.samples[9] - Float(sin(2 * Double.pi * 880 * 9 / 16000) * 0.125)) < 1e-3)
        #expect(throws: AudioError.self) { try readAudioInfo(path: Fixture.path("ffmpeg/truncated.mp4")) }
    }

    @Test("a truncated mp4 and an unavailable FFmpeg fail with a message naming the file and the reason")
    func errors() throws {
        let path = Fixture.path("ffmpeg/truncated.mp4")
        do {
            _ = try decodeAudio(path: path)
            Issue.record("a truncated mp4 decoded")
        } catch let error as AudioError {
            #expect(error.path == path)
            let text = "\(error)"
            #expect(text.contains("MP4/M4A (ISO base media)"))
            if !ffmpegAvailability().available {
                #expect(text.contains("libavformat"))
            }
        }
        let availability = ffmpegAvailability()
        #expect(availability.available || availability.reason.contains("libavformat"))
    }
}
