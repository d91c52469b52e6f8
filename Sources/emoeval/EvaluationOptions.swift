// Arguments shared by `report` and `compare`; the evaluation itself is EmoEvaluation's StoredEvaluation.
import ArgumentParser
import EmoEvaluation
import EmoMetrics
import EmoTypes

/// Options shared by `report` and `compare`.
struct EvaluationOptions: ParsableArguments {
    @Argument(help: "Recipe file (YAML), e.g. Recipes/demo.yaml.")
    var recipe: String

    @Option(help: "Result database (default: the one `emoeval run` uses for this recipe).")
    var db: String?

    @Option(name: .customLong("run"), help: "Run id to include (repeatable; default: every run of the recipe).")
    var runs: [Int64] = []

    @Option(help: "Decoding policy for every run, overriding the recipe's per-family policy.")
    var policy: LabelPolicy?

    @Option(help: "Bootstrap resamples for the confidence intervals.")
    var resamples: Int = 1000

    @Option(help: "Bootstrap seed (same seed, same intervals).")
    var seed: UInt64 = BootstrapSettings().seed

    func validate() throws {
        guard resamples >= 1 else { throw ValidationError("--resamples must be at least 1") }
    }

    var bootstrap: BootstrapSettings { BootstrapSettings(resamples: resamples, seed: seed) }

    /// Reads the recipe and evaluates its selected runs from the database.
    func evaluate() throws -> StoredEvaluation {
        try StoredEvaluation(recipePath: recipe, databasePath: db,
                             selection: EvaluationSelection(runs: runs, policy: policy, bootstrap: bootstrap))
    }
}

extension LabelPolicy: ExpressibleByArgument {}
