// FFmpeg audio decoding loaded with dlopen.
//
// Why dlopen: a SwiftPM systemLibrary target fails the whole build when its headers are missing, and
// FFmpeg is only needed for a few corpora (MELD, MER2023, eNTERFACE, MEAD, EMNS). Here the headers are
// used only for the struct layouts when they exist at build time (__has_include); the functions are
// resolved at run time from libavformat/libavcodec/libavutil. Without the headers at build time, or
// without the libraries at run time, decoding fails with a message naming the Debian packages, and
// everything libsndfile reads keeps working.
#define _GNU_SOURCE  // dladdr
#include "CFFmpegShim.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if __has_include(<libavformat/avformat.h>) && __has_include(<libavcodec/avcodec.h>)
#include <dlfcn.h>
#include <pthread.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>

#define EMO_STR2(x) #x
#define EMO_STR(x) EMO_STR2(x)

static struct {
    int loaded;
    char error[1024];
    int (*open_input)(AVFormatContext **, const char *, const AVInputFormat *, AVDictionary **);
    int (*find_stream_info)(AVFormatContext *, AVDictionary **);
    int (*find_best_stream)(AVFormatContext *, enum AVMediaType, int, int, const AVCodec **, int);
    void (*close_input)(AVFormatContext **);
    int (*read_frame)(AVFormatContext *, AVPacket *);
    AVCodecContext *(*alloc_context)(const AVCodec *);
    int (*parameters_to_context)(AVCodecContext *, const AVCodecParameters *);
    int (*open2)(AVCodecContext *, const AVCodec *, AVDictionary **);
    void (*free_context)(AVCodecContext **);
    int (*send_packet)(AVCodecContext *, const AVPacket *);
    int (*receive_frame)(AVCodecContext *, AVFrame *);
    AVPacket *(*packet_alloc)(void);
    void (*packet_free)(AVPacket **);
    void (*packet_unref)(AVPacket *);
    AVFrame *(*frame_alloc)(void);
    void (*frame_free)(AVFrame **);
    int (*strerror)(int, char *, size_t);
    const char *(*codec_name)(enum AVCodecID);
} ff;

static pthread_once_t ff_once = PTHREAD_ONCE_INIT;

/// Opens `<base>.so.<major>` (then `<base>.so`): from $EMOEVAL_FFMPEG_DIR only when it is set, else by the
/// dynamic linker's search path.
static void *open_lib(const char *base, int major) {
    const char *dir = getenv("EMOEVAL_FFMPEG_DIR");
    char name[1024];
    const char *prefix = (dir && *dir) ? dir : NULL;
    snprintf(name, sizeof name, "%s%s%s.so.%d", prefix ? prefix : "", prefix ? "/" : "", base, major);
    void *handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL);
    if (!handle) {
        snprintf(name, sizeof name, "%s%s%s.so", prefix ? prefix : "", prefix ? "/" : "", base);
        handle = dlopen(name, RTLD_NOW | RTLD_GLOBAL);
    }
    return handle;
}

static void *util_handle, *codec_handle, *format_handle;

