// Typed errors of EmoProbe; each description names the file or item and the problem.

/// Why a probe could not be trained or its feature file could not be used.
public enum ProbeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The feature file could not be created, written, opened or mapped.
    case featureFileIO(path: String, problem: String)
    /// The feature file exists but its header or sizes are not what this reader expects.
    case corruptFeatureFile(path: String, problem: String)
    /// The feature file was written for another model or utterance set.
    case featureKeyMismatch(path: String, expected: String, found: String)
    /// Features handed to the probe are inconsistent (e.g. a zero-length utterance, wrong width).
    case invalidFeatures(item: String, problem: String)
    /// A label outside the class list, or fewer than two classes.
    case invalidLabels(problem: String)
    /// The protocol cannot be built from this corpus (e.g. one session only, no speakers).
    case invalidFolds(protocolName: String, problem: String)
    /// A training setting is out of range.
    case invalidSettings(problem: String)

    public var description: String {
        switch self {
        case let .featureFileIO(path, problem):
            return "\(path): feature file: \(problem)"
        case let .corruptFeatureFile(path, problem):
            return "\(path): corrupt feature file: \(problem)"
        case let .featureKeyMismatch(path, expected, found):
            return "\(path): feature file belongs to another model or utterance set (key \(found), expected \(expected))"
        case let .invalidFeatures(item, problem):
            return "features of \(item): \(problem)"
        case let .invalidLabels(problem):
            return "probe labels: \(problem)"
        case let .invalidFolds(protocolName, problem):
            return "probe protocol \(protocolName): \(problem)"
        case let .invalidSettings(problem):
            return "probe settings: \(problem)"
        }
    }
}
