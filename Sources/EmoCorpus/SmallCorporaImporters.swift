// Native importers for three small acted corpora whose labels, speakers and genders are in the file names
// (docs/specs/corpora.md §3, §4, §8): EMOVO (`<spk>/<emo>-<spk>-<sentence>.wav`), SAVEE (`AudioData/<SPK>/<code><nn>.wav`),
// TESS (`<OAF|YAF>_<Emotion>/<OAF|YAF>_<word>_<emotion>.wav`). Counts are checked against the releases.
import Foundation

/// Every `.wav` below `root` (relative paths, sorted), skipping hidden entries. Foundation's walk skips names
/// that are not valid UTF-8 without a word: every importer using this also reports `undecodableNameProblems`.
func wavFilesRecursively(_ root: String) -> [String] {
    var found: [String] = []
    if let walker = FileManager.default.enumerator(atPath: root) {
        while let next = walker.nextObject() as? String {
            if (next as NSString).lastPathComponent.hasPrefix(".") { continue }
            if next.lowercased().hasSuffix(".wav"), isRegularFile(root + "/" + next) { found.append(next) }
        }
    }
    return found.sorted()
}

/// EMOVO (Italian): speakers f1 f2 f3 m1 m2 m3, codes neu dis gio pau rab sor tri; 6 × 7 × 14 = 588.
public struct EMOVOImporter: Sendable {
    public var root: String
    public init(root: String) { self.root = root }
    public static let emotions = ["neu": "neutral", "dis": "disgust", "gio": "joy", "pau": "fear", "rab": "anger",
                                  "sor": "surprise", "tri": "sadness"]
    public static let releaseCount = 588

    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let files = wavFilesRecursively(root)
        guard !files.isEmpty else {
            throw CorpusError.unreadable(path: root, reason: "no .wav files (expected the EMOVO layout <spk>/<emo>-<spk>-<sentence>.wav)")
        }
        var items: [DataItem] = [], problems = undecodableNameProblems(root: root), warnings: [String] = []
        for relative in files {
            let path = root + "/" + relative
            let stem = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
            let parts = stem.split(separator: "-").map(String.init)
            var why: [String] = []
            if parts.count != 3 { why.append("file name is not <emo>-<spk>-<sentence>") }
            let speaker = parts.count == 3 ? parts[1].lowercased() : ""
            if parts.count == 3, !["f1", "f2", "f3", "m1", "m2", "m3"].contains(speaker) { why.append("speaker '\(parts[1])' is not f1…m3") }
            let label = parts.count == 3 ? Self.emotions[parts[0].lowercased()] : nil
            if parts.count == 3, label == nil { why.append("emotion code '\(parts[0])' is not one of neu dis gio pau rab sor tri") }
            guard let kept = checkedLabel(label, path: path, why: why, problems: &problems) else { continue }
            var item = DataItem(id: "emovo_" + stem, audioPath: path, label: kept, speaker: speaker)
            item.gender = speaker.hasPrefix("f") ? "female" : "male"
            items.append(item)
        }
        if items.count != Self.releaseCount { warnings.append("\(items.count) utterances, the release has \(Self.releaseCount)") }
        return ImportResult(corpus: "EMOVO", root: root, items: items, problems: problems, warnings: warnings,
                            notes: ["\(Set(items.compactMap(\.speaker)).count) speakers, \(items.count) files"])
    }
}

