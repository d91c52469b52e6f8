// `compare`: calibration, group, duration and speaker breakdowns of several runs side by side, with the
// paired bootstrap differences (second − first) on the utterances both runs scored.

import EmoMetrics

/// The breakdown part of a comparison (empty when no run has breakdowns).
func comparisonBreakdownSections(_ input: ComparisonInput) -> String {
    let runs = input.runs
    guard runs.contains(where: { $0.breakdowns != nil }) else { return "" }
    var out: [String] = []
    let headers = runs.map { "\($0.name) \($0.model.variant)" }

    if runs.contains(where: { $0.breakdowns?.calibration != nil }) {
        out.append("## Calibration (\(NumberFormat.level(input.bootstrap.level)) bootstrap intervals)\n")
        var table = MarkdownTable(headers: ["Metric"] + headers)
        for metric in CalibrationMetric.allCases {
            table.append([metric.rawValue + (metric == .ece || metric == .mce ? " (%)" : "")] + runs.map { run in
                guard let c = run.breakdowns?.calibration else { return "–" }
                let value = metric.value(c.metrics), interval = c.intervals?[metric]
                return metric == .ece || metric == .mce ? NumberFormat.withInterval(value, interval)
                    : NumberFormat.plainWithInterval(value, interval)
            })
        }
        table.append(["confidence basis"] + runs.map { $0.breakdowns?.calibrationBasis ?? "–" })
        out.append(table.render())
        if let pairs = input.breakdowns?.calibration, !pairs.isEmpty {
            out.append("Paired differences (second − first; ECE, MCE in points):\n")
            var deltas = MarkdownTable(headers: ["First", "Second", "Common"]
                                       + CalibrationMetric.allCases.map { "Δ" + $0.rawValue }, leftColumns: 2)
            for pair in pairs {
                deltas.append([pair.first, pair.second, "\(pair.commonCount)"] + CalibrationMetric.allCases.map { metric in
                    guard let delta = pair.deltas[metric] else { return "–" }
                    return metric == .ece || metric == .mce ? NumberFormat.deltaWithInterval(delta)
                        : NumberFormat.signedPlainWithInterval(delta)
                })
            }
            out.append(deltas.render())
        }
    }

    // Variables in the first run's order: its groups, then duration.
    var variables: [String] = []
    for run in runs {
        for name in (run.breakdowns?.groups.map(\.variable) ?? []) + [run.breakdowns?.durations?.variable].compactMap({ $0 })
        where !variables.contains(name) {
            variables.append(name)
        }
    }
    for variable in variables {
        let breakdowns = runs.map { run in
            run.breakdowns.flatMap { b in (b.groups + [b.durations].compactMap { $0 }).first { $0.variable == variable } }
        }
        var groups: [String] = []
        for b in breakdowns { for g in b?.groups ?? [] where !groups.contains(g.group) { groups.append(g.group) } }
        out.append("## UA by \(variable) (N in parentheses)\n")
        var table = MarkdownTable(headers: ["Group"] + headers)
        for group in groups {
            table.append([group] + breakdowns.map { b in
                guard let g = b?.groups.first(where: { $0.group == group }) else { return "–" }
                return "\(NumberFormat.withInterval(g.metrics.ua, g.intervals?[.ua])) (\(g.metrics.count))"
            })
        }
        table.append(["gap (best − worst)"] + breakdowns.map { b in
            b?.gaps[.ua].map { NumberFormat.signedPointsWithInterval($0.estimate, $0.interval) } ?? "–"
        })
        table.append(["unweighted average bias"] + breakdowns.map { b in
            b?.unweightedAverageBias.map(NumberFormat.plain) ?? "–"
        })
        out.append(table.render())
        let pairs = input.breakdowns?.groups.filter { $0.variable == variable } ?? []
        if !pairs.isEmpty {
            out.append("Paired ΔUA by \(variable) (second − first, points):\n")
            var deltas = MarkdownTable(headers: ["Group"] + pairs.map { "\($0.second) − \($0.first)" })
            for group in groups {
                deltas.append([group] + pairs.map { pair in
                    pair.groups.first { $0.group == group }.map {
                        "\(NumberFormat.deltaWithInterval($0.deltaUA)) (\($0.commonCount))"
                    } ?? "–"
                })
            }
            out.append(deltas.render())
        }
    }

    if let first = runs.first?.breakdowns?.speakers {
        let order = RunBreakdowns.speakersWorstFirst(first).map(\.group)
        out.append("## UA per speaker (worst first by \(runs[0].name))\n")
        var table = MarkdownTable(headers: ["Speaker"] + headers)
        for speaker in order {
            table.append([speaker] + runs.map { run in
                run.breakdowns?.speakers?.groups.first { $0.group == speaker }.map { NumberFormat.percent($0.metrics.ua) } ?? "–"
            })
        }
        out.append(table.render())
    }
    out.append("The breakdowns are read as in `emoeval report` (see its \"Reading the breakdowns\" section); the "
        + "paired differences use the same speaker draws for both runs, separately within each group.\n")
    return out.joined(separator: "\n")
}
