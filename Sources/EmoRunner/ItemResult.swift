// What one utterance of a run produced, as the writer stores it.
import EmoModels
import EmoStore

/// One utterance's outcome with its timings (from the inference pool, `runInferencePool`).
struct ItemResult: Sendable {
    enum Outcome: Sendable {
        case output(ModelOutput)
        case failure(FailureKind, String)
    }

    /// Position in the plan.
    var sequence: Int
    var utterance: UtteranceRecord
    var outcome: Outcome
    var audioSeconds: Double
    var decodeSeconds: Double
    var inferenceSeconds: Double
}

extension ItemResult {
    /// The pool's item for `utterance`: a load failure keeps the loader's message (it names the file), an
    /// inference failure is prefixed with the audio path; `classify` gives the failure kind of either.
    init(_ item: InferenceItem, utterance: UtteranceRecord, sampleRate: Int,
         classify: (any Error) -> FailureKind) {
        let outcome: Outcome
        switch item.outcome {
        case .output(let output): outcome = .output(output)
        case .loadFailed(let error): outcome = .failure(classify(error), "\(error)")
        case .inferenceFailed(let error): outcome = .failure(classify(error), "\(utterance.audioPath): \(error)")
        }
        self.init(sequence: item.index, utterance: utterance, outcome: outcome,
                  audioSeconds: Double(item.sampleCount) / Double(sampleRate), decodeSeconds: item.loadSeconds,
                  inferenceSeconds: item.inferenceSeconds)
    }
}
