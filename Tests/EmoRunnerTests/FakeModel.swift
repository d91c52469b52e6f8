// A deterministic stand-in for a real model and an in-memory audio source, so runner tests need no weights.
import Foundation
import EmoKernels
import EmoModels
import EmoRunner
import EmoStore

/// Scores are a softmax over simple statistics of the samples; the embedding is those statistics.
struct FakeModel: EmotionModel {
    var identity = ModelIdentity(family: .emotion2vec, variant: "fake", directory: "/nonexistent/fake",
                                 checkpointSHA256: "fa1e", rawLabels: ["angry", "happy", "neutral", "sad"],
                                 labels: ["angry", "happy", "neutral", "sad"])
    var sampleRate = 16000
    var minimumSamples = 400
    var embeddingDim = 3
    /// Sleeps this long per call, so cancellation tests can catch a run mid-way.
    var delay: Double = 0

    struct TooShort: Error, CustomStringConvertible {
        var count: Int
        var description: String { "input of \(count) samples is shorter than 400" }
    }

    func infer(_ samples: [Float], includeFrames: Bool) throws -> ModelOutput {
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        guard samples.count >= minimumSamples else { throw TooShort(count: samples.count) }
        let mean = samples.reduce(0, +) / Float(samples.count)
        let peak = samples.map(abs).max() ?? 0
        let length = Float(samples.count) / 16000
        let logits: [Float] = [mean * 10, peak, length, -mean * 5]
        let top = logits.max() ?? 0
        let exps = logits.map { exp($0 - top) }
        let sum = exps.reduce(0, +)
        let frames = includeFrames ? Tensor(shape: [2, 3], data: [mean, peak, length, length, peak, mean]) : nil
        return ModelOutput(scores: exps.map { $0 / sum }, embedding: [mean, peak, length], frames: frames)
    }
}

/// Audio made up from the utterance key; paths containing "missing" or "corrupt" fail like real files.
enum FakeAudio {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path): no such audio file" }
    }

    struct Corrupt: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path): cannot decode audio" }
    }

    static let loader = AudioLoader(
        load: { utterance, rate, _ in
            if utterance.audioPath.contains("missing") { throw Missing(path: utterance.audioPath) }
            if utterance.audioPath.contains("corrupt") { throw Corrupt(path: utterance.audioPath) }
            let count = Int((utterance.duration ?? 1) * Double(rate))
            let seed = utterance.key.unicodeScalars.reduce(0) { $0 &* 31 &+ Int($1.value) }
            return (0..<count).map { Float(sin(Double($0 &+ seed) * 0.001)) * 0.5 }
        },
        classify: { error in
            switch error {
            case is Missing: return .missingAudio
            case is Corrupt: return .unreadableAudio
            default: return .inference
            }
        })

    /// `count` utterances "u00"... with durations 0.1–1.9 s; `failing` maps index → path marker.
    static func utterances(_ count: Int, failing: [Int: String] = [:]) -> [UtteranceRecord] {
        (0..<count).map { i in
            let key = String(format: "u%02d", i)
            let marker = failing[i].map { "-\($0)" } ?? ""
            return UtteranceRecord(key: key, audioPath: "/corpus/\(key)\(marker).wav",
                                   label: ["angry", "happy", "neutral", "sad"][i % 4], speaker: "s\(i % 3)",
                                   fold: "f\(i % 2)", duration: 0.1 + Double((i * 7) % 19) * 0.1)
        }
    }

    static func request(_ utterances: [UtteranceRecord], jobs: Int = 1, options: RunOptions = RunOptions(),
                        shard: Shard? = nil, limit: Int? = nil, maxFailures: Int? = nil,
                        batchSize: Int = 4) -> RunRequest {
        RunRequest(corpus: CorpusRecord(name: "fake", recipePath: "fake.yaml", recipeSHA256: "r", audioSetSHA256: "",
                                        labels: ["angry", "happy", "neutral", "sad"]),
                   utterances: utterances, options: options, jobs: jobs, shard: shard, limit: limit,
                   maxFailures: maxFailures, batchSize: batchSize, command: "test")
    }

    static let environment = RunEnvironment(toolkitVersion: "test", host: "test-host", blasCore: nil, blasThreads: 1)
}

/// The deterministic content of a run's tables (row ids, scores, labels, vectors, failures; no timings).
struct RunTables: Equatable, CustomStringConvertible {
    var predictions: [String]
    var failures: [String]

    init(_ store: EvalStore, runId: Int64) throws {
        let keys = Dictionary(uniqueKeysWithValues: try store.runOverview(id: runId).corpus.id.map {
            try store.utterances(corpusId: $0).map { ($0.id ?? -1, $0.key) }
        } ?? [])
        predictions = try store.predictionRecords(runId: runId).map { p in
            "\(p.id ?? -1) \(keys[p.utteranceId] ?? "?") \(p.scores) \(p.topLabel ?? "-") \(p.embedding ?? []) "
                + "\(p.frames ?? []) \(p.audioSeconds)"
        }
        failures = try store.failureRecords(runId: runId).map { f in
            "\(f.id ?? -1) \(keys[f.utteranceId] ?? "?") \(f.kind.rawValue) \(f.message)"
        }
    }

    var description: String { (predictions + failures).joined(separator: "\n") }
}
