// An evaluation protocol read from `Recipes/*.yaml`: data, labels, folds, per-model label maps, references.
// The YAML schema is documented in `Recipes/README.md`; decoding lives in `Recipe+Decoding.swift`.

import EmoTypes

/// A parsed, checked recipe. Paths are already resolved against the recipe file's folder.
public struct Recipe: Sendable, Equatable {
    /// Path of the recipe file, as given to `loadRecipe(path:)`.
    public var path: String
    /// The recipe file's exact text (hash it for provenance).
    public var source: String
    /// Short name, e.g. `iemocap-4class-loso`.
    public var name: String
    /// Free text shown by `validate` and in reports.
    public var description: String?
    /// The Kaldi-style data directory (resolved path).
    public var dataDirectory: String
    /// Dataset labels in report order, e.g. `[neu, hap, ang, sad]`; empty for a dimension-only recipe.
    public var labels: [String]
    /// Raw label (as in `utt2emo`) → dataset label, e.g. `exc: hap`. Raw labels equal to a dataset label
    /// need no entry.
    public var labelMap: [String: String]
    /// Raw labels whose utterances are left out (e.g. IEMOCAP `fru`, `xxx`).
    public var drop: [String]
    /// How utterances are grouped into test folds.
    public var folds: FoldRule
    /// Per model family (raw value of `ModelFamily`, e.g. `emotion2vec`, `hf-wav2vec2`) **or per model
    /// name** (a model directory's name or an alias such as the hub id `superb/wav2vec2-base-superb-er`): the
    /// model-label → dataset-label map and the decoding policy. A model-name entry wins over its family's
    /// (`entry(forFamily:modelNames:)`).
    public var models: [String: ModelMapping]
    /// Model directories to evaluate when none are given on the command line (resolved paths).
    public var modelDirectories: [String]
    /// Published figures to compare with.
    public var references: [PublishedFigure]
    /// Continuous dimensions evaluated with CCC, r, MAE, RMSE, each with its annotation scale (in
    /// `EmotionDimension` order); empty for a categorical-only recipe.
    public var dimensions: [DimensionScale]
    /// File listing the utterances that carry dimensional labels (resolved path); nil = every utterance.
    public var dimensionSubset: String?
    /// Fold values whose utterances are left out (`folds.exclude`, e.g. EmoBox's `none` = in no test list).
    public var excludedFolds: [String] = []
    /// Utterances longer than this many seconds (`utt2dur`) are left out (`max_duration`; EmoBox: 30).
    /// nil = no limit (the default).
    public var maxDuration: Double?
    /// Grouping variables reported besides `gender` (always used when the data directory has
    /// `utt2gender`): each names a data-directory file `utt2<name>`, e.g. `style` → `utt2style` (`groups:`).
    public var groups: [String] = []
    /// Edges (seconds, increasing) of the duration bands the report breaks results down by (`duration_bands:`).
    public var durationBands: [Double] = Recipe.defaultDurationBands
    /// The default `durationBands`: < 1 s, 1–2, 2–4, 4–8, ≥ 8 s.
    public static let defaultDurationBands: [Double] = [1, 2, 4, 8]

    public init(path: String, source: String = "", name: String, description: String? = nil,
                dataDirectory: String, labels: [String], labelMap: [String: String] = [:],
                drop: [String] = [], folds: FoldRule = .none, models: [String: ModelMapping] = [:],
                modelDirectories: [String] = [], references: [PublishedFigure] = [],
                dimensions: [DimensionScale] = [], dimensionSubset: String? = nil) {
        self.path = path
        self.source = source
        self.name = name
        self.description = description
        self.dataDirectory = dataDirectory
        self.labels = labels
        self.labelMap = labelMap
        self.drop = drop
        self.folds = folds
        self.models = models
        self.modelDirectories = modelDirectories
        self.references = references
        self.dimensions = dimensions
        self.dimensionSubset = dimensionSubset
    }

