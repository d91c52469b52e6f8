// The dimensional part of a recipe: dimensions and scales, model-output mappings, published figures.

import EmoTypes

/// One recipe dimension and its annotation scale, e.g. arousal on 1…7 (MSP-Podcast) or 1…5 (IEMOCAP).
public struct DimensionScale: Sendable, Equatable {
    public var dimension: EmotionDimension
    public var range: ClosedRange<Double>

    public init(dimension: EmotionDimension, range: ClosedRange<Double>) {
        self.dimension = dimension
        self.range = range
    }
}

/// Which side is rescaled so that truth and prediction are compared on one scale (CCC is not scale invariant).
public enum DimensionAlignment: String, Sendable, Codable, CaseIterable {
    /// Annotations mapped linearly onto the model's output range (the default; audEERING's convention).
    case labelsToModel = "labels-to-model"
    /// Model outputs mapped linearly onto the annotation scale.
    case modelToLabels = "model-to-labels"
}

/// A model's dimensional outputs: dimension → output label or index, the model's output range, the alignment.
public struct DimensionOutputs: Sendable, Equatable {
    /// Dimension → model output label (e.g. `arousal`) or its index as a number (e.g. `0`); empty = by name.
    public var outputs: [EmotionDimension: String]
    /// The range the model predicts on, e.g. 0…1 for audEERING's model; nil = the annotation scale.
    public var scale: ClosedRange<Double>?
    public var alignment: DimensionAlignment

    public init(outputs: [EmotionDimension: String] = [:], scale: ClosedRange<Double>? = nil,
                alignment: DimensionAlignment = .labelsToModel) {
        self.outputs = outputs
        self.scale = scale
        self.alignment = alignment
    }
}
