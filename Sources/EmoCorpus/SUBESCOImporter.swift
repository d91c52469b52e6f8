// SUBESCO (SUST Bangla Emotional Speech Corpus; docs/specs/corpora.md §11) → data-directory items.
// Flat `<G>_<ss>_<NAME>_S_<sentence>_<EMOTION>_<take>.wav`, e.g. `F_10_FAHMEE_S_6_FEAR_5`: gender, speaker
// number, speaker name, sentence 1–10, emotion, take 1–5. Speaker numbers repeat across genders, so the
// speaker id is `F_10`. One release file is `F_02_MONIKA_S_2_SURPRISE_3].wav`: trailing non-digits of the
// take are dropped (and counted in a note) instead of losing the file as strict parsers do.
import Foundation

/// Reads a SUBESCO copy: 20 speakers × 10 sentences × 7 emotions × 5 takes = 7 000.
public struct SUBESCOImporter: Sendable {
    /// Folder holding the `.wav` files (flat or nested).
    public var root: String

    public init(root: String) { self.root = root }

    /// `<G>_<ss>` → the speaker's name as the file names spell it (docs/specs/corpora.md §11, from EmoBox's copy).
    public static let speakers = [
        "F_01": "OISHI", "F_02": "MONIKA", "F_03": "SMITA", "F_04": "SWARNALI", "F_05": "MOUNI",
        "F_06": "SIMI", "F_07": "TITHI", "F_08": "JOYEETA", "F_09": "CHAITY", "F_10": "FAHMEE",
        "M_01": "BASHIR", "M_02": "NIPUN", "M_03": "ILIAS", "M_04": "BIBHAS", "M_05": "DURANTO",
        "M_06": "SHUKANTO", "M_07": "SIBLY", "M_08": "PRASUN", "M_09": "SHUMANTA", "M_10": "EVAN",
    ]
    /// Emotion field as the names spell it (upper case); utt2emo holds it lower-cased, EmoBox's raw labels
    /// (`Recipes/emobox/subesco.yaml` maps them to Angry, Disgust, ...).
    public static let emotions = ["ANGRY", "DISGUST", "FEAR", "HAPPY", "NEUTRAL", "SAD", "SURPRISE"]
    public static let releaseCount = 7000
    public static let perSpeaker = 350
    public static let perEmotion = 1000

    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let files = wavFilesRecursively(root)
        guard !files.isEmpty else {
            throw CorpusError.unreadable(path: root, reason: "no .wav files (expected the SUBESCO layout "
                                         + "<G>_<ss>_<NAME>_S_<sentence>_<EMOTION>_<take>.wav)")
        }
        var items: [DataItem] = [], problems = undecodableNameProblems(root: root)
        var firstPath: [String: String] = [:]
        var repairedTakes: [String] = []
        for relative in files {
            let path = root + "/" + relative
            let name = ReleaseName(relative: relative)
            var why = name.encodingProblems
            let fields = name.stem.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 7 else {
                why.append("file name is not <G>_<ss>_<NAME>_S_<sentence>_<EMOTION>_<take> (\(fields.count) fields)")
                _ = checkedLabel(nil, path: path, why: why, problems: &problems)
                continue
            }
            let gender = ["F": "female", "M": "male"][fields[0].uppercased()]
            if gender == nil { why.append("gender '\(fields[0])' is not F or M") }
            let number = Int(fields[1]).flatMap { (1...10).contains($0) ? $0 : nil }
            if number == nil || fields[1].count != 2 { why.append("speaker number '\(fields[1])' is not 01–10") }
            let speaker = fields[0].uppercased() + "_" + fields[1]
            if let expected = Self.speakers[speaker], fields[2].uppercased() != expected {
                why.append("speaker \(speaker) is \(expected) in the release, the name says '\(fields[2])'")
            }
            if fields[3].uppercased() != "S" { why.append("field 4 is '\(fields[3])', not S") }
            if Int(fields[4]).map({ !(1...10).contains($0) }) ?? true { why.append("sentence '\(fields[4])' is not 1–10") }
            let emotion = fields[5].uppercased()
            if !Self.emotions.contains(emotion) {
                why.append("emotion '\(fields[5])' is not one of \(Self.emotions.joined(separator: " "))")
            }
            // The take: digits, then possibly stray characters (the release's `3]`).
            let digits = String(fields[6].prefix(while: { $0.isASCII && $0.isNumber }))
            if Int(digits).map({ !(1...5).contains($0) }) ?? true { why.append("take '\(fields[6])' is not 1–5") }
            guard let label = checkedLabel(Self.emotions.contains(emotion) ? emotion.lowercased() : nil, path: path,
                                           why: why, problems: &problems) else { continue }
            if digits != fields[6] { repairedTakes.append(relative) }
            let id = "subesco_" + ([speaker, fields[2].uppercased(), "S", fields[4], emotion, digits])
                .joined(separator: "_")
            if let first = firstPath[id] {
                problems.append(CorpusProblem(file: path, message: "same speaker, sentence, emotion and take as \(first)"))
                continue
            }
            firstPath[id] = path
            // Gender: the name's first field (F/M), the release's naming convention.
            items.append(DataItem(id: id, audioPath: path, label: label, speaker: speaker, gender: gender))
        }
        var mismatches = ReleaseCounts.compareTotal(items.count, expected: Self.releaseCount)
        mismatches += ReleaseCounts.compare(ReleaseCounts.tally(items) { $0.speaker },
                                            expected: Self.speakers.mapValues { _ in Self.perSpeaker }, what: "speaker")
        mismatches += ReleaseCounts.compare(ReleaseCounts.tally(items) { $0.label },
                                            expected: Dictionary(uniqueKeysWithValues: Self.emotions
                                                .map { ($0.lowercased(), Self.perEmotion) }), what: "emotion")
        var notes = ["\(Set(items.compactMap(\.speaker)).count) speakers, \(items.count) files"]
        if !repairedTakes.isEmpty {
            notes.append("take field with stray characters read as its digits: " + repairedTakes.joined(separator: ", "))
        }
        var result = ImportResult(corpus: "SUBESCO", root: root, items: items, problems: problems, notes: notes)
        result.countMismatches = mismatches
        return result
    }
}
