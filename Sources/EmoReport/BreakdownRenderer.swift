// Markdown for a run's breakdowns (calibration, groups, speakers, duration bands) and the
// "reading this report" paragraphs that explain them.

import EmoMetrics

/// The breakdown sections of one run; `reliabilityFigure` is the file name of its reliability diagram.
func breakdownSections(_ b: RunBreakdowns, reliabilityFigure: String?) -> String {
    var lines: [String] = []
    lines.append("### Calibration\n")
    lines.append("Confidence = \(b.calibrationBasis)\n")
    if let calibration = b.calibration {
        let m = calibration.metrics
        var table = MarkdownTable(headers: ["Metric", "Value", "Better"])
        for metric in CalibrationMetric.allCases {
            let value = metric.value(m), interval = calibration.intervals?[metric]
            let text = metric == .ece || metric == .mce
                ? NumberFormat.withInterval(value, interval) + " %" : NumberFormat.plainWithInterval(value, interval)
            table.append([metric.rawValue, text, "lower"])
        }
        table.append(["mean confidence", NumberFormat.percent(m.meanConfidence) + " %", "–"])
        table.append(["accuracy (WA)", NumberFormat.percent(m.accuracy) + " %", "–"])
        lines.append(table.render())
        var bins = MarkdownTable(headers: ["Confidence bin", "N", "Mean confidence", "Accuracy", "Accuracy − confidence"])
        for bin in m.bins where bin.count > 0 {
            let confidence = bin.confidence ?? 0, accuracy = bin.accuracy ?? 0
            bins.append([NumberFormat.bounds(bin.lower, bin.upper), "\(bin.count)", NumberFormat.percent(confidence),
                         NumberFormat.percent(accuracy), NumberFormat.signedPoints(accuracy - confidence)])
        }
        lines.append(bins.render())
        if let reliabilityFigure { lines.append("![reliability diagram](\(reliabilityFigure))\n") }
    }
    for group in b.groups { lines.append(groupSection(group, title: "By \(group.variable)")) }
    if let durations = b.durations { lines.append(groupSection(durations, title: "By duration (stored audio length)")) }
    if let speakers = b.speakers { lines.append(speakerSection(speakers)) }
    return lines.joined(separator: "\n")
}

/// One variable's table (N, speakers, WA, UA, macro-F1 with intervals), its gaps and its bias.
private func groupSection(_ breakdown: GroupBreakdown, title: String) -> String {
    var lines = ["### \(title)\n"]
    var table = MarkdownTable(headers: ["Group", "N", "Speakers"] + GroupMetric.allCases.map(\.rawValue))
    for g in breakdown.groups {
        table.append([g.group, "\(g.metrics.count)", "\(g.speakers)"] + GroupMetric.allCases.map {
            NumberFormat.withInterval($0.value(g.metrics), g.intervals?[$0])
        })
    }
    lines.append(table.render())
    if breakdown.groups.count >= 2 {
        let gaps = GroupMetric.allCases.compactMap { metric in
            breakdown.gaps[metric].map { gap in
                "\(metric.rawValue) \(NumberFormat.signedPointsWithInterval(gap.estimate, gap.interval)) "
                    + "(\(gap.best) − \(gap.worst))"
            }
        }
        lines.append("Gap (best − worst group, points): " + gaps.joined(separator: "; ") + ".  ")
        lines.append("Unweighted average bias (audmetric, \(breakdown.variable) as the protected variable): "
            + (breakdown.unweightedAverageBias.map(NumberFormat.plain) ?? "undefined (no class scored in two groups)")
            + ".\n")
    } else {
        lines.append("One group only: no gap.\n")
    }
    return lines.joined(separator: "\n")
}

