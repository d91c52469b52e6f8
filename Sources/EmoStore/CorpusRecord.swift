// A row of `corpus`: one recipe's utterance set.
import EmoHash

/// One corpus as a recipe defines it; identified by name and the hash of its audio set.
public struct CorpusRecord: Sendable, Equatable {
    public var id: Int64?
    public var name: String
    public var recipePath: String
    public var recipeSHA256: String
    /// sha256 over the sorted (utterance key, audio file name, segment) lines: what inference depends on.
    public var audioSetSHA256: String
    /// The recipe's label set.
    public var labels: [String]

    public init(id: Int64? = nil, name: String, recipePath: String, recipeSHA256: String, audioSetSHA256: String,
                labels: [String]) {
        self.id = id
        self.name = name
        self.recipePath = recipePath
        self.recipeSHA256 = recipeSHA256
        self.audioSetSHA256 = audioSetSHA256
        self.labels = labels
    }

    static let columns = "id, name, recipePath, recipeSHA256, audioSetSHA256, labels"

    init(row: Statement, offset: Int32 = 0) throws {
        id = row.int64(offset)
        name = row.string(offset + 1)
        recipePath = row.string(offset + 2)
        recipeSHA256 = row.string(offset + 3)
        audioSetSHA256 = row.string(offset + 4)
        labels = try JSONText.decode([String].self, row.string(offset + 5), table: "corpus", column: "labels")
    }

    /// The audio-set hash of `utterances`: one line per utterance, sorted by key. Only the audio file's
    /// last path component enters the hash, so shards run on machines with different mount points merge.
    /// A selected channel enters it too (an utterance without one hashes as before the channel existed).
    public static func audioSetSHA256(of utterances: [UtteranceRecord]) -> String {
        var text = ""
        for u in utterances.sorted(by: { $0.key < $1.key }) {
            let file = u.audioPath.split(separator: "/").last.map(String.init) ?? u.audioPath
            // "-1" for a segment without an end is part of every stored audio-set hash: changing it would orphan runs.
            let segment = u.segmentStart.map { start in "\(start)-\(u.segmentEnd ?? -1)" } ?? "-"
            text += "\(u.key)\t\(file)\t\(segment)" + (u.channel.map { "\tch\($0)" } ?? "") + "\n"
        }
        return sha256Hex(of: Array(text.utf8))
    }
}
