// The recipe YAML schema as strict Codable types: unknown keys are collected, wrong types throw.
// `loadRecipe(path:)` turns a `RecipeFile` into a checked `Recipe`.
import EmoTypes
import Foundation

/// The top level of a recipe file (keys in snake_case, documented in `Recipes/README.md`).
struct RecipeFile: Decodable {
    var name: String
    var description: String?
    var data: String
    var labels: [String]
    var labelMap: [String: String]?
    var drop: [String]?
    var folds: FoldsFile?
    var models: [String: ModelFile]?
    var modelDirectories: [String]?
    var references: [ReferenceFile]?
    /// Dimension name → `[low, high]` annotation scale.
    var dimensions: [String: [Double]]?
    var dimensionSubset: String?
    var maxDuration: Double?
    var groups: [String]?
    var durationBands: [Double]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, data, labels, drop, folds, models, references, dimensions, groups
        case durationBands = "duration_bands"
        case maxDuration = "max_duration"
        case labelMap = "label_map"
        case modelDirectories = "model_directories"
        case dimensionSubset = "dimension_subset"
    }

    init(from decoder: Decoder) throws {
        try decoder.collectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        data = try c.decode(String.self, forKey: .data)
        // Optional only for a dimension-only recipe (checked in `resolve`).
        labels = try c.decodeIfPresent([String].self, forKey: .labels) ?? []
        labelMap = try c.decodeIfPresent([String: String].self, forKey: .labelMap)
        drop = try c.decodeIfPresent([String].self, forKey: .drop)
        folds = try c.decodeIfPresent(FoldsFile.self, forKey: .folds)
        models = try c.decodeIfPresent([String: ModelFile].self, forKey: .models)
        modelDirectories = try c.decodeIfPresent([String].self, forKey: .modelDirectories)
        references = try c.decodeIfPresent([ReferenceFile].self, forKey: .references)
        dimensions = try c.decodeIfPresent([String: [Double]].self, forKey: .dimensions)
        dimensionSubset = try c.decodeIfPresent(String.self, forKey: .dimensionSubset)
        maxDuration = try c.decodeIfPresent(Double.self, forKey: .maxDuration)
        groups = try c.decodeIfPresent([String].self, forKey: .groups)
        durationBands = try c.decodeIfPresent([Double].self, forKey: .durationBands)
    }
}

/// `folds: {by: session | speaker | file | none, file: PATH, exclude: [FOLD, ...]}`.
struct FoldsFile: Decodable {
    enum Kind: String, CaseIterable { case none, session, speaker, file }
    var by: Kind
    var file: String?
    var exclude: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable { case by, file, exclude }

    init(from decoder: Decoder) throws {
        try decoder.collectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        by = try c.decodeChoice(Kind.self, forKey: .by)
        file = try c.decodeIfPresent(String.self, forKey: .file)
        exclude = try c.decodeIfPresent([String].self, forKey: .exclude)
    }
}

/// `models: {<family>: {label_map: {...}, policy: restricted | full, dimensions: {...}}}`; `label_map` may be
/// left out when the entry only maps dimensions.
struct ModelFile: Decodable {
    var labelMap: [String: String]?
    var policy: LabelPolicy?
    var dimensions: ModelDimensionsFile?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case policy, dimensions
        case labelMap = "label_map"
    }

    init(from decoder: Decoder) throws {
        try decoder.collectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        labelMap = try c.decodeIfPresent([String: String].self, forKey: .labelMap)
        policy = try c.contains(.policy) ? c.decodeChoice(LabelPolicy.self, forKey: .policy) : nil
        dimensions = try c.decodeIfPresent(ModelDimensionsFile.self, forKey: .dimensions)
    }
}

/// `dimensions: {outputs: {arousal: 0 | arousal, ...}, scale: [0, 1], align: labels-to-model | model-to-labels}`.
struct ModelDimensionsFile: Decodable {
    var outputs: [String: String]?
    var scale: [Double]?
    var align: DimensionAlignment?

