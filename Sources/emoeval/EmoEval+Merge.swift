// `emoeval merge OUT IN...`: combine shard databases into one.
import ArgumentParser
import EmoRunner
import EmoStore
import Foundation

extension EmoEval {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge result databases (e.g. the shards of a job array) into one.",
            discussion: """
            Runs are matched by identity (corpus audio set, checkpoint sha256, options), so the shards of \
            one run become one run again; identical results are merged once. Each input is merged in one \
            transaction: an input that holds different scores for a run and utterance already in OUT (or \
            different labels for an utterance) is refused and leaves OUT unchanged by it; exit status 1.
            """)

        @Argument(help: "Output database (created if missing; may already hold runs).")
        var output: String

        @Argument(help: "Input databases.")
        var inputs: [String]

        func validate() throws {
            guard !inputs.isEmpty else { throw ValidationError("give at least one input database") }
        }

        func run() throws {
            for input in inputs where !FileManager.default.fileExists(atPath: input) {
                throw RunnerError.missingDatabase(path: input)
            }
            let store = try EvalStore(path: output)
            for input in inputs {
                let summary = try store.merge(from: try EvalStore(path: input), sourceName: input)
                print("\(input): \(summary.runs) run\(summary.runs == 1 ? "" : "s") (\(summary.newRuns) new), "
                      + "\(summary.predictions) predictions, \(summary.failures) failures added")
            }
        }
    }
}