static void load_ffmpeg(void) {
    void *util = util_handle = open_lib("libavutil", LIBAVUTIL_VERSION_MAJOR);
    void *codec = codec_handle = open_lib("libavcodec", LIBAVCODEC_VERSION_MAJOR);
    void *format = format_handle = open_lib("libavformat", LIBAVFORMAT_VERSION_MAJOR);
    if (!util || !codec || !format) {
        const char *dir = getenv("EMOEVAL_FFMPEG_DIR");
        char where[600] = "", missing[128] = "";
        if (dir && *dir) snprintf(where, sizeof where, " in EMOEVAL_FFMPEG_DIR=%s", dir);
        size_t used = 0;
        if (!format) used += snprintf(missing + used, sizeof missing - used, "libavformat.so.%d ", LIBAVFORMAT_VERSION_MAJOR);
        if (!codec) used += snprintf(missing + used, sizeof missing - used, "libavcodec.so.%d ", LIBAVCODEC_VERSION_MAJOR);
        if (!util) used += snprintf(missing + used, sizeof missing - used, "libavutil.so.%d ", LIBAVUTIL_VERSION_MAJOR);
        if (used > 0) missing[used - 1] = 0;
        snprintf(ff.error, sizeof ff.error,
                 "FFmpeg libraries not found%s (%s): install them with `apt-get install libavformat%d "
                 "libavcodec%d libavutil%d` (or libavformat-dev libavcodec-dev)", where, missing,
                 LIBAVFORMAT_VERSION_MAJOR, LIBAVCODEC_VERSION_MAJOR, LIBAVUTIL_VERSION_MAJOR);
        return;
    }
#define SYM(lib, field, name)                                                                              \
    do {                                                                                                   \
        *(void **)(&ff.field) = dlsym(lib, name);                                                          \
        if (!ff.field) {                                                                                   \
            snprintf(ff.error, sizeof ff.error, "FFmpeg symbol %s missing: the installed libraries do not " \
                     "match the headers emoeval was built with (rebuild after installing libavformat-dev "   \
                     "libavcodec-dev)", name);                                                            \
            return;                                                                                        \
        }                                                                                                  \
    } while (0)
    SYM(format, open_input, "avformat_open_input");
    SYM(format, find_stream_info, "avformat_find_stream_info");
    SYM(format, find_best_stream, "av_find_best_stream");
    SYM(format, close_input, "avformat_close_input");
    SYM(format, read_frame, "av_read_frame");
    SYM(codec, alloc_context, "avcodec_alloc_context3");
    SYM(codec, parameters_to_context, "avcodec_parameters_to_context");
    SYM(codec, open2, "avcodec_open2");
    SYM(codec, free_context, "avcodec_free_context");
    SYM(codec, send_packet, "avcodec_send_packet");
    SYM(codec, receive_frame, "avcodec_receive_frame");
    SYM(codec, packet_alloc, "av_packet_alloc");
    SYM(codec, packet_free, "av_packet_free");
    SYM(codec, packet_unref, "av_packet_unref");
    SYM(util, frame_alloc, "av_frame_alloc");
    SYM(util, frame_free, "av_frame_free");
    SYM(util, strerror, "av_strerror");
    SYM(codec, codec_name, "avcodec_get_name");
#undef SYM
    // FFmpeg's own log would go to stderr, interleaved with the progress display: warnings ("Could not update
    // timestamps for skipped samples", "Estimating duration from bitrate") and errors ("moov atom not found")
    // alike. Silenced: every failure reaches the user as emoeval's one message naming the file and the reason.
    void (*log_level)(int) = (void (*)(int))dlsym(util, "av_log_set_level");
    if (log_level) log_level(AV_LOG_QUIET);
    ff.loaded = 1;
}

int emo_ffmpeg_available(char *error, size_t error_size) {
    pthread_once(&ff_once, load_ffmpeg);
    if (!ff.loaded) snprintf(error, error_size, "%s", ff.error);
    return ff.loaded;
}

/// Version `major.minor.micro` of AV_VERSION_INT-packed `v`.
static void version_text(unsigned v, char *out, size_t size) {
    snprintf(out, size, "%u.%u.%u", v >> 16, (v >> 8) & 0xFF, v & 0xFF);
}

/// Path of the loaded object that defines `symbol` of `handle` (as the dynamic linker opened it).
static void library_path(void *handle, const char *symbol, char *out, size_t size) {
    Dl_info info;
    void *address = handle ? dlsym(handle, symbol) : NULL;
    if (address && dladdr(address, &info) && info.dli_fname) snprintf(out, size, "%s", info.dli_fname);
}

