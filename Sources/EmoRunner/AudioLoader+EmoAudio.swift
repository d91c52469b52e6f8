// The standard audio loader: EmoAudio's decode → down-mix → cut → resample, with failures named by kind.
import EmoAudio
import EmoModels
import EmoStore

extension AudioLoader {
    /// Decodes with `loadWaveform` (any libsndfile format, FFmpeg containers, Kaldi segments, the utterance's
    /// `utt2channel` channel or else the channel mean, resampled to the model's rate).
    public static let standard = AudioLoader(
        load: { utterance, sampleRate, minimumSamples in
            let segment = utterance.segmentStart.map { AudioSegment(start: $0, end: utterance.segmentEnd ?? $0) }
            let channel = utterance.channel.map { ChannelSelection.index($0) } ?? .mean
            return try loadWaveform(path: utterance.audioPath, segment: segment, channel: channel, targetRate: sampleRate,
                                    minimumSamples: minimumSamples).samples
        },
        classify: { error in
            switch error {
            case AudioError.missingFile: return .missingAudio
            case AudioError.tooShort: return .tooShort
            case is AudioError: return .unreadableAudio
            default: return .inference
            }
        })
}
