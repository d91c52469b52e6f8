// Errors of the EmoCorpus module: recipes, Kaldi-style data directories and corpus importers.

/// One problem found in a file, with the line it is on when there is one.
public struct CorpusProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file the problem is in (as the user named it or as it was found).
    public var file: String
    /// 1-based line number, when the problem is on one line.
    public var line: Int?
    /// What is wrong, e.g. "duplicate utterance id 'Ses01F_impro01_F000' (first on line 3)".
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(clipped(file)):\(line): \(message)" }
        return "\(clipped(file)): \(message)"
    }
}

/// Everything that can go wrong while reading recipes and data directories or importing a corpus.
/// Cases that carry a list report every problem found, not only the first.
public enum CorpusError: Error, Sendable, CustomStringConvertible {
    /// The recipe file is not valid YAML, has unknown keys, wrong types or inconsistent values.
    case invalidRecipe(path: String, problems: [CorpusProblem])
    /// The data directory (wav.scp, utt2emo, ...) or the data it names is inconsistent.
    case invalidData(directory: String, problems: [CorpusProblem])
    /// A corpus importer found malformed or missing input in a release tree.
    case importFailed(corpus: String, root: String, problems: [CorpusProblem])
    /// A file or directory could not be read.
    case unreadable(path: String, reason: String)
    /// A directory, FIFO or device where a regular file is needed (refused before it is opened).
    case notRegularFile(path: String, reason: String)
    /// A file or directory could not be written.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidRecipe(path, problems):
            return Self.listing("recipe \(path) is invalid", problems)
        case let .invalidData(directory, problems):
            return Self.listing("data directory \(directory) is invalid", problems)
        case let .importFailed(corpus, root, problems):
            return Self.listing("\(corpus) import from \(root) failed", problems)
        case let .unreadable(path, reason):
            return "\(clipped(path)): cannot read: \(reason)"
        case let .notRegularFile(path, reason):
            return "\(clipped(path)): \(reason)"
        case let .unwritable(path, reason):
            return "\(path): cannot write: \(reason)"
        }
    }

    /// The problems carried by the error (empty for the single-file cases).
    public var problems: [CorpusProblem] {
        switch self {
        case let .invalidRecipe(_, problems), let .invalidData(_, problems), let .importFailed(_, _, problems):
            return problems
        case .unreadable, .notRegularFile, .unwritable:
            return []
        }
    }

    /// Header plus one indented line per problem; very long lists are cut after `limit` lines.
    static func listing(_ header: String, _ problems: [CorpusProblem], limit: Int = 200) -> String {
        let count = problems.count
        var lines = ["\(header) (\(count) problem\(count == 1 ? "" : "s")):"]
        lines += problems.prefix(limit).map { "  \($0)" }
        if count > limit { lines.append("  ... and \(count - limit) more") }
        return lines.joined(separator: "\n")
    }
}
