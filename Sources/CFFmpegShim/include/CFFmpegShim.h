// Decoding audio from containers libsndfile cannot read (mp4, m4a, avi, webm) through FFmpeg's
// libavformat/libavcodec, loaded with dlopen at run time (see ffmpeg_shim.c for why).
#ifndef CFFMPEGSHIM_H
#define CFFMPEGSHIM_H
#include <stddef.h>
#include <stdint.h>

/// Decodes the best audio stream of `path` to interleaved float32 at its own rate.
/// On success returns 0 and sets *samples (malloc'ed, frames * channels values; free with
/// emo_ffmpeg_free), *frames, *sample_rate and *channels. On failure returns a non-zero code and
/// writes a message into `error` (at most `error_size` bytes):
///   1 = FFmpeg libraries not available (not built with their headers, or dlopen failed),
///   2 = the file could not be opened or has no audio stream, 3 = decoding failed.
int emo_ffmpeg_decode(const char *path, float **samples, int64_t *frames, int *sample_rate, int *channels,
                      char *error, size_t error_size);

void emo_ffmpeg_free(float *samples);

/// Reads the best audio stream's channel count and sample rate from the container header (nothing is
/// decoded). Returns 0 on success, else the codes of emo_ffmpeg_decode with a message in `error`.
int emo_ffmpeg_probe(const char *path, int *sample_rate, int *channels, char *error, size_t error_size);

/// The best audio stream's header facts (nothing is decoded).
typedef struct {
    int sample_rate;
    int channels;
    /// The stream's duration (else the container's) in frames at sample_rate, rounded; -1 when neither states one.
    int64_t frames;
    /// FFmpeg's codec name, e.g. "aac", "opus", "pcm_s16le".
    char codec[64];
} EmoFFmpegStreamInfo;

/// Fills `info` from the container header. Returns 0 on success, else the codes of emo_ffmpeg_decode with a
/// message in `error`.
int emo_ffmpeg_stream_info(const char *path, EmoFFmpegStreamInfo *info, char *error, size_t error_size);

/// 1 when the FFmpeg libraries can be loaded (writes the reason otherwise). $EMOEVAL_FFMPEG_DIR, when set,
/// is the only folder they are loaded from.
int emo_ffmpeg_available(char *error, size_t error_size);

/// What `emoeval info` reports about FFmpeg: whether emoeval was built with its headers (and the library
/// majors it expects), whether the libraries could be loaded, and which ones (version text, path).
typedef struct {
    int built_with_headers;
    int built_avformat_major, built_avcodec_major, built_avutil_major;
    int loaded;
    char avformat_version[32], avcodec_version[32], avutil_version[32];
    char avformat_path[1024], avcodec_path[1024], avutil_path[1024];
    /// FFmpeg's own release string (av_version_info), e.g. "5.1.6-0+deb12u1".
    char release[128];
    /// Why the libraries are not usable (empty when loaded).
    char error[1024];
} EmoFFmpegInfo;

void emo_ffmpeg_info(EmoFFmpegInfo *info);

#endif