void emo_ffmpeg_info(EmoFFmpegInfo *info) {
    memset(info, 0, sizeof *info);
    info->built_with_headers = 1;
    info->built_avformat_major = LIBAVFORMAT_VERSION_MAJOR;
    info->built_avcodec_major = LIBAVCODEC_VERSION_MAJOR;
    info->built_avutil_major = LIBAVUTIL_VERSION_MAJOR;
    info->loaded = emo_ffmpeg_available(info->error, sizeof info->error);
    if (!info->loaded) return;
    unsigned (*format_version)(void) = (unsigned (*)(void))dlsym(format_handle, "avformat_version");
    unsigned (*codec_version)(void) = (unsigned (*)(void))dlsym(codec_handle, "avcodec_version");
    unsigned (*util_version)(void) = (unsigned (*)(void))dlsym(util_handle, "avutil_version");
    const char *(*release)(void) = (const char *(*)(void))dlsym(util_handle, "av_version_info");
    if (format_version) version_text(format_version(), info->avformat_version, sizeof info->avformat_version);
    if (codec_version) version_text(codec_version(), info->avcodec_version, sizeof info->avcodec_version);
    if (util_version) version_text(util_version(), info->avutil_version, sizeof info->avutil_version);
    if (release && release()) snprintf(info->release, sizeof info->release, "%s", release());
    library_path(format_handle, "avformat_version", info->avformat_path, sizeof info->avformat_path);
    library_path(codec_handle, "avcodec_version", info->avcodec_path, sizeof info->avcodec_path);
    library_path(util_handle, "avutil_version", info->avutil_path, sizeof info->avutil_path);
}

static int frame_channels(const AVFrame *frame) {
#if LIBAVUTIL_VERSION_MAJOR >= 57 && defined(FF_API_OLD_CHANNEL_LAYOUT) || LIBAVUTIL_VERSION_MAJOR >= 58
    return frame->ch_layout.nb_channels;
#else
    return frame->channels;
#endif
}

/// Appends `frame`'s samples to the interleaved float buffer (any packed or planar integer/float format).
static int append_frame(const AVFrame *frame, int channels, float **buffer, int64_t *used, int64_t *capacity) {
    int n = frame->nb_samples;
    if (*used + n > *capacity) {
        int64_t grown = (*capacity ? *capacity * 2 : 65536);
        while (grown < *used + n) grown *= 2;
        float *bigger = realloc(*buffer, (size_t)grown * (size_t)channels * sizeof(float));
        if (!bigger) return -1;
        *buffer = bigger;
        *capacity = grown;
    }
    float *out = *buffer + *used * channels;
    enum AVSampleFormat format = (enum AVSampleFormat)frame->format;
    for (int c = 0; c < channels; c++) {
        for (int i = 0; i < n; i++) {
            float v;
            switch (format) {
            case AV_SAMPLE_FMT_FLTP: v = ((const float *)frame->extended_data[c])[i]; break;
            case AV_SAMPLE_FMT_FLT: v = ((const float *)frame->extended_data[0])[i * channels + c]; break;
            case AV_SAMPLE_FMT_DBLP: v = (float)((const double *)frame->extended_data[c])[i]; break;
            case AV_SAMPLE_FMT_DBL: v = (float)((const double *)frame->extended_data[0])[i * channels + c]; break;
            case AV_SAMPLE_FMT_S16P: v = ((const int16_t *)frame->extended_data[c])[i] / 32768.0f; break;
            case AV_SAMPLE_FMT_S16: v = ((const int16_t *)frame->extended_data[0])[i * channels + c] / 32768.0f; break;
            case AV_SAMPLE_FMT_S32P: v = (float)(((const int32_t *)frame->extended_data[c])[i] / 2147483648.0); break;
            case AV_SAMPLE_FMT_S32: v = (float)(((const int32_t *)frame->extended_data[0])[i * channels + c] / 2147483648.0); break;
            case AV_SAMPLE_FMT_U8P: v = (((const uint8_t *)frame->extended_data[c])[i] - 128) / 128.0f; break;
            case AV_SAMPLE_FMT_U8: v = (((const uint8_t *)frame->extended_data[0])[i * channels + c] - 128) / 128.0f; break;
            default: return -2;
            }
            out[i * channels + c] = v;
        }
    }
    *used += n;
    return 0;
}

