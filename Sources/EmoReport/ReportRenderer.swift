// The markdown report of one recipe's runs: provenance, warnings, metric tables, references, definitions.

import EmoMetrics
import EmoTypes

/// Renders the report and its SVG heat maps. Pure: same input, same bytes.
public func renderReport(_ input: ReportInput) -> RenderedReport {
    var out: [String] = []
    out.append("# emoeval report: \(input.recipe.name)\n")
    out.append("Generated: \(input.generated)  ")
    out.append(NumberFormat.legend + "\n")
    out.append(provenanceSection(input))
    out.append(contaminationSection(input))
    out.append(resultsSection(input))
    out.append(referenceSection(input))
    var figures: [(name: String, svg: String)] = []
    for run in input.runs {
        let name = "\(input.figurePrefix)-\(slug(run.name))-confusion.svg"
        figures.append((name, renderConfusionHeatMap(run.metrics.confusion,
                                                     title: "\(run.name): \(run.model.variant), \(run.policy.rawValue)")))
        var reliability: String?
        if let calibration = run.breakdowns?.calibration {
            let file = "\(input.figurePrefix)-\(slug(run.name))-reliability.svg"
            figures.append((file, renderReliabilityDiagram(
                calibration.metrics, title: "\(run.name): \(run.model.variant), \(run.policy.rawValue)")))
            reliability = file
        }
        out.append(runSection(run, figure: name, reliabilityFigure: reliability))
    }
    let dimensional = dimensionalSections(input)
    if !dimensional.markdown.isEmpty { out.append(dimensional.markdown) }
    figures += dimensional.figures
    if let reading = readingBreakdownsSection(input) { out.append(reading) }
    out.append(definitionsSection(input))
    return RenderedReport(markdown: out.joined(separator: "\n"), figures: figures)
}

/// "run 1" → "run-1": lower-case letters, digits and dashes only.
func slug(_ text: String) -> String {
    let mapped = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
    return String(mapped).split(separator: "-").joined(separator: "-")
}

private func provenanceSection(_ input: ReportInput) -> String {
    var lines = ["## Provenance\n"]
    lines.append("- Recipe: \(input.recipe.name) (`\(input.recipe.path)`), sha256 `\(input.recipe.sha256)`")
    if let description = input.recipe.description { lines.append("- Description: \(description)") }
    lines.append("- Corpus: \(input.recipe.corpus); labels (report order): \(input.recipe.labels.joined(separator: ", "))")
    lines.append("- Report made by emoeval \(input.toolkitVersion); bootstrap: \(input.bootstrap.resamples) "
        + "resamples, seed \(input.bootstrap.seed), \(NumberFormat.level(input.bootstrap.level)) percentile intervals, resampling speakers when every utterance has one")
    lines.append("")
    var table = MarkdownTable(headers: ["Run", "Model", "Family", "Checkpoint sha256", "emoeval (run)",
                                        "Status", "Policy"], leftColumns: 7)
    for run in input.runs {
        table.append([run.name, run.model.variant, run.model.family, "`\(run.model.checkpointSHA256)`",
                      run.toolkitVersions.joined(separator: ", "), run.status, run.policy.rawValue])
    }
    for run in input.dimensionalRuns where !input.runs.contains(where: { $0.name == run.name }) {
        table.append([run.name, run.model.variant, run.model.family, "`\(run.model.checkpointSHA256)`", "–", run.status,
                      "– (dimensions)"])
    }
    lines.append(table.render())
    for run in input.runs {
        let map = run.labelMap.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }
        lines.append("- \(run.name) label map: \(map.isEmpty ? "identity by name" : map.joined(separator: ", "))")
    }
    let policies = Set(input.runs.map(\.policy))
    for policy in LabelPolicy.allCases where policies.contains(policy) {
        lines.append("- Policy `\(policy.rawValue)`: \(policy.explanation)")
    }
    return lines.joined(separator: "\n") + "\n"
}

private func contaminationSection(_ input: ReportInput) -> String {
    var lines = ["## Contamination warnings\n"]
    for run in input.runs {
        for warning in contaminationWarnings(model: run.model, corpus: input.recipe.corpus,
                                             references: input.references) {
            lines.append("- **\(run.name) (\(run.model.variant))**: \(warning)")
        }
    }
    if lines.count == 1 { lines.append("None known for these models on this corpus.") }
    return lines.joined(separator: "\n") + "\n"
}

