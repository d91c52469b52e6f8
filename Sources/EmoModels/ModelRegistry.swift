// The model registry: one entry per supported family, from a detected model directory to a loaded model.

/// Loads the model in `directory`: detects its family from the files (see `detectModelDirectory`) and
/// builds that family's model. Throws `ModelDirectoryError` when the directory is not a model,
/// `ModelError` when its files disagree or a family has no native implementation yet.
public func loadModel(directory: String) throws -> any EmotionModel {
    let found = try detectModelDirectory(directory)
    switch found.family {
    case .emotion2vec:
        return try Emotion2Vec(directory: found)
    case .wav2vec2IEMOCAP:
        return try Wav2Vec2Classifier(directory: found)
    }
}

extension Emotion2Vec {
    /// Loads from a detected emotion2vec directory (config.yaml, checkpoint, tokens.txt when present).
    public init(directory found: ModelDirectory) throws {
        try self.init(directory: found.path, configPath: found.config, checkpointPath: found.checkpoint,
                      tokensPath: found.labels)
    }
}
