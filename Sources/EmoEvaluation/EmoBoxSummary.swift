// The emotion2vec+ EmoBox table (emotion2vec README, Table IV) with measured figures beside the published
// ones: one row per EmoBox dataset, then the English / Mandarin / Other / All averages the table gives.
// Built from `StoredEvaluation` (one per dataset recipe); `emoeval emobox-summary` fills and writes it.
import EmoCorpus
import EmoMetrics
import EmoReport
import Foundation

/// UA, WA and macro-F1 in percent.
public struct EmoBoxFigures: Sendable, Equatable, Codable {
    public var ua: Double
    public var wa: Double
    public var macroF1: Double

    public init(ua: Double, wa: Double, macroF1: Double) {
        self.ua = ua
        self.wa = wa
        self.macroF1 = macroF1
    }

    /// Unweighted mean of each metric (nil for no values).
    public static func mean(_ values: [EmoBoxFigures]) -> EmoBoxFigures? {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        return EmoBoxFigures(ua: values.map(\.ua).reduce(0, +) / n, wa: values.map(\.wa).reduce(0, +) / n,
                             macroF1: values.map(\.macroF1).reduce(0, +) / n)
    }
}

/// One dataset of the summary.
public struct EmoBoxSummaryRow: Sendable, Equatable {
    public var dataset: EmoBoxDataset
    /// The recipe used (nil when none was found).
    public var recipeName: String?
    /// Why there is no measured figure (not prepared, no recipe, no run), or nil.
    public var missing: String?
    /// Utterances scored (predictions).
    public var scored: Int
    /// Utterances that failed (stored failures).
    public var failed: Int
    /// Utterances the recipe left out (reason → count), e.g. `longer than 30 s (max_duration)`.
    public var excluded: [String: Int]
    /// Pooled over every tested utterance (all test folds together).
    public var measured: EmoBoxFigures?
    /// Unweighted mean over test folds (multi-fold corpora only).
    public var foldMean: EmoBoxFigures?
    /// The published figures of the compared model, from the recipe's references.
    public var published: EmoBoxFigures?

    public init(dataset: EmoBoxDataset, recipeName: String? = nil, missing: String? = nil, scored: Int = 0,
                failed: Int = 0, excluded: [String: Int] = [:], measured: EmoBoxFigures? = nil,
                foldMean: EmoBoxFigures? = nil, published: EmoBoxFigures? = nil) {
        self.dataset = dataset
        self.recipeName = recipeName
        self.missing = missing
        self.scored = scored
        self.failed = failed
        self.excluded = excluded
        self.measured = measured
        self.foldMean = foldMean
        self.published = published
    }

    /// Measured and published figures from one evaluated run: pooled metrics, fold mean when the recipe has
    /// several folds, and the reference of `compareAs` (a model variant) from the recipe.
    public init(dataset: EmoBoxDataset, recipe: Recipe, section: RunSection, excluded: [String: Int], compareAs: String) {
        let metrics = section.metrics
        func figures(_ m: ClassificationMetrics) -> EmoBoxFigures {
            EmoBoxFigures(ua: m.ua * 100, wa: m.wa * 100, macroF1: m.macroF1 * 100)
        }
        var foldMean: EmoBoxFigures?
        if metrics.folds.count > 1 {
            foldMean = EmoBoxFigures.mean(metrics.folds.map { figures($0.metrics) })
        }
        self.init(dataset: dataset, recipeName: recipe.name, scored: metrics.pooled.count,
                  failed: section.failures.total, excluded: excluded, measured: figures(metrics.pooled),
                  foldMean: foldMean, published: Self.published(recipe, model: compareAs))
    }

    /// The recipe's reference figures for `model`, when it has UA, WA and macro-F1.
    public static func published(_ recipe: Recipe, model: String) -> EmoBoxFigures? {
        guard let reference = recipe.references.first(where: { $0.model == model }),
              let ua = reference.figures[.ua], let wa = reference.figures[.wa], let f1 = reference.figures[.macroF1]
        else { return nil }
        return EmoBoxFigures(ua: ua, wa: wa, macroF1: f1)
    }
}

