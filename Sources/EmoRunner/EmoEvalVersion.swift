// The toolkit version, recorded with every run and printed by `emoeval --version`.

public enum EmoEvalVersion {
    public static let string = "0.1.0"
}
