// The grouping variables a report breaks results down by: `gender` from the data directory's
// utt2gender (written by the importers), then every `utt2<group>` the recipe names under `groups:`.
import Foundation

/// One grouping variable: its name and each utterance's value.
public struct GroupVariable: Sendable, Equatable {
    /// e.g. `gender`, `style`.
    public var name: String
    /// The `utt2<name>` file it was read from.
    public var file: String
    /// Utterance id → group value.
    public var valueOf: [String: String]

    public init(name: String, file: String, valueOf: [String: String]) {
        self.name = name
        self.file = file
        self.valueOf = valueOf
    }
}

extension Recipe {
    /// Reads `utt2gender` (when the data directory has it) and every `utt2<group>` under `groups:`.
    /// Throws `CorpusError.unreadable` for a named group whose file does not exist and
    /// `CorpusError.invalidData` listing every malformed line.
    public func loadGroups() throws -> [GroupVariable] {
        let genderFile = (dataDirectory as NSString).appendingPathComponent(DataDirectory.FileName.genders)
        var variables: [GroupVariable] = []
        var problems: [CorpusProblem] = []
        for (name, required) in [("gender", false)] + groups.map({ ($0, true) }) {
            let file = name == "gender" ? genderFile : (dataDirectory as NSString).appendingPathComponent("utt2\(name)")
            guard let table = try KaldiTable.read(file, fields: 2) else {
                if required {
                    throw CorpusError.unreadable(path: file, reason: "no such file (the recipe names '\(name)' "
                                                 + "under groups:)\nhint: write utt2\(name) into the data directory "
                                                 + "or remove it from groups:")
                }
                continue
            }
            problems += table.problems
            variables.append(GroupVariable(name: name, file: file, valueOf: table.values.mapValues(\.value)))
        }
        guard problems.isEmpty else { throw CorpusError.invalidData(directory: dataDirectory, problems: problems) }
        return variables
    }
}