int emo_ffmpeg_decode(const char *path, float **samples, int64_t *frames, int *sample_rate, int *channels,
                      char *error, size_t error_size) {
    if (!emo_ffmpeg_available(error, error_size)) return 1;
    AVFormatContext *format = NULL;
    char reason[256];
    int status = ff.open_input(&format, path, NULL, NULL);
    if (status < 0) {
        ff.strerror(status, reason, sizeof reason);
        snprintf(error, error_size, "FFmpeg cannot open the file: %s", reason);
        return 2;
    }
    if ((status = ff.find_stream_info(format, NULL)) < 0) {
        ff.strerror(status, reason, sizeof reason);
        snprintf(error, error_size, "FFmpeg cannot read the stream information: %s", reason);
        ff.close_input(&format);
        return 2;
    }
    const AVCodec *decoder = NULL;
    int stream = ff.find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
    if (stream < 0 || !decoder) {
        snprintf(error, error_size, stream == AVERROR_DECODER_NOT_FOUND
                 ? "no decoder for the audio stream in this FFmpeg build" : "the file has no audio stream");
        ff.close_input(&format);
        return 2;
    }
    AVCodecContext *context = ff.alloc_context(decoder);
    int code = 3;
    AVPacket *packet = ff.packet_alloc();
    AVFrame *frame = ff.frame_alloc();
    float *buffer = NULL;
    int64_t used = 0, capacity = 0;
    int nchannels = 0;
    if (!context || !packet || !frame
        || ff.parameters_to_context(context, format->streams[stream]->codecpar) < 0
        || ff.open2(context, decoder, NULL) < 0) {
        snprintf(error, error_size, "FFmpeg cannot open the %s decoder", decoder->name);
        goto done;
    }
    int finished = 0;
    while (!finished) {
        int read = ff.read_frame(format, packet);
        if (read < 0) {
            ff.send_packet(context, NULL);  // flush
            finished = 1;
        } else if (packet->stream_index != stream) {
            ff.packet_unref(packet);
            continue;
        } else {
            status = ff.send_packet(context, packet);
            ff.packet_unref(packet);
            if (status < 0 && status != AVERROR(EAGAIN)) {
                ff.strerror(status, reason, sizeof reason);
                snprintf(error, error_size, "decoding failed: %s", reason);
                goto done;
            }
        }
        while ((status = ff.receive_frame(context, frame)) >= 0) {
            int c = frame_channels(frame);
            if (nchannels == 0) nchannels = c;
            if (c != nchannels || c <= 0) {
                snprintf(error, error_size, "the channel count changes inside the stream (%d, then %d)", nchannels, c);
                goto done;
            }
            if (*sample_rate == 0) *sample_rate = frame->sample_rate;
            int appended = append_frame(frame, nchannels, &buffer, &used, &capacity);
            if (appended == -2) {
                snprintf(error, error_size, "unsupported sample format %d", frame->format);
                goto done;
            }
            if (appended < 0) {
                snprintf(error, error_size, "out of memory");
                goto done;
            }
        }
        if (status != AVERROR(EAGAIN) && status != AVERROR_EOF) {
            ff.strerror(status, reason, sizeof reason);
            snprintf(error, error_size, "decoding failed: %s", reason);
            goto done;
        }
    }
    *samples = buffer;
    *frames = used;
    *channels = nchannels;
    buffer = NULL;
    code = 0;
done:
    free(buffer);
    ff.frame_free(&frame);
    ff.packet_free(&packet);
    ff.free_context(&context);
    ff.close_input(&format);
    return code;
}

