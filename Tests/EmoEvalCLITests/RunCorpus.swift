// A throw-away corpus for `emoeval run` CLI tests: fixture clips repeated under many utterance ids, plus a
// missing, a corrupt and a too-short file, and a recipe using the tiny random-weight emotion2vec+ fixture.
import Foundation
import EmoTestSupport
import EmoStore

struct RunCorpus {
    let directory: URL
    let recipe: String
    /// Utterances in the corpus (including the three that fail).
    let count: Int

    /// Short clips in several formats and rates (the tiny model is slow in a debug build).
    static let clips = ["speech_0p5s.wav", "n719.wav", "mono_8k_1p5s.wav", "n401.wav", "speech_1p7s_24bit.flac",
                        "n720.wav"]
    static let labels = ["neu", "hap", "ang", "sad"]

    /// `clipCount` good utterances plus 3 failing ones.
    init(clipCount: Int) throws {
        directory = try Fixture.temporaryDirectory("emoeval-run")
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let corrupt = directory.appendingPathComponent("corrupt.wav")
        try Data("RIFF\u{10}\0\0\0WAVEfmt garbage that is not audio".utf8).write(to: corrupt)
        let short = directory.appendingPathComponent("short.wav")
        try Self.wav(samples: 100).write(to: short)
        var entries: [(String, String)] = (0..<clipCount).map { i in
            (String(format: "utt%03d", i), Fixture.path("audio/" + Self.clips[i % Self.clips.count]))
        }
        entries += [("zz_corrupt", corrupt.path), ("zz_missing", directory.appendingPathComponent("missing.wav").path),
                    ("zz_short", short.path)]
        entries.sort { $0.0 < $1.0 }
        func write(_ name: String, _ value: (Int, (String, String)) -> String) throws {
            let text = entries.enumerated().map { "\($0.element.0) \(value($0.offset, $0.element))\n" }.joined()
            try text.write(to: data.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("wav.scp") { $1.1 }
        try write("utt2emo") { i, _ in Self.labels[i % 4] }
        try write("utt2spk") { i, _ in "spk\(i % 3)" }
        let recipeText = """
            name: clitest
            data: data
            labels: [neu, hap, ang, sad]
            folds: {by: speaker}
            models:
              emotion2vec:
                label_map: {neutral: neu, happy: hap, angry: ang, sad: sad}
                policy: restricted
            model_directories: [\(Fixture.path("e2v_tiny_plus"))]

            """
        recipe = directory.appendingPathComponent("clitest.yaml").path
        try recipeText.write(toFile: recipe, atomically: true, encoding: .utf8)
        count = entries.count
    }

    func database(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A 16 kHz mono PCM16 WAV of `samples` zero samples.
    static func wav(samples: Int) -> Data {
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + samples * 2))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(1))
        append(UInt32(16000)); append(UInt32(32000)); append(UInt16(2)); append(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(samples * 2))
        data.append(Data(count: samples * 2))
        return data
    }
}

/// The deterministic content of every run in a database: per run (by model and options) the prediction rows
/// in row order (utterance, scores, top label, embedding) and the failures (utterance, kind, message).
func storedTables(_ path: String) throws -> [String] {
    let store = try EvalStore(path: path)
    return try store.runOverviews().flatMap { overview -> [String] in
        let runId = overview.run.id
        let keys = Dictionary(uniqueKeysWithValues: try store.utterances(corpusId: overview.corpus.id ?? -1)
            .map { ($0.id ?? -1, $0.key) })
        let head = "run \(overview.model.variant) \(overview.run.identity) \(overview.run.status.rawValue)"
        return [head] + (try store.predictionRecords(runId: runId)).map {
            "\($0.id ?? -1) \(keys[$0.utteranceId] ?? "?") \($0.scores) \($0.topLabel ?? "-") \($0.embedding ?? [])"
        } + (try store.failureRecords(runId: runId)).map {
            "failure \(keys[$0.utteranceId] ?? "?") \($0.kind.rawValue) \($0.message)"
        }
    }
}

/// Starts `emoeval` without waiting (for kill and SIGINT tests); output is discarded.
func startEmoeval(_ arguments: [String]) throws -> Process {
    let process = Process()
    process.executableURL = Emoeval.binary
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    return process
}

/// Predictions + failures stored in the first run of the database at `path` (0 when there is none yet).
func storedCount(_ path: String) -> Int {
    guard FileManager.default.fileExists(atPath: path),
          let overview = try? EvalStore(path: path).runOverviews().first else { return 0 }
    return overview.predicted + overview.failed
}
