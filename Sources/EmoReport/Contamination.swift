// Known training-data overlaps between released models and evaluation corpora (docs/specs/protocols-and-peers.md §1.3, §1.4).

import EmoTypes

/// Warnings for a run of `model` on `corpus`, from built-in knowledge and the recipe's references
/// (`seenInTraining` of a reference for the same model). Deterministic order, no duplicates.
public func contaminationWarnings(model: ModelProvenance, corpus: String,
                                  references: [PublishedFigure]) -> [String] {
    var warnings: [String] = []
    let corpusName = corpus.lowercased()
    let variant = model.variant.lowercased()
    if model.family == "wav2vec2-iemocap" && corpusName.contains("iemocap") {
        warnings.append("SpeechBrain's emotion-recognition-wav2vec2-IEMOCAP was trained on a random 80/10/10 "
            + "split of the 5531 IEMOCAP utterances (speakers overlap); scoring it on IEMOCAP measures "
            + "mostly training data.")
    }
    if variant.contains("plus_seed") || variant.contains("plus-seed"),
       emoBoxCorpora.contains(where: { corpusName.contains($0) }) {
        warnings.append("emotion2vec+ seed was fine-tuned on EmoBox's academic SER data, which includes "
            + "\(corpus); its figures here are not truly zero-shot.")
    }
    // A recipe's own flag (the first one for this model) adds a warning only where no built-in rule gave one.
    if warnings.isEmpty, let reference = references.first(where: {
        $0.model == model.variant && ($0.seenInTraining == .yes || $0.seenInTraining == .partly)
    }) {
        warnings.append("The recipe's reference (\(reference.source)) records that \(model.variant) saw "
            + "\(reference.seenInTraining == .yes ? "this corpus" : "part of this corpus") in training.")
    }
    return warnings
}

/// Lower-cased names of corpora in EmoBox (the seed model's fine-tuning data), matched as substrings.
let emoBoxCorpora = [
    "iemocap", "meld", "ravdess", "crema", "emodb", "esd", "msp", "casia", "savee", "tess", "cafe",
    "aesdd", "ased", "asvp", "emns", "emov-db", "emovo", "emozionalmente", "enterface", "jl-corpus",
    "m3ed", "mead", "mer2023", "mesd", "oreau", "pavoque", "resd", "shemo", "subesco", "turev", "urdu",
]
