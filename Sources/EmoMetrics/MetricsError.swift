// Errors raised by EmoMetrics: bad label maps, score vectors that do not fit, unpaired runs.

/// A problem with the values handed to EmoMetrics; each case names the item and what was expected.
public enum MetricsError: Error, Equatable, CustomStringConvertible {
    /// The label map sends `modelLabel` to `datasetLabel`, which is not one of the dataset's labels.
    case mapTargetNotInLabelSet(modelLabel: String, datasetLabel: String, labelSet: [String])
    /// The label map names `modelLabel`, which the model does not output.
    case mapSourceNotInModel(modelLabel: String, modelLabels: [String])
    /// No model label maps to any dataset label, so no prediction could ever be right.
    case nothingMapped(modelLabels: [String], labelSet: [String])
    /// A stored score vector has the wrong length.
    case scoreCount(utterance: String, expected: Int, got: Int)
    /// A score vector has no finite value to take the argmax of.
    case noFiniteScore(utterance: String)
    /// A truth or prediction index lies outside the label set.
    case classIndex(utterance: String, index: Int, classCount: Int)
    /// Two runs compared pairwise share no utterance.
    case nothingInCommon(first: String, second: String)
    /// A bootstrap setting is out of range.
    case bootstrapSetting(String)
    /// A dimensional truth or prediction is NaN or infinite.
    case nonFiniteValue(utterance: String, dimension: String, truth: Double, predicted: Double)
    /// A model-output mapping names a dimension the recipe does not declare.
    case dimensionNotInRecipe(dimension: String, dimensions: [String])
    /// A model-output mapping names an output that is neither a label nor an index of the model.
    case dimensionOutput(dimension: String, output: String, modelLabels: [String])
    /// No recipe dimension maps to a model output.
    case noDimensionMapped(modelLabels: [String], dimensions: [String])
    /// Duration band edges are not positive and increasing.
    case durationBands(String)

    public var description: String {
        switch self {
        case let .mapTargetNotInLabelSet(model, dataset, set):
            return "label map: model label '\(model)' maps to '\(dataset)', which is not in the label set "
                + "[\(set.joined(separator: ", "))]"
        case let .mapSourceNotInModel(model, labels):
            return "label map: '\(model)' is not a label of the model (it outputs "
                + "[\(labels.joined(separator: ", "))])"
        case let .nothingMapped(model, set):
            return "label map: none of the model labels [\(model.joined(separator: ", "))] maps to the label set "
                + "[\(set.joined(separator: ", "))]\nhint: add a labelMap for this model family to the recipe"
        case let .scoreCount(utterance, expected, got):
            return "utterance '\(utterance)': stored score vector has \(got) values, the model has \(expected) labels"
        case let .noFiniteScore(utterance):
            return "utterance '\(utterance)': no finite score among the classes the policy allows"
        case let .classIndex(utterance, index, count):
            return "utterance '\(utterance)': class index \(index) is outside 0..<\(count)"
        case let .nothingInCommon(first, second):
            return "runs '\(first)' and '\(second)' share no scored utterance, so they cannot be compared"
        case let .bootstrapSetting(why):
            return "bootstrap: \(why)"
        case let .nonFiniteValue(utterance, dimension, truth, predicted):
            return "utterance '\(utterance)': \(dimension) is not a finite number (truth \(truth), prediction \(predicted))"
        case let .dimensionNotInRecipe(dimension, dimensions):
            return "dimension map: '\(dimension)' is not a dimension of the recipe "
                + "[\(dimensions.joined(separator: ", "))]"
        case let .dimensionOutput(dimension, output, labels):
            return "dimension map: \(dimension) → '\(output)', which is neither an output label nor an index "
                + "of the model (it outputs [\(labels.joined(separator: ", "))])"
        case let .noDimensionMapped(labels, dimensions):
            return "dimension map: none of the recipe's dimensions [\(dimensions.joined(separator: ", "))] is an "
                + "output of the model [\(labels.joined(separator: ", "))]\nhint: add dimensions.outputs for this "
                + "model family to the recipe's models: entry"
        case let .durationBands(why):
            return "duration bands: \(why)"
        }
    }
}
