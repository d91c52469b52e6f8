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

@Suite("CLI: emobox-summary")
struct EmoBoxSummaryCLITests {
    /// Number cells of a markdown table row (`–` → nil).
    static func cells(_ line: String) -> [String] {
        line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test("EmoBox lists → prepare → emobox-summary: one report, the table's published rows and averages recomputed")
    func fullFlow() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        // Three datasets, one per language group, with their real raw labels; each has one label the
        // 4-class recipe drops, and SAVEE has one key longer than 30 s in the lists.
        try EmoBoxTree.make(root, ds: "savee", labels: ["a", "h", "n", "sa", "su", "a"],
                            map: ["a": "Angry", "h": "Happy", "n": "Neutral", "sa": "Sad", "su": "Surprise"],
                            lengths: [0.5, 0.5, 0.5, 0.5, 0.5, 31.0])
        try EmoBoxTree.make(root, ds: "casia", labels: ["angry", "happy", "neutral", "sad", "fear", "sad"],
                            map: ["angry": "Angry", "happy": "Happy", "neutral": "Neutral", "sad": "Sad", "fear": "Fear"])
        // EmoDB's map spells the key 'Neutral' while the lists say 'neutral' (quirk 1).
        try EmoBoxTree.make(root, ds: "emodb", labels: ["anger", "happy", "neutral", "sad", "boredem", "anger"],
                            map: ["anger": "Angry", "happy": "Happy", "Neutral": "Neutral", "sad": "Sad", "boredem": "Boredom"])
        for ds in ["savee", "casia", "emodb"] {
            let shipped = Fixture.packageRoot.appendingPathComponent("Recipes/emobox/\(ds)-4class.yaml")
            try CorpusCLITests.put(root, "Recipes/emobox/\(ds)-4class.yaml", try String(contentsOf: shipped, encoding: .utf8))
            let prepared = try Emoeval.run(["prepare", "emobox", "emobox", ds, "audio/\(ds)", "data/emobox/\(ds)"], in: root)
            #expect(prepared.status == 0, "\(prepared.stderr)")
        }
        let model = Fixture.packageRoot.appendingPathComponent("Recipes/demo/e2v_tiny_plus").path
        let result = try Emoeval.run(["emobox-summary", "--model", model, "--recipes", "Recipes/emobox",
                                      "--db", "r.sqlite", "-o", "report.md", "--compare-as", "emotion2vec_plus_base",
                                      "--jobs", "1", "--progress", "none"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote report.md: 3 of 32 datasets measured"))
        let report = try String(contentsOf: root.appendingPathComponent("report.md"), encoding: .utf8)
        let lines = report.split(separator: "\n").map(String.init)

        // Per-dataset rows: measured figures beside emotion2vec_plus_base's published ones.
        var measured: [String: (group: String, ua: Double, wa: Double, f1: Double)] = [:]
        for line in lines where line.hasPrefix("| ") {
            let c = Self.cells(line)
            guard c.count == 15, let n = Int(c[2]), let ua = Double(c[5]), let wa = Double(c[6]), let f1 = Double(c[7])
            else { continue }
            measured[c[0]] = (c[1], ua, wa, f1)
            // 6 listed keys: one label dropped by the 4-class recipe; SAVEE's 31 s key left out.
            #expect(n == (c[0] == "SAVEE" ? 4 : 5), "\(line)")
            #expect(Int(c[3]) == (c[0] == "SAVEE" ? 1 : 0), "\(line)")
        }
        #expect(Set(measured.keys) == ["CASIA", "EmoDB", "SAVEE"])
        #expect(lines.contains { $0.hasPrefix("| CASIA | Mandarin | 5 | 0 | 0 |") && $0.contains("| 72.0 | 72.0 | 72.0 |") })
        #expect(lines.contains { $0.hasPrefix("| EmoDB | Other |") && $0.contains("| 97.2 | 97.2 | 97.2 |") })
        #expect(lines.contains { $0.hasPrefix("| SAVEE | English |") && $0.contains("| 100.0 | 100.0 | 100.0 |") })
        // Not measured: listed with the published row and the reason.
        #expect(lines.contains("| IEMOCAP | English | – | – | – | – | – | – | – | – | – | – | – | – | – |"))
        #expect(report.contains("- IEMOCAP: no recipe Recipes/emobox/iemocap-4class.yaml"))
        #expect(report.contains("- SAVEE: 1 in no EmoBox test list (train/valid only), 1 longer than 30 s (max_duration)")
                || report.contains("- SAVEE: 1 longer than 30 s (max_duration)"))

        // Averages recomputed from the rows above (each printed to 0.1).
        func average(_ name: String) throws -> [Double?] {
            let line = try #require(lines.first { $0.hasPrefix("| \(name) |") && $0.contains(" / ") })
            return Self.cells(line).dropFirst(2).map { Double($0) }
        }
        for (name, members) in [("English", ["SAVEE"]), ("Mandarin", ["CASIA"]), ("Other", ["EmoDB"]),
                                ("All", ["CASIA", "EmoDB", "SAVEE"])] {
            let row = try average(name)
            let rows = members.compactMap { measured[$0] }
            let expected = [rows.map(\.ua), rows.map(\.wa), rows.map(\.f1)].map { $0.reduce(0, +) / Double($0.count) }
            for (index, value) in expected.enumerated() {
                let printed = try #require(row[index])
                #expect(abs(printed - value) <= 0.051, "\(name) column \(index): \(printed) vs \(value)")
            }
        }
        // Published averages over the same datasets, and the table's printed ones.
        let all = try average("All")
        #expect(all[3] == ((72.0 + 97.2 + 100.0) / 3).rounded(toPlaces: 1))
        #expect(Array(all[6...8]) == [80.0, 81.7, 79.3])
        #expect(try average("Mandarin")[6...8] == [64.3, 68.2, 64.4])
        #expect(lines.contains { $0.hasPrefix("| English | 1 / 12 |") })

        // --no-run reports from the stored runs only; the same figures.
        let again = try Emoeval.run(["emobox-summary", "--model", model, "--recipes", "Recipes/emobox", "--db", "r.sqlite",
                                     "-o", "again.md", "--compare-as", "emotion2vec_plus_base", "--no-run"], in: root)
        #expect(again.status == 0, "\(again.stderr)")
        let second = try String(contentsOf: root.appendingPathComponent("again.md"), encoding: .utf8)
        #expect(second.split(separator: "\n").filter { $0.hasPrefix("| SAVEE") } == lines.filter { $0.hasPrefix("| SAVEE") }.map { Substring($0) })
    }
}

extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
