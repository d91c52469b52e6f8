// A release file's relative path as the file-name importers read it (CASIA, ShEMO, SUBESCO): NFC-normalised
// (copies made on macOS store names decomposed), with the tokens its folders and name consist of, and the
// encoding problems a badly extracted archive leaves in names.
import Foundation

struct ReleaseName {
    /// The relative path as found on disk (use it to open the file).
    let relative: String
    /// The relative path, NFC-normalised.
    let normalised: String

    init(relative: String) {
        self.relative = relative
        normalised = relative.precomposedStringWithCanonicalMapping
    }

    /// The file name without folders and extension, NFC.
    var stem: String { ((normalised as NSString).lastPathComponent as NSString).deletingPathExtension }

    /// Folder names (NFC).
    var folders: [String] { normalised.split(separator: "/").dropLast().map(String.init) }

    /// Lower-cased tokens of the stem, split at `-`, `_` and spaces.
    var stemTokens: [String] { Self.split(stem) }

    /// Lower-cased tokens of every folder and of the stem: each folder whole and split like the stem.
    var tokens: [String] {
        folders.flatMap { [$0.lowercased()] + Self.split($0) } + stemTokens
    }

    /// Why the name cannot be trusted: bytes that were not valid UTF-8 (shown as U+FFFD) or control characters.
    var encodingProblems: [String] {
        var why: [String] = []
        if normalised.contains("\u{FFFD}") {
            why.append("the path is not valid UTF-8 (an archive extracted with the wrong name encoding? "
                       + "re-extract with e.g. `unzip -O GBK` or `convmv -f gbk -t utf8`)")
        }
        if normalised.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            why.append("the path contains control characters")
        }
        return why
    }

    static func split(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).map(String.init)
    }
}

/// Entries below `root` whose names are not valid UTF-8 (Foundation's directory walk skips them silently):
/// their relative paths, with the bad bytes shown as U+FFFD. Read with readdir so nothing is lost unseen.
func undecodableNames(below root: String) -> [String] {
    var found: [String] = []
    func walk(_ folder: [UInt8], _ relative: String) {
        guard let directory = opendir(folder.map { CChar(bitPattern: $0) } + [0]) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name == Array(".".utf8) || name == Array("..".utf8) || name.first == UInt8(ascii: ".") { continue }
            let text = String(decoding: name, as: UTF8.self)
            let path = relative.isEmpty ? text : relative + "/" + text
            if String(validating: name, as: UTF8.self) == nil { found.append(path); continue }
            if entry.pointee.d_type == DT_DIR { walk(folder + Array("/".utf8) + name, path) }
        }
    }
    walk(Array(root.utf8), "")
    return found.sorted()
}

/// One problem per undecodable name below `root` (see `undecodableNames`).
func undecodableNameProblems(root: String) -> [CorpusProblem] {
    undecodableNames(below: root).map {
        CorpusProblem(file: root + "/" + $0, message: ReleaseName(relative: $0).encodingProblems.joined(separator: "; "))
    }
}
