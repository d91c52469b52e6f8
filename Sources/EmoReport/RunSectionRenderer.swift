// The per-run part of a report: per-class figures, folds, confusion matrices and failures.

import EmoMetrics
import EmoTypes

/// Markdown for one run; `figure` is the file name of its SVG heat map.
func runSection(_ run: RunSection, figure: String, reliabilityFigure: String? = nil) -> String {
    let m = run.metrics
    var lines = ["## \(run.name): \(run.model.variant) (policy \(run.policy.rawValue))\n"]
    lines.append("Scored \(m.pooled.count) of \(run.corpusUtterances) utterances; \(run.failures.total) failed"
        + (m.hasOther ? "; \(m.pooled.otherCount) predicted outside the label set (\"other\")." : ".")
        + (run.recipeEntry.map { " Label map and policy: the recipe's `models.\($0)` entry." } ?? ""))
    lines.append("\n### Per class (pooled)\n")
    var perClass = MarkdownTable(headers: ["Class", "Support", "Predicted", "Precision", "Recall", "F1"])
    for c in m.pooled.perClass {
        perClass.append([c.label, "\(c.support)", "\(c.predicted)", NumberFormat.percent(c.precision),
                         NumberFormat.percent(c.recall), NumberFormat.percent(c.f1)])
    }
    lines.append(perClass.render())
    if !m.folds.isEmpty {
        lines.append("### Per fold\n")
        var folds = MarkdownTable(headers: ["Fold", "N"] + HeadlineMetric.allCases.map(\.name))
        for fold in m.folds {
            folds.append([fold.fold, "\(fold.metrics.count)"]
                + HeadlineMetric.allCases.map { NumberFormat.percent(fold.metrics.value($0)) })
        }
        folds.append(["mean ± SD", "\(m.folds.count) folds"]
            + HeadlineMetric.allCases.map { m.foldSummary($0).map(NumberFormat.meanSD) ?? "–" })
        folds.append(["pooled", "\(m.pooled.count)"]
            + HeadlineMetric.allCases.map { NumberFormat.percent(m.pooled.value($0)) })
        lines.append(folds.render())
    }
    lines.append("### Confusion matrix (counts; rows true, columns predicted)\n")
    var counts = MarkdownTable(headers: ["true \\ predicted"] + m.confusion.columnLabels + ["total"])
    for (r, row) in m.confusion.rows.enumerated() {
        counts.append([m.confusion.labels[r]] + row.map(String.init) + ["\(row.reduce(0, +))"])
    }
    lines.append(counts.render())
    lines.append("### Confusion matrix (row-normalised, %)\n")
    var normalised = MarkdownTable(headers: ["true \\ predicted"] + m.confusion.columnLabels)
    for (r, row) in m.confusion.rowNormalised.enumerated() {
        normalised.append([m.confusion.labels[r]] + row.map(NumberFormat.percent))
    }
    lines.append(normalised.render())
    lines.append("![\(run.name) confusion matrix](\(figure))\n")
    if let breakdowns = run.breakdowns {
        lines.append(breakdownSections(breakdowns, reliabilityFigure: reliabilityFigure))
    }
    lines.append("### Failures\n")
    if run.failures.total == 0 {
        lines.append("None.\n")
    } else {
        var kinds = MarkdownTable(headers: ["Kind", "Count"])
        for (kind, count) in run.failures.countsByKind.sorted(by: { $0.key < $1.key }) {
            kinds.append([kind, "\(count)"])
        }
        lines.append(kinds.render())
        let shown = run.failures.examples
        lines.append("First \(shown.count) of \(run.failures.total):\n")
        for example in shown { lines.append("- `\(example.utterance)` (\(example.kind)): \(example.message)") }
        lines.append("")
    }
    return lines.joined(separator: "\n")
}
