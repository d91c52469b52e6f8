// One "Recognise" press: every selected model on one upload, as `classify --json` would report each, plus the
// recipe's dataset-label view of the scores when a recipe is chosen.
import Foundation
import EmoAudio
import EmoCorpus
import EmoEvaluation
import EmoMetrics
import EmoModels

/// What the page receives for one upload.
public struct Recognition: Encodable, Sendable {
    /// Id of this result on the server (for the embedding download); kept for the last few results only.
    public var id: String
    public var input: InputSummary
    public var results: [ModelResult]
}

/// The uploaded file as its header describes it, and its length after decoding.
public struct InputSummary: Encodable, Sendable {
    public var name: String
    public var format: String
    public var subtype: String
    public var sampleRate: Int
    public var channels: Int
    /// Seconds of the decoded 16 kHz mono waveform.
    public var seconds: Double
}

/// One model's answer.
public struct ModelResult: Encodable, Sendable {
    public var model: Int
    public var variant: String
    public var family: String
    /// "fp32" or "int8" (`serve --precision`).
    public var precision: String
    /// English labels in score order.
    public var labels: [String]
    /// Exactly what `classify --json --no-feats` prints for the file: key, labels as in the model's files,
    /// scores (and SpeechBrain's classify_file fields for wav2vec2 models).
    public var record: FunASRRecord
    /// The top class (English label) and its probability.
    public var topLabel: String?
    public var topScore: Float?
    /// The recipe's view: dataset labels under its label map and policy.
    public var mapped: MappedScores?
    public var embeddingDim: Int
    /// Whether the utterance embedding can be downloaded (emotion2vec).
    public var offersEmbedding: Bool
    public var inferenceSeconds: Double
}

/// Scores seen through a recipe: one value per dataset label (the best model class mapped to it; see
/// `LabelDecoder.classScores`), plus "other" under the full policy, and the decision.
public struct MappedScores: Encodable, Sendable {
    public var recipe: String
    public var policy: String
    public var policyExplanation: String
    public var labels: [String]
    public var scores: [Float]
    public var predicted: String
}

extension ServedModel {
    /// Runs this model on `audio` (blocking; call it inside an inference slot).
    func recognise(_ audio: UploadedAudio, recipe: Recipe?) throws -> (ModelResult, embedding: [Float]) {
        let start = Date()
        let output = try model.infer(audio.waveform.samples, includeFrames: false)
        let seconds = Date().timeIntervalSince(start)
        var record = FunASRRecord(key: FunASRInput.key(forPath: audio.name), identity: identity, output: output,
                                  granularity: .utterance, includeFeats: false)
        record.speechBrain = model.classifyFileFields(of: output)
        let best = output.scores.indices.max { output.scores[$0] < output.scores[$1] }
        let result = ModelResult(
            model: index, variant: identity.variant, family: identity.family.rawValue,
            precision: model.precision.rawValue, labels: identity.labels,
            record: record, topLabel: best.map { identity.labels[$0] }, topScore: best.map { output.scores[$0] },
            mapped: try recipe.flatMap { try mappedScores(output.scores, recipe: $0) },
            embeddingDim: output.embedding.count, offersEmbedding: identity.family == .emotion2vec,
            inferenceSeconds: seconds)
        return (result, output.embedding)
    }

    /// The recipe's dataset-label view of `scores`; nil for a model without a classifier head.
    func mappedScores(_ scores: [Float], recipe: Recipe) throws -> MappedScores? {
        guard !scores.isEmpty else { return nil }
        let decoder = try recipe.labelDecoder(family: identity.family.rawValue, modelLabels: identity.labels)
        let values = try decoder.classScores(scores)
        let labels = recipe.labels + (decoder.hasOtherColumn ? ["other"] : [])
        let predicted = try decoder.decode(scores)
        return MappedScores(recipe: recipe.name, policy: decoder.policy.rawValue,
                            policyExplanation: decoder.policy.explanation, labels: labels, scores: values,
                            predicted: labels[predicted])
    }
}
