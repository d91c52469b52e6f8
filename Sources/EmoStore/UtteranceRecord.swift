// A row of `utterance`: one utterance of a corpus with its label, speaker and fold.

/// One utterance. `key` is the corpus's utterance id; `id` is the row id predictions refer to.
public struct UtteranceRecord: Sendable, Equatable {
    public var id: Int64?
    public var corpusId: Int64?
    public var key: String
    public var audioPath: String
    /// Kaldi `segments` cut, seconds; both nil for a whole file.
    public var segmentStart: Double?
    public var segmentEnd: Double?
    public var label: String?
    public var rawLabel: String?
    public var speaker: String?
    public var fold: String?
    /// Seconds; nil when the audio header could not be read.
    public var duration: Double?
    /// The 1-based channel decoded (`utt2channel`); nil = the mean of the channels.
    public var channel: Int?

    public init(id: Int64? = nil, corpusId: Int64? = nil, key: String, audioPath: String,
                segmentStart: Double? = nil, segmentEnd: Double? = nil, label: String?, rawLabel: String? = nil,
                speaker: String? = nil, fold: String? = nil, duration: Double? = nil, channel: Int? = nil) {
        self.id = id
        self.corpusId = corpusId
        self.key = key
        self.audioPath = audioPath
        self.segmentStart = segmentStart
        self.segmentEnd = segmentEnd
        self.label = label
        self.rawLabel = rawLabel
        self.speaker = speaker
        self.fold = fold
        self.duration = duration
        self.channel = channel
    }

    static let columns = """
        id, corpusId, key, audioPath, segmentStart, segmentEnd, label, rawLabel, speaker, fold, duration, channel
        """

    init(row: Statement, offset: Int32 = 0) {
        id = row.int64(offset)
        corpusId = row.int64(offset + 1)
        key = row.string(offset + 2)
        audioPath = row.string(offset + 3)
        segmentStart = row.optionalDouble(offset + 4)
        segmentEnd = row.optionalDouble(offset + 5)
        label = row.optionalString(offset + 6)
        rawLabel = row.optionalString(offset + 7)
        speaker = row.optionalString(offset + 8)
        fold = row.optionalString(offset + 9)
        duration = row.optionalDouble(offset + 10)
        channel = row.optionalInt(offset + 11)
    }
}
