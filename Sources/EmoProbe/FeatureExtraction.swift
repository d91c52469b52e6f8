// Frame features of a whole corpus into a feature file next to the database, reused when the model
// checkpoint and the utterance set are unchanged.
import EmoHash
import Foundation
import EmoModels
import EmoRunner
import EmoStore

/// Extracts (or reopens) the frame features of `utterances` under `model`.
public enum FeatureExtraction {
    /// The key written into the file: sha256 over the checkpoint's sha256, the corpus name and the
    /// audio-set hash of the utterances (keys, audio file names, segments), and `precision` when it is not
    /// fp32 — the probe passes the quantization scheme (`Precision.scheme`), so features of another int8
    /// arithmetic are another file; fp32 keys are those of files written before precisions existed.
    public static func key(checkpointSHA256: String, corpusName: String, utterances: [UtteranceRecord],
                           precision: String? = nil) -> String {
        let audioSet = CorpusRecord.audioSetSHA256(of: utterances)
        let tail = precision.map { "\n\($0)" } ?? ""
        return sha256Hex(of: Array("emoeval-features-v1\n\(checkpointSHA256)\n\(corpusName)\n\(audioSet)\(tail)".utf8))
    }

    /// `<database>.features/<model variant>-<key prefix>.emofeat`.
    public static func defaultPath(databasePath: String, variant: String, key: String) -> String {
        let safeVariant = String(variant.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
        return databasePath + ".features/\(safeVariant)-\(key.prefix(16)).emofeat"
    }

    /// Opens `path` when it was written for `key` with `utterances.count` entries; otherwise runs the model
    /// over every utterance (`jobs` at a time, through `runInference`) and writes the file in utterance order.
    /// An utterance that cannot be loaded or run gets zero frames; `failures` names why (index → message).
    public static func loadOrExtract(model: any EmotionModel, utterances: [UtteranceRecord], loader: AudioLoader,
                                     path: String, key: String, jobs: Int,
                                     progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil)
        throws -> (features: FrameFeatures, reused: Bool, failures: [Int: (FailureKind, String)]) {
        if FileManager.default.fileExists(atPath: path),
           let features = try? FeatureFile.open(path: path, expectedKey: key, expectedCount: utterances.count) {
            var failures: [Int: (FailureKind, String)] = [:]
            for (i, length) in features.lengths.enumerated() where length == 0 {
                failures[i] = (.inference, "no frame features in \(path) (extraction failed earlier)")
            }
            return (features, true, failures)
        }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ProbeError.featureFileIO(path: directory, problem: "cannot create directory (\(error))")
        }
        let writer = try FeatureFileWriter(path: path, key: key, dim: model.embeddingDim, count: utterances.count)
        var failures: [Int: (FailureKind, String)] = [:]
        let progressStep = max(1, jobs) * 8
        try runInference(model: model, count: utterances.count, jobs: jobs, includeFrames: true,
                         load: { i in try loader.load(utterances[i], model.sampleRate, model.minimumSamples) },
                         deliver: { i, result in
            switch result {
            case .success(let output):
                let frames = output.frames?.data ?? []
                if frames.isEmpty { failures[i] = (.inference, "the model returned no frames") }
                try writer.append(frames)
            case .failure(let error):
                failures[i] = (loader.classify(error), "\(utterances[i].audioPath): \(error)")
                try writer.append([])
            }
            if (i + 1) % progressStep == 0 || i + 1 == utterances.count { progress?(i + 1, utterances.count) }
        })
        try writer.finish()
        return (try FeatureFile.open(path: path, expectedKey: key, expectedCount: utterances.count), false, failures)
    }
}