    /// Model families a recipe may name under `models:`: the names of `ModelFamily.all` (EmoTypes), the constants
    /// the model registry's entries are named by (a test in EmoRunnerTests checks the registry has one entry each).
    public static var knownModelFamilies: [String] { ModelFamily.all.map(\.rawValue) }

    /// Whether a `models:` key that is no family looks like a misspelt one (within two edits of a family name, or
    /// `hf-…`), rather than a model name: such a key is reported instead of silently matching no model.
    static func looksLikeFamilyName(_ key: String) -> Bool {
        key.hasPrefix("hf-") || knownModelFamilies.contains { editDistance($0, key) <= 2 }
    }

    /// Levenshtein distance between two short strings.
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    /// The declared mapping for a model family (`ModelFamily.rawValue`), or nil when the recipe has none.
    public func mapping(forFamily family: String) -> ModelMapping? {
        models[family]
    }

    /// The `models:` entry that applies to a model: the first of `modelNames` (see `modelNames(variant:directory:)`)
    /// that keys an entry, else the model's family; nil when neither does. `key` says which entry applied.
    public func entry(forFamily family: String, modelNames: [String]) -> (key: String, mapping: ModelMapping)? {
        for name in modelNames + [family] {
            if let mapping = models[name] { return (name, mapping) }
        }
        return nil
    }

    /// The names a recipe may key a model by, most specific first: its variant (emoeval's model name, e.g.
    /// `wav2vec2-base-superb-er`), its directory's name, and for a Hugging Face hub-cache path
    /// (`…/models--superb--wav2vec2-base-superb-er/snapshots/<hash>`) the hub id `superb/wav2vec2-base-superb-er`.
    public static func modelNames(variant: String, directory: String) -> [String] {
        let components = directory.split(separator: "/").map(String.init)
        var names = [variant]
        if let last = components.last { names.append(last) }
        if let cache = components.last(where: { $0.hasPrefix("models--") }) {
            let parts = cache.components(separatedBy: "--").dropFirst()
            if !parts.isEmpty { names.append(parts.joined(separator: "/")) }
        }
        var seen = Set<String>()
        return names.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// The dataset label for a raw label: mapped, kept as is when it is a dataset label, nil when dropped
    /// or unknown.
    public func datasetLabel(forRaw raw: String) -> String? {
        if let mapped = labelMap[raw] { return mapped }
        return labels.contains(raw) ? raw : nil
    }
}

/// How utterances are assigned to folds.
public enum FoldRule: Sendable, Equatable {
    /// One group: no per-fold figures.
    case none
    /// Fold = `utt2session` value (IEMOCAP leave-one-session-out).
    case bySession
    /// Fold = `utt2spk` value (leave-one-speaker-out).
    case bySpeaker
    /// Fold from a Kaldi-style `utt fold` file (resolved path; default the data directory's `utt2fold`).
    case file(String)
}

/// How a model family's outputs become dataset labels.
public struct ModelMapping: Sendable, Equatable {
    /// Model label (English, as in `ModelIdentity.labels`, e.g. `angry`) → dataset label (e.g. `ang`).
    /// Model labels without an entry have no dataset counterpart.
    public var labelMap: [String: String]
    /// Decoding policy applied to the stored scores.
    public var policy: LabelPolicy
    /// Which model outputs are which recipe dimensions, and on what scale; nil when the recipe says nothing
    /// (then outputs named like a dimension are used, assumed on the annotation scale).
    public var dimensions: DimensionOutputs?

    public init(labelMap: [String: String], policy: LabelPolicy = .restricted, dimensions: DimensionOutputs? = nil) {
        self.labelMap = labelMap
        self.policy = policy
        self.dimensions = dimensions
    }
}


/// The database `emoeval run` (and `report`, `compare`, `probe`) use for `recipe` when no `--db` is given.
public func defaultDatabasePath(recipe: Recipe) -> String {
    "Results/\(recipe.name).sqlite"
}