private func resultsSection(_ input: ReportInput) -> String {
    var lines = ["## Results (pooled over all scored utterances, with \(NumberFormat.level(input.bootstrap.level)) "
                 + "bootstrap intervals)\n"]
    if input.runs.isEmpty && !input.dimensionalRuns.isEmpty {
        return (lines + ["No categorical results: the runs predict dimensions only (below).\n"]).joined(separator: "\n")
    }
    var table = MarkdownTable(headers: ["Run", "Model", "Policy", "Scored", "Failed", "Resampled"]
                              + HeadlineMetric.allCases.map(\.name), leftColumns: 3)
    for run in input.runs {
        let m = run.metrics
        let unit = m.intervals.map { "\($0.wa.units) \($0.wa.unit.rawValue)s" } ?? "–"
        table.append([run.name, run.model.variant, run.policy.rawValue, "\(m.pooled.count)",
                      "\(run.failures.total)", unit]
            + HeadlineMetric.allCases.map { NumberFormat.withInterval(m.pooled.value($0), m.intervals?[$0]) })
    }
    lines.append(table.render())
    let withFolds = input.runs.filter { !$0.metrics.folds.isEmpty }
    if !withFolds.isEmpty {
        lines.append("### Mean ± SD over folds\n")
        var folds = MarkdownTable(headers: ["Run", "Model", "Folds"] + HeadlineMetric.allCases.map(\.name),
                                  leftColumns: 2)
        for run in withFolds {
            folds.append([run.name, run.model.variant, "\(run.metrics.folds.count)"]
                + HeadlineMetric.allCases.map { run.metrics.foldSummary($0).map(NumberFormat.meanSD) ?? "–" })
        }
        lines.append(folds.render())
    }
    return lines.joined(separator: "\n")
}

private func referenceSection(_ input: ReportInput) -> String {
    var lines = ["## Published figures\n"]
    guard !input.references.isEmpty else {
        return (lines + ["The recipe lists no published figures.\n"]).joined(separator: "\n")
    }
    var table = MarkdownTable(headers: ["Model", "Run", "Metric", "Published", "Measured (pooled)", "Δ",
                                        "Fold mean", "Same protocol", "Seen in training"], leftColumns: 3)
    for reference in input.references {
        let runs = input.runs.filter { $0.model.variant == reference.model }
        for metric in HeadlineMetric.allCases {
            guard let published = reference.figures[metric] else { continue }
            if runs.isEmpty {
                table.append([reference.model, "not run", metric.name, NumberFormat.percentValue(published), "–", "–",
                              "–", reference.sameProtocol ? "yes" : "no", reference.seenInTraining.rawValue])
            }
            for run in runs {
                let measured = run.metrics.pooled.value(metric)
                table.append([reference.model, run.name, metric.name, NumberFormat.percentValue(published),
                              NumberFormat.percent(measured), NumberFormat.signedPoints(measured - published / 100),
                              run.metrics.foldSummary(metric).map { NumberFormat.percent($0.mean) } ?? "–",
                              reference.sameProtocol ? "yes" : "no", reference.seenInTraining.rawValue])
            }
        }
    }
    lines.append(table.render())
    for reference in input.references {
        var line = "- \(reference.model): \(reference.evaluationProtocol) Source: \(reference.source)."
        if let caveat = reference.caveat { line += " Caveat: \(caveat)" }
        lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
}

private func definitionsSection(_ input: ReportInput) -> String {
    var lines = ["## Definitions\n"]
    lines.append("K classes, n_k true items of class k, N scored items; tp_k items of class k predicted as k; "
        + "P_k = tp_k / (items predicted k), R_k = recall_k.\n")
    for metric in HeadlineMetric.allCases { lines.append("- \(metric.formula)") }
    lines.append("\nZero division:\n")
    for convention in zeroDivisionConventions { lines.append("- \(convention)") }
    lines.append("\nAggregation: \"pooled\" = the metric over all scored utterances at once; \"fold mean\" = "
        + "the unweighted mean of the per-fold values (emotion2vec, SUPERB, EmoBox report this), ± the sample "
        + "SD. Utterances that failed (no prediction) are left out of every figure and listed per run.")
    lines.append("\nIntervals: percentile bootstrap over \(input.bootstrap.resamples) resamples (SplitMix64, seed "
        + "\(input.bootstrap.seed)); whole speakers are resampled when every scored utterance has a speaker, "
        + "otherwise single utterances.")
    return lines.joined(separator: "\n") + "\n"
}
