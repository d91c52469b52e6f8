// `emoeval compare`: several runs side by side, pairwise McNemar and ΔUA/ΔWA intervals, agreement.

import EmoMetrics
import EmoTypes

/// What `renderComparison` needs: the runs (with metrics) and their pairwise comparison.
public struct ComparisonInput: Sendable, Equatable {
    public var recipe: RecipeProvenance
    /// The single date line.
    public var generated: String
    public var toolkitVersion: String
    public var runs: [RunSection]
    public var comparison: RunComparison
    public var bootstrap: BootstrapSettings
    /// Dimensional runs and their pairwise ΔCCC per dimension.
    public var dimensionalRuns: [DimensionalRunSection]
    public var dimensionComparisons: [DimensionComparison]
    /// Paired differences of the runs' breakdowns (nil: none computed).
    public var breakdowns: ComparisonBreakdowns?

    public init(recipe: RecipeProvenance, generated: String, toolkitVersion: String, runs: [RunSection],
                comparison: RunComparison, bootstrap: BootstrapSettings,
                dimensionalRuns: [DimensionalRunSection] = [], dimensionComparisons: [DimensionComparison] = [],
                breakdowns: ComparisonBreakdowns? = nil) {
        self.recipe = recipe
        self.generated = generated
        self.toolkitVersion = toolkitVersion
        self.runs = runs
        self.comparison = comparison
        self.bootstrap = bootstrap
        self.dimensionalRuns = dimensionalRuns
        self.dimensionComparisons = dimensionComparisons
        self.breakdowns = breakdowns
    }
}

