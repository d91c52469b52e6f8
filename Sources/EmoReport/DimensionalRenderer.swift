// Markdown for dimensional runs: the metric table with intervals, scale alignment, per fold, scatter plots,
// published figures and the definitions.

import EmoMetrics
import EmoTypes
import Foundation

/// Dimensional number formats: three decimals for CCC, r, MAE, RMSE (they are not percentages).
enum DimensionFormat {
    static func value(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "undefined" }

    static func withInterval(_ v: Double?, _ interval: ConfidenceInterval?) -> String {
        guard let v else { return "undefined" }
        guard let interval else { return value(v) }
        return "\(value(v)) [\(value(interval.lower)), \(value(interval.upper))]"
    }

    static func signed(_ v: Double) -> String {
        let rounded = (v * 1000).rounded() / 1000
        return (rounded >= 0 ? "+" : "") + String(format: "%.3f", rounded == 0 ? 0 : rounded)
    }

    static func meanSD(_ summary: FoldSummary?) -> String {
        guard let summary, summary.folds > 0 else { return "–" }
        guard let sd = summary.standardDeviation else { return value(summary.mean) }
        return "\(value(summary.mean)) ± \(value(sd))"
    }
}

/// The dimensional sections of a report and their SVG files (empty when the input has no dimensional run).
func dimensionalSections(_ input: ReportInput) -> (markdown: String, figures: [(name: String, svg: String)]) {
    guard !input.dimensionalRuns.isEmpty else { return ("", []) }
    var lines = ["## Dimensional results (pooled over all scored utterances, with "
                 + "\(NumberFormat.level(input.bootstrap.level)) bootstrap intervals)\n"]
    lines.append("CCC, Pearson r, MAE and RMSE with three decimals (not percent); MAE and RMSE are in the units "
        + "of the evaluation scale named per run below.\n")
    var table = MarkdownTable(headers: ["Run", "Model", "Dimension", "Scored", "Scale", "Resampled"]
                              + RegressionMetric.allCases.map(\.name) + ["CCC fold mean ± SD"], leftColumns: 3)
    for run in input.dimensionalRuns {
        for d in run.dimensions {
            let range = run.alignments[d.dimension].map { ScaleAlignment.text($0.evaluationRange) } ?? "–"
            let unit = d.intervals?.ccc.map { "\($0.units) \($0.unit.rawValue)s" } ?? "–"
            table.append([run.name, run.model.variant, d.dimension, "\(d.pooled.count)", range, unit]
                + RegressionMetric.allCases.map { DimensionFormat.withInterval(d.pooled.value($0), d.intervals?[$0]) }
                + [d.folds.isEmpty ? "–" : DimensionFormat.meanSD(d.foldSummary(.ccc))])
        }
    }
    lines.append(table.render())
    var figures: [(name: String, svg: String)] = []
    for run in input.dimensionalRuns {
        lines.append("### \(run.name): \(run.model.variant), dimensions\n")
        lines.append("Scored \(run.dimensions.map(\.pooled.count).max() ?? 0) of \(run.corpusUtterances) utterances; "
            + "\(run.failures.total) failed.\n")
        for d in run.dimensions {
            let output = run.outputs[d.dimension].map { "model output '\($0)'" } ?? "model output"
            let alignment = run.alignments[d.dimension].map(\.summary) ?? "no rescaling"
            lines.append("- \(d.dimension): \(output); \(alignment)")
        }
        if run.scaleAssumed {
            lines.append("- **The recipe gives no output scale for this model**: its outputs were taken to be on the "
                + "annotation scale. CCC is not scale invariant; add `dimensions: {scale: [low, high]}` under "
                + "`models:` if the model predicts on another range.")
        }
        lines.append("")
        if run.dimensions.contains(where: { !$0.folds.isEmpty }) {
            var folds = MarkdownTable(headers: ["Fold", "N"] + run.dimensions.flatMap { d in
                ["CCC \(d.dimension)", "MAE \(d.dimension)"] })
            let names = run.dimensions.first?.folds.map(\.fold) ?? []
            for name in names {
                let perDimension = run.dimensions.map { d in d.folds.first { $0.fold == name }?.metrics }
                folds.append([name, "\(perDimension.compactMap { $0?.count }.max() ?? 0)"]
                    + perDimension.flatMap { [DimensionFormat.value($0?.ccc), DimensionFormat.value($0?.mae)] })
            }
            folds.append(["mean ± SD", "\(names.count) folds"] + run.dimensions.flatMap {
                [DimensionFormat.meanSD($0.foldSummary(.ccc)), DimensionFormat.meanSD($0.foldSummary(.mae))] })
            folds.append(["pooled", "\(run.dimensions.map(\.pooled.count).max() ?? 0)"] + run.dimensions.flatMap {
                [DimensionFormat.value($0.pooled.ccc), DimensionFormat.value($0.pooled.mae)] })
            lines.append(folds.render())
        }
        let name = "\(input.figurePrefix)-\(slug(run.name))-dimensions.svg"
        let panels = run.dimensions.map { d in
            (dimension: d.dimension, items: run.items[d.dimension] ?? [],
             range: run.alignments[d.dimension]?.evaluationRange ?? 0...1)
        }
        figures.append((name, renderDimensionScatter(panels, title: "\(run.name): \(run.model.variant)")))
        lines.append("![\(run.name) annotation vs prediction](\(name))\n")
    }
    lines.append(dimensionReferenceSection(input))
    lines.append("### Dimensional metrics\n")
    lines.append("x = prediction, y = annotation (both on the evaluation scale), n scored items, a = x − x̄, b = y − ȳ.\n")
    for metric in RegressionMetric.allCases { lines.append("- \(metric.formula)") }
    lines.append("\nPooled = over all scored utterances at once; CCC is not additive, so the fold mean (± sample SD) "
        + "is a different number. Intervals resample the same units as the categorical figures (whole speakers "
        + "when every utterance has one); a replicate whose CCC is undefined is left out. Annotations are read "
        + "from the recipe's data directory when the report is made.\n")
    return (lines.joined(separator: "\n"), figures)
}

