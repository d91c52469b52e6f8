// `emoeval info`: the toolkit version and the native libraries it runs on (versions, BLAS core, threads).
import ArgumentParser
import COpenBLAS
import CSQLite
import CSampleRate
import CSndFile
import EmoAudio
import EmoKernels
import EmoRunner
import Foundation

extension EmoEval {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "info",
            abstract: "Print the emoeval version and the native libraries' versions and configuration.",
            discussion: """
            OpenBLAS threads default to the number of cores; OPENBLAS_NUM_THREADS overrides it and \
            OPENBLAS_CORETYPE forces a kernel family (e.g. SkylakeX for AVX-512).

            FFmpeg (libavformat, libavcodec, libavutil) decodes MP4/M4A, AVI and WebM audio (MELD, MER2023, \
            eNTERFACE, MEAD, EMNS). It is loaded at run time, so info loads it and prints each library's \
            version and the file loaded, or why it cannot be loaded and the Debian packages to install. \
            EMOEVAL_FFMPEG_DIR=DIR loads the libraries from DIR only.
            """
        )

        @Flag(help: "Print one JSON object instead of aligned text.")
        var json = false

        func run() throws {
            let facts = LibraryFacts.current
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(facts), as: UTF8.self))
            } else {
                print(facts.text)
            }
        }
    }
}

/// Versions and settings of the toolkit and the libraries it links, read from the libraries themselves.
struct LibraryFacts: Codable {
    var emoeval: String
    var openblasConfig: String
    var openblasCore: String
    var openblasThreads: Int
    /// Set when OpenBLAS runs a generic kernel on a CPU with AVX2/AVX-512 (`BlasCoreAdvice`).
    var openblasCoreWarning: String?
    var libsndfile: String
    var libsamplerate: String
    var sqlite: String
    var ffmpeg: FFmpegLibraries

    enum CodingKeys: String, CodingKey {
        case emoeval
        case openblasConfig = "openblas_config"
        case openblasCore = "openblas_core"
        case openblasThreads = "openblas_threads"
        case openblasCoreWarning = "openblas_core_warning"
        case libsndfile, libsamplerate, sqlite, ffmpeg
    }

    static var current: LibraryFacts {
        LibraryFacts(
            emoeval: EmoEvalVersion.string,
            openblasConfig: string(openblas_get_config()),
            openblasCore: string(openblas_get_corename()),
            openblasThreads: Int(openblas_get_num_threads()),
            openblasCoreWarning: BlasCoreAdvice.current?.description,
            libsndfile: string(sf_version_string()),
            libsamplerate: string(src_get_version()),
            sqlite: string(sqlite3_libversion()),
            ffmpeg: FFmpegLibraries.current)
    }

    var text: String {
        let rows: [(String, String)] = [
            ("emoeval", emoeval),
            ("OpenBLAS config", openblasConfig),
            ("OpenBLAS core", openblasCore),
            ("OpenBLAS threads", String(openblasThreads)),
        ] + (openblasCoreWarning.map { [("OpenBLAS warning", $0)] } ?? []) + [
            ("libsndfile", libsndfile),
            ("libsamplerate", libsamplerate),
            ("SQLite", sqlite),
        ] + ffmpegRows
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }

    /// `FFmpeg  available (FFmpeg 5.1.6...)` and one row per library, or `FFmpeg  not available: why; install: ...`.
    var ffmpegRows: [(String, String)] {
        guard ffmpeg.available else {
            return [("FFmpeg", "not available (MP4/M4A, AVI, WebM audio cannot be decoded): "
                     + (ffmpeg.problem ?? "unknown reason")),
                    ("FFmpeg install", ffmpeg.install ?? "")]
        }
        return [("FFmpeg", "available" + (ffmpeg.release.map { " (FFmpeg \($0))" } ?? ""))]
            + ffmpeg.libraries.map { ($0.name, "\($0.version)  \($0.path)") }
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "unknown" }
        return String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func string(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        string(UnsafePointer(pointer))
    }
}
