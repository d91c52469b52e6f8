// ShEMO (Sharif Emotional Speech Database, Persian; docs/specs/corpora.md §10) → data-directory items.
// Audio `male/` and `female/` (from male.zip / female.zip) with names `<G><ss><E><nn>.wav`, e.g. `F03S02`:
// gender F/M, speaker number, emotion letter, utterance number (the release README's "Description of
// Labels"). `F` is both a gender and an emotion letter, so the emotion is read from position 4 only.
// When the release's metadata file `shemo.json` lies in the root (or its parent) every file is checked
// against its `emotion`, `gender` and `speaker_id`.
import Foundation

/// Reads a ShEMO copy (3 000 files, 87 speakers).
public struct ShEMOImporter: Sendable {
    /// Folder holding `male/` and `female/` (or the `.wav` files at any depth).
    public var root: String

    public init(root: String) { self.root = root }

    /// Emotion letter → the label `shemo.json` spells (EmoBox's raw labels; `Recipes/emobox/shemo.yaml` maps
    /// them to Angry, Fear, Happy, Neutral, Sad, Surprise).
    public static let emotions: [Character: String] = ["A": "angry", "F": "fearful", "H": "happy", "N": "neutral",
                                                       "S": "sad", "W": "surprised"]
    /// Gender letter → utt2gender (README: "M = male speaker, F = female speaker").
    public static let genders: [Character: String] = ["F": "female", "M": "male"]
    /// The release's counts, computed from its metadata `shemo.json` (pariajm/sharif-emotional-speech-dataset,
    /// commit c032f4e, 3 000 entries; the README also says 3 000 utterances, 87 speakers: 31 female, 56 male).
    public static let releaseCount = 3000
    public static let perLabel = ["angry": 1042, "fearful": 32, "happy": 203, "neutral": 1160, "sad": 362,
                                  "surprised": 201]
    public static let perGender = ["female": 1263, "male": 1737]
    public static let speakerCount = 87
    /// EmoBox's copy has 2 838 of the 3 000 files (docs/specs/emobox-protocol.md §4.1); why is unknown.
    public static let emoBoxCount = 2838

    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let files = wavFilesRecursively(root)
        guard !files.isEmpty else {
            throw CorpusError.unreadable(path: root, reason: "no .wav files (expected the ShEMO layout "
                                         + "male/<M><ss><E><nn>.wav and female/<F><ss><E><nn>.wav)")
        }
        var problems = undecodableNameProblems(root: root)
        let metadata = try Self.readMetadata(root: root, problems: &problems)
        var items: [DataItem] = []
        var firstPath: [String: String] = [:]
        for relative in files {
            let path = root + "/" + relative
            let name = ReleaseName(relative: relative)
            var why = name.encodingProblems
            let stem = Array(name.stem)
            let wellFormed = stem.count == 6 && Self.genders[stem[0]] != nil && stem[1].isASCII && stem[1].isNumber
                && stem[2].isASCII && stem[2].isNumber && Self.emotions[stem[3]] != nil
                && stem[4...5].allSatisfy { $0.isASCII && $0.isNumber }
            if !wellFormed {
                why.append("file name is not <G><ss><E><nn> (G = F|M, E = A|F|H|N|S|W, e.g. F03S02)")
            }
            let gender = wellFormed ? Self.genders[stem[0]] : nil
            let label = wellFormed ? Self.emotions[stem[3]] : nil
            let speaker = wellFormed ? String(stem[0...2]) : ""
            if let gender, let folder = name.folders.last?.lowercased(), ["male", "female"].contains(folder),
               folder != gender {
                why.append("a \(gender) speaker's file in the \(folder)/ folder")
            }
            if wellFormed, let metadata {
                if let entry = metadata.entries[name.stem] {
                    if entry.emotion != label {
                        why.append("\(metadata.file) says emotion '\(entry.emotion ?? "?")', the name says '\(label!)'")
                    }
                    if entry.gender != gender {
                        why.append("\(metadata.file) says gender '\(entry.gender ?? "?")', the name says '\(gender!)'")
                    }
                    if let listed = entry.speaker, listed != speaker {
                        why.append("\(metadata.file) says speaker '\(listed)', the name says '\(speaker)'")
                    }
                } else {
                    why.append("not listed in \(metadata.file)")
                }
            }
            guard let kept = checkedLabel(label, path: path, why: why, problems: &problems) else { continue }
            let id = "shemo_" + name.stem
            if let first = firstPath[id] {
                problems.append(CorpusProblem(file: path, message: "same utterance name as \(first)"))
                continue
            }
            firstPath[id] = path
            // Speaker = the first three characters: F21 and M21 are different people.
            items.append(DataItem(id: id, audioPath: path, label: kept, speaker: speaker, gender: gender))
        }
        var mismatches = ReleaseCounts.compareTotal(items.count, expected: Self.releaseCount)
        if items.count == Self.emoBoxCount {
            mismatches[0] += " (EmoBox's copy has exactly \(Self.emoBoxCount): this may be it)"
        }
        mismatches += ReleaseCounts.compare(ReleaseCounts.tally(items) { $0.label }, expected: Self.perLabel,
                                            what: "emotion")
        mismatches += ReleaseCounts.compare(ReleaseCounts.tally(items) { $0.gender }, expected: Self.perGender,
                                            what: "gender")
        let speakers = Set(items.compactMap(\.speaker)).count
        mismatches += ReleaseCounts.compareTotal(speakers, expected: Self.speakerCount, what: "speakers")
        var notes = ["\(speakers) speakers, \(items.count) files"]
        if let metadata {
            let found = Set(items.map { String($0.id.dropFirst("shemo_".count)) })
            let missing = metadata.entries.keys.filter { !found.contains($0) }.sorted()
            notes.append("checked against \(metadata.file) (\(metadata.entries.count) entries)"
                         + (missing.isEmpty ? "" : "; \(missing.count) listed there have no usable file: "
                            + missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")))
        }
        var result = ImportResult(corpus: "ShEMO", root: root, items: items, problems: problems, notes: notes)
        result.countMismatches = mismatches
        return result
    }

    struct Metadata {
        struct Entry { var emotion: String?, gender: String?, speaker: String? }
        var file: String
        var entries: [String: Entry]
    }

    /// `shemo.json` in the root or its parent: `{ "F21N37": {"speaker_id", "gender", "emotion", ...}, ... }`
    /// (the first published version was a list of objects with an `id`; both are read). Nil when absent;
    /// an unreadable file is an error naming it.
    static func readMetadata(root: String, problems: inout [CorpusProblem]) throws -> Metadata? {
        let candidates = [root + "/shemo.json", (root as NSString).deletingLastPathComponent + "/shemo.json"]
        guard let file = candidates.first(where: isRegularFile) else { return nil }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw CorpusError.unreadable(path: file, reason: "not valid JSON (\(error.localizedDescription))")
        }
        func entry(_ object: [String: Any]) -> Metadata.Entry {
            Metadata.Entry(emotion: object["emotion"] as? String, gender: object["gender"] as? String,
                           speaker: object["speaker_id"] as? String)
        }
        var entries: [String: Metadata.Entry] = [:]
        if let byId = json as? [String: Any] {
            for (id, value) in byId {
                guard let object = value as? [String: Any] else {
                    problems.append(CorpusProblem(file: file, message: "entry '\(id)' is not an object"))
                    continue
                }
                entries[id] = entry(object)
            }
        } else if let list = json as? [Any] {
            for (index, value) in list.enumerated() {
                guard let object = value as? [String: Any], let id = object["id"] as? String else {
                    problems.append(CorpusProblem(file: file, message: "entry \(index + 1) has no \"id\""))
                    continue
                }
                entries[id] = entry(object)
            }
        } else {
            throw CorpusError.unreadable(path: file, reason: "expected an object keyed by utterance id (or a list of objects with \"id\")")
        }
        return Metadata(file: file, entries: entries)
    }
}
