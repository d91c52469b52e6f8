// What a corpus importer returns: the data-directory items, the problems that made it skip input,
// and warnings (e.g. counts that differ from the published ones).
import Foundation

/// The outcome of importing a corpus release tree.
public struct ImportResult: Sendable {
    /// Corpus name, e.g. `IEMOCAP`.
    public var corpus: String
    /// Root folder that was read.
    public var root: String
    /// Importable utterances (raw labels), sorted by id.
    public var items: [DataItem]
    /// Input that was malformed or missing; each one made the importer skip something.
    public var problems: [CorpusProblem]
    /// Not errors, but the user must look: count differences, partial releases.
    public var warnings: [String]
    /// One-line facts about what was read and left out (e.g. "skipped 4320 video or song files").
    public var notes: [String]
    /// Differences between the counts found and the release's published counts, one "expected vs found"
    /// line each. Unlike `warnings`, `prepare` refuses to write the data directory when there are any,
    /// unless `--allow-count-mismatch` is given (ESD, MELD, JL-Corpus).
    public var countMismatches: [String] = []
    /// Further per-utterance files to write next to the data directory's own, file name → (id → value),
    /// e.g. MSP-Podcast's `utt2split`. `DataDirectory.read` ignores them; they document the release.
    public var extraTables: [String: [String: String]] = [:]

    public init(corpus: String, root: String, items: [DataItem], problems: [CorpusProblem] = [],
                warnings: [String] = [], notes: [String] = []) {
        self.corpus = corpus
        self.root = root
        self.items = items.sorted { KaldiTable.cOrder($0.id, $1.id) }
        self.problems = problems
        self.warnings = warnings
        self.notes = notes
    }

    /// Raw label → count, in label order.
    public var labelCounts: [(label: String, count: Int)] {
        var counts: [String: Int] = [:]
        for item in items { counts[item.label, default: 0] += 1 }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Writes the items as a data directory at `path` (see `DataDirectory.write()`).
    public func write(to path: String) throws {
        try DataDirectory(path: path, items: items).write()
        for (name, values) in extraTables.sorted(by: { $0.key < $1.key }) {
            try KaldiTable.write(values.map { ($0.key, $0.value) }, to: (path as NSString).appendingPathComponent(name))
        }
    }
}

/// Corpus release trees emoeval can import.
public enum CorpusKind: String, Sendable, CaseIterable {
    case iemocap
    case ravdess
    case cremad = "crema-d"
    case emodb
    case mspPodcast = "msp-podcast"
    case emovo
    case savee
    case tess
    case esd
    case jlCorpus = "jl-corpus"
    case meld
    case casia
    case shemo
    case subesco

    /// Imports the release tree at `root`. `iemocapSet` applies to IEMOCAP only, `mspSplit` to MSP-Podcast,
    /// `meldChannel` and `channelCount` (reads a clip's channel count) to MELD.
    public func importCorpus(root: String, iemocapSet: IEMOCAPSet = .standard, mspSplit: MSPPodcastSplit = .all,
                             meldChannel: MELDChannelPolicy = .mean,
                             channelCount: (@Sendable (String) throws -> Int)? = nil) throws -> ImportResult {
        switch self {
        case .mspPodcast: return try MSPPodcastImporter(root: root, split: mspSplit).importCorpus()
        case .iemocap: return try IEMOCAPImporter(root: root, set: iemocapSet).importCorpus()
        case .ravdess: return try RAVDESSImporter(root: root).importCorpus()
        case .cremad: return try CREMADImporter(root: root).importCorpus()
        case .emodb: return try EmoDBImporter(root: root).importCorpus()
        case .emovo: return try EMOVOImporter(root: root).importCorpus()
        case .savee: return try SAVEEImporter(root: root).importCorpus()
        case .tess: return try TESSImporter(root: root).importCorpus()
        case .esd: return try ESDImporter(root: root).importCorpus()
        case .jlCorpus: return try JLCorpusImporter(root: root).importCorpus()
        case .meld: return try MELDImporter(root: root, channels: meldChannel, channelCount: channelCount).importCorpus()
        case .casia: return try CASIAImporter(root: root).importCorpus()
        case .shemo: return try ShEMOImporter(root: root).importCorpus()
        case .subesco: return try SUBESCOImporter(root: root).importCorpus()
        }
    }
}
