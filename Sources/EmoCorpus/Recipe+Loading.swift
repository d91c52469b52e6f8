// Reads a recipe file: YAML → strict `RecipeFile` → checked `Recipe`, with every problem located by line.

import EmoTypes
import Foundation
import Yams

/// Reads and checks the recipe at `path`. Relative paths inside the recipe (`data`, `folds.file`,
/// `model_directories`) are resolved against the recipe file's folder.
/// Throws `CorpusError.invalidRecipe` listing every unknown key, every type error and every inconsistent
/// value, each with its line; `CorpusError.unreadable` / `.notRegularFile` when the file cannot be read.
/// CRLF line ends and a UTF-8 byte order mark are accepted.
public func loadRecipe(path: String) throws -> Recipe {
    guard let text = try readTextFile(path) else {
        throw CorpusError.unreadable(path: path, reason: "no such file")
    }
    return try parseRecipe(text, path: path)
}

/// Parses recipe text as if read from `path` (used by `loadRecipe` and by tests).
public func parseRecipe(_ text: String, path: String) throws -> Recipe {
    let text = plainLineEnds(text)
    let located = RecipeLocator(path: path)
    let root: Node
    do {
        guard let node = try Yams.compose(yaml: text) else {
            throw CorpusError.invalidRecipe(path: path, problems: [located.problem(nil, "the file is empty")])
        }
        root = node
    } catch let error as YamlError {
        throw CorpusError.invalidRecipe(path: path, problems: [located.problem(yamlError: error)])
    }
    let locator = RecipeLocator(path: path, root: root)

    let collector = RecipeDecodingCollector()
    var problems: [CorpusProblem] = []
    var file: RecipeFile?
    do {
        file = try YAMLDecoder().decode(RecipeFile.self, from: root,
                                        userInfo: [RecipeDecodingCollector.userInfoKey: collector])
    } catch let error as DecodingError {
        problems.append(locator.problem(decodingError: error))
    } catch {
        problems.append(locator.problem(nil, "\(error)"))
    }
    // Type errors of single keys were collected (the decode went on with a stand-in value).
    let typeErrors = collector.errors
    problems += typeErrors.map { locator.problem(decodingError: $0) }
    for unknown in collector.all {
        let key = unknown.path.last?.stringValue ?? "?"
        problems.append(locator.problem(unknown.path, keyLine: true,
                                        "unknown key '\(key)'; expected one of: "
                                            + unknown.allowed.sorted().joined(separator: ", ")))
    }
    guard let file else {
        throw CorpusError.invalidRecipe(path: path, problems: problems.sorted(by: RecipeLocator.byLine))
    }
    // Values are checked too, except where a stand-in replaced a key with a type error (and not at all when
    // the label set itself is unusable, since every other check refers to it).
    let failedPaths = typeErrors.map { RecipeDecodingCollector.path(of: $0) }
    if !failedPaths.contains(where: { $0.first == "labels" }) {
        let (_, valueProblems) = file.resolve(path: path, source: text, locator: locator, skipping: failedPaths)
        problems += valueProblems
    }
    let (recipe, _) = file.resolve(path: path, source: text, locator: locator, skipping: [])
    guard problems.isEmpty else {
        throw CorpusError.invalidRecipe(path: path, problems: problems.sorted(by: RecipeLocator.byLine))
    }
    return recipe
}

