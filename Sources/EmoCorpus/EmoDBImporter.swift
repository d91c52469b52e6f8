// EmoDB (Berlin) → data-directory items (docs/specs/protocols-and-peers.md §4): `wav/<SS><TTT><E><V>.wav`, e.g. `03a01Fa.wav`.
import Foundation

/// Reads the EmoDB release.
public struct EmoDBImporter: Sendable {
    /// The EmoDB folder holding `wav/` (or `wav` itself).
    public var root: String

    public init(root: String) { self.root = root }

    /// German initial → label (W Wut, L Langeweile, E Ekel, A Angst, F Freude, T Trauer, N neutral).
    public static let emotions: [Character: String] = ["W": "anger", "L": "boredom", "E": "disgust", "A": "fear",
                                                       "F": "happiness", "T": "sadness", "N": "neutral"]
    public static let speakers: Set<String> = ["03", "08", "09", "10", "11", "12", "13", "14", "15", "16"]
    /// Speaker code → gender, from the release documentation (docs/specs/corpora.md §14).
    public static let genders = ["03": "male", "08": "female", "09": "female", "10": "male", "11": "male",
                                 "12": "male", "13": "female", "14": "female", "15": "male", "16": "female"]
    public static let texts: Set<String> = ["a01", "a02", "a04", "a05", "a07", "b01", "b02", "b03", "b09", "b10"]
    public static let releaseCount = 535

    public func importCorpus() throws -> ImportResult {
        let (folder, files) = try releaseWAVFiles(root: root, subfolder: "wav", corpus: "EmoDB",
                                                  pattern: "<SS><TTT><E><V>")
        var items: [DataItem] = []
        var problems: [CorpusProblem] = []
        var speakers = Set<String>()
        for name in files {
            let path = folder + "/" + name
            let stem = (name as NSString).deletingPathExtension
            let characters = Array(stem)
            guard characters.count == 7 else {
                problems.append(CorpusProblem(file: path, message: "file name is not <SS><TTT><E><V> (7 characters)"))
                continue
            }
            let speaker = String(characters[0..<2]), text = String(characters[2..<5])
            var why: [String] = []
            if !Self.speakers.contains(speaker) { why.append("speaker \(speaker) is not an EmoDB speaker") }
            if !Self.texts.contains(text) { why.append("text \(text) is not an EmoDB text code") }
            if Self.emotions[characters[5]] == nil { why.append("emotion \(characters[5]) is not one of W L E A F T N") }
            if !characters[6].isLetter { why.append("version \(characters[6]) is not a letter") }
            guard let label = checkedLabel(Self.emotions[characters[5]], path: path, why: why, problems: &problems)
            else { continue }
            speakers.insert(speaker)
            items.append(DataItem(id: stem, audioPath: path, label: label, speaker: speaker,
                                  gender: Self.genders[speaker]))
        }
        var warnings: [String] = []
        if speakers.count == Self.speakers.count && items.count != Self.releaseCount {
            warnings.append("\(items.count) utterances, the release has \(Self.releaseCount)")
        }
        return ImportResult(corpus: "EmoDB", root: folder, items: items, problems: problems, warnings: warnings,
                            notes: ["\(speakers.count) speakers, \(items.count) utterances"])
    }
}
