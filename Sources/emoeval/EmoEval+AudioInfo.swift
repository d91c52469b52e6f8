// `emoeval audio-info FILE...`: header facts and levels of audio files, as text or JSON lines.
import ArgumentParser
import EmoAudio
import Foundation

extension EmoEval {
    struct AudioInfo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audio-info",
            abstract: "Describe audio files: format, sample rate, channels, frames, duration, peak and RMS.",
            discussion: """
            Reads any format libsndfile reads, and MP4/M4A, AVI and WebM/Matroska through FFmpeg (chosen by \
            content, as decoding chooses; format MP4, AVI or MATROSKA, subtype the codec). Samples are scaled as \
            Python's soundfile does (int16 / 32768); \
            peak and RMS are taken over all samples of all channels. A file that cannot be read is reported \
            on stderr, the other files are still described, and the exit status is \
            \(ExitStatus.itemFailures.rawValue).
            """
        )

        @Argument(help: "Audio files to describe.")
        var files: [String]

        @Flag(help: """
            Print one JSON object per file and line, with keys file, format, subtype, sample_rate, channels, \
            frames, duration, peak, rms.
            """)
        var json = false

        func run() throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var failures = 0
            for file in files {
                do {
                    let row = AudioInfoRow(try measureAudioFile(path: file))
                    print(json ? String(decoding: try encoder.encode(row), as: UTF8.self) : row.text)
                } catch let error as AudioError {
                    failures += 1
                    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
                } catch {
                    failures += 1
                    FileHandle.standardError.write(Data("Error: \(file): \(error)\n".utf8))
                }
            }
            if failures > 0 { throw ExitStatus.itemFailures.code }
        }
    }
}

/// One described file, in the field names of the `--json` output.
struct AudioInfoRow: Encodable {
    var file: String
    var format: String
    var subtype: String
    var sampleRate: Int
    var channels: Int
    var frames: Int
    var duration: Double
    var peak: Double
    var rms: Double

    enum CodingKeys: String, CodingKey {
        case file, format, subtype, channels, frames, duration, peak, rms
        case sampleRate = "sample_rate"
    }

    init(_ measured: AudioFileMeasurement) {
        file = measured.info.path
        format = measured.info.format
        subtype = measured.info.subtype
        sampleRate = measured.info.sampleRate
        channels = measured.info.channels
        frames = measured.info.frames
        duration = measured.info.duration
        peak = measured.levels.peak
        rms = measured.levels.rms
    }

    /// `file: WAV PCM_16, 44100 Hz, 2 channels, 88200 frames, 2.0000 s, peak 0.601532, rms 0.085012`
    var text: String {
        "\(file): \(format) \(subtype), \(sampleRate) Hz, \(channels) channel\(channels == 1 ? "" : "s"), "
            + "\(frames) frames, \(String(format: "%.4f", duration)) s, "
            + "peak \(String(format: "%.6f", peak)), rms \(String(format: "%.6f", rms))"
    }
}
