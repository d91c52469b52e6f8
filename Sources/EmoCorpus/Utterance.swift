// One labelled utterance of a corpus, as the runner, the store and the metrics see it.

import EmoTypes

/// A Kaldi `segments` cut of a recording: `[start, end)` in seconds.
public struct UtteranceSegment: Sendable, Hashable, Codable {
    /// Start time in seconds (≥ 0).
    public var start: Double
    /// End time in seconds (> start).
    public var end: Double

    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }

    /// Length in seconds.
    public var duration: Double { end - start }
}

/// One utterance after the recipe's label map, drops and fold rule were applied.
public struct Utterance: Sendable, Hashable, Codable {
    /// Utterance id (unique in the corpus), e.g. `Ses01F_impro01_F000`.
    public var id: String
    /// Path of the audio file (absolute, or relative to the current directory), from `wav.scp`.
    public var audioPath: String
    /// The part of `audioPath` to use, from `segments`; nil means the whole file.
    public var segment: UtteranceSegment?
    /// Dataset label after the recipe's raw-label map (e.g. `hap` for IEMOCAP `exc`); one of `Recipe.labels`.
    public var label: String
    /// The label as written in `utt2emo` (e.g. `exc`).
    public var rawLabel: String
    /// Speaker id from `utt2spk` (e.g. `Ses01F`); nil when the data directory has no `utt2spk`.
    public var speaker: String?
    /// Session id from `utt2session` (e.g. `Ses01`); nil when absent.
    public var session: String?
    /// Recording style from `utt2style` (IEMOCAP: `improvised` or `scripted`); nil when absent.
    public var style: String?
    /// Fold this utterance is tested in, from the recipe's fold rule; nil when the recipe has no folds.
    public var fold: String?
    /// Speaker gender from `utt2gender`; nil when absent.
    public var gender: String?
    /// Continuous annotations of the recipe's dimensions (native scale); empty when the recipe declares none
    /// or this utterance is outside its `dimension_subset`.
    public var dimensions: [EmotionDimension: Double]
    /// The 1-based channel to decode (`utt2channel`); nil means the mean of the channels.
    public var channel: Int?

    public init(id: String, audioPath: String, segment: UtteranceSegment? = nil, label: String,
                rawLabel: String? = nil, speaker: String? = nil, session: String? = nil,
                style: String? = nil, fold: String? = nil, gender: String? = nil,
                dimensions: [EmotionDimension: Double] = [:], channel: Int? = nil) {
        self.id = id
        self.audioPath = audioPath
        self.segment = segment
        self.label = label
        self.rawLabel = rawLabel ?? label
        self.speaker = speaker
        self.session = session
        self.style = style
        self.fold = fold
        self.gender = gender
        self.dimensions = dimensions
        self.channel = channel
    }
}
