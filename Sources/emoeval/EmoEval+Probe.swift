// `emoeval probe RECIPE --model DIR`: the emotion2vec paper's linear-probe protocol on frozen features.
import EmoKernels
import ArgumentParser
import EmoCorpus
import EmoMetrics
import EmoModels
import EmoProbe
import Foundation

extension ProbeProtocol: ExpressibleByArgument {}
extension ProbeHeadKind: ExpressibleByArgument {}

extension EmoEval {
    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "probe",
            abstract: "Train a probe head on frozen frame features per fold and store its test predictions as a run.",
            discussion: """
            Extracts the model's last-layer frame features for every utterance into a memory-mapped feature \
            file next to the database (reused while the checkpoint and the utterance set are unchanged), trains \
            the emotion2vec downstream head per fold (Linear(D→256) → ReLU → masked mean → Linear(256→C); \
            RMSprop lr 5e-4 momentum 0.9, CyclicLR 5e-4..1e-3 step 10 epochs, stepped per epoch; batch 128; \
            best validation WA kept) and prints per-fold and mean WA / UA / weighted F1 (means of the per-fold \
            values). Protocols: loso (leave one session/fold out, validation = random 20% of training \
            utterances), loso-speaker (leave one speaker out, next speaker validates), val-eq-test (validation = \
            test fold: model selection on the test set, marked *). --head logreg trains Linear(D→C) on \
            mean-pooled embeddings. The run's model variant names head and protocol (e.g. \
            emotion2vec_base+probe:loso), so `emoeval report` shows which protocol produced each figure.
            """
        )

        @Argument(help: "Recipe file (YAML).")
        var recipe: String

        @Option(help: "Model directory (config.yaml + model.pt).")
        var model: String

        @Option(help: "Results database (default: Results/<recipe name>.sqlite).")
        var db: String?

        @Option(name: .customLong("protocol"), help: "loso | loso-speaker | val-eq-test.")
        var probeProtocol: ProbeProtocol = .loso

        @Option(help: "mlp (the paper's head on frames) | logreg (linear on mean-pooled embeddings).")
        var head: ProbeHeadKind = .mlp

        @Option(help: "Training epochs per fold.")
        var epochs: Int = 100

        @Option(help: "Seed of the initialisation, validation split and shuffling.")
        var seed: UInt64 = 42

        @Option(name: .customLong("jobs"), help: ArgumentHelp(
            "Feature extraction workers and folds trained at once.", valueName: "jobs"))
        var jobCount: JobCount = .cores
        var jobs: Int { jobCount.value }

        @Option(help: "Linear-layer precision: fp32 (the official numbers) or int8 for feature extraction (faster; attention, feed-forward and conv layers in int8, a separate run).")
        var precision: Precision = .fp32

        func validate() throws {
            if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            let loadedRecipe = try loadRecipe(path: recipe)
            let corpus = try loadedRecipe.loadCorpus()
            let loaded = try loadModel(directory: model, precision: precision)
            var settings = ProbeSettings(head: head, epochs: epochs, seed: seed, parallelFolds: jobs)
            settings.parallelFolds = jobs
            let request = ProbeRequest(recipe: loadedRecipe, corpus: corpus, probeProtocol: probeProtocol,
                                       settings: settings, databasePath: db ?? defaultDatabasePath(recipe: loadedRecipe),
                                       jobs: jobs, command: CommandLine.arguments.joined(separator: " "))
            let outcome = try runProbe(request, model: loaded, progress: { [jobs] done, total in
                // About every 5 %, on stderr: extraction of a full corpus takes minutes.
                let step = max(1, total / 20)
                if done == total || done / step != (done - min(done, jobs * 8)) / step {
                    printError("features: \(done)/\(total) utterances")
                }
            })
            print(render(outcome))
        }

        func render(_ outcome: ProbeOutcome) -> String {
            let mark = probeProtocol.selectsOnTest ? "*" : ""
            var lines = [
                "run \(outcome.runId): \(outcome.variant)",
                "features: \(outcome.featurePath) (\(outcome.featuresReused ? "reused" : "extracted"))"
                    + (outcome.excluded > 0 ? "; \(outcome.excluded) utterance(s) left out" : ""),
            ]
            if probeProtocol.selectsOnTest {
                lines.append("* validation = test fold: model selection on the test set (comparison only)")
            }
            func percent(_ value: Double) -> String { String(format: "%6.2f", value * 100) }
            lines.append("fold          n  best-epoch  val-WA     WA     UA    WF1")
            for fold in outcome.result.folds {
                let name = fold.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                lines.append("\(name) \(String(format: "%4d", fold.testIndices.count))  "
                             + "\(String(format: "%10d", fold.bestEpoch + 1)) \(percent(fold.bestValidationAccuracy)) "
                             + "\(percent(fold.metrics.wa)) \(percent(fold.metrics.ua)) \(percent(fold.metrics.weightedF1))")
            }
            let r = outcome.result
            func summary(_ s: FoldSummary) -> String {
                percent(s.mean) + (s.standardDeviation.map { " ± " + String(format: "%.2f", $0 * 100) } ?? "")
            }
            lines.append("mean\(mark) over \(r.folds.count) folds: WA \(summary(r.meanWA))  UA \(summary(r.meanUA))  "
                         + "WF1 \(summary(r.meanWeightedF1))")
            return lines.joined(separator: "\n")
        }
    }
}
