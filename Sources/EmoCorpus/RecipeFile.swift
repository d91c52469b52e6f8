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
        name = try decoder.attempt("") { try c.decode(String.self, forKey: .name) }
        description = try decoder.attempt(nil) { try c.decodeIfPresent(String.self, forKey: .description) }
        data = try decoder.attempt("") { try c.decode(String.self, forKey: .data) }
        // Optional only for a dimension-only recipe (checked in `resolve`).
        labels = try decoder.attempt([]) { try c.decodeIfPresent([String].self, forKey: .labels) ?? [] }
        labelMap = try decoder.attempt(nil) { try c.decodeIfPresent([String: String].self, forKey: .labelMap) }
        drop = try decoder.attempt(nil) { try c.decodeIfPresent([String].self, forKey: .drop) }
        folds = try decoder.attempt(nil) { try c.decodeIfPresent(FoldsFile.self, forKey: .folds) }
        models = try decoder.attempt(nil) { try c.decodeIfPresent([String: ModelFile].self, forKey: .models) }
        modelDirectories = try decoder.attempt(nil) { try c.decodeIfPresent([String].self, forKey: .modelDirectories) }
        references = try decoder.attempt(nil) { try c.decodeIfPresent([ReferenceFile].self, forKey: .references) }
        dimensions = try decoder.attempt(nil) { try c.decodeIfPresent([String: [Double]].self, forKey: .dimensions) }
        dimensionSubset = try decoder.attempt(nil) { try c.decodeIfPresent(String.self, forKey: .dimensionSubset) }
        maxDuration = try decoder.attempt(nil) { try c.decodeIfPresent(Double.self, forKey: .maxDuration) }
        groups = try decoder.attempt(nil) { try c.decodeIfPresent([String].self, forKey: .groups) }
        durationBands = try decoder.attempt(nil) { try c.decodeIfPresent([Double].self, forKey: .durationBands) }
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
        by = try decoder.attempt(.none) { try c.decodeChoice(Kind.self, forKey: .by) }
        file = try decoder.attempt(nil) { try c.decodeIfPresent(String.self, forKey: .file) }
        exclude = try decoder.attempt(nil) { try c.decodeIfPresent([String].self, forKey: .exclude) }
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
        labelMap = try decoder.attempt(nil) { try c.decodeIfPresent([String: String].self, forKey: .labelMap) }
        policy = try decoder.attempt(nil) {
            try c.contains(.policy) ? c.decodeChoice(LabelPolicy.self, forKey: .policy) : nil
        }
        dimensions = try decoder.attempt(nil) { try c.decodeIfPresent(ModelDimensionsFile.self, forKey: .dimensions) }
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
        outputs = try decoder.attempt(nil) { try c.decodeIfPresent([String: String].self, forKey: .outputs) }
        scale = try decoder.attempt(nil) { try c.decodeIfPresent([Double].self, forKey: .scale) }
        align = try decoder.attempt(nil) {
            try c.contains(.align) ? c.decodeChoice(DimensionAlignment.self, forKey: .align) : nil
        }
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
        model = try decoder.attempt("") { try c.decode(String.self, forKey: .model) }
        family = try decoder.attempt(nil) { try c.decodeIfPresent(String.self, forKey: .family) }
        // Figure by figure, so that every bad value is named.
        var figures: [String: Double] = [:]
        let figureKeys = try decoder.attempt(nil) {
            try c.contains(.figures) ? c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .figures) : nil
        }
        if let figureKeys {
            for key in figureKeys.allKeys {
                figures[key.stringValue] = try decoder.attempt(nil) { try figureKeys.decode(Double.self, forKey: key) }
            }
        } else if !c.contains(.figures) {
            _ = try decoder.attempt([:]) { try c.decode([String: Double].self, forKey: .figures) }
        }
        self.figures = figures
        evaluationProtocol = try decoder.attempt("") { try c.decode(String.self, forKey: .evaluationProtocol) }
        source = try decoder.attempt("") { try c.decode(String.self, forKey: .source) }
        caveat = try decoder.attempt(nil) { try c.decodeIfPresent(String.self, forKey: .caveat) }
        // YAML booleans are accepted for the two plain answers.
        seenInTraining = try decoder.attempt(.unknown) {
            let exposure = try c.decode(String.self, forKey: .seenInTraining).lowercased()
            switch exposure {
            case "true", "yes": return .yes
            case "false", "no": return .no
            default:
                guard let value = TrainingExposure(rawValue: exposure) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .seenInTraining, in: c,
                        debugDescription: "'\(exposure)' is not one of true, false, partly, unknown")
                }
                return value
            }
        }
        sameProtocol = try decoder.attempt(nil) { try c.decodeIfPresent(Bool.self, forKey: .sameProtocol) }
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

/// Collects, during one decode, unknown keys and the type errors of single keys, so that all of them are
/// reported, not only the first.
final class RecipeDecodingCollector: @unchecked Sendable {
    // @unchecked: `found` and `decodingErrors` are only read or written under `lock`.
    private let lock = NSLock()
    private var found: [(path: [CodingKey], allowed: [String])] = []
    private var decodingErrors: [DecodingError] = []

    func add(path: [CodingKey], allowed: [String]) {
        lock.lock(); defer { lock.unlock() }
        found.append((path, allowed))
    }

    func add(_ error: DecodingError) {
        lock.lock(); defer { lock.unlock() }
        decodingErrors.append(error)
    }

    var all: [(path: [CodingKey], allowed: [String])] {
        lock.lock(); defer { lock.unlock() }
        return found
    }

    var errors: [DecodingError] {
        lock.lock(); defer { lock.unlock() }
        return decodingErrors
    }

    /// The key path a decoding error is about, as strings (`["references", "0", "figures", "ua"]`).
    static func path(of error: DecodingError) -> [String] {
        // Sequence positions by number ("0"), as `resolve` names them (their stringValue is "Index 0").
        let name = { (key: CodingKey) in key.intValue.map(String.init) ?? key.stringValue }
        switch error {
        case let .keyNotFound(key, context): return (context.codingPath + [key]).map(name)
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return context.codingPath.map(name)
        @unknown default: return []
        }
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
            guard let collector = userInfo[RecipeDecodingCollector.userInfoKey] as? RecipeDecodingCollector else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath + [key],
                                                        debugDescription: "unknown key '\(key.stringValue)'"))
            }
            collector.add(path: codingPath + [key], allowed: allowed)
        }
    }
}

extension Decoder {
    /// `body`'s value; when it throws a decoding error and a collector is present, the error is recorded and
    /// `standIn` is used so that the rest of the file is still checked.
    func attempt<T>(_ standIn: @autoclosure () -> T, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DecodingError {
            guard let collector = userInfo[RecipeDecodingCollector.userInfoKey] as? RecipeDecodingCollector else {
                throw error
            }
            collector.add(error)
            return standIn()
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
