// Picks a model's outputs for each recipe dimension and puts truth and prediction on one scale.

/// Which stored score is which dimension, e.g. audEERING's `[arousal, dominance, valence]` → indices 0, 1, 2.
public struct DimensionDecoder: Sendable, Equatable {
    /// Model output labels, in score order.
    public let modelLabels: [String]
    /// Dimension name → index into the score vector, for every dimension the model predicts.
    public let outputIndex: [String: Int]

    /// - Parameters:
    ///   - dimensions: the recipe's dimensions, e.g. `[arousal, valence, dominance]`.
    ///   - outputs: dimension → model output label, or its index written as a number ("0"). When empty,
    ///     every dimension whose name is a model label maps to that output.
    /// Throws when an output is neither a label nor an index of the model, or when nothing maps.
    public init(modelLabels: [String], dimensions: [String], outputs: [String: String]) throws(MetricsError) {
        var index: [String: Int] = [:]
        if outputs.isEmpty {
            for dimension in dimensions { index[dimension] = modelLabels.firstIndex(of: dimension) }
        } else {
            for (dimension, output) in outputs.sorted(by: { $0.key < $1.key }) {
                guard dimensions.contains(dimension) else {
                    throw .dimensionNotInRecipe(dimension: dimension, dimensions: dimensions)
                }
                if let i = modelLabels.firstIndex(of: output) {
                    index[dimension] = i
                } else if let i = Int(output), modelLabels.indices.contains(i) {
                    index[dimension] = i
                } else {
                    throw .dimensionOutput(dimension: dimension, output: output, modelLabels: modelLabels)
                }
            }
        }
        guard !index.isEmpty else { throw .noDimensionMapped(modelLabels: modelLabels, dimensions: dimensions) }
        self.modelLabels = modelLabels
        self.outputIndex = index
    }

    /// The predicted value of each mapped dimension in `scores` (the model's raw output scale).
    public func decode(_ scores: [Float], utterance: String = "?") throws(MetricsError) -> [String: Double] {
        guard scores.count == modelLabels.count else {
            throw .scoreCount(utterance: utterance, expected: modelLabels.count, got: scores.count)
        }
        var values: [String: Double] = [:]
        for (dimension, i) in outputIndex {
            let value = Double(scores[i])
            guard value.isFinite else {
                throw .nonFiniteValue(utterance: utterance, dimension: dimension, truth: .nan, predicted: value)
            }
            values[dimension] = value
        }
        return values
    }
}

/// Which side of the comparison is rescaled. CCC and r are the same either way (a positive linear map
/// applied to both series leaves them unchanged); MAE and RMSE are in the units of the target scale.
public enum ScaleDirection: String, Sendable, Codable, CaseIterable {
    /// Annotations are mapped linearly onto the model's output range (audEERING and the MSP-Podcast
    /// challenge train on labels mapped (y − 1)/6 onto 0…1).
    case labelsToModel = "labels-to-model"
    /// Model outputs are mapped linearly onto the annotation scale.
    case modelToLabels = "model-to-labels"
}

/// A linear map between the annotation scale and the model's output scale, applied to one side.
public struct ScaleAlignment: Sendable, Equatable, Codable {
    /// Annotation scale, e.g. 1…7 (MSP-Podcast) or 1…5 (IEMOCAP).
    public let labelRange: ClosedRange<Double>
    /// Model output range, e.g. 0…1 (audEERING); equal to `labelRange` when the model predicts on it.
    public let modelRange: ClosedRange<Double>
    public let direction: ScaleDirection

    public init(labelRange: ClosedRange<Double>, modelRange: ClosedRange<Double>, direction: ScaleDirection) {
        self.labelRange = labelRange
        self.modelRange = modelRange
        self.direction = direction
    }

    /// True when nothing is rescaled.
    public var isIdentity: Bool { labelRange == modelRange }

    /// The annotation on the evaluation scale.
    public func truth(_ y: Double) -> Double {
        direction == .labelsToModel ? Self.map(y, from: labelRange, to: modelRange) : y
    }

    /// The model output on the evaluation scale.
    public func prediction(_ x: Double) -> Double {
        direction == .modelToLabels ? Self.map(x, from: modelRange, to: labelRange) : x
    }

    /// The scale every figure is on, e.g. `0…1`.
    public var evaluationRange: ClosedRange<Double> { direction == .labelsToModel ? modelRange : labelRange }

    /// One sentence for reports, e.g. "annotations 1…7 mapped linearly onto the model's 0…1".
    public var summary: String {
        if isIdentity { return "annotations and model outputs both on \(Self.text(labelRange)); no rescaling" }
        switch direction {
        case .labelsToModel:
            return "annotations \(Self.text(labelRange)) mapped linearly onto the model's \(Self.text(modelRange)) "
                + "(labels-to-model); MAE/RMSE in model units"
        case .modelToLabels:
            return "model outputs \(Self.text(modelRange)) mapped linearly onto the annotation scale "
                + "\(Self.text(labelRange)) (model-to-labels); MAE/RMSE in annotation units"
        }
    }

    static func map(_ v: Double, from a: ClosedRange<Double>, to b: ClosedRange<Double>) -> Double {
        guard a != b, a.upperBound > a.lowerBound else { return v }
        return b.lowerBound + (v - a.lowerBound) * (b.upperBound - b.lowerBound) / (a.upperBound - a.lowerBound)
    }

    /// `1…7`, `0…1`, `0.5…4.5`.
    public static func text(_ r: ClosedRange<Double>) -> String {
        func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
        return "\(number(r.lowerBound))…\(number(r.upperBound))"
    }
}
