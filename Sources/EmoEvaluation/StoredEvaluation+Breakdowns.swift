// A run's breakdowns from its stored score vectors (no re-inference): calibration under the run's policy,
// groups from the data directory's utt2gender and the recipe's `groups:`, speakers, duration bands.

import EmoCorpus
import EmoMetrics
import EmoReport
import EmoStore

/// What `compare` needs to pair two runs' breakdowns.
struct RunBreakdownItems {
    /// Calibration items, nil when the scores are not probabilities.
    var calibration: [CalibrationItem]?
    /// Per grouping variable (gender, recipe groups, duration): utterance → group, and the row order.
    var groupings: [(variable: String, groupOf: [String: String], order: [String]?)]
}

/// The recipe-level inputs of every run's breakdowns, read once.
struct BreakdownSetup {
    var groups: [GroupVariable]
    var bands: DurationBands

    init(recipe: Recipe) throws {
        groups = try recipe.loadGroups()
        bands = try DurationBands(edges: recipe.durationBands)
    }
}

/// Computes the breakdowns of one run. `scored[i]` is the decoded `predictions[i]`.
func computeBreakdowns(predictions: [ScoredUtterance], scored: [ScoredItem], decoder: LabelDecoder,
                       setup: BreakdownSetup, settings: BootstrapSettings) throws(MetricsError)
    -> (RunBreakdowns, RunBreakdownItems) {
    // Calibration: every score vector must be probabilities (or every one log-probabilities).
    var scale: ScoreScale? = nil
    for p in predictions {
        let found = ScoreScale.of(p.scores, utterance: p.utteranceKey)
        if case .unknown = found { scale = found; break }
        if let scale, scale != found { break }
        scale = found
    }
    var calibrationItems: [CalibrationItem]? = nil
    var calibration: CalibrationReport? = nil
    var basis: String
    switch scale {
    case .probabilities?, .logProbabilities?:
        var list: [CalibrationItem] = []
        for (p, item) in zip(predictions, scored) {
            list.append(CalibrationItem(utterance: item.utterance, truth: item.truth, predicted: item.predicted,
                                        probabilities: try decoder.columnProbabilities(p.scores, scale: scale ?? .probabilities,
                                                                                       utterance: p.utteranceKey),
                                        speaker: item.speaker))
        }
        calibrationItems = list
        calibration = try evaluateCalibration(items: list, settings: settings)
        let mapped = decoder.datasetClassOfModelClass.filter { $0 != nil }.count
        basis = decoder.policy == .restricted
            ? "the probability of the predicted class after renormalising over the \(mapped) model classes "
                + "mapped to a dataset label (policy `restricted`)"
            : "the model's probability of the predicted class (summed over the model classes mapped to it; "
                + "for \"other\", the total of the unmapped classes; policy `full`)"
        if scale == .logProbabilities { basis += "; the stored scores are log-probabilities and were exponentiated" }
        basis += "."
    case let .unknown(utterance)?:
        basis = "not computed: the stored scores of '\(utterance)' are neither probabilities nor log-probabilities."
    case nil:
        basis = "not computed: no scored utterance."
    }

    var groupings: [(variable: String, groupOf: [String: String], order: [String]?)] = []
    var groups: [GroupBreakdown] = []
    for variable in setup.groups {
        let kept = scored.filter { variable.valueOf[$0.utterance] != nil }
        guard !kept.isEmpty else { continue }
        groups.append(try evaluateGroups(items: kept, groupOf: kept.map { variable.valueOf[$0.utterance] ?? "" },
                                         variable: variable.name, labels: decoder.datasetLabels,
                                         hasOther: decoder.hasOtherColumn, settings: settings))
        groupings.append((variable.name, variable.valueOf, nil))
    }
    var durationOf: [String: String] = [:]
    for (p, item) in zip(predictions, scored) { durationOf[item.utterance] = setup.bands.name(of: p.audioSeconds) }
    let durations = scored.isEmpty ? nil : try evaluateGroups(
        items: scored, groupOf: scored.map { durationOf[$0.utterance] ?? "" }, variable: "duration",
        labels: decoder.datasetLabels, hasOther: decoder.hasOtherColumn, order: setup.bands.names, settings: settings)
    if durations != nil { groupings.append(("duration", durationOf, setup.bands.names)) }
    let speakers = scored.isEmpty || scored.contains(where: { $0.speaker == nil }) ? nil : try evaluateGroups(
        items: scored, groupOf: scored.map { $0.speaker ?? "" }, variable: "speaker", labels: decoder.datasetLabels,
        hasOther: decoder.hasOtherColumn, settings: nil)
    return (RunBreakdowns(calibration: calibration, calibrationBasis: basis, groups: groups, speakers: speakers,
                          durations: durations),
            RunBreakdownItems(calibration: calibrationItems, groupings: groupings))
}

/// Paired breakdown differences for every pair of runs (i < j), where both runs have the breakdown.
func compareBreakdowns(_ runs: [RunItems], _ breakdowns: [RunBreakdownItems], labels: [String],
                       settings: BootstrapSettings) throws(MetricsError) -> ComparisonBreakdowns {
    var calibration: [PairedCalibrationComparison] = [], groups: [PairedGroupComparison] = []
    for i in runs.indices {
        for j in runs.indices where j > i {
            if let a = breakdowns[i].calibration, let b = breakdowns[j].calibration {
                calibration.append(try comparePairedCalibration(first: runs[i].name, a, second: runs[j].name, b,
                                                                settings: settings))
            }
            for grouping in breakdowns[i].groupings
            where breakdowns[j].groupings.contains(where: { $0.variable == grouping.variable }) {
                groups.append(try comparePairedGroups(runs[i], runs[j], groupOf: grouping.groupOf,
                                                      variable: grouping.variable, labels: labels,
                                                      order: grouping.order, settings: settings))
            }
        }
    }
    return ComparisonBreakdowns(calibration: calibration, groups: groups)
}
