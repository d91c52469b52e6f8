// Tiny-model parity against FunASR 1.4.16's own outputs (Tests/Fixtures/refs, Tests/Fixtures/README.md §5): all four tiny
// directories on every 16 kHz fixture file, including the 400/401/719/720-sample edge cases.
import Foundation
import Testing
import EmoModels
import EmoTestSupport

/// fp32 port vs PyTorch fp32: accumulation order differs (BLAS blocking, erf, LayerNorm sums); FunASR's own
/// 1- vs 2-thread runs differ by up to 5.7e-6 on frames. Features are O(1) (|x| ≤ 7.7).
let featureTolerance: Float = 1e-4
/// Probabilities: FunASR 1 vs 2 threads differ by ≤ 1.8e-7; the head amplifies embedding noise only mildly.
let scoreTolerance: Float = 1e-5

/// A tiny fixture model directory and the directory of its FunASR references.
struct TinyE2V: Sendable, CustomStringConvertible {
    let directory: String
    let refs: String
    let checkpoint: String
    var description: String { directory }

    static let all = [
        TinyE2V(directory: "e2v_tiny_plus", refs: "refs/e2v_tiny_plus", checkpoint: "model.pt"),
        TinyE2V(directory: "e2v_tiny_plus_wrapped", refs: "refs/e2v_tiny_plus", checkpoint: "model.pt"),
        TinyE2V(directory: "e2v_tiny_plus_oldtokens", refs: "refs/e2v_tiny_plus_oldtokens", checkpoint: "model.pt"),
        TinyE2V(directory: "e2v_tiny_base", refs: "refs/e2v_tiny_base", checkpoint: "emotion2vec_base.pt"),
    ]

    func load() throws -> Emotion2Vec {
        let dir = Fixture.path(directory)
        let tokens = dir + "/tokens.txt"
        return try Emotion2Vec(directory: dir, configPath: dir + "/config.yaml",
                               checkpointPath: dir + "/" + checkpoint,
                               tokensPath: FileManager.default.fileExists(atPath: tokens) ? tokens : nil)
    }
}

/// One FunASR reference record (`<key>.json`).
struct ReferenceRecord: Decodable {
    let labels: [String]
    let scores: [Double]
    let top_label: String?
    let n_frames: Int
    let dim: Int

    init(_ path: String) throws {
        self = try JSONDecoder().decode(ReferenceRecord.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

let sixteenKilohertzKeys = ["n400", "n401", "n719", "n720", "speech_0p5s", "speech_1p7s", "speech_3s", "speech_6s"]

@Suite("emotion2vec tiny parity with FunASR")
struct Emotion2VecParityTests {
    @Test("frames, embedding, labels and scores match FunASR", arguments: TinyE2V.all)
    func parity(model fixture: TinyE2V) throws {
        let model = try fixture.load()
        for key in sixteenKilohertzKeys {
            let samples = try TestWave.pcm16Mono(Fixture.path("audio/\(key).wav"))
            let reference = try ReferenceRecord(Fixture.path("\(fixture.refs)/\(key).json"))
            let output = try model.infer(samples, includeFrames: true)
            let frames = try #require(output.frames)
            let refFrames = try readNpy(Fixture.path("\(fixture.refs)/\(key).frames.npy"))
            let refUtterance = try readNpy(Fixture.path("\(fixture.refs)/\(key).utterance.npy"))

            #expect(frames.shape == refFrames.shape, "\(key): frame shape")
            #expect(frames.shape[0] == reference.n_frames, "\(key): frame count")
            #expect(model.frameCount(samples: samples.count) == reference.n_frames, "\(key): frameCount")
            #expect(maxAbsDifference(frames.data, refFrames.values) <= featureTolerance, "\(key): frames")
            #expect(maxAbsDifference(output.embedding, refUtterance.values) <= featureTolerance, "\(key): embedding")

            #expect(model.identity.rawLabels == reference.labels, "\(key): labels")
            #expect(output.scores.count == reference.scores.count, "\(key): score count")
            let scoreDiff = zip(output.scores, reference.scores).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(scoreDiff <= Double(scoreTolerance), "\(key): scores differ by \(scoreDiff)")
            if let top = reference.top_label {
                let best = output.scores.indices.max { output.scores[$0] < output.scores[$1] }
                #expect(best.map { model.identity.rawLabels[$0] } == top, "\(key): top label")
            } else {
                #expect(output.scores.isEmpty)
            }
        }
    }
}
