// How a model's score vector becomes one of the dataset's labels (docs/specs/protocols-and-peers.md §7).

/// Decoding policy, declared per model family in the recipe and applied to stored scores.
public enum LabelPolicy: String, Sendable, Codable, CaseIterable, Equatable {
    /// Argmax over the model classes that map to a dataset label only. Equals masking the other
    /// logits to −∞ before the softmax (softmax preserves order): emotion2vec+'s "primary 4" release.
    case restricted
    /// Argmax over all model classes; a winner that maps to no dataset label is an error and is
    /// counted in an extra "other" column of the confusion matrix.
    case full

    /// One sentence for reports.
    public var explanation: String {
        switch self {
        case .restricted:
            return "restricted argmax: argmax over the model classes mapped to a dataset label "
                + "(same as masking the other logits before the softmax)"
        case .full:
            return "full argmax: argmax over all model classes; a winner mapped to no dataset label "
                + "counts as wrong and is shown in the \"other\" column"
        }
    }
}
