// Shared by the file-name importers (RAVDESS, CREMA-D, EmoDB): listing a release folder, and turning one
// file's name checks into a label or a problem.
import Foundation

/// The `.wav` files (sorted) of a flat release: in `root/subfolder` when that folder exists, else in `root`.
/// Throws when there are none, naming the expected layout `subfolder/<pattern>.wav`.
func releaseWAVFiles(root: String, subfolder: String, corpus: String,
                     pattern: String) throws -> (folder: String, files: [String]) {
    let root = resolvePath(root, against: "")
    let folder = isDirectory(root + "/" + subfolder) ? root + "/" + subfolder : root
    let files = visibleFiles(folder).filter { $0.lowercased().hasSuffix(".wav") }
    guard !files.isEmpty else {
        throw CorpusError.unreadable(path: root, reason: "no \(subfolder)/*.wav files (expected the \(corpus) "
                                     + "layout \(subfolder)/\(pattern).wav)")
    }
    return (folder, files)
}

/// `label` when the file at `path` passed its name checks (`why` lists the failures) and has audio data;
/// otherwise nil, after recording every reason as one problem.
func checkedLabel(_ label: String?, path: String, why: [String], problems: inout [CorpusProblem]) -> String? {
    var why = why
    if fileSize(path) <= 44 { why.append("the file is empty or has no audio data") }
    guard why.isEmpty, let label else {
        problems.append(CorpusProblem(file: path, message: why.joined(separator: "; ")))
        return nil
    }
    return label
}

/// Non-hidden regular files in `folder`, sorted.
func visibleFiles(_ folder: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        .filter { !$0.hasPrefix(".") && isRegularFile(folder + "/" + $0) }.sorted()
}

/// File size in bytes (0 when it cannot be read).
func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}
