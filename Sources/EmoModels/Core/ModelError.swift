// The one error type of EmoModels: every case names the file, the item and what was expected.

/// Errors raised while loading a model from its directory or running it on an input.
public enum ModelError: Error, Sendable, Equatable {
    /// A required file of the model directory is absent (`tokens.txt`, `config.yaml`, the checkpoint).
    case missingFile(directory: String, file: String, why: String)
    /// `config.yaml` could not be read or decoded; `field` is the dotted path (`model_conf.embed_dim`).
    case invalidConfig(file: String, field: String, problem: String)
    /// `config.yaml` lacks a required field (dotted path).
    case missingConfigField(file: String, field: String)
    /// A config value contradicts the checkpoint (e.g. embed_dim 768 but the tensors are 1024 wide).
    case configMismatch(file: String, field: String, configValue: String, checkpoint: String,
                        checkpointValue: String, hint: String)
    /// The label file (`tokens.txt`) is unusable.
    case invalidLabels(file: String, problem: String)
    /// A tensor the model needs is not in the checkpoint.
    case missingTensor(file: String, name: String)
    /// A tensor has a different shape than the config implies.
    case shapeMismatch(file: String, name: String, expected: [Int], got: [Int])
    /// A tensor could not be read as float32.
    case unreadableTensor(file: String, name: String, problem: String)
    /// Checkpoint keys that no layer asked for and that the model does not explicitly ignore.
    case unusedTensors(file: String, names: [String], count: Int)
    /// The input is shorter than one frame of the model.
    case inputTooShort(samples: Int, minimum: Int)
    /// The input holds NaN or infinity.
    case nonFiniteInput(index: Int)
    /// The directory's model family has no native implementation.
    case unsupportedModel(directory: String, problem: String)
    /// The checkpoint could not be read to compute its sha256 (the hash stored with the model's identity),
    /// e.g. it was deleted or replaced by something unreadable after the model was loaded.
    case checkpointUnhashable(file: String, problem: String)
}

extension ModelError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .missingFile(directory, file, why):
            return "\(directory): missing \(file) (\(why))"
        case let .invalidConfig(file, field, problem):
            return field.isEmpty ? "\(file): \(problem)" : "\(file): field '\(field)': \(problem)"
        case let .missingConfigField(file, field):
            return "\(file): missing field '\(field)'"
        case let .configMismatch(file, field, configValue, checkpoint, checkpointValue, hint):
            return "\(file): '\(field)' is \(configValue) but \(checkpoint) has \(checkpointValue)"
                + (hint.isEmpty ? "" : "\nhint: \(hint)")
        case let .invalidLabels(file, problem):
            return "\(file): \(problem)"
        case let .missingTensor(file, name):
            return "\(file): missing tensor '\(name)'"
        case let .shapeMismatch(file, name, expected, got):
            return "\(file): tensor '\(name)' has shape \(got), expected \(expected)"
        case let .unreadableTensor(file, name, problem):
            return "\(file): tensor '\(name)' cannot be read as float32: \(problem)"
        case let .unusedTensors(file, names, count):
            let more = count > names.count ? " and \(count - names.count) more" : ""
            return "\(file): \(count) tensor(s) not used by the model: "
                + names.map { "'\($0)'" }.joined(separator: ", ") + more
                + "\nhint: the checkpoint does not match this architecture (wrong config.yaml or model family?)"
        case let .inputTooShort(samples, minimum):
            return "audio too short: \(samples) samples at 16 kHz, the model needs at least \(minimum) (one frame)"
        case let .nonFiniteInput(index):
            return "audio holds a non-finite sample (NaN or infinity) at index \(index)"
        case let .unsupportedModel(directory, problem):
            return "\(directory): \(problem)"
        case let .checkpointUnhashable(file, problem):
            return "\(file): cannot compute the checkpoint's sha256 for the model's identity: \(problem)"
        }
    }
}

/// The input check every family's `infer` starts with: at least `minimumSamples` samples (one frame), all
/// finite. Throws `ModelError.inputTooShort` / `.nonFiniteInput`.
func checkModelInput(_ samples: [Float], minimumSamples: Int) throws {
    guard samples.count >= minimumSamples else {
        throw ModelError.inputTooShort(samples: samples.count, minimum: minimumSamples)
    }
    if let bad = samples.firstIndex(where: { !$0.isFinite }) { throw ModelError.nonFiniteInput(index: bad) }
}
