// IEMOCAP release tree → data-directory items (docs/specs/protocols-and-peers.md §3): consensus labels and the V/A/D
// means (1–5, docs/specs/corpora.md §12) from `Session?/dialog/EmoEvaluation/*.txt`, audio from
// `Session?/sentences/wav/<dialog>/<utt>.wav`.
import Foundation

/// Which IEMOCAP utterances to keep.
public enum IEMOCAPSet: String, Sendable, CaseIterable {
    /// The standard 4-class set: ang, hap, exc, neu, sad (5531; recipes map exc → hap).
    case standard
    /// The standard set restricted to improvised dialogs (2943 with exc, 2280 without).
    case improvised
    /// Every utterance with its raw label, including xxx (10,039).
    case full
}

/// Reads an `IEMOCAP_full_release` tree.
public struct IEMOCAPImporter: Sendable {
    /// The release folder (holding Session1..5), or its parent holding `IEMOCAP_full_release`.
    public var root: String
    public var set: IEMOCAPSet

    public init(root: String, set: IEMOCAPSet = .standard) {
        self.root = root
        self.set = set
    }

    /// Raw labels of the standard 4-class set.
    public static let standardLabels: Set<String> = ["ang", "hap", "exc", "neu", "sad"]

    /// Parses the tree. Throws `CorpusError.unreadable` when no session folder is found; malformed
    /// lines and missing wav files become problems (the utterance is skipped), count differences warnings.
    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let release = Self.releaseFolder(root)
        let sessions = (1...5).filter { isDirectory(release + "/Session\($0)") }
        guard !sessions.isEmpty else {
            throw CorpusError.unreadable(path: root, reason: "no Session1..Session5 folders (expected the "
                                         + "IEMOCAP_full_release layout)")
        }
        var items: [DataItem] = []
        var problems: [CorpusProblem] = []
        var seen: [String: String] = [:]
        for session in sessions {
            let folder = release + "/Session\(session)/dialog/EmoEvaluation"
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
                .filter { $0.hasSuffix(".txt") && !$0.hasPrefix(".") }.sorted()
            if files.isEmpty {
                problems.append(CorpusProblem(file: folder, message: "no EmoEvaluation *.txt files"))
            }
            for name in files {
                let path = folder + "/" + name
                // The files are ASCII; Latin-1 is the fallback so that one stray byte cannot hide a dialog.
                guard let data = FileManager.default.contents(atPath: path),
                      let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1)
                else {
                    problems.append(CorpusProblem(file: path, message: "unreadable"))
                    continue
                }
                for line in IEMOCAPEvaluationLine.parse(text, file: path, problems: &problems) {
                    if let first = seen[line.id] {
                        problems.append(CorpusProblem(file: path, line: line.line,
                                                      message: "duplicate utterance '\(line.id)' (first in \(first))"))
                        continue
                    }
                    seen[line.id] = "\(path):\(line.line)"
                    guard let item = item(for: line, session: session, release: release, problems: &problems)
                    else { continue }
                    items.append(item)
                }
            }
        }
        let kept = items.filter { item in
            switch set {
            case .full: return true
            case .standard: return Self.standardLabels.contains(item.label)
            case .improvised: return Self.standardLabels.contains(item.label) && item.style == "improvised"
            }
        }
        var perSession: [String: Int] = [:]
        for item in kept { perSession[item.session ?? "?", default: 0] += 1 }
        var warnings: [String] = []
        var notes = ["read sessions \(sessions.map(String.init).joined(separator: ", ")); "
                     + "\(items.count) labelled utterances, \(kept.count) kept for --set \(set.rawValue)"]
        notes.append("per session: " + perSession.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            .joined(separator: ", "))
        if sessions.count == 5 {
            // Also with problems: the differences then show what the skipped items cost.
            warnings = IEMOCAPCounts.check(kept, set: set)
            if warnings.isEmpty { notes.append("counts match the published \(set.rawValue) set exactly") }
        } else {
            notes.append("published-count check skipped: only \(sessions.count) of 5 sessions present")
        }
        return ImportResult(corpus: "IEMOCAP", root: release, items: kept, problems: problems,
                            warnings: warnings, notes: notes)
    }

    /// Builds the item for one summary line, or records why it cannot.
    private func item(for line: IEMOCAPEvaluationLine, session: Int, release: String,
                      problems: inout [CorpusProblem]) -> DataItem? {
        let tokens = line.id.split(separator: "_").map(String.init)
        let prefix = String(format: "Ses%02d", session)
        guard tokens.count >= 3, line.id.hasPrefix(prefix), let last = tokens.last,
              let gender = last.first, gender == "F" || gender == "M", last.dropFirst().allSatisfy(\.isNumber),
              last.count > 1
        else {
            problems.append(CorpusProblem(file: line.file, line: line.line,
                                          message: "utterance id '\(line.id)' does not follow "
                                              + "Ses<SS><G>_<dialog>_<g><NNN> for session \(session)"))
            return nil
        }
        let dialog = tokens.dropLast().joined(separator: "_")
        let wav = "\(release)/Session\(session)/sentences/wav/\(dialog)/\(line.id).wav"
        guard isRegularFile(wav) else {
            problems.append(CorpusProblem(file: line.file, line: line.line,
                                          message: "audio for '\(line.id)' is missing: \(wav)"))
            return nil
        }
        let style = tokens[1].hasPrefix("impro") ? "improvised" : tokens[1].hasPrefix("script") ? "scripted" : nil
        // The speaker is the first letter of the last token (not the dialog's marker after the session),
        // which is also the speaking actor's gender (docs/specs/corpora.md §14).
        return DataItem(id: line.id, audioPath: wav, label: line.label, speaker: prefix + String(gender),
                        session: prefix, style: style, gender: gender == "F" ? "female" : "male",
                        dimensions: line.dimensions)
    }

    /// `root` itself, or `root/IEMOCAP_full_release` when that is where the sessions are.
    static func releaseFolder(_ root: String) -> String {
        let nested = root + "/IEMOCAP_full_release"
        return !isDirectory(root + "/Session1") && isDirectory(nested) ? nested : root
    }
}

func isDirectory(_ path: String) -> Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
}

func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
}
