// The EmoBox summary's averages: per language group over the measured datasets, beside the published rows.
import EmoCorpus
@testable import EmoEvaluation
import Testing

@Suite("EmoBox summary")
struct EmoBoxSummaryTests {
    static func row(_ id: String, _ measured: (Double, Double, Double)?, published: (Double, Double, Double)?) -> EmoBoxSummaryRow {
        EmoBoxSummaryRow(dataset: EmoBoxCatalog.dataset(id)!, recipeName: "emobox-\(id)-4class",
                         missing: measured == nil ? "not prepared" : nil, scored: measured == nil ? 0 : 10,
                         measured: measured.map { EmoBoxFigures(ua: $0.0, wa: $0.1, macroF1: $0.2) },
                         published: published.map { EmoBoxFigures(ua: $0.0, wa: $0.1, macroF1: $0.2) })
    }

    @Test("averages per group over measured datasets; published over the same datasets; printed row by model")
    func averages() throws {
        let summary = EmoBoxSummary(modelVariant: "m", checkpointSHA256: "ab", compareAs: "emotion2vec_plus_large", rows: [
            Self.row("iemocap", (70, 60, 50), published: (70.7, 67.3, 68.5)),
            Self.row("savee", (90, 80, 70), published: (100, 100, 100)),
            Self.row("casia", (40, 30, 20), published: (76.5, 76.5, 76.5)),
            Self.row("esd", nil, published: (87.0, 87.0, 87.0)),
            Self.row("emodb", (100, 100, 100), published: nil),
        ])
        let byName = Dictionary(uniqueKeysWithValues: summary.averages.map { ($0.name, $0) })
        #expect(summary.averages.map(\.name) == ["English", "Mandarin", "Other", "All"])
        #expect(byName["English"]?.measured == EmoBoxFigures(ua: 80, wa: 70, macroF1: 60))
        #expect(byName["English"]?.publishedSameDatasets == EmoBoxFigures(ua: 85.35, wa: 83.65, macroF1: 84.25))
        #expect(byName["English"]?.measuredCount == 2 && byName["English"]?.groupSize == 12)
        #expect(byName["Mandarin"]?.measured == EmoBoxFigures(ua: 40, wa: 30, macroF1: 20))   // ESD not measured
        #expect(byName["Mandarin"]?.publishedSameDatasets == EmoBoxFigures(ua: 76.5, wa: 76.5, macroF1: 76.5))
        #expect(byName["Other"]?.publishedSameDatasets == nil)                                 // EmoDB has no published row
        #expect(byName["All"]?.measured == EmoBoxFigures(ua: 75, wa: 67.5, macroF1: 60))
        #expect(byName["All"]?.groupSize == 32)
        #expect(byName["All"]?.printed == EmoBoxFigures(ua: 81.4, wa: 82.2, macroF1: 80.9))
        let text = summary.render(generated: "today", toolkitVersion: "0")
        #expect(text.contains("| IEMOCAP | English | 10 | 0 | 0 | 70.0 | 60.0 | 50.0 | – | 70.7 | 67.3 | 68.5 | -0.7 | -7.3 | -18.5 |"))
        #expect(text.contains("| All | 4 / 32 | 75.0 | 67.5 | 60.0 | – | – | – | 81.4 | 82.2 | 80.9 |"))
        #expect(text.contains("- ESD: not prepared"))
        #expect(!text.contains("Contamination"))
        let seed = EmoBoxSummary(modelVariant: "m", checkpointSHA256: "ab", compareAs: "emotion2vec_plus_seed", rows: [])
        #expect(seed.render(generated: "", toolkitVersion: "").contains("**Contamination:** emotion2vec+ seed was fine-tuned"))
    }

    @Test("the printed Mandarin average is the mean of the table's CASIA, ESD, M3ED and MER2023 rows")
    func mandarinGroupReproducesTheTable() {
        // seed / base / large UA of CASIA, ESD, M3ED, MER2023 (emotion2vec README, Table IV).
        let ua: [String: [Double]] = ["emotion2vec_plus_seed": [69.2, 80.3, 47.0, 59.9],
                                      "emotion2vec_plus_base": [72.0, 85.4, 39.7, 60.1],
                                      "emotion2vec_plus_large": [76.5, 87.0, 46.9, 63.6]]
        for (model, values) in ua {
            let mean = values.reduce(0, +) / 4
            #expect(abs(mean - EmoBoxSummary.printedAverages[model]!["Mandarin"]!.ua) < 0.05, "\(model)")
        }
        #expect(EmoBoxCatalog.datasets.filter { $0.group == .mandarin }.map(\.id) == ["casia", "esd", "m3ed", "mer2023"])
    }
}