/// One average row: over the datasets of a group that were measured.
public struct EmoBoxAverage: Sendable, Equatable {
    /// Group name (`English`, `Mandarin`, `Other`, `All`).
    public var name: String
    /// Datasets of the group with a measured figure / in the group.
    public var measuredCount: Int
    public var groupSize: Int
    /// Mean of the measured figures.
    public var measured: EmoBoxFigures?
    /// Mean of the published per-dataset figures over the same datasets.
    public var publishedSameDatasets: EmoBoxFigures?
    /// The average as the table prints it (over the whole group), for the compared model.
    public var printed: EmoBoxFigures?
}

/// The whole summary: rows in the table's order and the averages.
public struct EmoBoxSummary: Sendable {
    public var modelVariant: String
    public var checkpointSHA256: String
    /// The published model the measured figures are compared with (e.g. `emotion2vec_plus_base`).
    public var compareAs: String
    public var rows: [EmoBoxSummaryRow]

    public init(modelVariant: String, checkpointSHA256: String, compareAs: String, rows: [EmoBoxSummaryRow]) {
        self.modelVariant = modelVariant
        self.checkpointSHA256 = checkpointSHA256
        self.compareAs = compareAs
        self.rows = rows
    }

    /// The table's printed averages (emotion2vec README, Table IV): model → group → (UA, WA, F1).
    public static let printedAverages: [String: [String: EmoBoxFigures]] = [
        "emotion2vec_plus_seed": ["English": .init(ua: 80.0, wa: 81.9, macroF1: 80.5), "Mandarin": .init(ua: 64.1, wa: 66.8, macroF1: 64.7),
                                  "Other": .init(ua: 81.0, wa: 81.5, macroF1: 78.1), "All": .init(ua: 78.0, wa: 79.8, macroF1: 78.1)],
        "emotion2vec_plus_base": ["English": .init(ua: 80.8, wa: 83.1, macroF1: 80.0), "Mandarin": .init(ua: 64.3, wa: 68.2, macroF1: 64.4),
                                  "Other": .init(ua: 83.4, wa: 84.2, macroF1: 82.0), "All": .init(ua: 80.0, wa: 81.7, macroF1: 79.3)],
        "emotion2vec_plus_large": ["English": .init(ua: 83.2, wa: 83.6, macroF1: 81.6), "Mandarin": .init(ua: 68.5, wa: 71.6, macroF1: 68.8),
                                   "Other": .init(ua: 83.8, wa: 84.2, macroF1: 82.4), "All": .init(ua: 81.4, wa: 82.2, macroF1: 80.9)],
    ]

    /// English, Mandarin, Other, All — each over the measured datasets of the group.
    public var averages: [EmoBoxAverage] {
        let groups: [(String, [EmoBoxSummaryRow])] = EmoBoxLanguageGroup.allCases.map { group in
            (group.rawValue, rows.filter { $0.dataset.group == group })
        } + [("All", rows)]
        return groups.map { name, members in
            let measured = members.filter { $0.measured != nil }
            return EmoBoxAverage(
                name: name, measuredCount: measured.count,
                groupSize: EmoBoxCatalog.datasets.filter { name == "All" || $0.group.rawValue == name }.count,
                measured: EmoBoxFigures.mean(measured.compactMap(\.measured)),
                publishedSameDatasets: measured.allSatisfy { $0.published != nil }
                    ? EmoBoxFigures.mean(measured.compactMap(\.published)) : nil,
                printed: Self.printedAverages[compareAs]?[name])
        }
    }