extension RecipeFile {
    /// Checks the values against each other and resolves paths; returns the recipe and the problems.
    /// Problems at or above a path in `skipping` (keys whose type was wrong) are left out.
    func resolve(path: String, source: String, locator: RecipeLocator,
                 skipping: [[String]] = []) -> (Recipe, [CorpusProblem]) {
        var problems: [CorpusProblem] = []
        func report(_ codingPath: [String], _ message: String, keyLine: Bool = false) {
            let overlaps = skipping.contains { failed in
                failed.starts(with: codingPath) || codingPath.starts(with: failed)
            }
            if overlaps { return }
            problems.append(locator.problem(codingPath.map(AnyCodingKey.init(stringValue:)),
                                            keyLine: keyLine, message))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { report(["name"], "name is empty") }
        // A recipe without labels evaluates dimensions only; checked below, once the dimensions are known.
        var seen = Set<String>()
        for (index, label) in labels.enumerated() {
            if label.isEmpty || label.contains(where: \.isWhitespace) {
                report(["labels", "\(index)"], "label '\(label)' is empty or contains white space")
            }
            if !seen.insert(label).inserted { report(["labels", "\(index)"], "label '\(label)' is listed twice") }
        }
        let dropped = drop ?? []
        for (raw, target) in (labelMap ?? [:]).sorted(by: { $0.key < $1.key }) {
            if !labels.contains(target) {
                report(["label_map", raw], "label_map sends '\(raw)' to '\(target)', which is not in labels "
                       + "[\(labels.joined(separator: ", "))]")
            }
            if dropped.contains(raw) { report(["label_map", raw], "'\(raw)' is both mapped and dropped", keyLine: true) }
        }
        for (index, raw) in dropped.enumerated() where labels.contains(raw) && labelMap?[raw] == nil {
            report(["drop", "\(index)"], "'\(raw)' is a dataset label and cannot be dropped")
        }

        let folder = (path as NSString).deletingLastPathComponent
        let dataDirectory = resolvePath(data, against: folder)
        let foldRule: FoldRule
        switch folds?.by ?? .none {
        case .none: foldRule = .none
        case .session: foldRule = .bySession
        case .speaker: foldRule = .bySpeaker
        case .file:
            foldRule = .file(folds?.file.map { resolvePath($0, against: folder) }
                             ?? (dataDirectory as NSString).appendingPathComponent("utt2fold"))
        }
        if let folds, folds.file != nil, folds.by != .file {
            report(["folds", "file"], "folds.file is only used with 'by: file'", keyLine: true)
        }
        if let folds, folds.exclude != nil, folds.by == .none {
            report(["folds", "exclude"], "folds.exclude needs a fold rule ('by: session | speaker | file')", keyLine: true)
        }
        if let maxDuration, !(maxDuration > 0) {
            report(["max_duration"], "max_duration must be a positive number of seconds")
        }

        let declared = resolveDimensions(report: report)
        if labels.isEmpty && declared.isEmpty {
            report(["labels"], "the label set is empty (list labels, or declare dimensions for a dimension-only recipe)")
        }
        var mappings: [String: ModelMapping] = [:]
        // A key is a model family (Recipe.knownModelFamilies) or a model name (directory name or alias); any
        // string can name a model, so only a key that looks like a family but is none is an error.
        for (family, model) in (models ?? [:]).sorted(by: { $0.key < $1.key }) {
            if !Recipe.knownModelFamilies.contains(family), Recipe.looksLikeFamilyName(family) {
                report(["models", family], "unknown model family '\(family)'; expected one of: "
                       + Recipe.knownModelFamilies.joined(separator: ", ")
                       + " (or a model's directory name or alias, e.g. superb/wav2vec2-base-superb-er)", keyLine: true)
            }
            if model.labelMap == nil && model.dimensions == nil {
                report(["models", family], "needs label_map (categories) or dimensions (model outputs)", keyLine: true)
            }
            if let map = model.labelMap, map.isEmpty { report(["models", family, "label_map"], "label_map is empty") }
            for (modelLabel, target) in (model.labelMap ?? [:]).sorted(by: { $0.key < $1.key }) where !labels.contains(target) {
                report(["models", family, "label_map", modelLabel],
                       "model label '\(modelLabel)' maps to '\(target)', which is not in labels "
                       + "[\(labels.joined(separator: ", "))]")
            }
            let outputs = model.dimensions.map { resolveOutputs($0, family: family, declared: declared, report: report) }
            mappings[family] = ModelMapping(labelMap: model.labelMap ?? [:], policy: model.policy ?? .restricted,
                                            dimensions: outputs)
        }

        var figures: [PublishedFigure] = []
        for (index, reference) in (references ?? []).enumerated() {
            var values: [HeadlineMetric: Double] = [:]
            var dimensionFigures: [DimensionFigure] = []
            for (metric, value) in reference.figures.sorted(by: { $0.key < $1.key }) {
                let at = ["references", "\(index)", "figures", metric]
                if let figure = DimensionFigure(key: metric, value: value) {
                    if !declared.contains(where: { $0.dimension == figure.dimension }) {
                        report(at, "\(metric): the recipe declares no dimension '\(figure.dimension.rawValue)'", keyLine: true)
                    }
                    let correlation = figure.metric == .ccc || figure.metric == .pearson
                    if correlation ? !(-1...1).contains(value) : !(value >= 0 && value.isFinite) {
                        report(at, "\(metric) = \(value) is not " + (correlation ? "in [-1, 1]" : "a non-negative number"))
                    }
                    dimensionFigures.append(figure)
                    continue
                }
                guard let known = HeadlineMetric(rawValue: metric) else {
                    report(at, "unknown metric '\(metric)'; expected one of: "
                           + HeadlineMetric.allCases.map(\.rawValue).joined(separator: ", ")
                           + ", or <" + RegressionMetric.allCases.map(\.figureKeyName).joined(separator: "|") + ">-<"
                           + EmotionDimension.allCases.map(\.rawValue).joined(separator: "|") + ">", keyLine: true)
                    continue
                }
                if !(0...100).contains(value) { report(at, "\(metric) = \(value) is not a percentage in [0, 100]") }
                values[known] = value
            }
            if reference.figures.isEmpty { report(["references", "\(index)", "figures"], "figures is empty") }
            if let family = reference.family, !Recipe.knownModelFamilies.contains(family) {
                report(["references", "\(index)", "family"], "unknown model family '\(family)'; expected one of: "
                       + Recipe.knownModelFamilies.joined(separator: ", "))
            }
            figures.append(PublishedFigure(
                model: reference.model, family: reference.family, figures: values,
                evaluationProtocol: reference.evaluationProtocol, source: reference.source,
                caveat: reference.caveat, seenInTraining: reference.seenInTraining,
                sameProtocol: reference.sameProtocol ?? false,
                dimensionFigures: dimensionFigures.sorted { ($0.metric.figureKeyName, $0.dimension) < ($1.metric.figureKeyName, $1.dimension) }))
        }

        var seenGroups = Set<String>()
        for (index, group) in (groups ?? []).enumerated() {
            let allowed = group.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            if group.isEmpty || !allowed {
                report(["groups", "\(index)"], "group '\(group)' must be a file-name part of utt2<group> "
                       + "(letters, digits, '_', '-')")
            } else if ["emo", "gender"].contains(group) {
                report(["groups", "\(index)"], group == "emo" ? "utt2emo holds the labels, not a group"
                       : "gender needs no entry: utt2gender is used whenever the data directory has it")
            }
            if !seenGroups.insert(group).inserted { report(["groups", "\(index)"], "group '\(group)' is listed twice") }
        }
        let bands = durationBands ?? Recipe.defaultDurationBands
        if bands.isEmpty { report(["duration_bands"], "duration_bands is empty (give the edges in seconds, e.g. [1, 2, 4, 8])") }
        for (index, edge) in bands.enumerated() {
            if !(edge.isFinite && edge > 0) {
                report(["duration_bands", "\(index)"], "edge \(edge) is not a positive number of seconds")
            } else if index > 0 && edge <= bands[index - 1] {
                report(["duration_bands", "\(index)"], "edges must increase, but \(edge) follows \(bands[index - 1])")
            }
        }

        var recipe = Recipe(
            path: path, source: source, name: name, description: description, dataDirectory: dataDirectory,
            labels: labels, labelMap: labelMap ?? [:], drop: dropped, folds: foldRule, models: mappings,
            modelDirectories: (modelDirectories ?? []).map { resolvePath($0, against: folder) },
            references: figures, dimensions: declared,
            dimensionSubset: dimensionSubset.map { resolvePath($0, against: folder) })
        if dimensionSubset != nil && declared.isEmpty {
            report(["dimension_subset"], "dimension_subset needs dimensions", keyLine: true)
        }
        recipe.excludedFolds = folds?.exclude ?? []
        recipe.maxDuration = maxDuration
        recipe.groups = groups ?? []
        recipe.durationBands = bands
        return (recipe, problems)
    }

    /// `dimensions:` as checked scales in `EmotionDimension` order.
    func resolveDimensions(report: ([String], String, Bool) -> Void) -> [DimensionScale] {
        var scales: [DimensionScale] = []
        for (name, range) in (dimensions ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let dimension = EmotionDimension(rawValue: name) else {
                report(["dimensions", name], "unknown dimension '\(name)'; expected one of: "
                       + EmotionDimension.allCases.map(\.rawValue).joined(separator: ", "), true)
                continue
            }
            guard let scale = checkedRange(range) else {
                report(["dimensions", name], "scale must be [low, high] with finite low < high, got \(range)", false)
                continue
            }
            scales.append(DimensionScale(dimension: dimension, range: scale))
        }
        if let dimensions, dimensions.isEmpty { report(["dimensions"], "dimensions is empty", false) }
        return scales.sorted { $0.dimension < $1.dimension }
    }

    /// One model entry's `dimensions:` block, checked against the recipe's dimensions.
    func resolveOutputs(_ file: ModelDimensionsFile, family: String, declared: [DimensionScale],
                        report: ([String], String, Bool) -> Void) -> DimensionOutputs {
        let at = ["models", family, "dimensions"]
        if declared.isEmpty { report(at, "the recipe declares no dimensions (top-level dimensions:)", true) }
        var outputs: [EmotionDimension: String] = [:]
        for (name, output) in (file.outputs ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let dimension = EmotionDimension(rawValue: name), declared.contains(where: { $0.dimension == dimension })
            else {
                report(at + ["outputs", name], "'\(name)' is not one of the recipe's dimensions ["
                       + declared.map(\.dimension.rawValue).joined(separator: ", ") + "]", true)
                continue
            }
            if output.trimmingCharacters(in: .whitespaces).isEmpty { report(at + ["outputs", name], "output is empty", false) }
            outputs[dimension] = output
        }
        var scale: ClosedRange<Double>?
        if let range = file.scale {
            scale = checkedRange(range)
            if scale == nil { report(at + ["scale"], "scale must be [low, high] with finite low < high, got \(range)", false) }
        }
        return DimensionOutputs(outputs: outputs, scale: scale, alignment: file.align ?? .labelsToModel)
    }
}

/// `[low, high]` with finite low < high, else nil.
func checkedRange(_ values: [Double]) -> ClosedRange<Double>? {
    guard values.count == 2, values[0].isFinite, values[1].isFinite, values[0] < values[1] else { return nil }
    return values[0]...values[1]
}

/// `path` if absolute, else `folder/path`, made absolute against the current directory and standardised.
func resolvePath(_ path: String, against folder: String) -> String {
    let joined = path.hasPrefix("/") || folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    let absolute = joined.hasPrefix("/")
        ? joined : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(joined)
    return (absolute as NSString).standardizingPath
}