/// Markdown comparing runs; deterministic for a fixed input.
public func renderComparison(_ input: ComparisonInput) -> String {
    let runs = input.runs
    var out = ["# emoeval compare: \(input.recipe.name)\n", "Generated: \(input.generated)  ",
               NumberFormat.legend + "\n", "## Runs\n"]
    var provenance = MarkdownTable(headers: ["Run", "Model", "Checkpoint sha256", "Policy", "Scored", "Failed"],
                                   leftColumns: 4)
    for run in runs {
        provenance.append([run.name, run.model.variant, "`\(run.model.checkpointSHA256)`", run.policy.rawValue,
                           "\(run.metrics.pooled.count)", "\(run.failures.total)"])
    }
    out.append(provenance.render())

    out.append("## Metrics (pooled, \(NumberFormat.level(input.bootstrap.level)) bootstrap intervals)\n")
    var metrics = MarkdownTable(headers: ["Metric"] + runs.map { "\($0.name) \($0.model.variant)" })
    for metric in HeadlineMetric.allCases {
        metrics.append([metric.name] + runs.map {
            NumberFormat.withInterval($0.metrics.pooled.value(metric), $0.metrics.intervals?[metric])
        })
    }
    for metric in HeadlineMetric.allCases where runs.contains(where: { !$0.metrics.folds.isEmpty }) {
        metrics.append(["\(metric.name) fold mean ± SD"] + runs.map {
            $0.metrics.foldSummary(metric).map(NumberFormat.meanSD) ?? "–"
        })
    }
    out.append(metrics.render())

    if let first = runs.first {
        out.append("## Per-class recall (Δ = run − \(first.name), on the utterances both scored)\n")
        var recall = MarkdownTable(headers: ["Class"] + runs.map(\.name))
        for (k, label) in input.recipe.labels.enumerated() {
            var row = [label]
            for (j, run) in runs.enumerated() {
                let value = run.metrics.pooled.perClass.indices.contains(k)
                    ? NumberFormat.percent(run.metrics.pooled.perClass[k].recall) : "–"
                let pair = input.comparison.pairs.first { $0.first == first.name && $0.second == run.name }
                if j > 0, let delta = pair?.recallDeltas[safe: k] {
                    row.append("\(value) (\(NumberFormat.signedPoints(delta)))")
                } else {
                    row.append(value)
                }
            }
            recall.append(row)
        }
        out.append(recall.render())
    }

    out.append("## Pairwise tests (Δ = second − first)\n")
    var pairs = MarkdownTable(headers: ["First", "Second", "Common", "Only first right", "Only second right",
                                        "McNemar p", "ΔWA", "ΔUA"], leftColumns: 2)
    for pair in input.comparison.pairs {
        pairs.append([pair.first, pair.second, "\(pair.commonCount)", "\(pair.mcNemar.firstOnlyCorrect)",
                      "\(pair.mcNemar.secondOnlyCorrect)", NumberFormat.pValue(pair.mcNemar.pValue),
                      NumberFormat.deltaWithInterval(pair.deltaWA), NumberFormat.deltaWithInterval(pair.deltaUA)])
    }
    out.append(input.comparison.pairs.isEmpty ? "Only one run: nothing to pair.\n" : pairs.render())

    out.append("## Agreement (% of common utterances with the same predicted class)\n")
    let agreement = input.comparison.agreement
    var table = MarkdownTable(headers: [""] + agreement.runs)
    for (i, name) in agreement.runs.enumerated() {
        table.append([name] + agreement.agreement[i].enumerated().map { j, value in
            "\(NumberFormat.percent(value)) (\(agreement.common[i][j]))"
        })
    }
    out.append(table.render())
    let breakdowns = comparisonBreakdownSections(input)
    if !breakdowns.isEmpty { out.append(breakdowns) }
    if !input.dimensionComparisons.isEmpty {
        out.append("## Dimensional comparison (ΔCCC = second − first, paired bootstrap)\n")
        var dimensional = MarkdownTable(headers: ["First", "Second", "Dimension", "Common", "CCC first", "CCC second",
                                                  "ΔCCC"], leftColumns: 3)
        for c in input.dimensionComparisons {
            let delta = c.deltaCCC.map { d in
                "\(DimensionFormat.signed(d.estimate)) [\(DimensionFormat.signed(d.interval.lower)), "
                    + "\(DimensionFormat.signed(d.interval.upper))]"
            } ?? "undefined"
            dimensional.append([c.first, c.second, c.dimension, "\(c.commonCount)", DimensionFormat.value(c.firstCCC),
                                DimensionFormat.value(c.secondCCC), delta])
        }
        out.append(dimensional.render())
    }
    out.append("## Definitions\n")
    out.append("- McNemar: exact two-sided binomial test on the discordant utterances, p = min(1, 2·P(X ≤ "
        + "min(b, c))), X ~ Binomial(b + c, ½); b = only the first run right, c = only the second run right.")
    out.append("- ΔWA, ΔUA: difference on the utterances both runs scored, with a paired percentile bootstrap "
        + "(\(input.bootstrap.resamples) resamples, seed \(input.bootstrap.seed); the same draws for both runs; "
        + "speakers resampled when known).")
    for metric in HeadlineMetric.allCases { out.append("- \(metric.formula)") }
    if !input.dimensionComparisons.isEmpty {
        out.append("- ΔCCC: CCC(second) − CCC(first) on the utterances both runs scored, each dimension on its "
            + "evaluation scale; paired percentile bootstrap with the same draws for both runs (replicates with an "
            + "undefined CCC left out).")
        out.append("- \(RegressionMetric.ccc.formula)")
    }
    return out.joined(separator: "\n") + "\n"
}

/// JSON of a comparison: runs' headline figures plus pairs and agreement.
public struct ComparisonJSON: Sendable, Codable, Equatable {
    public var report: ReportJSON
    public var comparison: RunComparison
    /// ΔCCC per dimension for every pair of dimensional runs.
    public var dimensionComparisons: [DimensionComparison]
    /// Paired breakdown differences (calibration, groups, duration) for every pair of runs.
    public var breakdowns: ComparisonBreakdowns?

    public init(_ input: ComparisonInput) {
        report = ReportJSON(ReportInput(recipe: input.recipe, generated: input.generated,
                                        toolkitVersion: input.toolkitVersion, runs: input.runs, references: [],
                                        bootstrap: input.bootstrap, figurePrefix: "",
                                        dimensionalRuns: input.dimensionalRuns))
        comparison = input.comparison
        dimensionComparisons = input.dimensionComparisons
        breakdowns = input.breakdowns
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
