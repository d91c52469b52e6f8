// Which FFmpeg libraries this process can decode with (loaded by dlopen, so only known at run time):
// what `emoeval info` prints.
import CFFmpegShim

/// One loaded FFmpeg library.
public struct FFmpegLibrary: Sendable, Codable, Equatable {
    /// `libavformat`, `libavcodec` or `libavutil`.
    public var name: String
    /// The library's own version, `major.minor.micro` (e.g. `59.27.100`).
    public var version: String
    /// The file the dynamic linker loaded (e.g. `/lib/x86_64-linux-gnu/libavformat.so.59`).
    public var path: String
}

/// Whether MP4/M4A, AVI and WebM audio can be decoded here, with what, or what to install.
public struct FFmpegLibraries: Sendable, Codable, Equatable {
    /// The libraries loaded and every symbol emoeval needs found.
    public var available: Bool
    /// emoeval was compiled with FFmpeg's headers (without them it can never load the libraries).
    public var builtWithHeaders: Bool
    /// libavformat, libavcodec, libavutil as loaded (empty when not available).
    public var libraries: [FFmpegLibrary]
    /// FFmpeg's release string (`av_version_info`), e.g. `5.1.6-0+deb12u1`; nil when not loaded.
    public var release: String?
    /// Why FFmpeg is not usable; nil when available.
    public var problem: String?
    /// The Debian/Ubuntu command that fixes it; nil when available.
    public var install: String?

    enum CodingKeys: String, CodingKey {
        case available, builtWithHeaders = "built_with_headers", libraries, release, problem, install
    }

    /// Loads the libraries if this process has not yet (honouring `EMOEVAL_FFMPEG_DIR`) and describes them.
    public static var current: FFmpegLibraries {
        var info = EmoFFmpegInfo()
        emo_ffmpeg_info(&info)
        func text<T>(_ field: T) -> String {
            withUnsafeBytes(of: field) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        guard info.loaded != 0 else {
            let install = info.built_with_headers != 0
                ? "apt-get install libavformat\(info.built_avformat_major) libavcodec\(info.built_avcodec_major) "
                    + "libavutil\(info.built_avutil_major)"
                : "apt-get install libavformat-dev libavcodec-dev, then rebuild emoeval"
            return FFmpegLibraries(available: false, builtWithHeaders: info.built_with_headers != 0, libraries: [],
                                   release: nil, problem: text(info.error), install: install)
        }
        let libraries = [
            FFmpegLibrary(name: "libavformat", version: text(info.avformat_version), path: text(info.avformat_path)),
            FFmpegLibrary(name: "libavcodec", version: text(info.avcodec_version), path: text(info.avcodec_path)),
            FFmpegLibrary(name: "libavutil", version: text(info.avutil_version), path: text(info.avutil_path)),
        ]
        let release = text(info.release)
        return FFmpegLibraries(available: true, builtWithHeaders: true, libraries: libraries,
                               release: release.isEmpty ? nil : release, problem: nil, install: nil)
    }
}