    enum CodingKeys: String, CodingKey, CaseIterable { case outputs, scale, align }

    init(from decoder: Decoder) throws {
        try decoder.collectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        outputs = try c.decodeIfPresent([String: String].self, forKey: .outputs)
        scale = try c.decodeIfPresent([Double].self, forKey: .scale)
        align = try c.contains(.align) ? c.decodeChoice(DimensionAlignment.self, forKey: .align) : nil
    }
}

/// One entry of `references:`.
struct ReferenceFile: Decodable {
    var model: String
    var family: String?
    var figures: [String: Double]
    var evaluationProtocol: String
    var source: String
    var caveat: String?
    var seenInTraining: TrainingExposure
    var sameProtocol: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, family, figures, source, caveat
        case evaluationProtocol = "protocol"
        case seenInTraining = "seen_in_training"
        case sameProtocol = "same_protocol"
    }

    init(from decoder: Decoder) throws {
        try decoder.collectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        model = try c.decode(String.self, forKey: .model)
        family = try c.decodeIfPresent(String.self, forKey: .family)
        figures = try c.decode([String: Double].self, forKey: .figures)
        evaluationProtocol = try c.decode(String.self, forKey: .evaluationProtocol)
        source = try c.decode(String.self, forKey: .source)
        caveat = try c.decodeIfPresent(String.self, forKey: .caveat)
        // YAML booleans are accepted for the two plain answers.
        let exposure = try c.decode(String.self, forKey: .seenInTraining).lowercased()
        switch exposure {
        case "true", "yes": seenInTraining = .yes
        case "false", "no": seenInTraining = .no
        default:
            guard let value = TrainingExposure(rawValue: exposure) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .seenInTraining, in: c,
                    debugDescription: "'\(exposure)' is not one of true, false, partly, unknown")
            }
            seenInTraining = value
        }
        sameProtocol = try c.decodeIfPresent(Bool.self, forKey: .sameProtocol)
    }
}

// MARK: - Strict decoding helpers

/// A coding key for any string, used to list the keys a mapping really has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

/// Collects unknown keys during one decode so that all of them are reported, not only the first.
final class UnknownKeyCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var found: [(path: [CodingKey], allowed: [String])] = []

    func add(path: [CodingKey], allowed: [String]) {
        lock.lock(); defer { lock.unlock() }
        found.append((path, allowed))
    }

    var all: [(path: [CodingKey], allowed: [String])] {
        lock.lock(); defer { lock.unlock() }
        return found
    }

    static let userInfoKey = CodingUserInfoKey(rawValue: "emoeval.unknownKeys")!
}

extension Decoder {
    /// Records every key of the current mapping that `keys` does not declare (in the collector passed
    /// in `userInfo`); throws when there is no collector so unknown keys are never silently accepted.
    func collectUnknownKeys<K: CodingKey & CaseIterable>(_ keys: K.Type) throws {
        let container = try self.container(keyedBy: AnyCodingKey.self)
        let allowed = K.allCases.map(\.stringValue)
        for key in container.allKeys where !allowed.contains(key.stringValue) {
            guard let collector = userInfo[UnknownKeyCollector.userInfoKey] as? UnknownKeyCollector else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [key],
                                                        debugDescription: "unknown key '\(key.stringValue)'"))
            }
            collector.add(path: codingPath + [key], allowed: allowed)
        }
    }
}

extension KeyedDecodingContainer {
    /// Decodes a string that must be one of `E`'s raw values; the error lists the allowed values.
    func decodeChoice<E: RawRepresentable & CaseIterable>(_ type: E.Type, forKey key: Key) throws -> E
    where E.RawValue == String {
        let raw = try decode(String.self, forKey: key)
        guard let value = E(rawValue: raw) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(forKey: key, in: self,
                                                   debugDescription: "'\(raw)' is not one of \(allowed)")
        }
        return value
    }
}