    /// The markdown report.
    public func render(generated: String, toolkitVersion: String) -> String {
        func f(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "–" }
        func delta(_ a: Double?, _ b: Double?) -> String {
            guard let a, let b else { return "–" }
            return String(format: "%+.1f", a - b)
        }
        var lines: [String] = []
        lines.append("# EmoBox: \(modelVariant) beside the emotion2vec+ table (\(compareAs))")
        lines.append("")
        lines.append("Generated \(generated) by emoeval \(toolkitVersion). Model `\(modelVariant)`, checkpoint sha256 "
                     + "`\(checkpointSHA256.prefix(16))…`; published figures: `\(compareAs)` in the emotion2vec README, "
                     + "Table IV (\"Performance on EmoBox for 4-class primary emotions (without fine-tuning)\").")
        lines.append("")
        lines.append("Protocol: EmoBox's official test lists (`emoeval prepare emobox`), the 4 primary classes each corpus "
                     + "has (angry/happy/neutral/sad), utterances over 30 s left out as EmoBox's pipeline does "
                     + "(`max_duration: 30`; counted below). *Measured* pools every test fold (each utterance of a "
                     + "multi-fold corpus is tested once); *fold mean* is the unweighted mean over folds. Which one "
                     + "\"EmoBox_test\" means is unpublished (emotion2vec issue #46). F1 = macro-F1 over the dataset's "
                     + "classes.")
        if compareAs == "emotion2vec_plus_seed" {
            lines.append("")
            lines.append("**Contamination:** emotion2vec+ seed was fine-tuned on EmoBox's academic data; its published "
                         + "figures may be in-domain.")
        }
        lines.append("")
        lines.append("| Dataset | Group | N | >30 s | failed | UA | WA | F1 | fold-mean UA | published UA | WA | F1 | ΔUA | ΔWA | ΔF1 |")
        lines.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for row in rows {
            let over = row.excluded.filter { $0.key.hasPrefix("longer than") }.values.reduce(0, +)
            if let measured = row.measured {
                lines.append("| \(row.dataset.name) | \(row.dataset.group.rawValue) | \(row.scored) | \(over) | \(row.failed) | "
                             + "\(f(measured.ua)) | \(f(measured.wa)) | \(f(measured.macroF1)) | \(f(row.foldMean?.ua)) | "
                             + "\(f(row.published?.ua)) | \(f(row.published?.wa)) | \(f(row.published?.macroF1)) | "
                             + "\(delta(measured.ua, row.published?.ua)) | \(delta(measured.wa, row.published?.wa)) | "
                             + "\(delta(measured.macroF1, row.published?.macroF1)) |")
            } else {
                lines.append("| \(row.dataset.name) | \(row.dataset.group.rawValue) | – | – | – | – | – | – | – | "
                             + "\(f(row.published?.ua)) | \(f(row.published?.wa)) | \(f(row.published?.macroF1)) | – | – | – |")
            }
        }
        lines.append("")
        lines.append("## Averages")
        lines.append("")
        lines.append("Means of the per-dataset figures above, over the datasets of each group that were measured. "
                     + "*Published, same datasets* averages the table's rows for exactly those datasets; *printed* is "
                     + "the table's own average row (over the whole group, so comparable only when every dataset of the "
                     + "group was measured). Groups: Mandarin = CASIA, ESD, M3ED, MER2023 (this reproduces the table's "
                     + "Mandarin row from its own rows); English = the EmoBox README's English corpora; Other = the rest.")
        lines.append("")
        lines.append("| Average | measured / group | UA | WA | F1 | published, same datasets UA | WA | F1 | printed UA | WA | F1 |")
        lines.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
        for average in averages {
            lines.append("| \(average.name) | \(average.measuredCount) / \(average.groupSize) | \(f(average.measured?.ua)) | "
                         + "\(f(average.measured?.wa)) | \(f(average.measured?.macroF1)) | "
                         + "\(f(average.publishedSameDatasets?.ua)) | \(f(average.publishedSameDatasets?.wa)) | "
                         + "\(f(average.publishedSameDatasets?.macroF1)) | \(f(average.printed?.ua)) | "
                         + "\(f(average.printed?.wa)) | \(f(average.printed?.macroF1)) |")
        }
        let notMeasured = rows.filter { $0.measured == nil }
        if !notMeasured.isEmpty {
            lines.append("")
            lines.append("## Not measured")
            lines.append("")
            for row in notMeasured {
                lines.append("- \(row.dataset.name): \(row.missing ?? "no run")")
            }
        }
        let excluded = rows.filter { !$0.excluded.isEmpty }
        if !excluded.isEmpty {
            lines.append("")
            lines.append("## Left out by the recipes")
            lines.append("")
            for row in excluded {
                lines.append("- \(row.dataset.name): " + row.excluded.sorted { $0.key < $1.key }
                    .map { "\($0.value) " + ($0.key == "fold none" ? "in no EmoBox test list (train/valid only)" : $0.key) }
                    .joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
