// `emoeval merge OUT IN...`: combine shard databases into one and say what is still missing.
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

            Afterwards every merged run is checked against its corpus (each shard database stores the \
            recipe's full utterance list): utterances with neither a prediction nor a failure in any input \
            (e.g. of a failed array task) are listed, by shard when the inputs are shards. Exit status \
            \(ExitStatus.itemFailures.rawValue) when any are missing, unless --partial.
            """)

        @Argument(help: "Output database (created if missing; may already hold runs).")
        var output: String

        @Argument(help: "Input databases.")
        var inputs: [String]

        @Flag(help: "Exit 0 even when some utterances of a merged run are in no input (they are still listed).")
        var partial = false

        /// Missing keys printed per shard (or run) before "... and N more".
        static let shownKeys = 10

        func validate() throws {
            guard !inputs.isEmpty else { throw ValidationError("give at least one input database") }
        }

        func run() throws {
            for input in inputs where !FileManager.default.fileExists(atPath: input) {
                throw RunnerError.missingDatabase(path: input)
            }
            // Every input is opened (read-only) and checked before OUT is created, so a bad input leaves no
            // empty OUT behind.
            let sources = try inputs.map { try EvalStore(path: $0, readOnly: true) }
            let store = try EvalStore(path: output)
            var identities = Set<String>()
            for (input, source) in zip(inputs, sources) {
                identities.formUnion(try source.runOverviews().map(\.run.identity))
                let summary = try store.merge(from: source, sourceName: input)
                print("\(input): \(summary.runs) run\(summary.runs == 1 ? "" : "s") (\(summary.newRuns) new), "
                      + "\(summary.predictions) predictions, \(summary.failures) failures added")
            }
            var missing = 0
            for check in try RunCompleteness.check(store, identities: identities) {
                let o = check.overview
                let head = "run \(o.run.id) \(o.model.variant) on \(o.corpus.name): "
                    + "\(o.predicted + o.failed)/\(o.utteranceCount) utterances (\(o.predicted) predicted, \(o.failed) failed)"
                if check.isComplete {
                    print("complete: \(head)")
                    continue
                }
                missing += check.missing.count
                print("INCOMPLETE: \(head); \(check.missing.count) in no input:")
                if let n = check.shardCount, !check.missingByShard.isEmpty {
                    for (k, keys) in check.missingByShard.sorted(by: { $0.key < $1.key }) {
                        print("  shard \(k)/\(n): \(keys.count) missing: \(Self.list(keys))")
                    }
                } else {
                    print("  \(Self.list(check.missing))")
                }
            }
            guard missing > 0 else { return }
            let message = """
                merge: \(missing) utterance\(missing == 1 ? " is" : "s are") in no input; re-run the shards listed \
                (a re-run resumes its shard database), then merge again\(partial ? "" : "; --partial accepts a partial merge")\n
                """
            FileHandle.standardError.write(Data(message.utf8))
            if !partial { throw ExitStatus.itemFailures.code }
        }

        static func list(_ keys: [String]) -> String {
            let shown = keys.prefix(shownKeys).joined(separator: ", ")
            return keys.count > shownKeys ? "\(shown), ... and \(keys.count - shownKeys) more" : shown
        }
    }
}
