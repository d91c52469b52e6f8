// End-to-end tests of `emoeval --version`, `info` and `audio-info`, running the built binary.
import EmoTestSupport
import Foundation
import Testing

@Suite("CLI: --version, info, audio-info")
struct AudioCLITests {
    @Test("--version prints the version that info reports")
    func version() throws {
        let result = try Emoeval.run(["--version"])
        #expect(result.status == 0)
        let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.wholeMatch(of: /\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?/) != nil)
        let info = try Emoeval.run(["info"])
        #expect(info.stdout.hasPrefix("emoeval ") && info.stdout.contains(" \(version)\n"))
    }

    @Test("info names every native library with its version, core and thread count")
    func info() throws {
        let result = try Emoeval.run(["info"], environment: ["OPENBLAS_NUM_THREADS": "1"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let rows = Dictionary(uniqueKeysWithValues: result.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: "  ", maxSplits: 1)
            return (String(parts[0]), String(parts.last ?? "").trimmingCharacters(in: .whitespaces))
        })
        #expect(rows["OpenBLAS config"]?.hasPrefix("OpenBLAS ") == true)
        #expect(rows["OpenBLAS core"]?.isEmpty == false)
        #expect(rows["OpenBLAS threads"] == "1")   // the environment variable reached OpenBLAS
        #expect(rows["libsndfile"]?.hasPrefix("libsndfile-1.") == true)
        #expect(rows["libsamplerate"]?.hasPrefix("libsamplerate-0.") == true)
        #expect(rows["SQLite"]?.wholeMatch(of: /3\.\d+\.\d+/) != nil)
    }

    @Test("info --json is one object with the same facts")
    func infoJSON() throws {
        let result = try Emoeval.run(["info", "--json"], environment: ["OPENBLAS_NUM_THREADS": "2"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // openblas_core_warning only where OpenBLAS runs a generic kernel on an AVX2/AVX-512 CPU (BlasCoreAdvice).
        #expect(Set(object.keys).subtracting(["openblas_core_warning"])
                == ["emoeval", "openblas_config", "openblas_core", "openblas_threads",
                    "libsndfile", "libsamplerate", "sqlite", "ffmpeg"])
        if let warning = object["openblas_core_warning"] as? String {
            #expect(warning.contains("OPENBLAS_CORETYPE=") && warning.contains(object["openblas_core"] as? String ?? "?"))
        }
        #expect(object["openblas_threads"] as? Int == 2)
    }

    /// `info --json`'s ffmpeg object, run with `environment`.
    /// and the text rows (label → value) of plain `info`.
    static func ffmpegFacts(_ environment: [String: String] = [:]) throws -> (object: [String: Any], rows: [String: String]) {
        let json = try Emoeval.run(["info", "--json"], environment: environment)
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let text = try Emoeval.run(["info"], environment: environment)
        #expect(text.status == 0)
        let rows = Dictionary(uniqueKeysWithValues: text.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: "  ", maxSplits: 1)
            return (String(parts[0]), String(parts.last ?? "").trimmingCharacters(in: .whitespaces))
        })
        return (try #require(object["ffmpeg"] as? [String: Any]), rows)
    }

    @Test("info says which FFmpeg libraries were loaded: version, file (whose soname major is the version's), release")
    func infoFFmpegLoaded() throws {
        let (ffmpeg, rows) = try Self.ffmpegFacts()
        guard ffmpeg["available"] as? Bool == true else {
            // Built without the headers or the libraries are absent: info must say what to install.
            #expect((ffmpeg["install"] as? String)?.contains("apt-get install libav") == true)
            #expect(rows["FFmpeg install"]?.hasPrefix("apt-get install libav") == true)
            return
        }
        let libraries = try #require(ffmpeg["libraries"] as? [[String: String]])
        #expect(libraries.map { $0["name"] } == ["libavformat", "libavcodec", "libavutil"])
        for library in libraries {
            let name = try #require(library["name"]), version = try #require(library["version"])
            let path = try #require(library["path"])
            #expect(version.wholeMatch(of: /\d+\.\d+\.\d+/) != nil)
            #expect(FileManager.default.fileExists(atPath: path), "\(name): \(path)")
            let major = String(version.prefix { $0 != "." })
            #expect((path as NSString).lastPathComponent.hasPrefix("\(name).so.\(major)"), "\(path) is not \(name) \(version)")
            #expect(rows[name] == "\(version)  \(path)")
        }
        #expect(ffmpeg["problem"] == nil && ffmpeg["install"] == nil && rows["FFmpeg install"] == nil)
        #expect(rows["FFmpeg"]?.hasPrefix("available") == true)
    }

    @Test("EMOEVAL_FFMPEG_DIR: an empty folder makes FFmpeg unavailable (info names the folder and the packages); a folder of links to the libraries is where they load from")
    func infoFFmpegDirectory() throws {
        let (system, _) = try Self.ffmpegFacts()
        let empty = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        let (missing, rows) = try Self.ffmpegFacts(["EMOEVAL_FFMPEG_DIR": empty.path])
        #expect(missing["available"] as? Bool == false)
        let install = try #require(missing["install"] as? String)
        let problem = try #require(missing["problem"] as? String)
        if let libraries = system["libraries"] as? [[String: String]] {
            // The packages to install are the runtime ones of the majors emoeval was built for.
            let majors = libraries.map { ($0["name"] ?? "") + String(($0["version"] ?? "").prefix { $0 != "." }) }
            #expect(install == "apt-get install " + majors.joined(separator: " "))
            #expect(problem.contains("in EMOEVAL_FFMPEG_DIR=\(empty.path)"))
            #expect(rows["FFmpeg install"] == install)
        } else {
            #expect(install.contains("libavformat-dev"))
        }
        #expect(rows["FFmpeg"] == "not available (MP4/M4A, AVI, WebM audio cannot be decoded): " + problem)

        guard let libraries = system["libraries"] as? [[String: String]] else { return }
        let links = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: links) }
        for library in libraries {
            let path = try #require(library["path"])
            try FileManager.default.createSymbolicLink(
                atPath: links.appendingPathComponent((path as NSString).lastPathComponent).path, withDestinationPath: path)
        }
        let (linked, _) = try Self.ffmpegFacts(["EMOEVAL_FFMPEG_DIR": links.path])
        #expect(linked["available"] as? Bool == true)
        let paths = (linked["libraries"] as? [[String: String]] ?? []).compactMap { $0["path"] }
        #expect(paths.count == 3 && paths.allSatisfy { $0.hasPrefix(links.path + "/") }, "\(paths)")
    }

    @Test("audio-info describes each file on one line")
    func audioInfoText() throws {
        let stereo = Fixture.path("audio/stereo_44k1_2s.wav"), flac = Fixture.path("audio/speech_1p7s_24bit.flac")
        let result = try Emoeval.run(["audio-info", stereo, flac])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("\(stereo): WAV PCM_16, 44100 Hz, 2 channels, 88200 frames, 2.0000 s, peak 0.6") == true)
        #expect(lines.last?.hasPrefix("\(flac): FLAC PCM_24, 16000 Hz, 1 channel, 27200 frames, 1.7000 s, peak ") == true)
        #expect(lines.allSatisfy { $0.contains(", rms 0.0") })
    }

    @Test("audio-info --json prints one object per file with the documented keys")
    func audioInfoJSON() throws {
        let stereo = Fixture.path("audio/stereo_44k1_2s.wav"), n400 = Fixture.path("audio/n400.wav")
        let result = try Emoeval.run(["audio-info", "--json", stereo, n400])
        #expect(result.status == 0)
        let objects = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(objects.count == 2)
        for object in objects {
            #expect(Set(object.keys).isSuperset(of: ["file", "format", "sample_rate", "channels", "frames",
                                                     "duration", "peak", "rms"]))
        }
        let first = try #require(objects.first)
        #expect(first["file"] as? String == stereo)
        #expect(first["format"] as? String == "WAV")
        #expect(first["sample_rate"] as? Int == 44_100)
        #expect(first["channels"] as? Int == 2)
        #expect(first["frames"] as? Int == 88_200)
        #expect(first["duration"] as? Double == 2.0)
        let peak = try #require(first["peak"] as? Double), rms = try #require(first["rms"] as? Double)
        #expect(abs(peak - 0.6) < 0.01 && rms > 0.01 && rms < peak)
        #expect(objects.last?["frames"] as? Int == 400)
    }

    @Test("a bad file is one line on stderr, the good files are still listed, exit status 3")
    func audioInfoBadFile() throws {
        let scratch = try Fixture.temporaryDirectory("emoeval-cli-audio")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let garbage = scratch.appendingPathComponent("garbage.wav")
        try Data("this is not audio".utf8).write(to: garbage)
        let missing = scratch.appendingPathComponent("missing.flac").path
        let good1 = Fixture.path("audio/n400.wav"), good2 = Fixture.path("audio/mono_8k_1p5s.wav")
        for arguments in [["audio-info"], ["audio-info", "--json"]] {
            let result = try Emoeval.run(arguments + [good1, garbage.path, missing, good2])
            #expect(result.status == 3)
            let out = result.stdout.split(separator: "\n")
            #expect(out.count == 2)
            #expect(out.first?.contains(good1) == true && out.last?.contains(good2) == true)
            let err = result.stderr.split(separator: "\n")
            #expect(err.count == 2)
            #expect(err.first?.hasPrefix("Error: \(garbage.path): cannot decode audio: ") == true)
            #expect(err.last == "Error: \(missing): no such audio file")
        }
    }

    @Test("audio-info reads MP4/M4A, AVI and WebM through FFmpeg, chosen by content: rate, channels, duration, codec")
    func audioInfoFFmpeg() throws {
        let m4a = Fixture.path("ffmpeg/meld_like_5.1.m4a"), webm = Fixture.path("ffmpeg/mono.webm")
        let avi = Fixture.path("ffmpeg/stereo_pcm.avi"), truncated = Fixture.path("ffmpeg/truncated.mp4")
        let scratch = try Fixture.temporaryDirectory("emoeval-cli-audio")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let disguised = scratch.appendingPathComponent("clip.wav").path   // an m4a named .wav: still FFmpeg's
        try FileManager.default.copyItem(atPath: m4a, toPath: disguised)
        let (ffmpeg, _) = try Self.ffmpegFacts()
        guard ffmpeg["available"] as? Bool == true else {
            let result = try Emoeval.run(["audio-info", m4a])
            #expect(result.status == 3 && result.stderr.contains("needs FFmpeg") && result.stderr.contains("libavformat"))
            return
        }
        let result = try Emoeval.run(["audio-info", m4a, webm, avi, disguised])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "FFmpeg's own warnings leak: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        // 0.5 s of 5.1 AAC at 48 kHz (AAC's priming frames add up to one 1024-frame block); signal 1/16 in one channel.
        #expect(lines[0].hasPrefix("\(m4a): MP4 AAC, 48000 Hz, 6 channels, "), "\(lines[0])")
        #expect(lines[1].hasPrefix("\(webm): MATROSKA OPUS, 48000 Hz, 1 channel, 24000 frames, 0.5000 s, "), "\(lines[1])")
        // PCM16 stereo AVI, sines of amplitude 1/8 (4096/32768) in each channel: peak 0.125, RMS 0.125/sqrt 2.
        #expect(lines[2].hasPrefix("\(avi): AVI PCM_S16LE, 16000 Hz, 2 channels, 3200 frames, 0.2000 s, peak 0.12"), "\(lines[2])")
        #expect(lines[3].hasPrefix("\(disguised): MP4 AAC, 48000 Hz, 6 channels, "))
        let json = try Emoeval.run(["audio-info", "--json", m4a, avi])
        let objects = try json.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        let first = try #require(objects.first), last = try #require(objects.last)
        let frames = try #require(first["frames"] as? Int), duration = try #require(first["duration"] as? Double)
        #expect((24_000...25_100).contains(frames), "\(frames)")
        #expect(abs(duration - Double(frames) / 48_000) < 1e-9)
        let peak = try #require(first["peak"] as? Double), rms = try #require(first["rms"] as? Double)
        #expect(abs(peak - 1.0 / 16) < 0.015, "\(peak)")
        // Signal in 1 of 6 channels: RMS over all samples ≈ (1/16)/sqrt(2)/sqrt(6).
        #expect(abs(rms - 1.0 / 16 / 2.0.squareRoot() / 6.0.squareRoot()) < 0.003, "\(rms)")
        #expect(first["format"] as? String == "MP4" && first["subtype"] as? String == "AAC")
        let aviRMS = try #require(last["rms"] as? Double)
        #expect(abs(aviRMS - 0.125 / 2.0.squareRoot()) < 0.002, "\(aviRMS)")
        #expect(last["channels"] as? Int == 2 && last["sample_rate"] as? Int == 16_000 && last["frames"] as? Int == 3200)
        // A cut mp4 is one error line naming the file, the container and FFmpeg's reason; the others still print.
        let bad = try Emoeval.run(["audio-info", truncated, avi])
        #expect(bad.status == 3)
        #expect(bad.stdout.split(separator: "\n").count == 1)
        #expect(bad.stderr.hasPrefix("Error: \(truncated): cannot decode audio: MP4/M4A (ISO base media): FFmpeg cannot open the file"),
                "\(bad.stderr)")
        // Without FFmpeg: the message names the packages.
        let none = try Emoeval.run(["audio-info", avi], environment: ["EMOEVAL_FFMPEG_DIR": scratch.path])
        #expect(none.status == 3 && none.stderr.contains("AVI audio needs FFmpeg") && none.stderr.contains("apt-get install libavformat"),
                "\(none.stderr)")
    }

    @Test("audio-info without files is a usage error")
    func audioInfoNoFiles() throws {
        let result = try Emoeval.run(["audio-info"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Missing expected argument '<files> ...'"))
    }
    @Test("audio-info --help text")
    func audioInfoHelp() throws {
        let result = try Emoeval.run(["audio-info", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout == Self.audioInfoHelp)
    }

    /// Exact help text (argument-parser renders 80 columns when stdout is not a terminal).
    static let audioInfoHelp = """
        OVERVIEW: Describe audio files: format, sample rate, channels, frames,
        duration, peak and RMS.

        Reads any format libsndfile reads, and MP4/M4A, AVI and WebM/Matroska through
        FFmpeg (chosen by content, as decoding chooses; format MP4, AVI or MATROSKA,
        subtype the codec). Samples are scaled as Python's soundfile does (int16 /
        32768); peak and RMS are taken over all samples of all channels. A file that
        cannot be read is reported on stderr, the other files are still described, and
        the exit status is 3.

        USAGE: emoeval audio-info <files> ... [--json]

        ARGUMENTS:
          <files>                 Audio files to describe.

        OPTIONS:
          --json                  Print one JSON object per file and line, with keys
                                  file, format, subtype, sample_rate, channels, frames,
                                  duration, peak, rms.
          --version               Show the version.
          -h, --help              Show help information.


        """
}
