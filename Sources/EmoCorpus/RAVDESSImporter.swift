// RAVDESS → data-directory items (docs/specs/protocols-and-peers.md §4): `Actor_XX/MM-VV-EE-II-SS-RR-AA.wav`,
// audio-only (MM = 03) speech (VV = 01) files only.
import Foundation

/// Reads the RAVDESS speech audio release (`Audio_Speech_Actors_01-24`).
public struct RAVDESSImporter: Sendable {
    /// Folder holding `Actor_01` … `Actor_24` (or its parent holding `Audio_Speech_Actors_01-24`).
    public var root: String

    public init(root: String) { self.root = root }

    /// Emotion code EE → label.
    public static let emotions = ["01": "neutral", "02": "calm", "03": "happy", "04": "sad", "05": "angry",
                                  "06": "fearful", "07": "disgust", "08": "surprised"]
    /// Audio-only speech files per actor in the release (24 × 60 = 1440).
    public static let filesPerActor = 60

    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let nested = root + "/Audio_Speech_Actors_01-24"
        let base = isDirectory(nested) ? nested : root
        let actors = ((try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [])
            .filter { $0.hasPrefix("Actor_") && isDirectory(base + "/" + $0) }.sorted()
        guard !actors.isEmpty else {
            throw CorpusError.unreadable(path: root, reason: "no Actor_XX folders (expected the RAVDESS layout "
                                         + "Actor_XX/MM-VV-EE-II-SS-RR-AA.wav)")
        }
        var items: [DataItem] = []
        var problems: [CorpusProblem] = []
        var warnings: [String] = []
        var skipped = 0
        for actor in actors {
            let folder = base + "/" + actor
            guard actor.count == 8, let actorNumber = Int(actor.dropFirst(6)), (1...24).contains(actorNumber) else {
                problems.append(CorpusProblem(file: folder, message: "folder name is not Actor_01 … Actor_24"))
                continue
            }
            var kept = 0
            for name in visibleFiles(folder) {
                let path = folder + "/" + name
                let stem = (name as NSString).deletingPathExtension
                let codes = stem.split(separator: "-").map(String.init)
                guard codes.count == 7, codes.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }) else {
                    problems.append(CorpusProblem(file: path, message: "file name is not MM-VV-EE-II-SS-RR-AA"))
                    continue
                }
                guard codes[0] == "03", codes[1] == "01" else { skipped += 1; continue }  // video or song
                var why: [String] = []
                if name.lowercased().hasSuffix(".wav") == false { why.append("not a .wav file") }
                if Self.emotions[codes[2]] == nil { why.append("emotion \(codes[2]) is not 01–08") }
                if !["01", "02"].contains(codes[3]) { why.append("intensity \(codes[3]) is not 01 or 02") }
                if codes[2] == "01" && codes[3] == "02" { why.append("neutral has no strong intensity") }
                if !["01", "02"].contains(codes[4]) { why.append("statement \(codes[4]) is not 01 or 02") }
                if !["01", "02"].contains(codes[5]) { why.append("repetition \(codes[5]) is not 01 or 02") }
                if Int(codes[6]) != actorNumber { why.append("actor \(codes[6]) does not match the folder \(actor)") }
                guard let label = checkedLabel(Self.emotions[codes[2]], path: path, why: why, problems: &problems)
                else { continue }
                kept += 1
                // Release README: odd-numbered actors are male, even-numbered female.
                items.append(DataItem(id: "\(actor)_\(stem)", audioPath: path, label: label, speaker: actor,
                                      gender: actorNumber % 2 == 1 ? "male" : "female"))
            }
            if kept != Self.filesPerActor {
                warnings.append("\(actor): \(kept) audio-only speech files, the release has \(Self.filesPerActor)")
            }
        }
        var notes = ["\(actors.count) actors, \(items.count) audio-only speech files"]
        if skipped > 0 { notes.append("skipped \(skipped) video or song files") }
        if actors.count != 24 { warnings.append("\(actors.count) actor folders, the release has 24") }
        return ImportResult(corpus: "RAVDESS", root: base, items: items, problems: problems,
                            warnings: warnings, notes: notes)
    }
}
