// `emoeval prepare emobox` end to end, on a mini EmoBox metadata tree and audio written here.
import EmoTestSupport
import Foundation
import Testing

/// Writes a two-fold mini EmoBox dataset `ds` (4 keys, one of them with a space in its key) under
/// `root/emobox/data/<ds>` and its audio under `root/audio/<ds>` (16 kHz WAVs of `seconds`).
enum EmoBoxTree {
    static func make(_ root: URL, ds: String = "savee", labels: [String] = ["a", "h", "n", "sa"],
                     map: [String: String] = ["a": "Angry", "h": "Happy", "n": "Neutral", "sa": "Sad"],
                     lengths: [Double]? = nil, skipAudio: Set<Int> = []) throws {
        var lines: [String] = []
        for (index, label) in labels.enumerated() {
            let key = "\(ds)-JE \(label)\(index)"
            let rel = "JE_\(label)\(index).wav"
            let length = lengths?[index] ?? 0.5
            lines.append("{\"key\": \"\(key)\", \"dataset\": \"\(ds)\", \"wav\": \"downloads/\(ds)/\(rel)\", \"type\": \"raw\", "
                         + "\"sample_rate\": 16000, \"num_frame\": \(length * 16000), \"task\": \"category\", "
                         + "\"length\": \(length), \"emo\": \"\(label)\", \"channel\": 1}")
            if !skipAudio.contains(index) {
                try CorpusCLITests.put(root, "audio/\(ds)/\(rel)")
            }
        }
        let data = "emobox/data/\(ds)"
        try CorpusCLITests.put(root, "\(data)/\(ds).jsonl", lines.joined(separator: "\n") + "\n")
        let half = lines.count / 2
        try CorpusCLITests.put(root, "\(data)/fold_1/\(ds)_test_fold_1.jsonl", lines[..<half].joined(separator: "\n") + "\n")
        try CorpusCLITests.put(root, "\(data)/fold_1/\(ds)_train_fold_1.jsonl", lines[half...].joined(separator: "\n") + "\n")
        try CorpusCLITests.put(root, "\(data)/fold_2/\(ds)_test_fold_2.jsonl", lines[half...].joined(separator: "\n") + "\n")
        try CorpusCLITests.put(root, "\(data)/fold_2/\(ds)_train_fold_2.jsonl", lines[..<half].joined(separator: "\n") + "\n")
        let json = try JSONSerialization.data(withJSONObject: map, options: [.sortedKeys])
        try CorpusCLITests.put(root, "\(data)/label_map.json", String(data: json, encoding: .utf8)!)
    }
}

@Suite("CLI: prepare emobox")
struct EmoBoxCLITests {
    @Test("prepare emobox prints per-fold counts, writes the data directory; unresolved keys fail unless allowed (exit 3)")
    func prepare() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try EmoBoxTree.make(root, skipAudio: [3])
        let out = root.appendingPathComponent("data/savee").path
        let args = ["prepare", "emobox", root.appendingPathComponent("emobox").path, "savee",
                    root.appendingPathComponent("audio/savee").path, out]
        let refused = try Emoeval.run(args)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("'savee-JE sa3': no file 'JE_sa3.wav'"))
        #expect(refused.stderr.contains("1 of 4 keys unresolved, more than --max-unresolved 0 keys allows"))
        #expect(!FileManager.default.fileExists(atPath: out))

        let written = try Emoeval.run(args + ["--max-unresolved", "25%"])
        #expect(written.status == 3, "\(written.stderr)")
        #expect(written.stderr.contains("unresolved: savee-JE sa3 (downloads/savee/JE_sa3.wav): no file 'JE_sa3.wav'"))
        #expect(written.stderr.contains("WARNING:   2 folds, EmoBox's SAVEE has 4"))
        #expect(written.stdout.contains("fold 1 test: 2 of 2 listed — Angry 1, Happy 1\n"))
        #expect(written.stdout.contains("fold 2 test: 1 of 2 listed — Neutral 1, Sad 0/1\n"))
        #expect(written.stdout.contains("labels: a→Angry 1, h→Happy 1, n→Neutral 1\n"))
        #expect(written.stdout.contains("wrote 3 utterances to \(out) (1 unresolved keys left out, listed in \(out)/unresolved)"))
        #expect(try String(contentsOfFile: out + "/utt2fold", encoding: .utf8)
                == "savee-JE_a0 1\nsavee-JE_h1 1\nsavee-JE_n2 2\n")

        let usage = try Emoeval.run(["prepare", "emobox", "a", "b", "c"])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("expected EMOBOX_DATA_DIR DATASET AUDIO_ROOT OUT, got 3 path(s)"))
        let badLimit = try Emoeval.run(args + ["--max-unresolved", "many"])
        #expect(badLimit.status == 64)
    }
}
