// The whole dimensional flow on the tiny audEERING-shaped model (Tests/Fixtures/hf_w2v2_dim_tiny: wav2vec2 +
// regression head, outputs [arousal, dominance, valence]): prepare-style data directory with dimension files,
// `emoeval run`, then `report --json` / markdown / SVG and `compare`; the CCCs must equal those of the
// transformers reference outputs (Tests/Fixtures/refs/hf_w2v2_dim_tiny) against the same annotations.
import EmoTestSupport
import Foundation
import Testing

@Suite("Dimensional flow (CLI)", .serialized)
struct DimensionalFlowCLITests {
    /// 16 kHz clips only: the references resampled 8/44.1 kHz input with another resampler.
    static let clips = ["speech_0p5s", "speech_1p7s", "speech_3s", "n720", "n400", "n401", "speech_6s", "n719"]
    /// Annotations on 1…7, chosen by hand (the model has random weights: the point is the bookkeeping).
    static let arousal: [Double] = [2.2, 5.8, 3.4, 1.6, 6.2, 4.0, 2.8, 5.0]
    static let valence: [Double] = [4.0, 3.2, 5.6, 2.0, 4.4, 6.8, 1.2, 3.8]
    static let dominance: [Double] = [3.0, 4.6, 2.4, 5.2, 3.8, 1.8, 6.0, 4.2]

    /// Lin's CCC with population moments, written out here so the check does not call emoeval's code.
    static func ccc(_ y: [Double], _ x: [Double]) -> Double {
        let n = Double(y.count), my = y.reduce(0, +) / n, mx = x.reduce(0, +) / n
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +) / n
        let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +) / n, syy = y.map { ($0 - my) * ($0 - my) }.reduce(0, +) / n
        return 2 * sxy / (sxx + syy + (mx - my) * (mx - my))
    }

    /// The transformers outputs of the fixture for one clip: [arousal, dominance, valence].
    static func reference(_ clip: String) throws -> [Double] {
        let data = try Data(contentsOf: Fixture.url("refs/hf_w2v2_dim_tiny/\(clip).json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(object["scores"] as? [Double])
    }

    @Test("run + report --json: per-dimension CCC equals the reference outputs' CCC; markdown, SVG, compare")
    func fullFlow() throws {
        let directory = try Fixture.temporaryDirectory("emoeval-dimflow")
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let ids = Self.clips.indices.map { String(format: "u%02d", $0) }
        func write(_ name: String, _ values: [String]) throws {
            try zip(ids, values).map { "\($0) \($1)\n" }.joined()
                .write(to: data.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try write("wav.scp", Self.clips.map { Fixture.path("audio/\($0).wav") })
        try write("utt2emo", ids.indices.map { ["neu", "hap", "ang", "sad"][$0 % 4] })
        try write("utt2spk", ids.indices.map { "spk\($0 % 3)" })
        try write("utt2arousal", Self.arousal.map { "\($0)" })
        try write("utt2valence", Self.valence.map { "\($0)" })
        try write("utt2dominance", Self.dominance.map { "\($0)" })
        let recipe = directory.appendingPathComponent("dims.yaml").path
        try """
            name: dimflow
            data: data
            folds: {by: speaker}
            dimensions: {arousal: [1, 7], valence: [1, 7], dominance: [1, 7]}
            models:
              hf-wav2vec2:
                dimensions: {outputs: {arousal: arousal, dominance: dominance, valence: valence}, scale: [0, 1]}
            references:
              - model: hf_w2v2_dim_tiny
                figures: {CCC-valence: 0.638}
                protocol: not this corpus.
                source: test
                seen_in_training: no
            """.write(toFile: recipe, atomically: true, encoding: .utf8)
        let db = directory.appendingPathComponent("dims.sqlite").path
        let run = try Emoeval.run(["run", recipe, "--model", Fixture.path("hf_w2v2_dim_tiny"), "--db", db,
                                   "--jobs", "2", "--progress", "none"])
        #expect(run.status == 0, "\(run.stderr)")

        let report = try Emoeval.run(["report", recipe, "--db", db, "--json", "--resamples", "200"])
        #expect(report.status == 0, "\(report.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        #expect((json["runs"] as? [Any])?.isEmpty == true)   // a dimension-only recipe: no categorical section
        let runs = try #require(json["dimensionalRuns"] as? [[String: Any]])
        #expect(runs.count == 1)
        let dimensions = try #require(runs[0]["dimensions"] as? [[String: Any]])
        #expect(dimensions.compactMap { $0["dimension"] as? String } == ["arousal", "valence", "dominance"])
        let references = try Self.clips.map(Self.reference)
        for (d, truth, output) in [("arousal", Self.arousal, 0), ("valence", Self.valence, 2), ("dominance", Self.dominance, 1)] {
            let entry = try #require(dimensions.first { $0["dimension"] as? String == d })
            // labels-to-model: annotations mapped (y − 1)/6 onto the model's declared 0…1.
            let expected = Self.ccc(truth.map { ($0 - 1) / 6 }, references.map { $0[output] })
            let measured = try #require(entry["ccc"] as? Double)
            // Swift outputs match transformers within 1e-4 (the parity tests); CCC moves less than that.
            #expect(abs(measured - expected) < 1e-4, "\(d): \(measured) vs \(expected)")
            #expect(entry["scored"] as? Int == 8 && entry["output"] as? String == d)
            #expect((entry["folds"] as? [Any])?.count == 3 && entry["intervalUnit"] as? String == "speaker")
        }

        let markdown = directory.appendingPathComponent("out/dims.md").path
        let written = try Emoeval.run(["report", recipe, "--db", db, "-o", markdown, "--resamples", "200"])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("[dimensions]: N=8"))
        let text = try String(contentsOfFile: markdown, encoding: .utf8)
        #expect(text.contains("## Dimensional results") && text.contains("| hf_w2v2_dim_tiny | run 1 | valence | CCC | 0.638 |"))
        #expect(text.contains("annotations 1…7 mapped linearly onto the model's 0…1 (labels-to-model)"))
        let svg = try String(contentsOfFile: directory.appendingPathComponent("out/dims-run-1-dimensions.svg").path,
                             encoding: .utf8)
        #expect(svg.components(separatedBy: "<circle").count - 1 == 24)
    }
}