/// Published dimensional figures beside the measured ones.
private func dimensionReferenceSection(_ input: ReportInput) -> String {
    var lines = ["### Published dimensional figures\n"]
    let references = input.references.filter { !$0.dimensionFigures.isEmpty }
    guard !references.isEmpty else {
        return (lines + ["The recipe lists no published dimensional figures.\n"]).joined(separator: "\n")
    }
    var table = MarkdownTable(headers: ["Model", "Run", "Dimension", "Metric", "Published", "Measured (pooled)", "Δ",
                                        "Fold mean", "Same protocol", "Seen in training"], leftColumns: 4)
    for reference in references {
        let runs = input.dimensionalRuns.filter { $0.model.variant == reference.model }
        let sameProtocol = reference.sameProtocol ? "yes" : "no"
        for figure in reference.dimensionFigures {
            let dimension = figure.dimension.rawValue
            let published = DimensionFormat.value(figure.value)
            if runs.isEmpty {
                table.append([reference.model, "not run", dimension, figure.metric.name, published, "–", "–", "–",
                              sameProtocol, reference.seenInTraining.rawValue])
            }
            for run in runs {
                let d = run.dimensions.first { $0.dimension == dimension }
                let measured = d?.pooled.value(figure.metric)
                table.append([reference.model, run.name, dimension, figure.metric.name, published,
                              DimensionFormat.value(measured), measured.map { DimensionFormat.signed($0 - figure.value) } ?? "–",
                              d.flatMap { $0.folds.isEmpty ? nil : DimensionFormat.meanSD($0.foldSummary(figure.metric)) } ?? "–",
                              sameProtocol, reference.seenInTraining.rawValue])
            }
        }
    }
    lines.append(table.render())
    var seen = Set<String>()
    for reference in references where seen.insert(reference.model + reference.source).inserted {
        var line = "- \(reference.model): \(reference.evaluationProtocol) Source: \(reference.source)."
        if let caveat = reference.caveat { line += " Caveat: \(caveat)" }
        lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
}