/// SAVEE: four male speakers DC JE JK KL, codes a d f h n sa su (longest first); 4 × 120 = 480.
/// Reads the official `AudioData/<SPK>/<code><nn>.wav` and the flattened Kaggle `<SPK>_<code><nn>.wav`.
public struct SAVEEImporter: Sendable {
    public var root: String
    public init(root: String) { self.root = root }
    public static let codes = [("sa", "sadness"), ("su", "surprise"), ("a", "anger"), ("d", "disgust"), ("f", "fear"),
                               ("h", "happiness"), ("n", "neutral")]
    public static let speakers = ["DC", "JE", "JK", "KL"]
    public static let releaseCount = 480

    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let files = wavFilesRecursively(root)
        guard !files.isEmpty else {
            throw CorpusError.unreadable(path: root, reason: "no .wav files (expected the SAVEE layout AudioData/<SPK>/<code><nn>.wav)")
        }
        var items: [DataItem] = [], problems = undecodableNameProblems(root: root), warnings: [String] = []
        for relative in files {
            let path = root + "/" + relative
            var stem = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
            var speaker = ((relative as NSString).deletingLastPathComponent as NSString).lastPathComponent
            if let underscore = stem.firstIndex(of: "_") {   // flattened copy: JE_sa09
                speaker = String(stem[..<underscore])
                stem = String(stem[stem.index(after: underscore)...])
            }
            var why: [String] = []
            if !Self.speakers.contains(speaker) { why.append("speaker '\(speaker)' is not DC, JE, JK or KL") }
            let match = Self.codes.first { stem.hasPrefix($0.0) && stem.dropFirst($0.0.count).count == 2
                && stem.dropFirst($0.0.count).allSatisfy(\.isNumber) }
            if match == nil { why.append("file name is not <code><nn> with code a, d, f, h, n, sa or su") }
            guard let label = checkedLabel(match?.1, path: path, why: why, problems: &problems) else { continue }
            var item = DataItem(id: "savee_\(speaker)_\(stem)", audioPath: path, label: label, speaker: speaker)
            item.gender = "male"
            items.append(item)
        }
        if items.count != Self.releaseCount { warnings.append("\(items.count) utterances, the release has \(Self.releaseCount)") }
        return ImportResult(corpus: "SAVEE", root: root, items: items, problems: problems, warnings: warnings,
                            notes: ["\(Set(items.compactMap(\.speaker)).count) speakers, \(items.count) files"])
    }
}

/// TESS: two female speakers OAF and YAF, 7 emotions from the file name's suffix (`ps` = pleasant surprise);
/// 2 × 7 × 200 = 2800. Folder spelling is inconsistent in the release and ignored.
public struct TESSImporter: Sendable {
    public var root: String
    public init(root: String) { self.root = root }
    public static let emotions = ["angry": "angry", "disgust": "disgust", "fear": "fear", "happy": "happy",
                                  "neutral": "neutral", "ps": "surprise", "sad": "sad"]
    public static let releaseCount = 2800

    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let files = wavFilesRecursively(root)
        guard !files.isEmpty else {
            throw CorpusError.unreadable(path: root, reason: "no .wav files (expected the TESS layout <OAF|YAF>_<Emotion>/<OAF|YAF>_<word>_<emotion>.wav)")
        }
        var items: [DataItem] = [], problems = undecodableNameProblems(root: root), warnings: [String] = []
        for relative in files {
            let path = root + "/" + relative
            let stem = ((relative as NSString).lastPathComponent as NSString).deletingPathExtension
            let parts = stem.split(separator: "_").map(String.init)
            var why: [String] = []
            if parts.count != 3 { why.append("file name is not <OAF|YAF>_<word>_<emotion>") }
            let speaker = parts.first?.uppercased() ?? ""
            if parts.count == 3, !["OAF", "YAF"].contains(speaker) { why.append("speaker '\(parts[0])' is not OAF or YAF") }
            let label = parts.count == 3 ? Self.emotions[parts[2].lowercased()] : nil
            if parts.count == 3, label == nil { why.append("emotion '\(parts[2])' is not one of angry disgust fear happy neutral ps sad") }
            guard let kept = checkedLabel(label, path: path, why: why, problems: &problems) else { continue }
            var item = DataItem(id: "tess_" + stem, audioPath: path, label: kept, speaker: speaker)
            item.gender = "female"
            items.append(item)
        }
        if items.count != Self.releaseCount { warnings.append("\(items.count) utterances, the release has \(Self.releaseCount)") }
        return ImportResult(corpus: "TESS", root: root, items: items, problems: problems, warnings: warnings,
                            notes: ["\(Set(items.compactMap(\.speaker)).count) speakers, \(items.count) files"])
    }
}