/// Per speaker, worst first; the worst fifth in bold.
private func speakerSection(_ breakdown: GroupBreakdown) -> String {
    let sorted = RunBreakdowns.speakersWorstFirst(breakdown)
    let worst = RunBreakdowns.worstSpeakerCount(of: sorted.count)
    var lines = ["### Per speaker (worst UA first; the worst \(worst) of \(sorted.count) in bold)\n"]
    var table = MarkdownTable(headers: ["Speaker", "N", "WA", "UA"])
    for (rank, s) in sorted.enumerated() {
        let cells = [s.group, "\(s.metrics.count)", NumberFormat.percent(s.metrics.wa), NumberFormat.percent(s.metrics.ua)]
        table.append(rank < worst ? cells.map { "**\($0)**" } : cells)
    }
    lines.append(table.render())
    if let spread = breakdown.gaps[.ua] {
        lines.append("UA range over speakers: \(NumberFormat.signedPoints(spread.estimate)) points "
            + "(\(spread.best) − \(spread.worst)).\n")
    }
    return lines.joined(separator: "\n")
}

/// The "reading this report" paragraphs for the breakdown sections (only when some run has them).
func readingBreakdownsSection(_ input: ReportInput) -> String? {
    let all = input.runs.compactMap(\.breakdowns)
    guard !all.isEmpty else { return nil }
    var lines = ["## Reading the breakdowns\n"]
    lines.append(readingCalibration)
    if all.contains(where: { !$0.groups.isEmpty }) { lines.append(readingGroups) }
    if all.contains(where: { $0.durations != nil }) { lines.append(readingDurations) }
    if all.contains(where: { $0.speakers != nil }) { lines.append(readingSpeakers) }
    lines.append("Definitions of the calibration figures (N items, p_ic the probability of column c):\n")
    for metric in CalibrationMetric.allCases { lines.append("- \(metric.formula)") }
    lines.append("- audmetric unweighted average bias = mean over classes of the population SD (ddof 0) of the "
        + "class's F-score across groups, over the classes scored in at least two groups (audmetric 1.4.2 "
        + "`unweighted_average_bias` with its defaults); \"other\" predictions count as a class")
    return lines.joined(separator: "\n") + "\n"
}

let readingCalibration = "**Calibration.** Is the model as sure as it is right? The confidence of a prediction is "
    + "the probability of the predicted class. Sorting predictions into 15 equal-width confidence bins, a "
    + "calibrated model is right 80 % of the time on predictions made with 80 % confidence: the bars of the "
    + "reliability diagram touch the diagonal. ECE is the item-weighted mean distance between accuracy and "
    + "confidence over the bins, MCE the largest one; Brier and NLL score the whole probability vector (NLL "
    + "punishes confident mistakes hardest). Lower is better for all four; 0 ECE is perfect calibration. "
    + "Mean confidence above accuracy means over-confident. Under the `restricted` policy the probabilities "
    + "are renormalised over the mapped classes, as if the other logits were masked; under `full` the mass of "
    + "the unmapped classes forms the \"other\" column.\n"
let readingGroups = "**Groups.** Does the model work equally well for each group (gender from utt2gender, "
    + "and each utt2<group> the recipe names)? Each row repeats the headline metrics on that group's "
    + "utterances, with intervals that resample the group's speakers. The gap is best − worst group; an "
    + "interval that stays above 0 is evidence of a real difference, one that covers 0 is not. A group with "
    + "a single speaker gets a zero-width interval: the bootstrap cannot see how another speaker would do. The "
    + "unweighted average bias is 0 when every class's F-score is the same in every group; higher means more "
    + "unequal (for two groups it is the mean over classes of half the F-score difference).\n"
let readingDurations = "**Duration.** Does the model break on short (or long) clips? Utterances are banded "
    + "by their stored audio length; a band far below the others on UA shows where the model fails. Small "
    + "bands have wide intervals.\n"
let readingSpeakers = "**Speakers.** Results vary by speaker more than by anything else in most corpora. The "
    + "table is sorted worst first; the worst fifth is in bold. A speaker far below the rest may be a "
    + "recording problem, an accent, or a label problem worth listening to.\n"
