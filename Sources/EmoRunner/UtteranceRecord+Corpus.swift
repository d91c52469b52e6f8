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
                  duration: utterance.segment.map(\.duration) ?? fileDuration)
    }

    /// Rows for every utterance of `corpus`; whole-file durations come from the audio headers (cheap reads; a
    /// file whose header cannot be read gets no duration here and fails later, as a failure row).
    public static func records(of corpus: Corpus) -> [UtteranceRecord] {
        var durations: [String: Double] = [:]
        return corpus.utterances.map { utterance in
            var duration: Double?
            if utterance.segment == nil {
                if let known = durations[utterance.audioPath] {
                    duration = known
                } else if let info = try? readAudioInfo(path: utterance.audioPath) {
                    duration = info.duration
                    durations[utterance.audioPath] = info.duration
                }
            }
            return UtteranceRecord(utterance: utterance, fileDuration: duration)
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
