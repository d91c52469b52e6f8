// The dimensional half of a stored evaluation: which model outputs are which recipe dimensions, the scale
// alignment, the annotations from the recipe's data directory, and the metrics per dimension.
import EmoCorpus
import EmoMetrics
import EmoReport
import EmoStore
import EmoTypes

/// How one run's outputs become dimension values, decided once per run from the recipe and the model's labels.
struct DimensionPlan {
    let decoder: DimensionDecoder
    /// Dimension → alignment of annotation and model scales.
    let alignments: [String: ScaleAlignment]
    let scaleAssumed: Bool

    /// The plan for a model, or nil when the recipe has no dimensions or the model predicts none of them and
    /// the recipe names no outputs for it. Throws `MetricsError` when the recipe's output map does not fit.
    init?(recipe: Recipe, mapping: ModelMapping?, modelLabels: [String]) throws(MetricsError) {
        guard !recipe.dimensions.isEmpty else { return nil }
        let declared = mapping?.dimensions
        var outputs: [String: String] = [:]
        for (dimension, output) in declared?.outputs ?? [:] { outputs[dimension.rawValue] = output }
        do {
            decoder = try DimensionDecoder(modelLabels: modelLabels, dimensions: recipe.dimensions.map(\.dimension.rawValue),
                                           outputs: outputs)
        } catch .noDimensionMapped where declared == nil {
            return nil   // a categorical model: no output is named like a dimension
        }
        var alignments: [String: ScaleAlignment] = [:]
        for scale in recipe.dimensions where decoder.outputIndex[scale.dimension.rawValue] != nil {
            let direction = ScaleDirection(rawValue: declared?.alignment.rawValue ?? "") ?? .labelsToModel
            alignments[scale.dimension.rawValue] = ScaleAlignment(labelRange: scale.range,
                                                                  modelRange: declared?.scale ?? scale.range,
                                                                  direction: direction)
        }
        self.alignments = alignments
        scaleAssumed = declared?.scale == nil
    }

    /// Per dimension, the aligned items of the predictions whose utterance has an annotation.
    func items(_ predictions: [ScoredUtterance], truths: [String: [EmotionDimension: Double]],
               recipe: Recipe) throws(MetricsError) -> [String: [DimensionalItem]] {
        var items: [String: [DimensionalItem]] = [:]
        for p in predictions {
            guard let truth = truths[p.utteranceKey], !truth.isEmpty else { continue }
            let predicted = try decoder.decode(p.scores, utterance: p.utteranceKey)
            for scale in recipe.dimensions {
                let name = scale.dimension.rawValue
                guard let y = truth[scale.dimension], let x = predicted[name], let alignment = alignments[name] else { continue }
                items[name, default: []].append(DimensionalItem(utterance: p.utteranceKey, truth: alignment.truth(y),
                                                                predicted: alignment.prediction(x),
                                                                speaker: p.speaker, fold: p.fold))
            }
        }
        return items
    }
}

extension StoredEvaluation {
    /// Utterance → annotations of the recipe's dimensions, from its data directory (empty without dimensions).
    static func dimensionTruths(_ recipe: Recipe) throws -> [String: [EmotionDimension: Double]] {
        guard !recipe.dimensions.isEmpty else { return [:] }
        var truths: [String: [EmotionDimension: Double]] = [:]
        for utterance in try recipe.loadCorpus().utterances where !utterance.dimensions.isEmpty {
            truths[utterance.id] = utterance.dimensions
        }
        return truths
    }

    /// ΔCCC per dimension for every pair of dimensional runs (second − first), paired on common utterances.
    func dimensionComparisons() throws -> [DimensionComparison] {
        var result: [DimensionComparison] = []
        for i in dimensionalSections.indices {
            for j in dimensionalSections.indices where j > i {
                let a = dimensionalSections[i], b = dimensionalSections[j]
                for scale in recipe.dimensions {
                    let name = scale.dimension.rawValue
                    guard let first = a.items[name], let second = b.items[name] else { continue }
                    do {
                        result.append(try compareDimension(name, first: (a.name, first), second: (b.name, second),
                                                           settings: bootstrap))
                    } catch {
                        throw EvaluationError.comparison(error)
                    }
                }
            }
        }
        return result
    }
}