int emo_ffmpeg_stream_info(const char *path, EmoFFmpegStreamInfo *info, char *error, size_t error_size) {
    memset(info, 0, sizeof *info);
    info->frames = -1;
    if (!emo_ffmpeg_available(error, error_size)) return 1;
    AVFormatContext *format = NULL;
    char reason[256];
    int status = ff.open_input(&format, path, NULL, NULL);
    if (status < 0) {
        ff.strerror(status, reason, sizeof reason);
        snprintf(error, error_size, "FFmpeg cannot open the file: %s", reason);
        return 2;
    }
    if ((status = ff.find_stream_info(format, NULL)) < 0) {
        ff.strerror(status, reason, sizeof reason);
        snprintf(error, error_size, "FFmpeg cannot read the stream information: %s", reason);
        ff.close_input(&format);
        return 2;
    }
    int stream = ff.find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0);
    if (stream < 0) {
        snprintf(error, error_size, "the file has no audio stream");
        ff.close_input(&format);
        return 2;
    }
    const AVStream *audio = format->streams[stream];
    const AVCodecParameters *parameters = audio->codecpar;
#if LIBAVUTIL_VERSION_MAJOR >= 57 && defined(FF_API_OLD_CHANNEL_LAYOUT) || LIBAVUTIL_VERSION_MAJOR >= 58
    info->channels = parameters->ch_layout.nb_channels;
#else
    info->channels = parameters->channels;
#endif
    info->sample_rate = parameters->sample_rate;
    const char *codec = ff.codec_name(parameters->codec_id);
    snprintf(info->codec, sizeof info->codec, "%s", codec ? codec : "unknown");
    // The stream's own duration (its time base), else the container's (AV_TIME_BASE units), in frames.
    double seconds = -1;
    if (audio->duration != AV_NOPTS_VALUE && audio->duration > 0 && audio->time_base.den > 0)
        seconds = (double)audio->duration * audio->time_base.num / audio->time_base.den;
    else if (format->duration != AV_NOPTS_VALUE && format->duration > 0)
        seconds = (double)format->duration / AV_TIME_BASE;
    if (seconds >= 0 && info->sample_rate > 0) info->frames = (int64_t)(seconds * info->sample_rate + 0.5);
    ff.close_input(&format);
    if (info->channels <= 0) {
        snprintf(error, error_size, "the audio stream does not state its channel count");
        return 2;
    }
    if (info->sample_rate <= 0) {
        snprintf(error, error_size, "the audio stream does not state its sample rate");
        return 2;
    }
    return 0;
}

int emo_ffmpeg_probe(const char *path, int *sample_rate, int *channels, char *error, size_t error_size) {
    EmoFFmpegStreamInfo info;
    int status = emo_ffmpeg_stream_info(path, &info, error, error_size);
    *sample_rate = info.sample_rate;
    *channels = info.channels;
    return status;
}

#else

int emo_ffmpeg_available(char *error, size_t error_size) {
    snprintf(error, error_size, "emoeval was built without FFmpeg's headers: install them "
             "(Debian/Ubuntu: apt-get install libavformat-dev libavcodec-dev) and rebuild");
    return 0;
}

void emo_ffmpeg_info(EmoFFmpegInfo *info) {
    memset(info, 0, sizeof *info);
    emo_ffmpeg_available(info->error, sizeof info->error);
}

int emo_ffmpeg_decode(const char *path, float **samples, int64_t *frames, int *sample_rate, int *channels,
                      char *error, size_t error_size) {
    (void)path; (void)samples; (void)frames; (void)sample_rate; (void)channels;
    emo_ffmpeg_available(error, error_size);
    return 1;
}

int emo_ffmpeg_probe(const char *path, int *sample_rate, int *channels, char *error, size_t error_size) {
    (void)path; (void)sample_rate; (void)channels;
    emo_ffmpeg_available(error, error_size);
    return 1;
}

int emo_ffmpeg_stream_info(const char *path, EmoFFmpegStreamInfo *info, char *error, size_t error_size) {
    (void)path;
    memset(info, 0, sizeof *info);
    info->frames = -1;
    emo_ffmpeg_available(error, error_size);
    return 1;
}

#endif

void emo_ffmpeg_free(float *samples) { free(samples); }
