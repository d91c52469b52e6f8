// MSP-Podcast release tree → data-directory items (docs/specs/corpora.md §1): `Labels/labels_consensus.csv`
// (`labels_concensus.csv` in ≤ v1.8) for class, arousal/valence/dominance (1–7), speaker, gender and split;
// audio from `Audios/` (`Audio/` in some copies).
import Foundation

/// Which MSP-Podcast partition to import (`Split_Set`; v1.8's `Validation` counts as `development`).
public enum MSPPodcastSplit: String, Sendable, CaseIterable {
    case test1, test2, development, train, all
}

/// Reads an MSP-Podcast release folder.
public struct MSPPodcastImporter: Sendable {
    public var root: String
    public var split: MSPPodcastSplit
    /// Releases recognised by their total row count (tests pass tiny ones).
    public var releases: [MSPPodcastRelease]

    public init(root: String, split: MSPPodcastSplit = .all, releases: [MSPPodcastRelease] = MSPPodcastCounts.releases) {
        self.root = root
        self.split = split
        self.releases = releases
    }

    /// `EmoClass` letter → the class name written to `utt2emo` (docs/specs/corpora.md §1.4).
    public static let classNames: [String: String] = [
        "A": "angry", "S": "sad", "H": "happy", "U": "surprise", "F": "fear", "D": "disgust", "C": "contempt",
        "N": "neutral", "O": "other", "X": "no-agreement",
    ]

    /// The CSV columns read, by header name (the order in the file does not matter).
    static let columns = ["FileName", "EmoClass", "EmoAct", "EmoVal", "EmoDom", "SpkrID", "Gender", "Split_Set"]

    /// Parses the label file and checks the audio. Throws `CorpusError.unreadable` when the layout is not
    /// found; malformed rows and missing audio become problems (the row is skipped), count differences
    /// from a recognised release become warnings.
    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let labelFile = try Self.labelFile(root)
        guard let audio = ["Audios", "Audio"].map({ root + "/" + $0 }).first(where: isDirectory) else {
            throw CorpusError.unreadable(path: root, reason: "no Audios/ folder (expected the MSP-Podcast layout "
                                         + "Audios/*.wav, Labels/labels_consensus.csv)")
        }
        guard let data = FileManager.default.contents(atPath: labelFile),
              let text = String(data: data, encoding: .utf8) else {
            throw CorpusError.unreadable(path: labelFile, reason: "not readable as UTF-8 text")
        }
        var problems: [CorpusProblem] = []
        let rows = try MSPPodcastRow.parse(text, file: labelFile, problems: &problems)
        let rawRows = rows.count + problems.count   // each malformed row is one problem

        var items: [DataItem] = []
        var perSplit: [String: Int] = [:]
        var unlabelled = 0, unknownSpeakers = 0
        var splits: [String: String] = [:]
        var seen: [String: Int] = [:]
        for row in rows {
            perSplit[row.split, default: 0] += 1
            if let first = seen[row.id] {
                problems.append(CorpusProblem(file: labelFile, line: row.line,
                                              message: "duplicate file '\(row.id).wav' (first on line \(first))"))
                continue
            }
            seen[row.id] = row.line
            guard split == .all || row.split.lowercased() == split.rawValue else { continue }
            guard let letter = row.emoClass else { unlabelled += 1; continue }   // Test3: labels hidden
            guard let label = Self.classNames[letter] else {
                problems.append(CorpusProblem(file: labelFile, line: row.line,
                                              message: "EmoClass '\(letter)' of '\(row.id)' is not one of "
                                                  + Self.classNames.keys.sorted().joined(separator: " ")))
                continue
            }
            let wav = audio + "/" + row.id + ".wav"
            guard fileSize(wav) > 44 else {
                problems.append(CorpusProblem(file: labelFile, line: row.line,
                                              message: isRegularFile(wav) ? "audio of '\(row.id)' is empty: \(wav)"
                                                  : "audio of '\(row.id)' is missing: \(wav)"))
                continue
            }
            if row.speaker == nil { unknownSpeakers += 1 }
            splits[row.id] = row.split
            // Unknown speakers are not one person: each such utterance is its own speaker (own bootstrap unit).
            items.append(DataItem(id: row.id, audioPath: wav, label: label,
                                  speaker: row.speaker.map { "msp\($0)" } ?? "unknown_\(row.id)",
                                  gender: row.gender, dimensions: row.dimensions))
        }
        var notes = ["read \(labelFile): \(rows.count) rows; \(items.count) kept for --split \(split.rawValue)"]
        notes.append("per split (parsed rows): " + perSplit.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", "))
        if unlabelled > 0 { notes.append("left out \(unlabelled) rows without a class (Test3 labels are hidden)") }
        if unknownSpeakers > 0 {
            notes.append("\(unknownSpeakers) utterances with SpkrID Unknown: each gets its own speaker id unknown_<utt>")
        }
        var warnings: [String] = []
        if let release = releases.first(where: { $0.total == rawRows }) {
            warnings = MSPPodcastCounts.check(perSplit, release: release)
            notes.append("release \(release.name) recognised from its row count (\(release.total))"
                + (warnings.isEmpty ? "; per-split counts match its published totals" : ""))
        } else {
            notes.append("release not recognised (\(rawRows) rows; known: "
                + releases.map { "\($0.name) \($0.total)" }.joined(separator: ", ")
                + "); per-split counts not checked")
        }
        var result = ImportResult(corpus: "MSP-Podcast", root: root, items: items, problems: problems,
                                  warnings: warnings, notes: notes)
        result.extraTables["utt2split"] = splits
        return result
    }

    /// `Labels/labels_consensus.csv`, or v1.8's `labels_concensus.csv`.
    static func labelFile(_ root: String) throws -> String {
        for name in ["labels_consensus.csv", "labels_concensus.csv"] where isRegularFile(root + "/Labels/" + name) {
            return root + "/Labels/" + name
        }
        let json = isRegularFile(root + "/Labels/labels_consensus.json")
        throw CorpusError.unreadable(path: root, reason: "no Labels/labels_consensus.csv (or v1.8's labels_concensus.csv)"
                                     + (json ? "; only the JSON version was found, which emoeval does not read" : "")
                                     + " (expected the MSP-Podcast layout Audios/*.wav, Labels/labels_consensus.csv)")
    }
}
