// Corpus utterances → store rows, with durations for shard balancing and ETA.
import EmoHash
import Foundation
import EmoAudio
import EmoCorpus
import EmoStore

extension UtteranceRecord {
    /// The row for `utterance`. `duration` is the segment's length, else `fileDuration`.
    public init(utterance: Utterance, fileDuration: Double?) {
        self.init(key: utterance.id, audioPath: utterance.audioPath, segmentStart: utterance.segment?.start,
                  segmentEnd: utterance.segment?.end, label: utterance.label, rawLabel: utterance.rawLabel,
                  speaker: utterance.speaker, fold: utterance.fold,
                  duration: utterance.segment.map(\.duration) ?? fileDuration, channel: utterance.channel)
    }

    /// Rows for every utterance of `corpus`; whole-file durations come from the audio headers (cheap reads; a
    /// file whose header cannot be read gets no duration here and fails later, as a failure row).
    ///
    /// Channel 1 of a mono file is stored as no channel (nil): decoding it is the same as the channel mean of
    /// that file, sample for sample, and `prepare emobox` writes `utt2channel` 1 for every mono corpus, so
    /// the audio-set hash (and with it the run identity) of those corpora stays what it was before runs read
    /// `utt2channel`. Any other selection — channel 1 of a stereo file included — is kept and enters the hash.
    public static func records(of corpus: Corpus) -> [UtteranceRecord] {
        var headers: [String: AudioFileInfo?] = [:]
        func header(_ path: String) -> AudioFileInfo? {
            if let known = headers[path] { return known }
            let info = try? readAudioInfo(path: path)
            headers[path] = .some(info)
            return info
        }
        return corpus.utterances.map { utterance in
            let duration = utterance.segment == nil ? header(utterance.audioPath)?.duration : nil
            var record = UtteranceRecord(utterance: utterance, fileDuration: duration)
            if record.channel == 1, header(utterance.audioPath)?.channels == 1 { record.channel = nil }
            return record
        }
    }
}

extension CorpusRecord {
    /// The corpus row for a recipe (its audio-set hash is filled in by the runner).
    public init(recipe: Recipe) {
        self.init(name: recipe.name, recipePath: recipe.path, recipeSHA256: sha256Hex(of: Array(recipe.source.utf8)),
                  audioSetSHA256: "", labels: recipe.labels)
    }
}
