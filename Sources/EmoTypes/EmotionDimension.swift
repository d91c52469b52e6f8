// The continuous emotion dimensions a data directory may annotate, one `utt2<dimension>` file each.

/// Arousal (activation), valence and dominance, in the order reports use.
public enum EmotionDimension: String, Sendable, Codable, CaseIterable, Comparable, CodingKeyRepresentable {
    case arousal
    case valence
    case dominance

    /// The data-directory file holding one number per utterance, e.g. `utt2arousal`.
    public var fileName: String { "utt2\(rawValue)" }

    public static func < (a: EmotionDimension, b: EmotionDimension) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
