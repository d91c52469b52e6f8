// Frame features of a whole corpus into a feature file next to the database, reused when the model
// checkpoint and the utterance set are unchanged.
import EmoCheckpoint
import Foundation
import EmoModels
import EmoRunner
import EmoStore

/// Extracts (or reopens) the frame features of `utterances` under `model`.
public enum FeatureExtraction {
    /// The key written into the file: sha256 over the checkpoint's sha256, the corpus name and the
    /// audio-set hash of the utterances (keys, audio file names, segments).
    public static func key(checkpointSHA256: String, corpusName: String, utterances: [UtteranceRecord]) -> String {
        let audioSet = CorpusRecord.audioSetSHA256(of: utterances)
        return sha256Hex(of: Array("emoeval-features-v1\n\(checkpointSHA256)\n\(corpusName)\n\(audioSet)".utf8))
    }

    /// `<database>.features/<model variant>-<key prefix>.emofeat`.
    public static func defaultPath(databasePath: String, variant: String, key: String) -> String {
        let safeVariant = String(variant.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
        return databasePath + ".features/\(safeVariant)-\(key.prefix(16)).emofeat"
    }

    /// Opens `path` when it was written for `key` with `utterances.count` entries; otherwise runs the model
    /// over every utterance (`jobs` at a time; the caller sets the BLAS threads, see `runProbe`) and writes the file in utterance order.
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
        let workers = max(1, jobs)
        var failures: [Int: (FailureKind, String)] = [:]
        let chunk = workers * 8
        for start in stride(from: 0, to: utterances.count, by: chunk) {
            let range = start..<min(start + chunk, utterances.count)
            let slots = ExtractionSlots(count: range.count)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let k = slots.take() {
                    let utterance = utterances[range.lowerBound + k]
                    do {
                        let samples = try loader.load(utterance, model.sampleRate, model.minimumSamples)
                        let output = try model.infer(samples, includeFrames: true)
                        slots.put(k, .success(output.frames?.data ?? []))
                    } catch {
                        slots.put(k, .failure(ExtractionFailure(kind: loader.classify(error),
                                                                message: "\(utterance.audioPath): \(error)")))
                    }
                }
            }
            for (k, outcome) in slots.values.enumerated() {
                switch outcome {
                case .success(let frames)?:
                    if frames.isEmpty { failures[range.lowerBound + k] = (.inference, "the model returned no frames") }
                    try writer.append(frames)
                case .failure(let failure)?:
                    failures[range.lowerBound + k] = (failure.kind, failure.message)
                    try writer.append([])
                case nil:
                    try writer.append([])
                }
            }
            progress?(range.upperBound, utterances.count)
        }
        try writer.finish()
        return (try FeatureFile.open(path: path, expectedKey: key, expectedCount: utterances.count), false, failures)
    }
}

struct ExtractionFailure: Error {
    var kind: FailureKind
    var message: String
}

/// Work counter and result slots for one chunk of utterances.
final class ExtractionSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var results: [Result<[Float], ExtractionFailure>?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func take() -> Int? {
        lock.withLock {
            guard next < results.count else { return nil }
            defer { next += 1 }
            return next
        }
    }
    func put(_ k: Int, _ result: Result<[Float], ExtractionFailure>) { lock.withLock { results[k] = result } }
    var values: [Result<[Float], ExtractionFailure>?] { lock.withLock { results } }
}
