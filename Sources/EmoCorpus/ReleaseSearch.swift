// Finding a release's metadata files and folders when users extract archives to different depths
// (`MELD.Raw/train/train_splits/` or `train_splits/`; Kaggle's extra top folder).
import Foundation

/// The first folder called `name` at most `depth` levels below `root` (breadth first, sorted; hidden
/// entries skipped), or nil.
func findFolder(named name: String, under root: String, depth: Int) -> String? {
    findEntry(under: root, depth: depth) { ($0 as NSString).lastPathComponent == name && isDirectory($0) }
}

/// The first regular file called `name` at most `depth` levels below `root` (breadth first), or nil.
func findFile(named name: String, under root: String, depth: Int) -> String? {
    findEntry(under: root, depth: depth) { ($0 as NSString).lastPathComponent == name && isRegularFile($0) }
}

private func findEntry(under root: String, depth: Int, matches: (String) -> Bool) -> String? {
    var level = [root]
    for _ in 0...depth {
        let entries = level.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
                .filter { !$0.hasPrefix(".") }.map { folder + "/" + $0 }
        }
        if let hit = entries.first(where: matches) { return hit }
        level = entries.filter(isDirectory)
        if level.isEmpty { return nil }
    }
    return nil
}
